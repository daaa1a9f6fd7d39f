// Package report turns the indicator catalogue into the figures of the
// federation's yearly work report (工作报告数据): each figure formatted the
// way the report writes it, and the report's statistical sentences rendered
// from a template that administrators can read and replace.
package report

import (
	"bytes"
	"context"
	_ "embed"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"text/template"
	"time"

	"gonghui"
	"gonghui/internal/store"
)

// Unavailable is the text of a figure that has no data: never a zero.
const Unavailable = "暂无数据"

// Figure is one indicator of the report.
type Figure struct {
	Value     float64 `json:"value"`
	Text      string  `json:"text"` // as the report writes it: "5.4万", "88%"
	Available bool    `json:"available"`
}

// Sentence is one rendered sentence and the indicators it quotes.
type Sentence struct {
	Text string   `json:"text"`
	Keys []string `json:"keys,omitempty"`
}

// Report is the work report's figures for a subtree and a year.
type Report struct {
	Org       string            `json:"org"` // the org's code
	OrgName   string            `json:"org_name"`
	Year      int               `json:"year"`
	Date      gonghui.Date      `json:"date"`
	Figures   map[string]Figure `json:"figures"`
	Sentences []Sentence        `json:"sentences"`
}

// Keys lists the figures in catalogue order, any others after them sorted.
func (r Report) Keys() []string {
	var keys, rest []string
	for _, in := range gonghui.Indicators {
		if _, ok := r.Figures[in.Key]; ok {
			keys = append(keys, in.Key)
		}
	}
	for k := range r.Figures {
		if _, ok := gonghui.IndicatorByKey(k); !ok {
			rest = append(rest, k)
		}
	}
	slices.Sort(rest)
	return append(keys, rest...)
}

//go:embed templates/work-report.zh.tmpl
var defaultTemplate string

// DefaultTemplate is the text of the embedded template, for administrators
// to start their own from.
func DefaultTemplate() string { return defaultTemplate }

// Template is a parsed report template.
type Template struct {
	t *template.Template
}

// ParseTemplate parses a report template; name appears in its errors.
func ParseTemplate(name, text string) (*Template, error) {
	t, err := template.New(name).Option("missingkey=error").Funcs(funcs(nil, "", nil)).Parse(text)
	if err != nil {
		return nil, err
	}
	return &Template{t: t}, nil
}

var parsedDefault = func() *Template {
	t, err := ParseTemplate("work-report.zh.tmpl", defaultTemplate)
	if err != nil {
		panic(err) // the embedded template is tested
	}
	return t
}()

// Build computes the figures for an org's subtree (0: the actor's scope) on
// a day (zero: the year's last day) and renders the default template.
func Build(ctx context.Context, st *store.Store, a gonghui.Actor, orgID int64, year int, on gonghui.Date) (Report, error) {
	return BuildWith(ctx, st, a, orgID, year, on, nil)
}

// BuildWith is Build with another template (nil: the default one).
func BuildWith(ctx context.Context, st *store.Store, a gonghui.Actor, orgID int64, year int, on gonghui.Date, t *Template) (Report, error) {
	if year < 1 || year > 9999 {
		return Report{}, fmt.Errorf("year %d out of range", year)
	}
	if on.IsZero() {
		on = gonghui.NewDate(year, time.December, 31)
	}
	stats, err := st.ComputeStats(ctx, a, orgID, on)
	if err != nil {
		return Report{}, err
	}
	org, err := st.GetOrg(ctx, a, stats.OrgID)
	if err != nil {
		return Report{}, err
	}
	r := New(stats, org.Name, year)
	if err := r.Render(t, org.ParentID == 0); err != nil {
		return Report{}, err
	}
	return r, nil
}

// New makes the figures of a report from computed statistics: every
// indicator of the catalogue, those the statistics lack marked unavailable.
func New(stats store.Stats, orgName string, year int) Report {
	r := Report{Org: stats.Org, OrgName: orgName, Year: year, Date: stats.Date, Figures: map[string]Figure{}}
	for _, in := range gonghui.Indicators {
		v, ok := stats.Indicators[in.Key]
		r.Figures[in.Key] = figure(in.Key, v, ok)
	}
	for k, v := range stats.Indicators {
		if _, ok := r.Figures[k]; !ok {
			r.Figures[k] = figure(k, v, true)
		}
	}
	return r
}

func figure(key string, v float64, ok bool) Figure {
	if !ok {
		return Figure{Text: Unavailable}
	}
	return Figure{Value: v, Text: formatAs(key, v), Available: true}
}

// isPercent reports whether an indicator is a rate, written with "%".
func isPercent(key string) bool {
	in, ok := gonghui.IndicatorByKey(key)
	return ok && in.Unit.Zh == "%"
}

func formatAs(key string, v float64) string {
	if isPercent(key) {
		return FormatPercent(v)
	}
	return FormatCount(v)
}

// Render executes the template (nil: the default) over the figures and
// sets the sentences: one per non-blank line of output. root says whether
// the report is for the whole city, which the sentences call 全市.
func (r *Report) Render(t *Template, root bool) error {
	if t == nil {
		t = parsedDefault
	}
	var out bytes.Buffer
	var marks []mark
	tt, err := t.t.Clone()
	if err != nil {
		return err
	}
	scope := r.OrgName
	if root {
		scope = "全市"
	}
	tt.Funcs(funcs(r, scope, func(key string) { marks = append(marks, mark{out.Len(), key}) }))
	data := map[string]any{"Year": r.Year, "Org": r.Org, "OrgName": r.OrgName, "Date": r.Date}
	if err := tt.Execute(&out, data); err != nil {
		return err
	}
	r.Sentences = sentences(out.String(), marks)
	return nil
}

// mark records where in the output a helper quoted an indicator: the
// template writes as it goes, so the output's length at the call is where
// the quoted text starts.
type mark struct {
	pos int
	key string
}

func sentences(text string, marks []mark) []Sentence {
	var res []Sentence
	start := 0
	for start < len(text) {
		end := strings.IndexByte(text[start:], '\n')
		if end < 0 {
			end = len(text)
		} else {
			end += start
		}
		if line := strings.TrimSpace(text[start:end]); line != "" {
			s := Sentence{Text: line}
			for _, m := range marks {
				if m.pos >= start && m.pos <= end && !slices.Contains(s.Keys, m.key) {
					s.Keys = append(s.Keys, m.key)
				}
			}
			res = append(res, s)
		}
		start = end + 1
	}
	return res
}

var errNoReport = errors.New("report helpers used outside Render")

// funcs are the template's helpers. With a nil report they only give the
// parser their names.
func funcs(r *Report, scope string, quote func(string)) template.FuncMap {
	get := func(key string) (Figure, error) {
		if r == nil {
			return Figure{}, errNoReport
		}
		f, ok := r.Figures[key]
		if !ok {
			if _, known := gonghui.IndicatorByKey(key); !known {
				return Figure{}, fmt.Errorf("unknown indicator %q", key)
			}
			f = Figure{Text: Unavailable}
		}
		quote(key)
		return f, nil
	}
	with := func(format func(float64) string) func(string) (string, error) {
		return func(key string) (string, error) {
			f, err := get(key)
			if err != nil || !f.Available {
				return f.Text, err
			}
			return format(f.Value), nil
		}
	}
	return template.FuncMap{
		"count":   with(FormatCount),
		"percent": with(FormatPercent),
		// yuan words a figure kept in fen in whole 元, as count words a count.
		"yuan": with(func(fen float64) string { return FormatCount(float64(int64(fen) / 100)) }),
		"text": func(key string) (string, error) {
			f, err := get(key)
			return f.Text, err
		},
		"raw": with(func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }),
		"has": func(key string) (bool, error) {
			if r == nil {
				return false, errNoReport
			}
			if _, known := gonghui.IndicatorByKey(key); !known {
				if _, ok := r.Figures[key]; !ok {
					return false, fmt.Errorf("unknown indicator %q", key)
				}
			}
			return r.Figures[key].Available, nil
		},
		"pending": func(name string) string { return name + "：该模块尚未建立，暂无数据。" },
		"asOf": func() string {
			if r == nil {
				return ""
			}
			y, m, d := r.Date.Parts()
			if m == time.December && d == 31 {
				return fmt.Sprintf("%d年底", y)
			}
			return r.Date.Chinese()
		},
		"scope": func() string { return scope },
	}
}
