package httpserver

import (
	"net/http"
	"net/url"
	"strings"

	"gonghui"
	"gonghui/internal/i18n"
	"gonghui/internal/importer"
	"gonghui/internal/store"
)

// workerHomesModule is the worker-home register (职工之家, 职工小家,
// 公共区域职工之家, 暖心驿站, 心灵驿站): the service network's places and
// the unions that host them.
var workerHomesModule = module{
	name: "workerhomes",
	nav: []navEntry{{label: "nav.workerhomes", href: "/workerhomes", group: "nav.group.service"},
		{label: "station.nearest", href: "/stations/nearest", group: "nav.group.service"},
		{label: "station.map", href: "/stations/map", group: "nav.group.service"}},
	routes: func(s *Server, r *router) {
		r.ui("GET /workerhomes", s.workerHomeList)
		r.ui("GET /workerhomes.csv", s.workerHomeExport)
		r.ui("GET /workerhomes.xlsx", s.workerHomeExport)
		r.form("GET /workerhomes/new", gonghui.PermEditOrgs, s.workerHomeNewForm)
		r.ui("POST /workerhomes/new", s.workerHomeCreate)
		r.ui("GET /workerhomes/{id}", s.workerHomeShow)
		r.form("GET /workerhomes/{id}/edit", gonghui.PermEditOrgs, s.workerHomeEditForm)
		r.ui("POST /workerhomes/{id}/edit", s.workerHomeUpdate)

		r.json("GET /api/v1/workerhomes", s.apiWorkerHomeList)
		r.json("POST /api/v1/workerhomes", s.apiWorkerHomeCreate)
		r.json("GET /api/v1/workerhomes/{id}", s.apiWorkerHomeGet)
		r.json("PATCH /api/v1/workerhomes/{id}", s.apiWorkerHomePatch)

		r.ui("GET /workerhomes/{id}/door", s.stationDoorSign)
		r.ui("POST /workerhomes/{id}/inspections", s.stationInspect)
		r.json("GET /api/v1/workerhomes/{id}/inspections", s.apiStationInspections)
		r.json("POST /api/v1/workerhomes/{id}/inspections", s.apiStationInspect)
		r.ui("GET /stations/code/{code}", s.stationByCode)
		r.ui("GET /stations/nearest", s.stationsNearest)
		r.ui("GET /stations/map", s.stationsMap)
		r.ui("GET /stations/map.json", s.stationsMapPoints)
		r.json("GET /api/v1/stations/nearest", s.apiStationsNearest)
		r.ui("POST /station-reports/{id}/resolve", s.stationReportResolve)
		r.portalPage("GET /portal/stations", s.portalNearest)
		r.portalJSON("GET /api/v1/portal/stations/nearest", s.apiPortalNearest)
		r.portalPage("GET /portal/stations/{code}", s.portalStation)
		r.portalPage("POST /portal/stations/{code}/checkin", s.portalStationAct(s.portalCheckIn))
		r.portalPage("POST /portal/stations/{code}/report", s.portalStationAct(s.portalReportStation))
		r.portalPage("POST /portal/stations/{code}/rating", s.portalStationAct(s.portalRateStation))
		r.portalJSON("POST /api/v1/portal/stations/{code}/checkin", s.apiPortalCheckIn)
		s.stationPhotoRoutes(r)
		r.json("GET /api/v1/workerhomes/{id}/use", s.apiStationUse)
		r.json("GET /api/v1/workerhomes/{id}/reports", s.apiStationReports)
		r.json("POST /api/v1/station-reports/{id}/resolve", s.apiStationReportResolve)
	},
	choices: map[string][]gonghui.Choice{"workerhome_kind": gonghui.WorkerHomeKinds, "station_status": gonghui.StationStatuses,
		"station_report_kind": gonghui.StationReportKinds,
		"station_service":     gonghui.StationServices},
	apiTypes: map[string]any{
		"WorkerHome": gonghui.WorkerHome{}, "WorkerHomeInput": gonghui.WorkerHomeInput{}, "GeoPoint": gonghui.GeoPoint{},
		"NearStation": gonghui.NearStation{}, "StationInspection": gonghui.StationInspection{},
		"StationInspectionInput": gonghui.StationInspectionInput{}, "StationUse": gonghui.StationUse{}, "StationReport": gonghui.StationReport{},
	},
	inbox: stationsInbox,
}

func workerHomeFilter(q url.Values, orgParam string) gonghui.WorkerHomeFilter {
	return gonghui.WorkerHomeFilter{OrgID: atoi64(q.Get(orgParam)), Kind: q.Get("kind"), Query: q.Get("q"), Status: q.Get("status"), Service: q.Get("service"),
		Closed: q.Get("closed") == "1" || q.Get("closed") == "true", RegionCode: strings.TrimSpace(q.Get("region")),
		IDs: idsParam(q), Sort: q.Get("sort"), Page: pageParams(q, 50), InspectionDue: inspectionDueParam(q), Flagged: q.Get("flagged") == "1"}
}

// inspectionDueParam: due=1 keeps the stations due for inspection today.
func inspectionDueParam(q url.Values) gonghui.Date {
	if q.Get("due") == "1" || q.Get("due") == "true" {
		return gonghui.Today()
	}
	return gonghui.Date{}
}

func (s *Server) workerHomeList(w http.ResponseWriter, r *http.Request) error {
	a := actorFrom(r)
	q := r.URL.Query()
	lang := i18n.FromRequest(r)
	f := workerHomeFilter(q, "org")
	errs, err := s.listUnion(r, a, q, &f.OrgID, lang)
	if err != nil {
		return err
	}
	homes, total, err := s.store.ListWorkerHomes(r.Context(), a, f)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "workerhomes/list", page{Title: i18n.T(lang, "nav.workerhomes"), Form: q, Errors: errs,
		Data: struct {
			listKit
			Homes []gonghui.WorkerHome
		}{newListKit(r, f.Page, total), homes}})
	return nil
}

func (s *Server) workerHomeShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	h, err := s.store.GetWorkerHome(r.Context(), actorFrom(r), id)
	if err != nil {
		return err
	}
	inspections, err := s.store.ListStationInspections(r.Context(), actorFrom(r), id)
	if err != nil {
		return err
	}
	use, err := s.store.StationUseOf(r.Context(), actorFrom(r), id)
	if err != nil {
		return err
	}
	reports, err := s.store.StationReports(r.Context(), actorFrom(r), id)
	if err != nil {
		return err
	}
	photos, err := s.store.StationPhotos(r.Context(), actorFrom(r), id)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "workerhomes/show", page{Title: h.Name, Form: url.Values{"inspected_on": {gonghui.Today().String()}},
		Data: struct {
			gonghui.WorkerHome
			Inspections []gonghui.StationInspection
			Use         gonghui.StationUse
			Reports     []gonghui.StationReport
			Photos      []gonghui.Document
			MaxPhotos   int
		}{h, inspections, use, reports, photos, store.MaxStationPhotos}})
	return nil
}

func (s *Server) workerHomeNewForm(w http.ResponseWriter, r *http.Request) error {
	form := url.Values{"org_code": {r.URL.Query().Get("org_code")}, "kind": {gonghui.WorkerHomeUnion}, "status": {gonghui.StationOpen}}
	s.render(w, r, http.StatusOK, "workerhomes/form", page{Title: i18n.T(i18n.FromRequest(r), "workerhome.new"), Form: form, Data: gonghui.WorkerHome{}})
	return nil
}

func (s *Server) workerHomeEditForm(w http.ResponseWriter, r *http.Request) error {
	a := actorFrom(r)
	id, err := pathID(r)
	if err != nil {
		return err
	}
	h, err := s.store.GetWorkerHome(r.Context(), a, id)
	if err != nil {
		return err
	}
	o, err := s.store.GetOrg(r.Context(), a, h.OrgID)
	if err != nil {
		return err
	}
	form := url.Values{"code": {h.Code}, "name": {h.Name}, "kind": {h.Kind}, "status": {h.Status}, "org_code": {o.Code}, "partner": {h.Partner},
		"contact_name": {h.ContactName}, "contact_phone": {h.ContactPhone}, "services": h.Services, "address": {h.Address},
		"region_code": {h.RegionCode}, "opening_hours": {h.OpeningHours}, "opened_on": {h.OpenedOn.String()}, "closed_on": {h.ClosedOn.String()},
		"version": {itoa(h.Version)}}
	if p := h.Location; p != nil {
		lat, lng := p.Micro()
		form.Set("lat", gonghui.FormatFixed(lat, 6))
		form.Set("lng", gonghui.FormatFixed(lng, 6))
	}
	s.render(w, r, http.StatusOK, "workerhomes/form", page{Title: h.Name, Form: form, Data: h})
	return nil
}

func (s *Server) workerHomeCreate(w http.ResponseWriter, r *http.Request) error {
	return s.workerHomeSave(w, r, 0)
}

func (s *Server) workerHomeUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	return s.workerHomeSave(w, r, id)
}

// workerHomeSave creates (id 0) or updates a worker home from the form.
func (s *Server) workerHomeSave(w http.ResponseWriter, r *http.Request, id int64) error {
	a := actorFrom(r)
	lang := i18n.FromRequest(r)
	if err := parseForm(w, r); err != nil {
		return err
	}
	in, errs := s.workerHomeFromForm(r, a, r.PostForm, lang)
	var h gonghui.WorkerHome
	var err error
	switch {
	case len(errs) > 0: // still run the store's checks, so every bad field shows at once
		err = s.store.ValidateWorkerHome(r.Context(), a, in)
	case id == 0:
		h, err = s.store.CreateWorkerHome(r.Context(), a, in)
	default:
		h, err = s.store.UpdateWorkerHome(r.Context(), a, id, in)
	}
	if errs = mergeErrors(errs, err, lang); errs != nil {
		// The form has one field for the position.
		for _, f := range []string{"location.lat", "location.lng"} {
			if m, ok := errs[f]; ok {
				errs[strings.TrimPrefix(f, "location.")] = m
			}
		}
		s.renderForm(w, r, "workerhomes/form", page{Title: i18n.T(lang, "workerhome.new"), Form: r.PostForm, Errors: errs, Data: gonghui.WorkerHome{ID: id}})
		return nil
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/workerhomes/"+itoa(h.ID), http.StatusSeeOther)
	return nil
}

// workerHomeFromForm reads the form; the host union is typed as its code,
// resolved in the caller's scope.
func (s *Server) workerHomeFromForm(r *http.Request, a gonghui.Actor, f url.Values, lang string) (gonghui.WorkerHomeInput, map[string]string) {
	in := gonghui.WorkerHomeInput{Code: f.Get("code"), Name: f.Get("name"), Kind: f.Get("kind"), Status: f.Get("status"),
		Partner: f.Get("partner"), ContactName: f.Get("contact_name"), ContactPhone: f.Get("contact_phone"), Services: f["services"],
		Address: f.Get("address"), RegionCode: f.Get("region_code"), OpeningHours: f.Get("opening_hours"), Version: atoi64(f.Get("version"))}
	errs := map[string]string{}
	bad := func(field, zh, en string) { errs[field] = gonghui.Message{Zh: zh, En: en}.In(lang) }
	for field, dst := range map[string]*gonghui.Date{"opened_on": &in.OpenedOn, "closed_on": &in.ClosedOn} {
		d, err := gonghui.ParseDate(f.Get(field))
		if err != nil {
			bad(field, "日期格式应为 YYYY-MM-DD", "date must be YYYY-MM-DD")
		}
		*dst = d
	}
	lat, lng := strings.TrimSpace(f.Get("lat")), strings.TrimSpace(f.Get("lng"))
	if lat != "" || lng != "" {
		la, lerr := gonghui.ParseFixed(lat, 6)
		lo, gerr := gonghui.ParseFixed(lng, 6)
		switch {
		case lat == "" || lerr != nil:
			bad("lat", "请填写纬度（小数度数，WGS-84）", "enter the latitude (decimal degrees, WGS-84)")
		case lng == "" || gerr != nil:
			bad("lng", "请填写经度（小数度数，WGS-84）", "enter the longitude (decimal degrees, WGS-84)")
		default:
			p := gonghui.GeoPointFromMicro(la, lo)
			in.Location = &p
		}
	}
	if code := strings.TrimSpace(f.Get("org_code")); code != "" {
		o, err := s.orgByCodeField(r, a, code, "org_code")
		for k, v := range fieldErrors(err, lang) {
			errs[k] = v
		}
		in.OrgID = o.ID
	} else {
		bad("org_code", "请填写所属工会代码", "enter the code of the host union")
	}
	return in, errs
}

func (s *Server) apiWorkerHomeList(r *http.Request) (int, any, error) {
	f := workerHomeFilter(r.URL.Query(), "org_id")
	homes, total, err := s.store.ListWorkerHomes(r.Context(), actorFrom(r), f)
	return http.StatusOK, newList(homes, total, f.Page), err
}

func (s *Server) apiWorkerHomeGet(r *http.Request) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	h, err := s.store.GetWorkerHome(r.Context(), actorFrom(r), id)
	return http.StatusOK, h, err
}

func (s *Server) apiWorkerHomeCreate(r *http.Request) (int, any, error) {
	var in gonghui.WorkerHomeInput
	if err := decodeJSON(r, &in); err != nil {
		return 0, nil, err
	}
	h, err := s.store.CreateWorkerHome(r.Context(), actorFrom(r), in)
	return http.StatusCreated, h, err
}

func (s *Server) apiWorkerHomePatch(r *http.Request) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	a := actorFrom(r)
	cur, err := s.store.GetWorkerHome(r.Context(), a, id)
	if err != nil {
		return 0, nil, err
	}
	in, _, err := decodePatch(r, gonghui.PermEditOrgs, cur.ToInput())
	if err != nil {
		return 0, nil, err
	}
	h, err := s.store.UpdateWorkerHome(r.Context(), a, id, in)
	return http.StatusOK, h, err
}

// workerHomeExport writes the homes of the list in the worker-home
// template's columns.
func (s *Server) workerHomeExport(w http.ResponseWriter, r *http.Request) error {
	a := actorFrom(r)
	codes := s.codeBook(r)
	f := workerHomeFilter(r.URL.Query(), "org")
	if err := s.unionFilter(r, a, r.URL.Query(), &f.OrgID); err != nil {
		return err
	}
	return s.exportSheet(w, r, importer.WorkerHomes, "/workerhomes", func(p gonghui.Page) (sheetRows, error) {
		f.Page = p
		homes, _, err := s.store.ListWorkerHomes(r.Context(), a, f)
		out := sheetRows{more: len(homes) == p.Limit}
		for _, h := range homes {
			org, cerr := codes.org(h.OrgID)
			if cerr != nil {
				return out, cerr
			}
			lat, lng := "", ""
			if h.Location != nil {
				la, lo := h.Location.Micro()
				lat, lng = gonghui.FormatFixed(la, 6), gonghui.FormatFixed(lo, 6)
			}
			// The contact phone is a person's: the export leaves it out,
			// and a re-import keeps the one stored.
			out.rows = append(out.rows, []string{h.Name, gonghui.ChoiceName(gonghui.WorkerHomeKinds, h.Kind).Zh, org, h.Address,
				h.RegionCode, h.OpeningHours, lat, lng, h.OpenedOn.String(), h.ClosedOn.String(), h.Code,
				gonghui.ChoiceName(gonghui.StationStatuses, h.Status).Zh, h.Partner, h.ContactName, "", serviceNames(h.Services)})
		}
		return out, err
	})
}

// serviceNames are the services' Chinese names, as the import reads them.
func serviceNames(keys []string) string {
	names := make([]string, len(keys))
	for i, k := range keys {
		names[i] = gonghui.ChoiceName(gonghui.StationServices, k).Zh
	}
	return strings.Join(names, "、")
}
