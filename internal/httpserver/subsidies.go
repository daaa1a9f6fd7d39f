package httpserver

import (
	"net/http"
	"net/url"
	"strconv"

	"gonghui"
	"gonghui/internal/export"
	"gonghui/internal/i18n"
	"gonghui/internal/store"
)

// subsidiesModule is the qualification subsidy's own records beside the
// programme core: certificates and contest results (reached from a
// member's page), the public notice of a period and the lotteries.
var subsidiesModule = module{
	name: "subsidies",
	routes: func(s *Server, r *router) {
		r.ui("GET /certificates", s.certificateList)
		r.ui("POST /certificates", s.certificateCreate)
		r.ui("POST /contest-results", s.contestResultCreate)
		r.ui("GET /programmes/{id}/notice", s.noticeShow)
		r.ui("GET /programmes/{id}/notice.csv", s.noticeExport)
		r.ui("GET /programmes/{id}/notice.xlsx", s.noticeExport)
		r.ui("GET /programmes/{id}/lotteries", s.lotteryList)
		r.ui("POST /programmes/{id}/lotteries", s.lotteryRun)
		r.ui("GET /lotteries/{id}", s.lotteryShow)
		r.ui("GET /lotteries/{id}/draws.csv", s.lotteryExport)
		r.ui("GET /lotteries/{id}/draws.xlsx", s.lotteryExport)

		r.json("GET /api/v1/certificates", s.apiCertificateList)
		r.json("POST /api/v1/certificates", s.apiCertificateCreate)
		r.json("GET /api/v1/certificates/{id}", s.apiCertificateGet)
		r.json("PATCH /api/v1/certificates/{id}", s.apiCertificatePatch)
		r.json("POST /api/v1/contest-results", s.apiContestResultCreate)
		r.json("GET /api/v1/programmes/{id}/notice", s.apiNotice)
		r.json("GET /api/v1/programmes/{id}/lotteries", s.apiLotteryList)
		r.json("POST /api/v1/lotteries", s.apiLotteryRun)
		r.json("GET /api/v1/lotteries/{id}", s.apiLotteryGet)
	},
	choices: map[string][]gonghui.Choice{"certificate_level": gonghui.CertificateLevels},
	apiTypes: map[string]any{
		"Certificate": gonghui.Certificate{}, "CertificateInput": gonghui.CertificateInput{}, "ContestResult": gonghui.ContestResult{},
		"ContestResultInput": gonghui.ContestResultInput{}, "Qualification": gonghui.Qualification{}, "QualificationFacts": gonghui.QualificationFacts{},
		"Lottery": gonghui.Lottery{}, "LotteryInput": gonghui.LotteryInput{}, "LotteryCandidate": gonghui.LotteryCandidate{},
		"LotteryDraw": gonghui.LotteryDraw{}, "NoticeEntry": gonghui.NoticeEntry{},
	},
}

func certificateFilterOf(q url.Values) store.CertificateFilter {
	return store.CertificateFilter{PersonID: atoi64(q.Get("person_id")), Page: pageParams(q, 50)}
}

func (s *Server) apiCertificateList(r *http.Request) (int, any, error) {
	f := certificateFilterOf(r.URL.Query())
	cs, total, err := s.store.ListCertificates(r.Context(), actorFrom(r), f)
	return http.StatusOK, newList(cs, total, f.Page), err
}

func (s *Server) apiCertificateGet(r *http.Request) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	c, err := s.store.GetCertificate(r.Context(), actorFrom(r), id)
	return http.StatusOK, c, err
}

func (s *Server) apiCertificateCreate(r *http.Request) (int, any, error) {
	var in gonghui.CertificateInput
	if err := decodeJSON(r, &in); err != nil {
		return 0, nil, err
	}
	c, err := s.store.SaveCertificate(r.Context(), actorFrom(r), 0, in)
	return http.StatusCreated, c, err
}

func (s *Server) apiCertificatePatch(r *http.Request) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	a := actorFrom(r)
	cur, err := s.store.GetCertificate(r.Context(), a, id)
	if err != nil {
		return 0, nil, err
	}
	in, _, err := decodePatch(r, gonghui.PermEditMembers, cur.ToInput())
	if err != nil {
		return 0, nil, err
	}
	c, err := s.store.SaveCertificate(r.Context(), a, id, in)
	return http.StatusOK, c, err
}

func (s *Server) apiContestResultCreate(r *http.Request) (int, any, error) {
	var in gonghui.ContestResultInput
	if err := decodeJSON(r, &in); err != nil {
		return 0, nil, err
	}
	c, err := s.store.SaveContestResult(r.Context(), actorFrom(r), in)
	return http.StatusCreated, c, err
}

func (s *Server) apiNotice(r *http.Request) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	ns, err := s.store.NoticeList(r.Context(), actorFrom(r), id, noticePeriod(r.URL.Query()))
	return http.StatusOK, ns, err
}

// noticePeriod is the period asked for, this year by default.
func noticePeriod(q url.Values) string {
	if p := q.Get("period"); p != "" {
		return p
	}
	y, _, _ := gonghui.Today().Parts()
	return strconv.Itoa(y)
}

func (s *Server) apiLotteryList(r *http.Request) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	ls, err := s.store.ListLotteries(r.Context(), actorFrom(r), id)
	return http.StatusOK, ls, err
}

func (s *Server) apiLotteryRun(r *http.Request) (int, any, error) {
	var in gonghui.LotteryInput
	if err := decodeJSON(r, &in); err != nil {
		return 0, nil, err
	}
	l, err := s.store.RunLottery(r.Context(), actorFrom(r), in)
	return http.StatusCreated, l, err
}

func (s *Server) apiLotteryGet(r *http.Request) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	l, err := s.store.GetLottery(r.Context(), actorFrom(r), id)
	return http.StatusOK, l, err
}

// certificateList is a person's certificates and contest results, with
// the forms that record more.
func (s *Server) certificateList(w http.ResponseWriter, r *http.Request) error {
	a := actorFrom(r)
	q := r.URL.Query()
	f := certificateFilterOf(q)
	cs, total, err := s.store.ListCertificates(r.Context(), a, f)
	if err != nil {
		return err
	}
	var rs []gonghui.ContestResult
	if f.PersonID != 0 {
		if rs, err = s.store.ContestResults(r.Context(), a, f.PersonID); err != nil {
			return err
		}
	}
	s.render(w, r, http.StatusOK, "subsidies/certificates", page{Title: i18n.T(i18n.FromRequest(r), "certificates.title"), Form: q,
		Data: struct {
			listKit
			PersonID     int64
			Certificates []gonghui.Certificate
			Results      []gonghui.ContestResult
			Today        gonghui.Date
		}{newListKit(r, f.Page, total), f.PersonID, cs, rs, gonghui.Today()}})
	return nil
}

func (s *Server) certificateCreate(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	in := gonghui.CertificateInput{PersonID: atoi64(f.Get("person_id")), OrgID: atoi64(f.Get("org_id")), Number: f.Get("number"),
		Occupation: f.Get("occupation"), Level: f.Get("level"), Issuer: f.Get("issuer")}
	in.IssuedOn, _ = gonghui.ParseDate(f.Get("issued_on"))
	_, err := s.store.SaveCertificate(r.Context(), actorFrom(r), 0, in)
	return s.returnTo(w, r, "/certificates?person_id="+itoa(in.PersonID), err)
}

func (s *Server) contestResultCreate(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	in := gonghui.ContestResultInput{PersonID: atoi64(f.Get("person_id")), OrgID: atoi64(f.Get("org_id")), Event: f.Get("event"), Rank: int(atoi64(f.Get("rank")))}
	in.HeldOn, _ = gonghui.ParseDate(f.Get("held_on"))
	_, err := s.store.SaveContestResult(r.Context(), actorFrom(r), in)
	return s.returnTo(w, r, "/certificates?person_id="+itoa(in.PersonID), err)
}

// noticeShow is the public notice (公示) of a programme's period.
func (s *Server) noticeShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	a := actorFrom(r)
	p, err := s.store.GetProgramme(r.Context(), a, id)
	if err != nil {
		return err
	}
	period := noticePeriod(r.URL.Query())
	ns, err := s.store.NoticeList(r.Context(), a, id, period)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "subsidies/notice", page{Title: p.Name + " · " + i18n.T(i18n.FromRequest(r), "notice.title"), Form: url.Values{"period": {period}},
		Data: struct {
			Programme gonghui.Programme
			Period    string
			Entries   []gonghui.NoticeEntry
		}{p, period, ns}})
	return nil
}

func (s *Server) lotteryList(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	a := actorFrom(r)
	p, err := s.store.GetProgramme(r.Context(), a, id)
	if err != nil {
		return err
	}
	ls, err := s.store.ListLotteries(r.Context(), a, id)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "subsidies/lotteries", page{Title: p.Name + " · " + i18n.T(i18n.FromRequest(r), "lottery.title"),
		Data: struct {
			Programme gonghui.Programme
			Period    string
			Lotteries []gonghui.Lottery
		}{p, noticePeriod(r.URL.Query()), ls}})
	return nil
}

func (s *Server) lotteryRun(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	l, err := s.store.RunLottery(r.Context(), actorFrom(r), gonghui.LotteryInput{ProgrammeID: id, Period: r.PostForm.Get("period"), Seed: r.PostForm.Get("seed")})
	if err != nil {
		return s.returnTo(w, r, "/programmes/"+itoa(id)+"/lotteries", err)
	}
	return s.returnTo(w, r, "/lotteries/"+itoa(l.ID), nil)
}

func (s *Server) lotteryShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	l, err := s.store.GetLottery(r.Context(), actorFrom(r), id)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "subsidies/lottery", page{Title: l.ProgrammeName + " · " + i18n.T(i18n.FromRequest(r), "lottery.title"), Data: l})
	return nil
}

// wholeSheet exports a list read whole (a notice, a draw: bounded by a
// programme's period) through the audited export; it lists people, so
// it needs the right to export them.
func (s *Server) wholeSheet(w http.ResponseWriter, r *http.Request, kind namedSheet, back string, rows func() ([][]string, error)) error {
	if !actorFrom(r).Can(gonghui.PermExportMembers) {
		return gonghui.ErrForbidden
	}
	return s.exportSheet(w, r, kind, back, func(p gonghui.Page) (sheetRows, error) {
		if p.Offset > 0 {
			return sheetRows{}, nil
		}
		list, err := rows()
		return sheetRows{rows: list}, err
	})
}

// noticeExport is a period's public notice as CSV or XLSX.
func (s *Server) noticeExport(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	period := noticePeriod(r.URL.Query())
	back := "/programmes/" + itoa(id) + "/notice?period=" + url.QueryEscape(period)
	return s.wholeSheet(w, r, namedSheet{export.NoticeName, export.NoticeHeader}, back, func() ([][]string, error) {
		ns, err := s.store.NoticeList(r.Context(), actorFrom(r), id, period)
		out := make([][]string, 0, len(ns))
		for _, e := range ns {
			out = append(out, export.NoticeRow(e))
		}
		return out, err
	})
}

// lotteryExport is a draw as CSV or XLSX, its seed on every row.
func (s *Server) lotteryExport(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	return s.wholeSheet(w, r, namedSheet{export.LotteryName, export.LotteryHeader}, "/lotteries/"+itoa(id), func() ([][]string, error) {
		l, err := s.store.GetLottery(r.Context(), actorFrom(r), id)
		return export.LotteryRows(l), err
	})
}
