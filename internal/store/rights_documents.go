package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"gonghui"
)

// CaseDocument describes a document of a rights case (an application, a
// contract, a payslip, an agreement): stored in the database with its
// SHA-256, checked as a hardship file's evidence is.
type CaseDocument = HardshipAttachment

// AddRightsDocument stores a document with its case.
func (s *Store) AddRightsDocument(ctx context.Context, a gonghui.Actor, caseID int64, name string, data []byte) (CaseDocument, error) {
	if !a.Can(gonghui.PermEditRights) {
		return CaseDocument{}, gonghui.ErrForbidden
	}
	doc, err := s.checkAttachment(a, name, data)
	if err != nil {
		return doc, err
	}
	err = s.inTx(ctx, func(c conn) error {
		cur, err := c.getRightsCase(ctx, a, caseID)
		if err != nil {
			return err
		}
		if err := c.row(ctx, `INSERT INTO rights_documents (case_id, name, content_type, size, sha256, data, created_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, caseID, doc.Name, doc.ContentType, doc.Size, doc.SHA256, data, doc.CreatedBy, doc.CreatedAt.Unix()).Scan(&doc.ID); err != nil {
			return err
		}
		if err := c.addRightsStep(ctx, a, caseID, "document", s.today(), doc.Name); err != nil {
			return err
		}
		return c.audit(ctx, a, auditEntry{action: "rights.document.add", recordType: "rights_case", recordID: caseID, orgPath: cur.path,
			summary: mustJSON(map[string]any{"document": doc.ID, "name": doc.Name, "sha256": doc.SHA256, "size": doc.Size})})
	})
	return doc, opErr(err, "add a document to rights case %d", caseID)
}

// RightsDocuments lists a case's documents (descriptions only).
func (s *Store) RightsDocuments(ctx context.Context, a gonghui.Actor, caseID int64) ([]CaseDocument, error) {
	c := s.conn()
	scope, args := caseScope(a)
	out := []CaseDocument{}
	var d CaseDocument
	var created int64
	err := c.eachRow(ctx, `SELECT d.id, d.name, d.content_type, d.size, d.sha256, d.created_by, d.created_at FROM rights_documents d
		JOIN rights_cases k ON k.id = d.case_id JOIN orgs o ON o.id = k.org_id WHERE d.case_id = ? AND `+scope+` ORDER BY d.id`,
		append([]any{caseID}, args...), []any{&d.ID, &d.Name, &d.ContentType, &d.Size, &d.SHA256, &d.CreatedBy, &created}, func() {
			d.CreatedAt = time.Unix(created, 0).UTC()
			out = append(out, d)
		})
	return out, opErr(err, "rights documents %d", caseID)
}

// RightsDocumentData returns a document's bytes: a case's documents hold
// its parties' personal data, so reading one needs the reveal permission
// and is audited before the first byte.
func (s *Store) RightsDocumentData(ctx context.Context, a gonghui.Actor, caseID, id int64) (CaseDocument, []byte, error) {
	c := s.conn()
	cur, err := c.getRightsCase(ctx, a, caseID)
	if err != nil {
		return CaseDocument{}, nil, opErr(err, "rights document %d", id)
	}
	if !a.Can(revealPerm(a)) || a.IsPartner() && !cur.heldBy(a.PartnerID) {
		return CaseDocument{}, nil, gonghui.ErrForbidden
	}
	var d CaseDocument
	var created int64
	err = c.row(ctx, `SELECT id, name, content_type, size, sha256, created_by, created_at FROM rights_documents WHERE id = ? AND case_id = ?`, id, caseID).
		Scan(&d.ID, &d.Name, &d.ContentType, &d.Size, &d.SHA256, &d.CreatedBy, &created)
	if errors.Is(err, sql.ErrNoRows) {
		err = gonghui.ErrNotFound
	}
	if err != nil {
		return d, nil, opErr(err, "rights document %d", id)
	}
	d.CreatedAt = time.Unix(created, 0).UTC()
	if err := s.Audit(ctx, a, "rights.document.read", "rights_case", caseID, cur.path, mustJSON(map[string]any{"document": id}), gonghui.OutcomeSuccess); err != nil {
		return d, nil, opErr(err, "rights document %d", id)
	}
	var data []byte
	err = c.row(ctx, `SELECT data FROM rights_documents WHERE id = ?`, id).Scan(&data)
	return d, data, opErr(err, "rights document %d", id)
}
