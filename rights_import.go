package gonghui

import (
	"strconv"
	"strings"
)

// The rights casework kept before gonghui, as the districts keep it in
// Excel: the hotline log (one call or visit a line) and the case register
// (one case a line: its lead party, and for a group case the number of
// its workers).

// RightsIntakeRow is a line of a hotline log. A request on the log is an
// intake only: the case it opened is a line of the case register.
type RightsIntakeRow struct {
	RightsIntakeInput
	// Note is appended to the summary (the topic).
	Note string
	// Key names the line across imports: a line imported again is left
	// alone.
	Key string
}

// Normalize trims the row and turns code names into keys; the note joins
// the topic (a line without a topic has none).
func (r *RightsIntakeRow) Normalize() {
	r.RightsIntakeInput.Normalize()
	if note := strings.TrimSpace(r.Note); note != "" && r.Summary != "" {
		r.Summary += "；" + note
	}
	r.Note = ""
}

// Validate checks the line against today.
func (r *RightsIntakeRow) Validate(v *ValidationError, today Date) {
	r.validateLogged(v)
	if today.Before(r.ReceivedOn) {
		v.Add("received_on", "受理日期不能晚于今天", "the day received cannot be after today")
	}
}

// RightsCaseRow is a line of a case register: the case as received, its
// acceptance and its outcome.
type RightsCaseRow struct {
	RightsCaseInput
	// WorkerCount is the number of workers of a group case whose register
	// names its lead party only (0: the parties named).
	WorkerCount   int
	AcceptedOn    Date
	Outcome       string
	OutcomeOn     Date
	OutcomeReason string
	RecoveredFen  int64
	// Key names the case across imports: the register's number, else the
	// line itself.
	Key string
}

// rightsMaxWorkers bounds a group case's worker count.
const rightsMaxWorkers = 100_000

// Normalize trims the row and turns code names into keys.
func (r *RightsCaseRow) Normalize() {
	r.RightsCaseInput.Normalize()
	r.OutcomeReason = strings.TrimSpace(r.OutcomeReason)
	if k, ok := ChoiceKey(RightsOutcomes, r.Outcome); ok {
		r.Outcome = k
	}
}

// Validate checks the case as the form does, and its history.
func (r *RightsCaseRow) Validate(v *ValidationError, today Date) {
	r.RightsCaseInput.Validate(v)
	r.ValidateHistory(v, today)
}

// ValidateHistory checks what the register adds to the form: the workers
// of a group case, and the case accepted and closed on days from its
// receipt to today, with an outcome of its kind.
func (r *RightsCaseRow) ValidateHistory(v *ValidationError, today Date) {
	if today.Before(r.ReceivedOn) {
		v.Add("received_on", "受理日期不能晚于今天", "the day received cannot be after today")
	}
	if r.WorkerCount != 0 && (r.WorkerCount < len(r.Parties) || r.WorkerCount > rightsMaxWorkers) {
		v.Add("worker_count", "涉及职工人数应不少于所列当事人（"+strconv.Itoa(len(r.Parties))+"人），且不超过10万人",
			"the workers must be at least the parties named ("+strconv.Itoa(len(r.Parties))+") and at most 100,000")
	}
	inHistory := func(field string, d Date, after Date) {
		switch {
		case d.IsZero():
		case d.Before(after):
			v.Add(field, "日期不能早于"+after.String(), "the day cannot be before "+after.String())
		case today.Before(d):
			v.Add(field, "日期不能晚于今天", "the day cannot be after today")
		}
	}
	inHistory("accepted_on", r.AcceptedOn, r.ReceivedOn)
	if r.Kind == CaseSupervision && !r.AcceptedOn.IsZero() {
		v.Add("accepted_on", "劳动法律监督案件无受理日期", "a supervision case has no acceptance")
	}
	closedAfter := r.ReceivedOn
	if !r.AcceptedOn.IsZero() {
		closedAfter = r.AcceptedOn
	}
	switch {
	case r.Outcome == "":
		if !r.OutcomeOn.IsZero() {
			v.Add("outcome", "填写结案日期的须填写结案方式", "a closed case needs its outcome")
		}
		if r.RecoveredFen != 0 {
			v.Add("recovered_fen", "未结案的案件不填挽回经济损失", "an open case has no amount recovered")
		}
	case !IsChoiceKey(RightsOutcomes, r.Outcome):
		v.Add("outcome", "结案方式“"+r.Outcome+"”不在代码表中", "outcome "+r.Outcome+" is not in the code list")
	case r.OutcomeOn.IsZero():
		v.Add("outcome_on", "结案的须填写结案日期", "a closed case needs the day it closed")
	case r.Outcome == OutcomeAidRefused && r.Kind != CaseLegalAid:
		v.Add("outcome", "不予法律援助只用于法律援助案件", "aid refused is a legal-aid outcome")
	case r.Outcome == OutcomeAidRefused && r.OutcomeReason == "":
		v.Add("outcome_reason", "不予法律援助须说明理由", "refusing aid needs its reason")
	}
	inHistory("outcome_on", r.OutcomeOn, closedAfter)
	if r.RecoveredFen < 0 || r.RecoveredFen > rightsMaxFen*rightsMaxClaims {
		v.Add("recovered_fen", "挽回经济损失应为非负金额", "the amount recovered must not be negative")
	}
	if len(r.OutcomeReason) > 3000 {
		v.Add("outcome_reason", "结案说明不能超过1000个字", "the outcome's note must be at most 1000 characters")
	}
}
