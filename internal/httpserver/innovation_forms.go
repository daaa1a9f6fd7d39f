package httpserver

import (
	"cmp"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"gonghui"
	"gonghui/internal/i18n"
	"gonghui/internal/store"
)

// recordForm is the UI's form for a record the API keeps by its input
// (achievements, studios, mentor pairs): a new record, or an edit of one
// read again from the store, saved through the same store calls as the
// API. The union is typed as its code on a new record and kept on an edit.
type recordForm[T interface{ ToInput() In }, In any] struct {
	template  string
	titleNew  string
	titleEdit string
	cancel    string
	get       func(*store.Store, context.Context, gonghui.Actor, int64) (T, error)
	create    func(*store.Store, context.Context, gonghui.Actor, In) (T, error)
	update    func(*store.Store, context.Context, gonghui.Actor, int64, In) (T, error)
	shown     func(T) string // where a saved record is shown
	blank     url.Values     // a new record's form
	fields    func(T) url.Values
	read      func(f url.Values, base In, errs map[string]string, lang string) In
	setOrg    func(in *In, orgID int64)
	// lineText numbers an error on a list's line ("form.line" when empty).
	lineText string
}

// formRecord is what a record form's template reads: the record's ID (0
// when new) and where it is cancelled to.
type formRecord struct {
	ID     int64
	Cancel string
}

func (rf recordForm[T, In]) render(s *Server, w http.ResponseWriter, r *http.Request, id int64, form url.Values, errs map[string]string) {
	title := rf.titleNew
	if id != 0 {
		title = rf.titleEdit
	}
	p := page{Title: i18n.T(i18n.FromRequest(r), title), Form: form, Errors: errs, Data: formRecord{ID: id, Cancel: rf.cancel}}
	if errs != nil {
		s.renderForm(w, r, rf.template, p)
		return
	}
	s.render(w, r, http.StatusOK, rf.template, p)
}

func (rf recordForm[T, In]) newForm(s *Server) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		form := url.Values{"org_code": {r.URL.Query().Get("org_code")}}
		for k, v := range rf.blank {
			form[k] = v
		}
		rf.render(s, w, r, 0, form, nil)
		return nil
	}
}

func (rf recordForm[T, In]) editForm(s *Server) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		x, err := rf.get(s.store, r.Context(), actorFrom(r), id)
		if err != nil {
			return err
		}
		rf.render(s, w, r, id, rf.fields(x), nil)
		return nil
	}
}

// save creates (POST …/new) or updates (POST …/{id}/edit) the record.
func (rf recordForm[T, In]) save(s *Server) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		a, lang := actorFrom(r), i18n.FromRequest(r)
		var id int64
		var base In
		if r.PathValue("id") != "" {
			var err error
			if id, err = pathID(r); err != nil {
				return err
			}
			cur, err := rf.get(s.store, r.Context(), a, id)
			if err != nil {
				return err
			}
			base = cur.ToInput()
		}
		if err := parseForm(w, r); err != nil {
			return err
		}
		f := r.PostForm
		errs := map[string]string{}
		in := rf.read(f, base, errs, lang)
		if id == 0 {
			rf.setOrg(&in, s.formOrg(r, a, f, lang, errs))
		}
		var x T
		var err error
		if len(errs) == 0 {
			if id == 0 {
				x, err = rf.create(s.store, r.Context(), a, in)
			} else {
				x, err = rf.update(s.store, r.Context(), a, id, in)
			}
		}
		if errs = listFormErrors(errs, err, lang, cmp.Or(rf.lineText, "form.line")); errs != nil {
			rf.render(s, w, r, id, f, errs)
			return nil
		}
		if err != nil {
			return err
		}
		http.Redirect(w, r, rf.shown(x), http.StatusSeeOther)
		return nil
	}
}

// listFormErrors adds the store's field errors to the form's: an error on
// a line of a list ("team.2.role") is shown at the list's field with the
// line's number (in the words of the text lineText); the union's ID is
// entered as its code.
func listFormErrors(errs map[string]string, err error, lang, lineText string) map[string]string {
	for k, m := range formErrors(err, lang) {
		field, rest, indexed := strings.Cut(k, ".")
		if indexed {
			if n, err := strconv.Atoi(strings.SplitN(rest, ".", 2)[0]); err == nil {
				m = fmt.Sprintf(i18n.T(lang, lineText), n+1) + m
			}
		}
		if field == "org_id" {
			field = "org_code"
		}
		if _, ok := errs[field]; !ok {
			errs[field] = m
		}
	}
	if len(errs) == 0 {
		return nil
	}
	return errs
}

// personRefOf reads a person typed as their number in the register or
// their citizen ID number (15 or 18 characters).
func personRefOf(typed string) gonghui.PersonRef {
	typed = strings.TrimSpace(typed)
	if n, err := strconv.ParseInt(typed, 10, 64); err == nil && len(typed) < 15 && n > 0 {
		return gonghui.PersonRef{PersonID: n}
	}
	return gonghui.PersonRef{IDNumber: typed}
}

// personText is a reference as its form field shows it.
func personText(id int64) string {
	if id == 0 {
		return ""
	}
	return itoa(id)
}

// formLines are a list field's non-empty lines, each split at its first
// run of spaces (a person or a number, then a code such as a role).
func formLines(text string) [][2]string {
	var out [][2]string
	for line := range strings.Lines(text) {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		head, tail := line, ""
		if i := strings.IndexAny(line, " \t　"); i >= 0 {
			head, tail = line[:i], strings.Trim(line[i:], " \t　")
		}
		out = append(out, [2]string{head, tail})
	}
	return out
}

var achievementForm = recordForm[gonghui.Achievement, gonghui.AchievementInput]{
	template: "innovation/achievement_form", titleNew: "innovation.achievement_new", titleEdit: "innovation.achievement_edit",
	cancel: "/innovation/achievements",
	get:    (*store.Store).GetAchievement, create: (*store.Store).CreateAchievement, update: (*store.Store).UpdateAchievement,
	shown: func(x gonghui.Achievement) string { return "/innovation/achievements/" + itoa(x.ID) },
	blank: url.Values{"kind": {"tech_improvement"}},
	fields: func(x gonghui.Achievement) url.Values {
		var team, patents strings.Builder
		for _, m := range x.Team {
			fmt.Fprintf(&team, "%d %s\n", m.PersonID, m.Role)
		}
		for _, p := range x.Patents {
			fmt.Fprintf(&patents, "%s %s\n", p.Number, p.Kind)
		}
		return url.Values{"title": {x.Title}, "kind": {x.Kind}, "year": {strconv.Itoa(x.Year)}, "unit_name": {x.UnitName},
			"summary": {x.Summary}, "team": {team.String()}, "patents": {patents.String()}, "version": {itoa(x.Version)}}
	},
	read: func(f url.Values, in gonghui.AchievementInput, errs map[string]string, lang string) gonghui.AchievementInput {
		in.Title, in.Kind, in.UnitName, in.Summary = f.Get("title"), f.Get("kind"), f.Get("unit_name"), f.Get("summary")
		in.Year = formYear(f, "year", errs, lang)
		in.Version = atoi64(f.Get("version"))
		in.Team, in.Patents = nil, nil
		for _, l := range formLines(f.Get("team")) {
			ref := personRefOf(l[0])
			in.Team = append(in.Team, gonghui.TeamMemberInput{PersonID: ref.PersonID, IDNumber: ref.IDNumber, Role: l[1]})
		}
		for _, l := range formLines(f.Get("patents")) {
			in.Patents = append(in.Patents, gonghui.Patent{Number: l[0], Kind: l[1]})
		}
		return in
	},
	setOrg: func(in *gonghui.AchievementInput, id int64) { in.OrgID = id },
}

var studioForm = recordForm[gonghui.Studio, gonghui.StudioInput]{
	template: "innovation/studio_form", titleNew: "innovation.studio_new", titleEdit: "innovation.studio_edit",
	cancel: "/innovation/studios",
	get:    (*store.Store).GetStudio, create: (*store.Store).CreateStudio, update: (*store.Store).UpdateStudio,
	shown: func(x gonghui.Studio) string { return "/innovation/studios?q=" + url.QueryEscape(x.Name) },
	blank: url.Values{"kind": {"worker"}, "status": {gonghui.StudioActive}},
	fields: func(x gonghui.Studio) url.Values {
		var members strings.Builder
		for _, m := range x.Members {
			fmt.Fprintf(&members, "%d\n", m.PersonID)
		}
		return url.Values{"name": {x.Name}, "kind": {x.Kind}, "level": {x.Level}, "host_unit": {x.HostUnit}, "leader": {personText(x.LeaderID)},
			"members": {members.String()}, "founded_on": {x.FoundedOn.String()}, "recognised_on": {x.RecognisedOn.String()},
			"reviewed_on": {x.ReviewedOn.String()}, "status": {x.Status}, "version": {itoa(x.Version)}}
	},
	read: func(f url.Values, in gonghui.StudioInput, errs map[string]string, lang string) gonghui.StudioInput {
		in.Name, in.Kind, in.Level, in.HostUnit, in.Status = f.Get("name"), f.Get("kind"), f.Get("level"), f.Get("host_unit"), f.Get("status")
		in.Leader = personRefOf(f.Get("leader"))
		in.Members = nil
		for _, l := range formLines(f.Get("members")) {
			in.Members = append(in.Members, personRefOf(l[0]))
		}
		in.FoundedOn = formDateField(f, "founded_on", errs, lang)
		in.RecognisedOn = formDateField(f, "recognised_on", errs, lang)
		in.ReviewedOn = formDateField(f, "reviewed_on", errs, lang)
		in.Version = atoi64(f.Get("version"))
		return in
	},
	setOrg: func(in *gonghui.StudioInput, id int64) { in.OrgID = id },
}

var mentorPairForm = recordForm[gonghui.MentorPair, gonghui.MentorPairInput]{
	template: "innovation/pair_form", titleNew: "innovation.pair_new", titleEdit: "innovation.pair_edit",
	cancel: "/innovation/pairs",
	get:    (*store.Store).GetMentorPair, create: (*store.Store).CreateMentorPair, update: (*store.Store).UpdateMentorPair,
	shown: func(x gonghui.MentorPair) string { return "/innovation/pairs?person_id=" + itoa(x.MentorID) },
	fields: func(x gonghui.MentorPair) url.Values {
		return url.Values{"mentor": {personText(x.MentorID)}, "apprentice": {personText(x.ApprenticeID)}, "from": {x.From.String()},
			"to": {x.To.String()}, "goals": {x.Goals}, "outcome": {x.Outcome}, "version": {itoa(x.Version)}}
	},
	read: func(f url.Values, in gonghui.MentorPairInput, errs map[string]string, lang string) gonghui.MentorPairInput {
		in.Mentor, in.Apprentice = personRefOf(f.Get("mentor")), personRefOf(f.Get("apprentice"))
		in.From = formDateField(f, "from", errs, lang)
		in.To = formDateField(f, "to", errs, lang)
		in.Goals, in.Outcome = f.Get("goals"), f.Get("outcome")
		in.Version = atoi64(f.Get("version"))
		return in
	},
	setOrg: func(in *gonghui.MentorPairInput, id int64) { in.OrgID = id },
}

// formYear reads a year field, recording one that is not a number.
func formYear(f url.Values, field string, errs map[string]string, lang string) int {
	text := strings.TrimSpace(f.Get(field))
	if text == "" {
		return 0
	}
	n, err := strconv.Atoi(text)
	if err != nil {
		badField(errs, lang, field, "年度应为数字，如 2017", "the year must be a number such as 2017")
	}
	return n
}

func (s *Server) innovationRoundNewForm(w http.ResponseWriter, r *http.Request) error {
	form := url.Values{"org_code": {r.URL.Query().Get("org_code")}, "level": {"city"}, "year": {strconv.Itoa(yearOf(gonghui.DateOf(time.Now())))}}
	s.render(w, r, http.StatusOK, "innovation/round_form", page{Title: i18n.T(i18n.FromRequest(r), "innovation.round_new"), Form: form})
	return nil
}

// innovationRoundCreate opens a review round from its form; the
// reviewers are typed as their account names, one a line, found in the
// caller's scope.
func (s *Server) innovationRoundCreate(w http.ResponseWriter, r *http.Request) error {
	a, lang := actorFrom(r), i18n.FromRequest(r)
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	errs := map[string]string{}
	quota, _ := strconv.Atoi(strings.TrimSpace(f.Get("quota")))
	in := gonghui.InnovationRoundInput{Year: formYear(f, "year", errs, lang), Level: f.Get("level"), Title: f.Get("title"),
		Blind: f.Get("blind") == "1", Final: f.Get("final") == "1", Quota: quota}
	in.OrgID = s.formOrg(r, a, f, lang, errs)
	for i, l := range formLines(f.Get("reviewers")) {
		u, err := s.store.GetUserByName(r.Context(), a, l[0])
		if err != nil {
			if _, ok := errs["reviewers"]; !ok {
				errs["reviewers"] = fmt.Sprintf(i18n.T(lang, "form.line"), i+1) +
					gonghui.Message{Zh: "账号不存在或不在本工会范围内", En: "no such account in your scope"}.In(lang)
			}
			continue
		}
		in.ReviewerIDs = append(in.ReviewerIDs, u.ID)
	}
	var round gonghui.InnovationRound
	var err error
	if len(errs) == 0 {
		round, err = s.store.CreateInnovationRound(r.Context(), a, in)
	}
	if errs = listFormErrors(errs, err, lang, "form.line"); errs != nil {
		if msg, ok := errs["reviewer_ids"]; ok {
			errs["reviewers"] = msg
		}
		s.renderForm(w, r, "innovation/round_form", page{Title: i18n.T(lang, "innovation.round_new"), Form: f, Errors: errs})
		return nil
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/innovation/rounds/"+itoa(round.ID), http.StatusSeeOther)
	return nil
}
