package gonghui

import (
	"strings"
	"unicode/utf8"
)

// The callback (回访): after a case closes, a cadre calls the worker back
// and asks how satisfied they are with how it was handled. A case keeps
// every attempt; an attempt that did not reach the worker may be repeated,
// and the one that reached them is the case's callback — at most one per
// case, and the satisfaction the figures count.

// The satisfaction a worker gives at the callback.
const (
	SatisfactionSatisfied    = "satisfied"        // 满意
	SatisfactionFair         = "fairly_satisfied" // 基本满意
	SatisfactionDissatisfied = "dissatisfied"     // 不满意
)

// RightsSatisfactions is the code list of the satisfaction levels.
var RightsSatisfactions = []Choice{
	{SatisfactionSatisfied, Message{"满意", "Satisfied"}},
	{SatisfactionFair, Message{"基本满意", "Fairly satisfied"}},
	{SatisfactionDissatisfied, Message{"不满意", "Dissatisfied"}},
}

// RightsCallbackDays is how long after its close a case without a callback
// that reached the worker waits for one in the inbox.
const RightsCallbackDays = 90

// RightsCallback is one callback attempt on a closed case.
type RightsCallback struct {
	ID      int64 `json:"id"`
	On      Date  `json:"on"`
	Reached bool  `json:"reached"`
	// Satisfaction is the worker's answer, when reached.
	Satisfaction string `json:"satisfaction,omitempty"`
	Note         string `json:"note,omitempty"`
	Actor        string `json:"actor"`
}

// RightsCallbackInput is a callback attempt as recorded.
type RightsCallbackInput struct {
	// On is the day of the call; zero means today.
	On           Date   `json:"on,omitzero"`
	Reached      bool   `json:"reached"`
	Satisfaction string `json:"satisfaction,omitempty"`
	Note         string `json:"note"`
}

// Callback is the case's callback that reached the worker (nil: none yet).
func (c RightsCase) Callback() *RightsCallback {
	for i := range c.Callbacks {
		if c.Callbacks[i].Reached {
			return &c.Callbacks[i]
		}
	}
	return nil
}

// AwaitsCallback reports whether the case is closed, within
// RightsCallbackDays of today, and no callback has reached the worker.
func (c RightsCase) AwaitsCallback(today Date) bool {
	return c.State == CaseClosed && c.Callback() == nil && !c.OutcomeOn.IsZero() && !c.OutcomeOn.Before(today.AddDays(-RightsCallbackDays))
}

// Validate checks the attempt against the case as read under its lock:
// closed, not called back already, on a day from its close to today.
func (in *RightsCallbackInput) Validate(v *ValidationError, c RightsCase, today Date) {
	in.Note = strings.TrimSpace(in.Note)
	if k, ok := ChoiceKey(RightsSatisfactions, in.Satisfaction); ok {
		in.Satisfaction = k
	}
	switch {
	case c.State != CaseClosed:
		v.Add("case", "案件结案后才能回访", "a case is called back after it closes")
		return
	case c.Callback() != nil:
		v.Add("reached", "本案已回访（已联系到当事人），不能重复回访", "the case was called back already (the worker was reached)")
		return
	}
	if in.On.IsZero() {
		in.On = today
	}
	switch {
	case in.On.Before(c.OutcomeOn):
		v.Add("on", "回访日期不能早于结案日期", "the callback cannot be before the case closed")
	case today.Before(in.On):
		v.Add("on", "回访日期不能晚于今天", "the callback cannot be after today")
	}
	switch {
	case in.Reached && !IsChoiceKey(RightsSatisfactions, in.Satisfaction):
		v.Add("satisfaction", "请选择当事人的满意度（满意、基本满意或不满意）", "choose the worker's satisfaction (satisfied, fairly satisfied or dissatisfied)")
	case !in.Reached && in.Satisfaction != "":
		v.Add("satisfaction", "未联系到当事人，不能填写满意度", "the worker was not reached: no satisfaction")
	}
	if utf8.RuneCountInString(in.Note) > 500 {
		v.Add("note", "回访情况不能超过500个字", "the note must be at most 500 characters")
	}
}
