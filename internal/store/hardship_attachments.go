package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"gonghui"
)

// The evidence attachments' bounds: a scan or photo of a certificate.
const maxHardshipAttachment = 10 << 20

// hardshipAttachmentTypes are the content types evidence may have, as
// sniffed from its bytes (what the uploader claims is not trusted).
var hardshipAttachmentTypes = []string{"application/pdf", "image/jpeg", "image/png"}

// HardshipAttachment is an evidence file's description.
type HardshipAttachment = gonghui.Document

// checkAttachment checks an evidence file and describes it.
func (s *Store) checkAttachment(a gonghui.Actor, name string, data []byte) (HardshipAttachment, error) {
	return s.checkUpload(a, name, data, hardshipAttachmentTypes, maxHardshipAttachment,
		gonghui.Message{Zh: "只接受PDF、JPEG或PNG文件", En: "only PDF, JPEG or PNG files are accepted"})
}

// checkUpload checks an uploaded file and describes it: named, not empty,
// at most limit bytes, of one of types as sniffed from its bytes (wrong
// says which); with its SHA-256.
func (s *Store) checkUpload(a gonghui.Actor, name string, data []byte, types []string, limit int, wrong gonghui.Message) (gonghui.Document, error) {
	name = strings.TrimSpace(name)
	v := &gonghui.ValidationError{}
	if name == "" || utf8.RuneCountInString(name) > 200 {
		v.Add("name", "请填写文件名（不超过200个字）", "name the file (at most 200 characters)")
	}
	ct := http.DetectContentType(data)
	switch {
	case len(data) == 0:
		v.Add("file", "文件为空", "the file is empty")
	case len(data) > limit:
		v.Add("file", fmt.Sprintf("文件不能超过%dMB", limit>>20), fmt.Sprintf("the file must be at most %d MB", limit>>20))
	case !slices.Contains(types, ct):
		v.Add("file", wrong.Zh, wrong.En)
	}
	sum := sha256.Sum256(data)
	return gonghui.Document{Name: name, ContentType: ct, Size: int64(len(data)), SHA256: hex.EncodeToString(sum[:]), CreatedBy: a.Username,
		CreatedAt: time.Unix(s.nowUnix(), 0).UTC()}, v.Err()
}

// AddHardshipAttachment stores an evidence file in the database with its
// SHA-256; its type is sniffed from its bytes.
func (s *Store) AddHardshipAttachment(ctx context.Context, a gonghui.Actor, fileID int64, name string, data []byte) (HardshipAttachment, error) {
	if !a.Can(gonghui.PermEditHardship) {
		return HardshipAttachment{}, gonghui.ErrForbidden
	}
	at, err := s.checkAttachment(a, name, data)
	if err != nil {
		return at, err
	}
	err = s.inTx(ctx, func(c conn) error {
		cur, err := c.getHardshipFile(ctx, a, fileID)
		if err != nil {
			return err
		}
		if err := c.row(ctx, `INSERT INTO hardship_attachments (file_id, name, content_type, size, sha256, data, created_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, fileID, at.Name, at.ContentType, at.Size, at.SHA256, data, at.CreatedBy, at.CreatedAt.Unix()).Scan(&at.ID); err != nil {
			return err
		}
		return c.audit(ctx, a, auditEntry{action: "hardship.attach", recordType: "hardship_file", recordID: fileID, orgPath: cur.path,
			summary: mustJSON(map[string]any{"attachment": at.ID, "name": at.Name, "sha256": at.SHA256, "size": at.Size})})
	})
	return at, opErr(err, "attach to hardship file %d", fileID)
}

// HardshipAttachments lists a file's evidence (descriptions only).
func (s *Store) HardshipAttachments(ctx context.Context, a gonghui.Actor, fileID int64) ([]HardshipAttachment, error) {
	c := s.conn()
	if _, err := c.getHardshipFile(ctx, a, fileID); err != nil {
		return nil, opErr(err, "hardship attachments %d", fileID)
	}
	out := []HardshipAttachment{}
	var at HardshipAttachment
	var created int64
	err := c.eachRow(ctx, `SELECT id, name, content_type, size, sha256, created_by, created_at FROM hardship_attachments WHERE file_id = ? ORDER BY id`,
		[]any{fileID}, []any{&at.ID, &at.Name, &at.ContentType, &at.Size, &at.SHA256, &at.CreatedBy, &created}, func() {
			at.CreatedAt = time.Unix(created, 0).UTC()
			out = append(out, at)
		})
	return out, opErr(err, "hardship attachments %d", fileID)
}

// HardshipAttachmentData returns an evidence file's bytes: evidence is
// sensitive like the figures, so it needs the reveal permission and is
// audited before it is returned.
func (s *Store) HardshipAttachmentData(ctx context.Context, a gonghui.Actor, fileID, id int64) (HardshipAttachment, []byte, error) {
	c := s.conn()
	cur, err := c.getHardshipFile(ctx, a, fileID)
	if err != nil {
		return HardshipAttachment{}, nil, opErr(err, "hardship attachment %d", id)
	}
	if !a.Can(gonghui.PermRevealMembers) {
		return HardshipAttachment{}, nil, gonghui.ErrForbidden
	}
	var at HardshipAttachment
	var data []byte
	var created int64
	err = c.row(ctx, `SELECT id, name, content_type, size, sha256, created_by, created_at, data FROM hardship_attachments WHERE id = ? AND file_id = ?`, id, fileID).
		Scan(&at.ID, &at.Name, &at.ContentType, &at.Size, &at.SHA256, &at.CreatedBy, &created, &data)
	if errors.Is(err, sql.ErrNoRows) {
		err = gonghui.ErrNotFound
	}
	if err != nil {
		return at, nil, opErr(err, "hardship attachment %d", id)
	}
	at.CreatedAt = time.Unix(created, 0).UTC()
	return at, data, s.Audit(ctx, a, "hardship.attachment.read", "hardship_file", fileID, cur.path, mustJSON(map[string]any{"attachment": id}), gonghui.OutcomeSuccess)
}
