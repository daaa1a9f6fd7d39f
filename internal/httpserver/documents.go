package httpserver

import (
	"io"
	"net/http"
	"net/url"
	"strings"

	"gonghui"
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
