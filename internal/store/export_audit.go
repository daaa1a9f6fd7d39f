package store

import (
	"context"
	"maps"

	"gonghui"
)

// Export is a download of records in progress (members, the union tree,
// a census return, a report, an import's error report). Its start is
// audited before the first byte is written and its end — completed or
// aborted, with the rows written — after the last. Both events are written
// on a context that is never cancelled: a client that cuts the download
// off cancels the request's, and the rows it has received must not go
// unrecorded.
type Export struct {
	s       *Store
	ctx     context.Context
	a       gonghui.Actor
	what    string
	id      int64
	orgPath string
	details map[string]any
}

// Audit actions of an export.
const (
	ActionExportStart = "export.start"
	ActionExportEnd   = "export.end"
)

// StartExport audits the start of an export of what (the record type; id
// the record, 0 for a list) under orgPath, with details such as the format,
// the filter and whether personal data is revealed. Nothing may be written
// when it fails.
func (s *Store) StartExport(ctx context.Context, a gonghui.Actor, what string, id int64, orgPath string, details map[string]any) (*Export, error) {
	e := &Export{s: s, ctx: context.WithoutCancel(ctx), a: a, what: what, id: id, orgPath: orgPath, details: details}
	if e.details == nil {
		e.details = map[string]any{}
	}
	err := s.conn().audit(e.ctx, a, auditEntry{action: ActionExportStart, recordType: what, recordID: id, orgPath: orgPath, summary: mustJSON(e.details)})
	return e, opErr(err, "audit export of %s", what)
}

// End audits the end of the export: rows written and, when err is not nil,
// that it was aborted and why.
func (e *Export) End(rows int, err error) error {
	sum := maps.Clone(e.details)
	sum["rows"] = rows
	sum["completed"] = err == nil
	outcome := gonghui.OutcomeSuccess
	if err != nil {
		sum["error"] = err.Error()
		outcome = gonghui.OutcomeFailure
	}
	aerr := e.s.conn().audit(e.ctx, e.a, auditEntry{action: ActionExportEnd, recordType: e.what, recordID: e.id, orgPath: e.orgPath,
		summary: mustJSON(sum), outcome: outcome})
	return opErr(aerr, "audit end of export of %s", e.what)
}
