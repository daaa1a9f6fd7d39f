package httpserver

import (
	"math"
	"net/url"
	"testing"
)

func FuzzParseCoordinate(f *testing.F) {
	for _, s := range []string{"39.908722", " 116.447229 ", "39。9", "NaN", "1e400", "-0", "39.9°"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, ok := parseCoordinate(s, 3, 54)
		if ok && (math.IsNaN(v) || v < 3 || v > 54) {
			t.Fatalf("%q read as %v", s, v)
		}
		// The whole query never panics, and a point it accepts is in China.
		q, err := nearestQuery(url.Values{"lat": {s}, "lng": {s}, "radius": {s}})
		if err == nil && (q.At.Lat < 3 || q.At.Lng < 73 || q.Radius <= 0) {
			t.Fatalf("%q accepted as %+v", s, q)
		}
	})
}
