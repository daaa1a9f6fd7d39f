package httpserver

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"gonghui/internal/i18n"
	"gonghui/internal/store"
)

// How long import error reports (refused rows with their personal data)
// are kept: the city administrator sets it, a sweep in serve deletes what
// is older.

func (s *Server) retentionForm(w http.ResponseWriter, r *http.Request) error {
	ret, err := s.store.ImportErrorRetention(r.Context())
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "imports/retention", page{Title: i18n.T(i18n.FromRequest(r), "import.retention"),
		Form: url.Values{"days": {strconv.Itoa(ret.Days)}}})
	return nil
}

func (s *Server) retentionSave(w http.ResponseWriter, r *http.Request) error {
	lang := i18n.FromRequest(r)
	if err := parseForm(w, r); err != nil {
		return err
	}
	days, err := strconv.Atoi(strings.TrimSpace(r.PostForm.Get("days")))
	if err != nil {
		days = 0 // refused below with the field's reason
	}
	_, err = s.store.SaveImportErrorRetention(r.Context(), actorFrom(r), store.ImportRetention{Days: days})
	if errs := fieldErrors(err, lang); errs != nil {
		s.renderForm(w, r, "imports/retention", page{Title: i18n.T(lang, "import.retention"), Form: r.PostForm, Errors: errs})
		return nil
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/settings/import-retention", http.StatusSeeOther)
	return nil
}

func (s *Server) apiRetention(r *http.Request) (int, any, error) {
	ret, err := s.store.ImportErrorRetention(r.Context())
	return http.StatusOK, ret, err
}

func (s *Server) apiRetentionPut(r *http.Request) (int, any, error) {
	var body store.ImportRetention
	if err := decodeJSON(r, &body); err != nil {
		return 0, nil, err
	}
	ret, err := s.store.SaveImportErrorRetention(r.Context(), actorFrom(r), body)
	return http.StatusOK, ret, err
}
