package gonghui_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonghui"
)

// The reference pairs published with eviltransform's tests (WGS-84, then
// the GCJ-02 a Chinese map shows).
var gcjReference = []struct {
	name     string
	wgs, gcj gonghui.GeoPoint
}{
	{"Shanghai", gonghui.GeoPoint{Lat: 31.1774276, Lng: 121.5272106}, gonghui.GeoPoint{Lat: 31.17530398364597, Lng: 121.531541859215}},
	{"Shenzhen", gonghui.GeoPoint{Lat: 22.543847, Lng: 113.912316}, gonghui.GeoPoint{Lat: 22.540796131694766, Lng: 113.9171764808363}},
	{"Beijing", gonghui.GeoPoint{Lat: 39.911954, Lng: 116.377817}, gonghui.GeoPoint{Lat: 39.91334545536069, Lng: 116.38404722455657}},
	// Outside China the datums agree.
	{"Tokyo", gonghui.GeoPoint{Lat: 35.6895, Lng: 139.6917}, gonghui.GeoPoint{Lat: 35.6895, Lng: 139.6917}},
}

func near(a, b gonghui.GeoPoint, eps float64) bool {
	return math.Abs(a.Lat-b.Lat) < eps && math.Abs(a.Lng-b.Lng) < eps
}

func TestGCJ02(t *testing.T) {
	for _, c := range gcjReference {
		t.Run(c.name, func(t *testing.T) {
			if got := c.wgs.GCJ02(); !near(got, c.gcj, 1e-9) {
				t.Errorf("GCJ02(%v) = %v, want %v", c.wgs, got, c.gcj)
			}
			if got := gonghui.WGS84FromGCJ02(c.gcj); !near(got, c.wgs, 1e-6) {
				t.Errorf("WGS84FromGCJ02(%v) = %v, want %v", c.gcj, got, c.wgs)
			}
		})
	}
}

// The inverse lands within 1e-6° of the start anywhere in Beijing.
func TestGCJ02RoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		p := gonghui.GeoPoint{Lat: 39.4 + r.Float64()*1.7, Lng: 115.4 + r.Float64()*2.1}
		if back := gonghui.WGS84FromGCJ02(p.GCJ02()); !near(back, p, 1e-6) {
			t.Fatalf("round trip of %v gave %v", p, back)
		}
	}
}

func TestDistance(t *testing.T) {
	tian := gonghui.GeoPoint{Lat: 39.9087, Lng: 116.3975}
	for _, c := range []struct {
		name string
		to   gonghui.GeoPoint
		want float64 // metres
	}{
		{"itself", tian, 0},
		{"0.01° north", gonghui.GeoPoint{Lat: 39.9187, Lng: 116.3975}, 1111.95},
		{"Shanghai", gonghui.GeoPoint{Lat: 31.2304, Lng: 121.4737}, 1067e3},
	} {
		if got := tian.DistanceTo(c.to); math.Abs(got-c.want) > c.want*0.005+0.01 {
			t.Errorf("%s: %.2f m, want %.2f", c.name, got, c.want)
		}
	}
}

// Every point within the radius is in one of the cells searched.
func TestCellsWithin(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for range 500 {
		c := gonghui.GeoPoint{Lat: 39.4 + r.Float64()*1.7, Lng: 115.4 + r.Float64()*2.1}
		radius := 100 + r.Float64()*5000
		rows := c.CellsWithin(radius)
		for range 50 {
			p := gonghui.GeoPoint{Lat: c.Lat + (r.Float64()-0.5)*0.1, Lng: c.Lng + (r.Float64()-0.5)*0.12}
			if c.DistanceTo(p) > radius {
				continue
			}
			cell, in := p.Cell(), false
			for _, row := range rows {
				in = in || (cell >= row.From && cell <= row.To)
			}
			if !in {
				t.Fatalf("%v is %.0f m from %v but its cell %d is outside %v", p, c.DistanceTo(p), c, cell, rows)
			}
		}
	}
}
