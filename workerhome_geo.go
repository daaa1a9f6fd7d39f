package gonghui

import "math"

// Chinese maps (AMap, Tencent, the phones' own) draw in GCJ-02, a datum
// offset from WGS-84 by a published, deliberately irregular function; GPS
// and the records stay WGS-84, and a point crosses over only at the map.

// gcjA and gcjEE are the Krasovsky 1940 ellipsoid the offset is defined on.
const (
	gcjA  = 6378245.0
	gcjEE = 0.00669342162296594323
)

// outsideChina: the offset applies inside China's rough bounding box only;
// outside it both datums agree.
func outsideChina(p GeoPoint) bool {
	return p.Lng < 72.004 || p.Lng > 137.8347 || p.Lat < 0.8293 || p.Lat > 55.8271
}

// gcjOffset is GCJ-02 minus WGS-84 at a WGS-84 point, in degrees.
func gcjOffset(p GeoPoint) (dLat, dLng float64) {
	x, y := p.Lng-105, p.Lat-35
	dLat = -100 + 2*x + 3*y + 0.2*y*y + 0.1*x*y + 0.2*math.Sqrt(math.Abs(x))
	dLat += (20*math.Sin(6*x*math.Pi) + 20*math.Sin(2*x*math.Pi)) * 2 / 3
	dLat += (20*math.Sin(y*math.Pi) + 40*math.Sin(y/3*math.Pi)) * 2 / 3
	dLat += (160*math.Sin(y/12*math.Pi) + 320*math.Sin(y*math.Pi/30)) * 2 / 3
	dLng = 300 + x + 2*y + 0.1*x*x + 0.1*x*y + 0.1*math.Sqrt(math.Abs(x))
	dLng += (20*math.Sin(6*x*math.Pi) + 20*math.Sin(2*x*math.Pi)) * 2 / 3
	dLng += (20*math.Sin(x*math.Pi) + 40*math.Sin(x/3*math.Pi)) * 2 / 3
	dLng += (150*math.Sin(x/12*math.Pi) + 300*math.Sin(x/30*math.Pi)) * 2 / 3
	rad := p.Lat / 180 * math.Pi
	magic := 1 - gcjEE*math.Sin(rad)*math.Sin(rad)
	sq := math.Sqrt(magic)
	dLat = dLat * 180 / ((gcjA * (1 - gcjEE)) / (magic * sq) * math.Pi)
	dLng = dLng * 180 / (gcjA / sq * math.Cos(rad) * math.Pi)
	return dLat, dLng
}

// GCJ02 is the point in GCJ-02, as Chinese maps place it.
func (p GeoPoint) GCJ02() GeoPoint {
	if outsideChina(p) {
		return p
	}
	dLat, dLng := gcjOffset(p)
	return GeoPoint{Lat: p.Lat + dLat, Lng: p.Lng + dLng}
}

// WGS84FromGCJ02 is the WGS-84 point a GCJ-02 one (picked on a Chinese
// map) was offset from. The offset has no closed inverse: it is solved by
// fixed-point iteration until a step is below 1e-7° (the offset varies
// slowly, so it converges in a few steps).
func WGS84FromGCJ02(g GeoPoint) GeoPoint {
	if outsideChina(g) {
		return g
	}
	w := g
	for range 30 {
		dLat, dLng := gcjOffset(w)
		next := GeoPoint{Lat: g.Lat - dLat, Lng: g.Lng - dLng}
		done := math.Abs(next.Lat-w.Lat) < 1e-7 && math.Abs(next.Lng-w.Lng) < 1e-7
		w = next
		if done {
			break
		}
	}
	return w
}

// earthRadius is the mean radius of the earth in metres.
const earthRadius = 6371008.8

// DistanceTo is the great-circle (haversine) distance in metres.
func (p GeoPoint) DistanceTo(q GeoPoint) float64 {
	rad := math.Pi / 180
	dLat, dLng := (q.Lat-p.Lat)*rad, (q.Lng-p.Lng)*rad
	h := math.Sin(dLat/2)*math.Sin(dLat/2) + math.Cos(p.Lat*rad)*math.Cos(q.Lat*rad)*math.Sin(dLng/2)*math.Sin(dLng/2)
	return 2 * earthRadius * math.Asin(math.Min(1, math.Sqrt(h)))
}

// The nearest search finds stations by a grid of cells GeoCellSize
// degrees on a side, indexed: a cell is its row times GeoCellRow plus its
// column, so a row of cells is one range of the index. 0.005° is about
// 560 m north–south and 430 m east–west in Beijing: a 2 km search reads
// about nine rows of eleven cells, a 250 m one two or three rows.
const (
	GeoCellSize = 0.005
	GeoCellRow  = 100000
)

// floorDiv is a / b rounded down (b > 0).
func floorDiv(a, b int64) int64 {
	if q := a / b; a%b < 0 {
		return q - 1
	} else {
		return q
	}
}

// Cell is the grid cell the point is in, computed from its stored
// micro-degrees so that the database's cells (the migration's recount
// among them) and the search's agree exactly.
func (p GeoPoint) Cell() int64 {
	lat, lng := p.Micro()
	const perCell = int64(GeoCellSize * 1e6)
	// Offsets keep every cell positive: row 0 is the south pole's.
	return (floorDiv(lat, perCell)+90e6/perCell)*GeoCellRow + floorDiv(lng, perCell) + 180e6/perCell
}

// CellRange is one row of cells, From to To inclusive.
type CellRange struct{ From, To int64 }

// CellsWithin are the rows of cells holding every point within radius
// metres of p (a few more at the corners): the search reads these,
// then measures each candidate exactly.
func (p GeoPoint) CellsWithin(radius float64) []CellRange {
	dLat := radius / earthRadius * 180 / math.Pi
	// The widest a circle's longitude span gets is at its pole-ward edge.
	edge := math.Min(89, math.Abs(p.Lat)+dLat)
	dLng := dLat / math.Cos(edge*math.Pi/180)
	lo, hi := GeoPoint{Lat: p.Lat - dLat, Lng: p.Lng - dLng}, GeoPoint{Lat: p.Lat + dLat, Lng: p.Lng + dLng}
	first, last := lo.Cell(), hi.Cell()
	width := last%GeoCellRow - first%GeoCellRow
	var out []CellRange
	for row := first - first%GeoCellRow; row <= last-last%GeoCellRow; row += GeoCellRow {
		from := row + first%GeoCellRow
		out = append(out, CellRange{from, from + width})
	}
	return out
}
