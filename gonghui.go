// Package gonghui holds the domain of the gonghui trade-union platform: the
// types and rules shared by storage, the web UI, the JSON API and the CLI.
// It does no I/O; storage lives in internal/store, HTTP in internal/httpserver.
package gonghui

import (
	"database/sql/driver"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Version is set at build time with -ldflags "-X gonghui.Version=...".
var Version = "dev"

// Errors every storage implementation returns for the same conditions, so
// handlers can map them to HTTP statuses without knowing the engine.
var (
	// ErrNotFound is returned for missing records and for records outside the
	// caller's subtree alike, so that scope never leaks existence.
	ErrNotFound = errors.New("not found")
	// ErrForbidden is returned when the caller's role may not perform an action.
	ErrForbidden = errors.New("forbidden")
	// ErrConflict is returned when a change clashes with the record's
	// current state, such as an edit made from a version that has changed
	// since. A *ConflictError says why; errors.Is(err, ErrConflict) holds
	// for every conflict.
	ErrConflict = errors.New("conflict")
)

// ConflictError is a conflict with a reason the user can act on.
type ConflictError struct {
	Message Message
}

func (e *ConflictError) Error() string { return "conflict: " + e.Message.En }

// Is makes every ConflictError match ErrConflict.
func (e *ConflictError) Is(target error) bool { return target == ErrConflict }

// Conflict is a shortcut for a ConflictError.
func Conflict(zh, en string) error { return &ConflictError{Message{Zh: zh, En: en}} }

// StaleEdit is the conflict of an edit made from a version of the record
// that has changed since.
func StaleEdit() error {
	return Conflict("此记录已被他人修改，请刷新后重试", "this record was changed by someone else; reload and try again")
}

// Message is a user-facing text in both product languages.
type Message struct {
	Zh string `json:"zh"`
	En string `json:"en"`
}

// In returns the message in lang ("en" or anything else for Chinese).
func (m Message) In(lang string) string {
	if lang == "en" {
		return m.En
	}
	return m.Zh
}

// ValidationError lists bad fields with a reason each. Handlers answer it
// with 422 (API) or by showing each reason beside its field (UI).
type ValidationError struct {
	Fields map[string]Message
}

// Add records a reason for field; the first reason for a field wins.
func (v *ValidationError) Add(field, zh, en string) {
	if v.Fields == nil {
		v.Fields = map[string]Message{}
	}
	if _, ok := v.Fields[field]; !ok {
		v.Fields[field] = Message{Zh: zh, En: en}
	}
}

// Rename moves the reason for one field to another (a form naming the
// same kind of thing twice, such as a second union); other errors pass.
func Rename(err error, from, to string) error {
	var v *ValidationError
	if !errors.As(err, &v) {
		return err
	}
	if m, ok := v.Fields[from]; ok {
		delete(v.Fields, from)
		v.Add(to, m.Zh, m.En)
	}
	return v
}

// Err returns v when it holds any field, nil otherwise.
func (v *ValidationError) Err() error {
	if v == nil || len(v.Fields) == 0 {
		return nil
	}
	return v
}

func (v *ValidationError) Error() string {
	names := make([]string, 0, len(v.Fields))
	for f := range v.Fields {
		names = append(names, f)
	}
	sort.Strings(names)
	parts := make([]string, len(names))
	for i, f := range names {
		parts[i] = f + ": " + v.Fields[f].En
	}
	return "invalid input: " + strings.Join(parts, "; ")
}

// Invalid is a shortcut for a ValidationError on one field.
func Invalid(field, zh, en string) error {
	v := &ValidationError{}
	v.Add(field, zh, en)
	return v
}

// Shanghai is the time zone of every calendar date gonghui keeps.
var Shanghai = loadShanghai()

func loadShanghai() *time.Location {
	if loc, err := time.LoadLocation("Asia/Shanghai"); err == nil {
		return loc
	}
	return time.FixedZone("CST", 8*3600)
}

// Date is a calendar date in Asia/Shanghai, stored as "YYYY-MM-DD" text on
// every engine so that comparisons and indexes behave the same everywhere.
// The zero Date means "not set".
type Date struct {
	t time.Time
}

// NewDate builds a Date from its parts.
func NewDate(year int, month time.Month, day int) Date {
	return Date{time.Date(year, month, day, 0, 0, 0, 0, time.UTC)}
}

// DateOf returns the Shanghai calendar date of t.
func DateOf(t time.Time) Date {
	y, m, d := t.In(Shanghai).Date()
	return NewDate(y, m, d)
}

// Today is the current date in Shanghai.
func Today() Date { return DateOf(time.Now()) }

// ParseDate reads "YYYY-MM-DD"; the empty string is the zero Date.
func ParseDate(s string) (Date, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Date{}, nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, fmt.Errorf("date %q: want YYYY-MM-DD", s)
	}
	return Date{t}, nil
}

// IsZero reports whether the date is unset.
func (d Date) IsZero() bool { return d.t.IsZero() }

// Before reports whether d is earlier than e.
func (d Date) Before(e Date) bool { return d.t.Before(e.t) }

func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.t.Format(time.DateOnly)
}

// Chinese is the date as Chinese text writes it, 2017年9月30日 ("" for the
// zero Date): what pages, printed forms and reports show a Chinese reader;
// inputs, files and the API keep String's ISO form.
func (d Date) Chinese() string {
	if d.IsZero() {
		return ""
	}
	y, m, day := d.t.Date()
	return strconv.Itoa(y) + "年" + strconv.Itoa(int(m)) + "月" + strconv.Itoa(day) + "日"
}

// MarshalText implements encoding.TextMarshaler ("" for the zero Date).
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (d *Date) UnmarshalText(b []byte) error {
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// Value implements driver.Valuer: NULL for the zero Date.
func (d Date) Value() (driver.Value, error) {
	if d.IsZero() {
		return nil, nil
	}
	return d.String(), nil
}

// Scan implements sql.Scanner for text dates and NULL.
func (d *Date) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*d = Date{}
		return nil
	case string:
		return d.UnmarshalText([]byte(v))
	case []byte:
		return d.UnmarshalText(v)
	case time.Time:
		*d = NewDate(v.Date())
		return nil
	}
	return fmt.Errorf("cannot scan %T into Date", src)
}

// Page asks for one page of a list.
type Page struct {
	Offset int
	Limit  int
}

// Normalize clamps the page to sane bounds: 1..500 rows, default 50.
func (p Page) Normalize() Page {
	if p.Limit <= 0 {
		p.Limit = 50
	}
	if p.Limit > 500 {
		p.Limit = 500
	}
	if p.Offset < 0 {
		p.Offset = 0
	}
	return p
}

// Parts returns the year, month and day.
func (d Date) Parts() (int, time.Month, int) { return d.t.Date() }

// AddDays returns the date n days later (earlier for negative n).
func (d Date) AddDays(n int) Date { return Date{d.t.AddDate(0, 0, n)} }
