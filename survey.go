package gonghui

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// A needs survey (职工需求调查) is a questionnaire a union sends to the
// members of its subtree: built as a draft, open from one day to another,
// then closed. Each member answers once; an anonymous survey keeps who
// answered apart from what they answered, and shows no figure of fewer
// than SurveyMinGroup respondents.

// The kinds of question.
const (
	QuestionSingle   = "single"
	QuestionMultiple = "multiple"
	QuestionScale    = "scale"
	QuestionText     = "text"
)

// QuestionKinds lists the kinds of question.
var QuestionKinds = []Choice{
	{QuestionSingle, Message{"单选", "Single choice"}},
	{QuestionMultiple, Message{"多选", "Multiple choice"}},
	{QuestionScale, Message{"量表打分", "Scale"}},
	{QuestionText, Message{"文字回答", "Text"}},
}

// The states of a survey.
const (
	SurveyDraft  = "draft"
	SurveyOpen   = "open"
	SurveyClosed = "closed"
)

// SurveyStates lists the states of a survey.
var SurveyStates = []Choice{
	{SurveyDraft, Message{"草稿", "Draft"}},
	{SurveyOpen, Message{"发放中", "Open"}},
	{SurveyClosed, Message{"已结束", "Closed"}},
}

// SurveyChannels are the ways a response arrives.
var SurveyChannels = []Choice{
	{"portal", Message{"会员之家", "Member portal"}},
	{"paper", Message{"纸质问卷录入", "Paper, entered by a cadre"}},
}

// The bounds of a questionnaire.
const (
	SurveyMaxQuestions = 50
	SurveyMaxOptions   = 20
	SurveyMaxScale     = 10
	SurveyMaxText      = 2000
	// SurveyMinGroup is the fewest respondents an anonymous survey shows
	// a figure or a text answer of: fewer could name them.
	SurveyMinGroup = 5
)

// SurveyQuestion is one question: its options for a choice, its top for a
// scale (1 to ScaleMax).
type SurveyQuestion struct {
	Kind     string   `json:"kind"`
	Text     string   `json:"text"`
	Options  []string `json:"options,omitempty"`
	ScaleMax int      `json:"scale_max,omitempty"`
	Required bool     `json:"required"`
}

// Survey is a questionnaire of a union.
type Survey struct {
	ID        int64            `json:"id"`
	OrgID     int64            `json:"org_id"`
	OrgName   string           `json:"org_name,omitempty"`
	Title     string           `json:"title"`
	Intro     string           `json:"intro,omitempty"`
	Anonymous bool             `json:"anonymous"`
	OpensOn   Date             `json:"opens_on"`
	ClosesOn  Date             `json:"closes_on"`
	State     string           `json:"state"`
	Questions []SurveyQuestion `json:"questions"`
	Responses int              `json:"responses"`
	Version   int64            `json:"version"`
}

// Accepting reports whether the survey takes answers on day.
func (s Survey) Accepting(day Date) bool {
	return s.State == SurveyOpen && !day.Before(s.OpensOn) && !s.ClosesOn.Before(day)
}

// SurveyInput records a survey's draft.
type SurveyInput struct {
	OrgID     int64            `json:"org_id"`
	Title     string           `json:"title"`
	Intro     string           `json:"intro"`
	Anonymous bool             `json:"anonymous"`
	OpensOn   Date             `json:"opens_on"`
	ClosesOn  Date             `json:"closes_on"`
	Questions []SurveyQuestion `json:"questions"`
	Version   int64            `json:"version,omitempty"`
}

// ToInput is the input that records s as it is.
func (s Survey) ToInput() SurveyInput {
	in := SurveyInput{OrgID: s.OrgID, Title: s.Title, Intro: s.Intro, Anonymous: s.Anonymous, OpensOn: s.OpensOn, ClosesOn: s.ClosesOn, Version: s.Version}
	for _, q := range s.Questions {
		q.Options = slices.Clone(q.Options)
		in.Questions = append(in.Questions, q)
	}
	return in
}

// Normalize trims the texts and reads kind names.
func (in *SurveyInput) Normalize() {
	in.Title, in.Intro = strings.TrimSpace(in.Title), strings.TrimSpace(in.Intro)
	for i := range in.Questions {
		q := &in.Questions[i]
		q.Kind = choiceOrSelf(QuestionKinds, strings.TrimSpace(q.Kind))
		q.Text = strings.TrimSpace(q.Text)
		for j := range q.Options {
			q.Options[j] = strings.TrimSpace(q.Options[j])
		}
	}
}

// Validate checks the questionnaire: a title, a union, a period, and
// between one and SurveyMaxQuestions questions, each well formed.
func (in *SurveyInput) Validate(v *ValidationError) {
	textField(v, "title", in.Title, 200, "请填写问卷名称", "the title is required", "问卷名称不能超过200个字", "the title must be at most 200 characters")
	if utf8.RuneCountInString(in.Intro) > 2000 {
		v.Add("intro", "说明不能超过2000个字", "the introduction must be at most 2000 characters")
	}
	if in.OrgID == 0 {
		v.Add("org_id", "请选择发放问卷的工会", "choose the union sending the survey")
	}
	switch {
	case in.OpensOn.IsZero():
		v.Add("opens_on", "请填写开始日期", "the opening day is required")
	case in.ClosesOn.IsZero():
		v.Add("closes_on", "请填写截止日期", "the closing day is required")
	case in.ClosesOn.Before(in.OpensOn):
		v.Add("closes_on", "截止日期不能早于开始日期", "the survey cannot close before it opens")
	}
	switch n := len(in.Questions); {
	case n == 0:
		v.Add("questions", "问卷至少要有一道题", "a survey has at least one question")
	case n > SurveyMaxQuestions:
		v.Add("questions", fmt.Sprintf("问卷至多%d道题", SurveyMaxQuestions), fmt.Sprintf("a survey has at most %d questions", SurveyMaxQuestions))
	}
	for i, q := range in.Questions {
		f := "questions." + strconv.Itoa(i)
		if !IsChoiceKey(QuestionKinds, q.Kind) {
			v.Add(f+".kind", "请选择题型", "choose the kind of question")
		}
		textField(v, f+".text", q.Text, 500, "请填写题目", "the question is required", "题目不能超过500个字", "a question must be at most 500 characters")
		switch q.Kind {
		case QuestionSingle, QuestionMultiple:
			checkOptions(v, f, q.Options)
		case QuestionScale:
			if q.ScaleMax < 2 || q.ScaleMax > SurveyMaxScale {
				v.Add(f+".scale_max", fmt.Sprintf("量表最高分须在2到%d之间", SurveyMaxScale), fmt.Sprintf("a scale tops at 2 to %d", SurveyMaxScale))
			}
		}
		if (q.Kind == QuestionScale || q.Kind == QuestionText) && len(q.Options) > 0 {
			v.Add(f+".options", "量表题和文字题没有选项", "a scale or text question has no options")
		}
	}
}

func checkOptions(v *ValidationError, f string, options []string) {
	if len(options) < 2 || len(options) > SurveyMaxOptions {
		v.Add(f+".options", fmt.Sprintf("选择题须有2到%d个选项", SurveyMaxOptions), fmt.Sprintf("a choice has 2 to %d options", SurveyMaxOptions))
		return
	}
	seen := map[string]bool{}
	for j, o := range options {
		switch {
		case o == "" || utf8.RuneCountInString(o) > 200:
			v.Add(f+".options."+strconv.Itoa(j), "选项须为1到200个字", "an option has 1 to 200 characters")
		case seen[o]:
			v.Add(f+".options."+strconv.Itoa(j), "选项重复", "the option is listed twice")
		}
		seen[o] = true
	}
}

// SurveyAnswer answers one question (by its place, from 0): the chosen
// options (from 0), the point on the scale, or the text.
type SurveyAnswer struct {
	Question int    `json:"question"`
	Options  []int  `json:"options,omitempty"`
	Scale    int    `json:"scale,omitempty"`
	Text     string `json:"text,omitempty"`
}

// SurveyResponseInput is a member's answers; a cadre entering a paper
// questionnaire names the member (their number or ID number).
type SurveyResponseInput struct {
	Respondent PersonRef      `json:"respondent,omitzero"`
	Answers    []SurveyAnswer `json:"answers"`
}

// CheckResponse checks answers against the questionnaire: each question
// answered at most once, as its kind asks, the required ones all; a
// refusal is named by the question ("questions.3"). Empty answers are
// dropped.
func (s Survey) CheckResponse(v *ValidationError, in *SurveyResponseInput) {
	// an answer with nothing in it is no answer
	for i := range in.Answers {
		in.Answers[i].Text = strings.TrimSpace(in.Answers[i].Text)
	}
	in.Answers = slices.DeleteFunc(in.Answers, func(a SurveyAnswer) bool {
		return len(a.Options) == 0 && a.Scale == 0 && a.Text == ""
	})
	answered := map[int]bool{}
	for i := range in.Answers {
		a := &in.Answers[i]
		if a.Question < 0 || a.Question >= len(s.Questions) {
			v.Add("answers."+strconv.Itoa(i)+".question", "没有这道题", "no such question")
			continue
		}
		f := "questions." + strconv.Itoa(a.Question)
		if answered[a.Question] {
			v.Add(f, "同一道题只能回答一次", "a question is answered once")
			continue
		}
		answered[a.Question] = true
		q := s.Questions[a.Question]
		switch q.Kind {
		case QuestionSingle, QuestionMultiple:
			seen := map[int]bool{}
			for _, o := range a.Options {
				if o < 0 || o >= len(q.Options) || seen[o] {
					v.Add(f+".options", "选项无效或重复", "an option is unknown or chosen twice")
					break
				}
				seen[o] = true
			}
			if q.Kind == QuestionSingle && len(a.Options) > 1 {
				v.Add(f+".options", "单选题只能选一项", "a single choice takes one option")
			}
			if a.Scale != 0 || a.Text != "" {
				v.Add(f, "选择题只记选项", "a choice records options only")
			}
		case QuestionScale:
			if a.Scale < 1 || a.Scale > q.ScaleMax {
				v.Add(f+".scale", fmt.Sprintf("请在1到%d之间打分", q.ScaleMax), fmt.Sprintf("score from 1 to %d", q.ScaleMax))
			}
			if len(a.Options) > 0 || a.Text != "" {
				v.Add(f, "量表题只记分数", "a scale records its point only")
			}
		case QuestionText:
			if utf8.RuneCountInString(a.Text) > SurveyMaxText {
				v.Add(f+".text", fmt.Sprintf("回答不能超过%d个字", SurveyMaxText), fmt.Sprintf("an answer must be at most %d characters", SurveyMaxText))
			}
			if len(a.Options) > 0 || a.Scale != 0 {
				v.Add(f, "文字题只记文字", "a text question records text only")
			}
		}
	}
	for i, q := range s.Questions {
		if q.Required && !answered[i] {
			v.Add("questions."+strconv.Itoa(i), "此题必答", "this question must be answered")
		}
	}
}

// SurveyResults are a survey's answers counted in a subtree.
type SurveyResults struct {
	Survey      Survey           `json:"survey"`
	OrgID       int64            `json:"org_id"` // the subtree counted
	Respondents int              `json:"respondents"`
	Hidden      bool             `json:"hidden,omitempty"` // too few to show (anonymous)
	Questions   []QuestionResult `json:"questions"`
	// Below are the next level's unions with their respondents and the
	// means of the scale questions (hundredths; a union of too few in an
	// anonymous survey is left out).
	Below []SurveyGroup `json:"below"`
}

// QuestionResult counts one question's answers: per option, or per point
// of the scale (Counts[0] is the point 1); the mean of a scale in
// hundredths; a text question's answers.
type QuestionResult struct {
	Answered  int      `json:"answered"`
	Counts    []int    `json:"counts,omitempty"`
	MeanCents int      `json:"mean_cents,omitempty"`
	Texts     []string `json:"texts,omitempty"`
}

// Share is count's part of the question's answers in hundredths of a
// percent (for bars and exports).
func (q QuestionResult) Share(count int) int {
	if q.Answered == 0 {
		return 0
	}
	return count * 10000 / q.Answered
}

// SurveyGroup is one union's part of the results.
type SurveyGroup struct {
	OrgID       int64  `json:"org_id"`
	OrgName     string `json:"org_name"`
	Respondents int    `json:"respondents"`
	MeanCents   []int  `json:"mean_cents"` // per scale question, in order
}

// SurveyFilter selects surveys.
type SurveyFilter struct {
	State string
	Query string
	Page
}

// The questionnaire as text, the way the builder's field takes it: a
// question a line, its kind in brackets first — [单选], [多选], [量表5]
// (a scale from 1 to 5), [文字] — a trailing * when it must be answered,
// and its options on the lines after it, each after a dash.
//
//	[单选] 您最需要的服务 *
//	- 法律咨询
//	- 技能培训
//	[量表5] 对工会服务的满意度 *

// questionKindWords are the bracketed words of the kinds (and their
// English keys).
var questionKindWords = map[string]string{"单选": QuestionSingle, "多选": QuestionMultiple, "量表": QuestionScale, "文字": QuestionText,
	QuestionSingle: QuestionSingle, QuestionMultiple: QuestionMultiple, QuestionScale: QuestionScale, QuestionText: QuestionText}

// ParseQuestionnaire reads the text form; a line it cannot read is
// refused with its number (field "questions").
func ParseQuestionnaire(text string) ([]SurveyQuestion, error) {
	var out []SurveyQuestion
	n := 0
	for line := range strings.Lines(text) {
		n++
		line = strings.TrimSpace(line)
		switch {
		case line == "":
			continue
		case strings.HasPrefix(line, "-"):
			if len(out) == 0 {
				return nil, Invalid("questions", fmt.Sprintf("第%d行：选项之前须有题目", n), fmt.Sprintf("line %d: an option comes after its question", n))
			}
			q := &out[len(out)-1]
			q.Options = append(q.Options, strings.TrimSpace(strings.TrimPrefix(line, "-")))
			continue
		case !strings.HasPrefix(line, "["):
			return nil, Invalid("questions", fmt.Sprintf("第%d行：题目须以题型开头，如[单选]", n), fmt.Sprintf("line %d: a question starts with its kind, such as [single]", n))
		}
		word, rest, ok := strings.Cut(line[1:], "]")
		digits := strings.TrimLeft(word, "abcdefghijklmnopqrstuvwxyz单多选量表文字")
		kind := questionKindWords[strings.TrimSuffix(word, digits)]
		if !ok || kind == "" || (digits != "") != (kind == QuestionScale) {
			return nil, Invalid("questions", fmt.Sprintf("第%d行：题型应为[单选]、[多选]、[量表5]或[文字]", n), fmt.Sprintf("line %d: the kind is [single], [multiple], [scale5] or [text]", n))
		}
		q := SurveyQuestion{Kind: kind, Text: strings.TrimSpace(rest)}
		if kind == QuestionScale {
			top, err := strconv.Atoi(digits)
			if err != nil || top > SurveyMaxScale {
				return nil, Invalid("questions", fmt.Sprintf("第%d行：量表最高分须在2到%d之间", n, SurveyMaxScale), fmt.Sprintf("line %d: a scale tops at 2 to %d", n, SurveyMaxScale))
			}
			q.ScaleMax = top
		}
		if t, ok := strings.CutSuffix(q.Text, "*"); ok {
			q.Text, q.Required = strings.TrimSpace(t), true
		}
		out = append(out, q)
	}
	return out, nil
}

// FormatQuestionnaire writes questions in the text form ParseQuestionnaire
// reads.
func FormatQuestionnaire(qs []SurveyQuestion) string {
	var b strings.Builder
	for _, q := range qs {
		word := map[string]string{QuestionSingle: "单选", QuestionMultiple: "多选", QuestionScale: "量表", QuestionText: "文字"}[q.Kind]
		if q.Kind == QuestionScale {
			word += strconv.Itoa(q.ScaleMax)
		}
		b.WriteString("[" + word + "] " + q.Text)
		if q.Required {
			b.WriteString(" *")
		}
		b.WriteByte('\n')
		for _, o := range q.Options {
			b.WriteString("- " + o + "\n")
		}
	}
	return b.String()
}
