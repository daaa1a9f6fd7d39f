package httpserver

import (
	_ "embed"
	"net/http"
)

// openAPI is the API's OpenAPI 3.1 document; a test keeps it in step with
// the routes and with the JSON fields of the types the handlers return.
//
//go:embed openapi.json
var openAPI []byte

func serveOpenAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Write(openAPI)
}
