package httpserver

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"

	"gonghui"
	"gonghui/internal/i18n"
)

// list is the envelope of every list answer.
type list[T any] struct {
	Items []T `json:"items"`
	Total int `json:"total"`
	Page  int `json:"page"`
	Limit int `json:"limit"`
}

func newList[T any](items []T, total int, p gonghui.Page) list[T] {
	if items == nil {
		items = []T{}
	}
	return list[T]{Items: items, Total: total, Page: p.Offset/p.Limit + 1, Limit: p.Limit}
}

// api wraps an API handler: it needs a Bearer token. Handlers return the
// status and body, or an error that apiFail maps.
func (s *Server) api(h func(r *http.Request) (int, any, error)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u, ok := s.tokenUser(w, r)
		if !ok {
			return
		}
		r = r.WithContext(withUser(r.Context(), u))
		status, body, err := h(r)
		if err != nil {
			s.apiFail(w, r, err)
			return
		}
		writeJSON(w, status, body)
	})
}

// tokenUser finds the user of a request's Bearer token; when there is
// none or it is not valid, it has answered the request itself.
func (s *Server) tokenUser(w http.ResponseWriter, r *http.Request) (gonghui.User, bool) {
	token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok || token == "" {
		w.Header().Set("WWW-Authenticate", `Bearer realm="gonghui"`)
		writeJSON(w, http.StatusUnauthorized, apiErrorBody{apiError{Message: gonghui.Message{Zh: "需要API令牌", En: "API token required"}.In(i18n.FromRequest(r))}})
		return gonghui.User{}, false
	}
	u, err := s.store.TokenUser(r.Context(), strings.TrimSpace(token))
	if errors.Is(err, gonghui.ErrNotFound) {
		w.Header().Set("WWW-Authenticate", `Bearer realm="gonghui", error="invalid_token"`)
		writeJSON(w, http.StatusUnauthorized, apiErrorBody{apiError{Message: gonghui.Message{Zh: "API令牌无效或已撤销", En: "invalid or revoked API token"}.In(i18n.FromRequest(r))}})
		return gonghui.User{}, false
	}
	if err != nil {
		s.apiFail(w, r, err)
		return gonghui.User{}, false
	}
	return u, true
}

// metricsAuth admits to the server's metrics only a token of an
// administrator or auditor of the whole tree: the figures are the whole
// server's, and a reverse proxy on the same host would make every client
// look local.
func (s *Server) metricsAuth(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u, ok := s.tokenUser(w, r)
		if !ok {
			return
		}
		if !u.Role.Can(gonghui.PermReadAudit) || len(gonghui.PathIDs(u.OrgPath)) != 1 {
			writeJSON(w, http.StatusForbidden, apiErrorBody{apiError{Message: gonghui.Message{Zh: "仅市总工会的管理员或审计员可以读取运行指标",
				En: "only administrators and auditors of the city federation may read the metrics"}.In(i18n.FromRequest(r))}})
			return
		}
		h.ServeHTTP(w, r)
	})
}

// decodeJSON reads a JSON body of at most maxBody bytes into v.
func decodeJSON(r *http.Request, v any) error {
	b, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, maxBody))
	if err != nil {
		return bodyError(err)
	}
	return unmarshalInput(b, v)
}

// bodyError is a failure to read a request's body: a body over its bound
// (413) as it is, any other as invalid input.
func bodyError(err error) error {
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return tooLarge
	}
	return gonghui.Invalid("body", "无法读取请求体", "the request body could not be read")
}

// decodePatch applies a PATCH body to cur, the record's current values as
// an input (its ToInput): the fields the body names are decoded on top and
// every other field keeps its value, so a field added to the input later is
// never reset by a client that does not know it. The body must name the
// version it was edited from, as "version" or an If-Match header; the store
// refuses the edit as a conflict when the record has changed since. The
// fields sent are returned for the rules that depend on them. A role
// without perm is refused before the body is read, so that it never gets
// field errors as if its edit could be saved once corrected.
func decodePatch[T any](r *http.Request, perm gonghui.Permission, cur T) (T, map[string]json.RawMessage, error) {
	if !actorFrom(r).Can(perm) {
		return cur, nil, gonghui.ErrForbidden
	}
	var sent map[string]json.RawMessage
	if err := decodeJSON(r, &sent); err != nil {
		return cur, nil, err
	}
	if sent == nil {
		sent = map[string]json.RawMessage{}
	}
	if tag := r.Header.Get("If-Match"); tag != "" {
		v := strings.Trim(strings.TrimPrefix(strings.TrimSpace(tag), "W/"), `"`)
		if body, ok := sent["version"]; ok && string(body) != v {
			return cur, nil, gonghui.Invalid("version", "If-Match 与 version 不一致", "If-Match and version disagree")
		}
		sent["version"] = json.RawMessage(v)
	}
	var version int64
	if err := json.Unmarshal(sent["version"], &version); err != nil || version <= 0 {
		return cur, nil, gonghui.Invalid("version", "请提供所修改记录的版本（version 字段或 If-Match 请求头）",
			"send the version of the record you edited (the version field or an If-Match header)")
	}
	b, err := json.Marshal(sent)
	if err != nil {
		return cur, nil, err
	}
	err = unmarshalInput(b, &cur)
	return cur, sent, err
}

// unmarshalInput decodes a JSON body into v, refusing unknown fields. Its
// errors name their field.
func unmarshalInput(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil {
		return nil
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) && te.Field != "" {
		return gonghui.Invalid(te.Field, "字段类型错误，应为"+te.Type.String(), "wrong type: want "+te.Type.String())
	}
	if f, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		f = strings.Trim(f, `"`)
		return gonghui.Invalid(f, "未知字段", "unknown field")
	}
	if strings.Contains(err.Error(), "YYYY-MM-DD") {
		return gonghui.Invalid("date", "日期格式应为 YYYY-MM-DD", "date must be YYYY-MM-DD")
	}
	return gonghui.Invalid("body", "请求体不是有效的JSON", "the request body is not valid JSON")
}

// The API's handlers of a record: list, create, get and patch are the
// same calls on the record's store functions.

func apiListOf[F, T any](filter func(url.Values) F, page func(F) gonghui.Page, list func(context.Context, gonghui.Actor, F) ([]T, int, error)) func(*http.Request) (int, any, error) {
	return func(r *http.Request) (int, any, error) {
		f := filter(r.URL.Query())
		items, total, err := list(r.Context(), actorFrom(r), f)
		return http.StatusOK, newList(items, total, page(f)), err
	}
}

func apiCreateOf[In, T any](create func(context.Context, gonghui.Actor, In) (T, error)) func(*http.Request) (int, any, error) {
	return func(r *http.Request) (int, any, error) {
		var in In
		if err := decodeJSON(r, &in); err != nil {
			return 0, nil, err
		}
		x, err := create(r.Context(), actorFrom(r), in)
		return http.StatusCreated, x, err
	}
}

func apiGetOf[T any](get func(context.Context, gonghui.Actor, int64) (T, error)) func(*http.Request) (int, any, error) {
	return func(r *http.Request) (int, any, error) {
		id, err := pathID(r)
		if err != nil {
			return 0, nil, err
		}
		x, err := get(r.Context(), actorFrom(r), id)
		return http.StatusOK, x, err
	}
}

func apiPatchOf[T interface{ ToInput() In }, In any](perm gonghui.Permission, get func(context.Context, gonghui.Actor, int64) (T, error), update func(context.Context, gonghui.Actor, int64, In) (T, error)) func(*http.Request) (int, any, error) {
	return func(r *http.Request) (int, any, error) {
		id, err := pathID(r)
		if err != nil {
			return 0, nil, err
		}
		a := actorFrom(r)
		cur, err := get(r.Context(), a, id)
		if err != nil {
			return 0, nil, err
		}
		in, _, err := decodePatch(r, perm, cur.ToInput())
		if err != nil {
			return 0, nil, err
		}
		x, err := update(r.Context(), a, id, in)
		return http.StatusOK, x, err
	}
}

// apiActOf is a write on a record named by the path, its input the body.
func apiActOf[In, T any](act func(context.Context, gonghui.Actor, int64, In) (T, error)) func(*http.Request) (int, any, error) {
	return func(r *http.Request) (int, any, error) {
		id, err := pathID(r)
		if err != nil {
			return 0, nil, err
		}
		var in In
		if err := decodeJSON(r, &in); err != nil {
			return 0, nil, err
		}
		x, err := act(r.Context(), actorFrom(r), id, in)
		return http.StatusOK, x, err
	}
}

// apiStepOf is a step of a record's life (open, close, select…) named by
// the path, given the version it was read at.
func apiStepOf[T any](step func(context.Context, gonghui.Actor, int64, int64) (T, error)) func(*http.Request) (int, any, error) {
	return func(r *http.Request) (int, any, error) {
		id, err := pathID(r)
		if err != nil {
			return 0, nil, err
		}
		var in struct {
			Version int64 `json:"version"`
		}
		if err := decodeJSON(r, &in); err != nil {
			return 0, nil, err
		}
		x, err := step(r.Context(), actorFrom(r), id, in.Version)
		return http.StatusOK, x, err
	}
}
