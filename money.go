package gonghui

import (
	"fmt"
	"strconv"
	"strings"
)

// ParseFixed reads a decimal with at most `places` decimals into an
// integer of the smallest unit: ParseFixed("6500.5", 2) = 650050 (yuan to
// fen), ParseFixed("5.5", 2) = 550 (percent to basis points). No floats.
func ParseFixed(s string, places int) (int64, error) {
	s = strings.TrimSpace(strings.ReplaceAll(s, ",", ""))
	if s == "" {
		return 0, nil
	}
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	whole, frac, _ := strings.Cut(s, ".")
	if whole == "" && frac == "" || len(frac) > places || strings.Trim(whole+frac, "0123456789") != "" || len(whole) > 15 {
		return 0, fmt.Errorf("%q is not a number with at most %d decimals", s, places)
	}
	frac += strings.Repeat("0", places-len(frac))
	n, err := strconv.ParseInt(whole+frac, 10, 64)
	if err != nil && whole+frac != "" {
		return 0, err
	}
	if neg {
		n = -n
	}
	return n, nil
}

// FormatFixed writes an integer of the smallest unit as a decimal:
// FormatFixed(650050, 2) = "6500.50".
func FormatFixed(n int64, places int) string {
	sign := ""
	if n < 0 {
		sign, n = "-", -n
	}
	s := strconv.FormatInt(n, 10)
	if len(s) <= places {
		s = strings.Repeat("0", places-len(s)+1) + s
	}
	return sign + s[:len(s)-places] + "." + s[len(s)-places:]
}
