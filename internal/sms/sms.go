// Package sms sends the portal's one-time codes by text message: through
// an HTTP gateway in production, to the log in development and tests.
package sms

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"sync"
	"time"
)

// Sender sends one text message to a mobile number.
type Sender interface {
	Send(ctx context.Context, phone, text string) error
}

// LogSender writes each message to the log instead of sending it, and
// keeps the last message of each number for tests.
type LogSender struct {
	Log *slog.Logger

	mu   sync.Mutex
	last map[string]string
}

// Send logs the message.
func (l *LogSender) Send(_ context.Context, phone, text string) error {
	log := l.Log
	if log == nil {
		log = slog.Default()
	}
	log.Info("sms (not sent: development sender)", "phone", phone, "text", text)
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.last == nil {
		l.last = map[string]string{}
	}
	l.last[phone] = text
	return nil
}

// Last is the last message logged for phone ("" when none).
func (l *LogSender) Last(phone string) string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.last[phone]
}

// HTTPSender posts each message to a gateway as JSON
// ({"phone": …, "text": …}) with HTTP basic authentication; any answer
// but a 2xx is a failure.
type HTTPSender struct {
	URL            string
	User, Password string
	Client         *http.Client // default: a client with a 10 s timeout
}

// NewHTTPSender checks the gateway's address.
func NewHTTPSender(gateway, user, password string) (*HTTPSender, error) {
	u, err := url.Parse(gateway)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, fmt.Errorf("sms gateway %q: want an http(s) URL", gateway)
	}
	if user == "" || password == "" {
		return nil, errors.New("sms gateway: the user and password are needed")
	}
	return &HTTPSender{URL: gateway, User: user, Password: password, Client: &http.Client{Timeout: 10 * time.Second}}, nil
}

// Send posts the message.
func (h *HTTPSender) Send(ctx context.Context, phone, text string) error {
	body, err := json.Marshal(map[string]string{"phone": phone, "text": text})
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, h.URL, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.SetBasicAuth(h.User, h.Password)
	client := h.Client
	if client == nil {
		client = http.DefaultClient
	}
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("sms gateway: %w", err)
	}
	defer resp.Body.Close()
	msg, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("sms gateway: %s: %s", resp.Status, bytes.TrimSpace(msg))
	}
	return nil
}
