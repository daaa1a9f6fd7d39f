package httpserver

import (
	"net/http"
	"strconv"
	"strings"

	"gonghui"
	"gonghui/internal/export"
	"gonghui/internal/importer"
	"gonghui/internal/store"
)

// democracyModule is democratic management (民主管理): collective
// contracts, workers' congresses, affairs disclosure, employee directors
// and supervisors, the establishment rates and the bargaining topics.
var democracyModule = module{
	name:  "democracy",
	inbox: contractsInbox,
	nav: []navEntry{
		{label: "nav.democracy_overview", href: "/democracy", group: "nav.group.democracy"},
		{label: "nav.contracts", href: "/contracts", group: "nav.group.democracy"},
		{label: "nav.congresses", href: "/congresses", group: "nav.group.democracy"},
		{label: "nav.disclosures", href: "/disclosures", group: "nav.group.democracy"},
		{label: "nav.directors", href: "/directors", group: "nav.group.democracy"},
	},
	routes: func(s *Server, r *router) {
		r.ui("GET /democracy", s.democracy)
		r.ui("GET /democracy/rates/{key}", s.rateUnits)
		r.ui("GET /democracy/rates/{key}/edit", s.rateEditForm)
		r.ui("POST /democracy/rates/{key}/edit", s.rateSave)
		r.ui("GET /democracy/topics", s.topicsForm)
		r.ui("POST /democracy/topics", s.topicsSave)
		r.ui("GET /contracts", s.contractList)
		r.ui("GET /contracts.csv", s.contractExport)
		r.ui("GET /contracts.xlsx", s.contractExport)
		r.ui("POST /contracts/batch", s.contractBatch)
		r.form("GET /contracts/new", gonghui.PermEditDemocracy, s.contractNewForm)
		r.ui("POST /contracts/new", s.contractCreate)
		r.ui("GET /contracts/{id}", s.contractShow)
		r.form("GET /contracts/{id}/edit", gonghui.PermEditDemocracy, s.contractEditForm)
		r.ui("POST /contracts/{id}/edit", s.contractUpdate)
		r.ui("POST /contracts/{id}/step", s.contractStep)
		r.ui("GET /congresses", s.congressList)
		r.ui("GET /congresses.csv", s.congressExport)
		r.ui("GET /congresses.xlsx", s.congressExport)
		r.ui("GET /congresses/new", s.congressNewForm)
		r.ui("POST /congresses/new", s.congressCreate)
		r.ui("GET /congresses/{id}", s.congressShow)
		r.ui("GET /congresses/{id}/edit", s.congressEditForm)
		r.ui("POST /congresses/{id}/edit", s.congressUpdate)
		r.ui("POST /congresses/{id}/sittings", s.congressSitting)
		r.ui("POST /congresses/{id}/dissolve", s.congressDissolve)
		r.ui("GET /disclosures", s.disclosureList)
		r.ui("GET /disclosures.csv", s.disclosureExport)
		r.ui("GET /disclosures.xlsx", s.disclosureExport)
		r.ui("POST /disclosures/new", s.disclosureCreate)
		r.ui("GET /disclosures/{id}", s.disclosureShow)
		r.ui("POST /disclosures/{id}/records", s.disclosureRecord)
		r.ui("POST /disclosures/{id}/end", s.disclosureEnd)
		r.ui("GET /directors", s.directorList)
		r.ui("GET /directors.csv", s.directorExport)
		r.ui("GET /directors.xlsx", s.directorExport)
		r.ui("POST /directors/new", s.directorCreate)
		r.ui("POST /directors/{id}/end", s.directorEndAction)

		r.json("GET /api/v1/contracts", s.apiContractList)
		r.json("POST /api/v1/contracts", s.apiContractCreate)
		r.json("GET /api/v1/contracts/{id}", s.apiContractGet)
		r.json("PATCH /api/v1/contracts/{id}", s.apiContractPatch)
		r.json("POST /api/v1/contracts/{id}/steps", s.apiContractStep)
		r.json("GET /api/v1/congresses", s.apiCongressList)
		r.json("POST /api/v1/congresses", s.apiCongressCreate)
		r.json("GET /api/v1/congresses/{id}", s.apiCongressGet)
		r.json("PATCH /api/v1/congresses/{id}", s.apiCongressPatch)
		r.json("GET /api/v1/congresses/{id}/sittings", s.apiSittingList)
		r.json("POST /api/v1/congresses/{id}/sittings", s.apiSittingCreate)
		r.json("POST /api/v1/congresses/{id}/dissolve", s.apiCongressDissolve)
		r.json("GET /api/v1/disclosures", s.apiDisclosureList)
		r.json("POST /api/v1/disclosures", s.apiDisclosureCreate)
		r.json("GET /api/v1/disclosures/{id}", s.apiDisclosureGet)
		r.json("GET /api/v1/disclosures/{id}/records", s.apiDisclosureRecordList)
		r.json("POST /api/v1/disclosures/{id}/records", s.apiDisclosureRecordCreate)
		r.json("POST /api/v1/disclosures/{id}/end", s.apiDisclosureEnd)
		r.json("GET /api/v1/directors", s.apiDirectorList)
		r.json("POST /api/v1/directors", s.apiDirectorCreate)
		r.json("POST /api/v1/directors/{id}/end", s.apiDirectorEnd)
		r.json("GET /api/v1/rates", s.apiRates)
		r.json("GET /api/v1/rates/{key}/units", s.apiRateUnits)
		r.json("GET /api/v1/reminders", s.apiReminders)
		r.json("GET /api/v1/bargaining-topics", s.apiTopics)
		r.json("PUT /api/v1/bargaining-topics", s.apiTopicsPut)
	},
	choices: map[string][]gonghui.Choice{
		"contract_kind": gonghui.ContractKinds, "contract_level": gonghui.ContractLevels,
		"contract_status": gonghui.ContractStatuses, "must_talk": gonghui.MustTalkTopics,
		"congress_kind": gonghui.CongressKinds, "director_role": gonghui.DirectorRoles,
	},
	apiTypes: map[string]any{
		"Contract": gonghui.Contract{}, "ContractInput": gonghui.ContractInput{}, "ContractStep": gonghui.ContractStep{},
		"Reminder": store.Reminder{}, "BargainingTopics": bargainingTopics{},
		"Congress": gonghui.Congress{}, "CongressInput": gonghui.CongressInput{}, "CongressDissolve": congressDissolve{},
		"Sitting": gonghui.Sitting{}, "SittingInput": gonghui.SittingInput{},
		"Disclosure": gonghui.Disclosure{}, "DisclosureInput": disclosureInput{}, "DisclosureEnd": disclosureEnd{},
		"DisclosureRecord": gonghui.DisclosureRecord{}, "DisclosureRecordInput": disclosureRecordInput{},
		"Director": gonghui.Director{}, "DirectorInput": gonghui.DirectorInput{}, "DirectorEnd": directorEnd{},
	},
}

// contractExport writes the contracts of the list in the contract
// template's columns: covered units by their USCCs, the must-talk topics
// by their names, money in yuan and the adjustment in percent.
func (s *Server) contractExport(w http.ResponseWriter, r *http.Request) error {
	a := actorFrom(r)
	codes := s.codeBook(r)
	f := contractFilter(r.URL.Query())
	if err := s.unionFilter(r, a, r.URL.Query(), &f.OrgID); err != nil {
		return err
	}
	return s.exportSheet(w, r, importer.Contracts, "/contracts", func(p gonghui.Page) (sheetRows, error) {
		f.Page = p
		ks, _, err := s.store.ListContracts(r.Context(), a, f)
		out := sheetRows{more: len(ks) == p.Limit}
		for _, k := range ks {
			org, cerr := codes.org(k.OrgID)
			if cerr != nil {
				return out, cerr
			}
			units, cerr := codes.unitList(k.UnitIDs)
			if cerr != nil {
				return out, cerr
			}
			topics := make([]string, len(k.Topics))
			for i, t := range k.Topics {
				topics[i] = t
				if gonghui.IsChoiceKey(gonghui.MustTalkTopics, t) {
					topics[i] = gonghui.ChoiceName(gonghui.MustTalkTopics, t).Zh
				}
			}
			out.rows = append(out.rows, []string{k.Title, gonghui.ChoiceName(gonghui.ContractKinds, string(k.Kind)).Zh,
				gonghui.ChoiceName(gonghui.ContractLevels, string(k.Level)).Zh, org, units,
				k.TermStart.String(), k.TermEnd.String(), k.SignedOn.String(), k.FiledOn.String(), k.EffectiveOn.String(),
				strconv.Itoa(k.CoveredStaff), strings.Join(topics, "、"), fixedOrEmpty(k.LastYearAvgWage), fixedOrEmpty(int64(k.AdjustmentBP)),
				intOrEmpty(k.WageWorkers)})
		}
		return out, err
	})
}

func fixedOrEmpty(n int64) string {
	if n == 0 {
		return ""
	}
	return gonghui.FormatFixed(n, 2)
}

func intOrEmpty(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

// disclosureExport writes the disclosure systems of the list in the
// disclosure template's columns.
func (s *Server) disclosureExport(w http.ResponseWriter, r *http.Request) error {
	a := actorFrom(r)
	codes := s.codeBook(r)
	f := disclosureFilter(r.URL.Query())
	return s.exportSheet(w, r, importer.Disclosures, "/disclosures", func(p gonghui.Page) (sheetRows, error) {
		f.Page = p
		ds, _, err := s.store.ListDisclosures(r.Context(), a, f)
		out := sheetRows{more: len(ds) == p.Limit}
		for _, d := range ds {
			unit, cerr := codes.unit(d.UnitID)
			if cerr != nil {
				return out, cerr
			}
			out.rows = append(out.rows, []string{unit, d.EstablishedOn.String(), d.EndedOn.String()})
		}
		return out, err
	})
}

// congressExport writes the congresses of the list in the congress
// template's columns, one row per congress: its sittings are kept on its
// page (a row without a sitting leaves them as they are when imported).
func (s *Server) congressExport(w http.ResponseWriter, r *http.Request) error {
	a := actorFrom(r)
	codes := s.codeBook(r)
	f := congressFilter(r.URL.Query())
	if err := s.unionFilter(r, a, r.URL.Query(), &f.OrgID); err != nil {
		return err
	}
	return s.exportSheet(w, r, importer.Congresses, "/congresses", func(p gonghui.Page) (sheetRows, error) {
		f.Page = p
		gs, _, err := s.store.ListCongresses(r.Context(), a, f)
		out := sheetRows{more: len(gs) == p.Limit}
		for _, g := range gs {
			org, cerr := codes.org(g.OrgID)
			if cerr != nil {
				return out, cerr
			}
			units, cerr := codes.unitList(g.UnitIDs)
			if cerr != nil {
				return out, cerr
			}
			out.rows = append(out.rows, []string{g.Name, gonghui.ChoiceName(gonghui.CongressKinds, string(g.Kind)).Zh, org,
				units, g.EstablishedOn.String(), "", "", "", ""})
		}
		return out, err
	})
}

// directorExport writes the directors and supervisors of the list in the
// director template's columns, one term a row.
func (s *Server) directorExport(w http.ResponseWriter, r *http.Request) error {
	a := actorFrom(r)
	codes := s.codeBook(r)
	f := directorFilter(r.URL.Query())
	return s.exportSheet(w, r, importer.Directors, "/directors", func(p gonghui.Page) (sheetRows, error) {
		f.Page = p
		ds, _, err := s.store.ListDirectors(r.Context(), a, f)
		out := sheetRows{more: len(ds) == p.Limit}
		for _, d := range ds {
			unit, cerr := codes.unit(d.UnitID)
			if cerr != nil {
				return out, cerr
			}
			out.rows = append(out.rows, export.DirectorRow(d, unit))
		}
		return out, err
	})
}

// contractsInbox counts the contract deadlines: to file, objection
// periods, expiries.
func contractsInbox(s *Server, r *http.Request, a gonghui.Actor, today gonghui.Date) ([]inboxItem, error) {
	reminders, err := s.store.Reminders(r.Context(), a, today)
	if err != nil {
		return nil, err
	}
	byKind := map[string]int{}
	for _, rm := range reminders {
		byKind[rm.Kind]++
	}
	var items []inboxItem
	for _, k := range []string{"file", "objection", "expiry"} {
		items = append(items, inboxItemOf("inbox.contracts_"+k, byKind[k], "/democracy#reminders")...)
	}
	return items, nil
}
