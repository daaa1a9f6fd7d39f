package gonghui

import "time"

// Outcome of an audited action.
const (
	OutcomeSuccess = "success"
	OutcomeFailure = "failure"
)

// AuditEvent records who did what to which record, from where, with what
// outcome. Storage writes it in the same transaction as the change.
type AuditEvent struct {
	ID         int64     `json:"id"`
	At         time.Time `json:"at"`
	UserID     int64     `json:"user_id,omitempty"`
	Username   string    `json:"username"`
	Action     string    `json:"action"`
	RecordType string    `json:"record_type"`
	RecordID   int64     `json:"record_id,omitempty"`
	OrgPath    string    `json:"-"`
	Summary    string    `json:"summary"`
	ClientAddr string    `json:"client_addr"`
	Outcome    string    `json:"outcome"`
}

// AuditFilter selects audit events.
type AuditFilter struct {
	Username   string
	Action     string
	RecordType string
	RecordID   int64
	Since      time.Time
	Until      time.Time
	Page
}
