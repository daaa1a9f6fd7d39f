package gonghui

import (
	"reflect"
	"strings"
	"testing"
)

const sampleQuestionnaire = `[单选] 您最需要的服务 *
- 法律咨询
- 技能培训

[多选] 您去过的阵地
- 职工之家
- 暖心驿站
[量表5] 对工会服务的满意度 *
[文字] 其他建议
`

func sampleSurvey(t *testing.T) Survey {
	t.Helper()
	qs, err := ParseQuestionnaire(sampleQuestionnaire)
	if err != nil {
		t.Fatal(err)
	}
	return Survey{ID: 1, State: SurveyOpen, OpensOn: NewDate(2026, 11, 1), ClosesOn: NewDate(2026, 11, 30), Questions: qs}
}

func TestParseQuestionnaire(t *testing.T) {
	s := sampleSurvey(t)
	want := []SurveyQuestion{
		{Kind: QuestionSingle, Text: "您最需要的服务", Options: []string{"法律咨询", "技能培训"}, Required: true},
		{Kind: QuestionMultiple, Text: "您去过的阵地", Options: []string{"职工之家", "暖心驿站"}},
		{Kind: QuestionScale, Text: "对工会服务的满意度", ScaleMax: 5, Required: true},
		{Kind: QuestionText, Text: "其他建议"},
	}
	if !reflect.DeepEqual(s.Questions, want) {
		t.Fatalf("parsed %+v", s.Questions)
	}
	if again, err := ParseQuestionnaire(FormatQuestionnaire(want)); err != nil || !reflect.DeepEqual(again, want) {
		t.Errorf("formatted and parsed again: %+v %v", again, err)
	}
	for _, tc := range []struct{ text, line string }{
		{"- 选项在前", "第1行"},
		{"[单选] 好\n- 是\n您的意见", "第3行"},
		{"[判断] 对吗", "第1行"},
		{"\n[单选3] 三个", "第2行"},
		{"[量表] 没有最高分", "第1行"},
		{"[量表11] 太高", "第1行"},
		{"[文字 没有右括号", "第1行"},
	} {
		_, err := ParseQuestionnaire(tc.text)
		if err == nil || !strings.Contains(err.(*ValidationError).Fields["questions"].Zh, tc.line) {
			t.Errorf("%q: %v, want an error on %s", tc.text, err, tc.line)
		}
	}
}

func TestSurveyValidate(t *testing.T) {
	base := func() SurveyInput {
		return SurveyInput{OrgID: 1, Title: "需求调查", OpensOn: NewDate(2026, 11, 1), ClosesOn: NewDate(2026, 11, 30), Questions: sampleSurvey(t).Questions}
	}
	for _, tc := range []struct {
		name   string
		change func(*SurveyInput)
		fields []string
	}{
		{"valid", func(*SurveyInput) {}, nil},
		{"no title, no union", func(in *SurveyInput) { in.Title, in.OrgID = " ", 0 }, []string{"title", "org_id"}},
		{"closes first", func(in *SurveyInput) { in.ClosesOn = NewDate(2026, 10, 1) }, []string{"closes_on"}},
		{"no questions", func(in *SurveyInput) { in.Questions = nil }, []string{"questions"}},
		{"one option", func(in *SurveyInput) { in.Questions[0].Options = []string{"是"} }, []string{"questions.0.options"}},
		{"options twice", func(in *SurveyInput) { in.Questions[1].Options = []string{"是", " 是"} }, []string{"questions.1.options.1"}},
		{"a scale of one", func(in *SurveyInput) { in.Questions[2].ScaleMax = 1 }, []string{"questions.2.scale_max"}},
		{"a text with options", func(in *SurveyInput) { in.Questions[3].Options = []string{"甲", "乙"} }, []string{"questions.3.options"}},
		{"an unknown kind", func(in *SurveyInput) { in.Questions[3].Kind = "poll" }, []string{"questions.3.kind"}},
		{"a kind by its name", func(in *SurveyInput) { in.Questions[3].Kind = "文字回答" }, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := base()
			tc.change(&in)
			in.Normalize()
			v := &ValidationError{}
			in.Validate(v)
			if len(v.Fields) != len(tc.fields) {
				t.Fatalf("fields %v, want %v", v.Fields, tc.fields)
			}
			for _, f := range tc.fields {
				if v.Fields[f].Zh == "" || v.Fields[f].En == "" {
					t.Errorf("no reason for %s: %v", f, v.Fields)
				}
			}
		})
	}
}

func TestSurveyCheckResponse(t *testing.T) {
	s := sampleSurvey(t)
	for _, tc := range []struct {
		name    string
		answers []SurveyAnswer
		fields  []string
		kept    int
	}{
		{"the required ones", []SurveyAnswer{{Question: 0, Options: []int{1}}, {Question: 2, Scale: 5}}, nil, 2},
		{"all, empty ones dropped", []SurveyAnswer{{Question: 0, Options: []int{0}}, {Question: 1, Options: []int{0, 1}}, {Question: 2, Scale: 1}, {Question: 3, Text: "  "}}, nil, 3},
		{"a required one missing", []SurveyAnswer{{Question: 0, Options: []int{0}}, {Question: 2}}, []string{"questions.2"}, 1},
		{"two options of a single choice", []SurveyAnswer{{Question: 0, Options: []int{0, 1}}, {Question: 2, Scale: 3}}, []string{"questions.0.options"}, 2},
		{"an option chosen twice", []SurveyAnswer{{Question: 0, Options: []int{0}}, {Question: 1, Options: []int{1, 1}}, {Question: 2, Scale: 3}}, []string{"questions.1.options"}, 3},
		{"an unknown option", []SurveyAnswer{{Question: 0, Options: []int{2}}, {Question: 2, Scale: 3}}, []string{"questions.0.options"}, 2},
		{"off the scale", []SurveyAnswer{{Question: 0, Options: []int{0}}, {Question: 2, Scale: 6}}, []string{"questions.2.scale"}, 2},
		{"a scale with text", []SurveyAnswer{{Question: 0, Options: []int{0}}, {Question: 2, Scale: 2, Text: "好"}}, []string{"questions.2"}, 2},
		{"no such question", []SurveyAnswer{{Question: 0, Options: []int{0}}, {Question: 2, Scale: 2}, {Question: 9, Scale: 1}}, []string{"answers.2.question"}, 3},
		{"a question twice", []SurveyAnswer{{Question: 0, Options: []int{0}}, {Question: 0, Options: []int{1}}, {Question: 2, Scale: 2}}, []string{"questions.0"}, 3},
		{"a long text", []SurveyAnswer{{Question: 0, Options: []int{0}}, {Question: 2, Scale: 2}, {Question: 3, Text: strings.Repeat("长", SurveyMaxText+1)}}, []string{"questions.3.text"}, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := SurveyResponseInput{Answers: tc.answers}
			v := &ValidationError{}
			s.CheckResponse(v, &in)
			if len(v.Fields) != len(tc.fields) || len(in.Answers) != tc.kept {
				t.Fatalf("fields %v (want %v), kept %d (want %d)", v.Fields, tc.fields, len(in.Answers), tc.kept)
			}
			for _, f := range tc.fields {
				if v.Fields[f].Zh == "" || v.Fields[f].En == "" {
					t.Errorf("no reason for %s: %v", f, v.Fields)
				}
			}
		})
	}
	if !s.Accepting(NewDate(2026, 11, 30)) || s.Accepting(NewDate(2026, 12, 1)) || s.Accepting(NewDate(2026, 10, 31)) {
		t.Error("the period's ends")
	}
}

// FuzzParseQuestionnaire: any text is read or refused, never a panic; a
// questionnaire read, written back and read again is the same.
func FuzzParseQuestionnaire(f *testing.F) {
	f.Add(sampleQuestionnaire)
	f.Add("[量表10] 打分 **\n[scale3] x\n- y")
	f.Add("[单选]\n-\n- -")
	f.Fuzz(func(t *testing.T, text string) {
		qs, err := ParseQuestionnaire(text)
		if err != nil {
			return
		}
		again, err := ParseQuestionnaire(FormatQuestionnaire(qs))
		if err != nil || !reflect.DeepEqual(normalQuestions(again), normalQuestions(qs)) {
			t.Fatalf("%q: read %+v, again %+v (%v)", text, qs, again, err)
		}
	})
}

// normalQuestions treats a nil and an empty option list alike.
func normalQuestions(qs []SurveyQuestion) []SurveyQuestion {
	for i := range qs {
		if len(qs[i].Options) == 0 {
			qs[i].Options = nil
		}
	}
	return qs
}

// FuzzSurveyCheckResponse: any answers are checked without a panic, and
// what is kept is well formed for its question.
func FuzzSurveyCheckResponse(f *testing.F) {
	f.Add(0, 1, 2, 5, 3, "意见")
	f.Add(9, -1, 0, 0, -3, "")
	f.Fuzz(func(t *testing.T, q0, o0, q1, scale, q2 int, text string) {
		s := Survey{Questions: []SurveyQuestion{{Kind: QuestionSingle, Text: "a", Options: []string{"x", "y"}}, {Kind: QuestionScale, Text: "b", ScaleMax: 5},
			{Kind: QuestionText, Text: "c"}}}
		in := SurveyResponseInput{Answers: []SurveyAnswer{{Question: q0, Options: []int{o0}}, {Question: q1, Scale: scale}, {Question: q2, Text: text}}}
		v := &ValidationError{}
		s.CheckResponse(v, &in)
		if v.Err() != nil {
			return
		}
		for _, a := range in.Answers {
			q := s.Questions[a.Question]
			if q.Kind == QuestionScale && (a.Scale < 1 || a.Scale > q.ScaleMax) || q.Kind == QuestionSingle && (len(a.Options) != 1 || a.Options[0] < 0 || a.Options[0] > 1) {
				t.Fatalf("kept %+v", a)
			}
		}
	})
}
