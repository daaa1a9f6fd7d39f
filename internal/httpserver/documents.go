package httpserver

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"gonghui"
	"gonghui/internal/store"
)

// documentUploadLimit bounds an evidence upload's request (the store
// bounds the file itself).
const documentUploadLimit = 11 << 20

// uploadedDocument reads the form's evidence file ("file"), named by the
// form's "name" or else by its own file name. A missing or oversized
// file is the field's error.
func uploadedDocument(w http.ResponseWriter, r *http.Request) (name string, data []byte, err error) {
	r.Body = http.MaxBytesReader(w, r.Body, documentUploadLimit)
	file, header, err := r.FormFile("file")
	if err != nil {
		return "", nil, gonghui.Invalid("file", "请选择不超过10MB的PDF、JPEG或PNG文件", "choose a PDF, JPEG or PNG file of at most 10 MB")
	}
	defer file.Close()
	if data, err = io.ReadAll(file); err != nil {
		return "", nil, err
	}
	if name = strings.TrimSpace(r.FormValue("name")); name == "" {
		name = header.Filename
	}
	return name, data, nil
}

// sendDocument answers a stored document as a download, never rendered
// in the page's origin.
func sendDocument(w http.ResponseWriter, contentType, name string, data []byte) error {
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(name))
	w.Header().Set("X-Content-Type-Options", "nosniff")
	_, err := w.Write(data)
	return err
}

// documentUpload is the handler that stores an uploaded evidence file
// with the record at {id} (its page under base), for whoever has perm.
func (s *Server) documentUpload(perm gonghui.Permission, base string,
	add func(context.Context, gonghui.Actor, int64, string, []byte) (store.HardshipAttachment, error)) uiHandler {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		a := actorFrom(r)
		if !a.Can(perm) {
			return gonghui.ErrForbidden
		}
		name, data, err := uploadedDocument(w, r)
		if err == nil {
			_, err = add(r.Context(), a, id, name, data)
		}
		return s.returnTo(w, r, base+itoa(id), err)
	}
}

// documentDownload is the handler that sends the document {param} of the
// record at {id} (the store checks the reveal permission and audits
// before the first byte).
func documentDownload(param string,
	get func(context.Context, gonghui.Actor, int64, int64) (store.HardshipAttachment, []byte, error)) uiHandler {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		doc, err := strconv.ParseInt(r.PathValue(param), 10, 64)
		if err != nil {
			return gonghui.ErrNotFound
		}
		d, data, err := get(r.Context(), actorFrom(r), id, doc)
		if err != nil {
			return err
		}
		return sendDocument(w, d.ContentType, d.Name, data)
	}
}
