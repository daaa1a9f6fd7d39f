package store_test

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"testing"

	"gonghui"
	"gonghui/internal/store"
	"gonghui/internal/store/storetest"
)

// aPNG is a small PNG whose pixel is shade.
func aPNG(t testing.TB, shade uint8) []byte {
	img := image.NewGray(image.Rect(0, 0, 2, 2))
	img.Set(0, 0, color.Gray{Y: shade})
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestStationPhotos: a cadre of the station's subtree keeps its photos
// (JPEG or PNG as the bytes say, at most eight), another district's cadre
// neither sees nor touches them, members see them by the door's code, and
// a removed photo is gone; each write is audited.
func TestStationPhotos(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		setToday(s)
		f := newFixture(t, s)
		h := mustHome(t, s, homeInput(f.g1, "建外暖心驿站", gonghui.WorkerHomeWarm, gonghui.NewDate(2020, 1, 1)))
		cadre := actor(f.chaoyang, gonghui.RoleCadre)
		other := actor(f.haidian, gonghui.RoleCadre)
		for name, c := range map[string]struct {
			data  []byte
			field string
		}{
			"a PDF":   {[]byte("%PDF-1.4\n%%EOF\n"), "file"},
			"empty":   {nil, "file"},
			"too big": {append(aPNG(t, 1), make([]byte, 5<<20)...), "file"},
		} {
			if _, err := s.AddStationPhoto(ctx, cadre, h.ID, "门口.png", c.data); fieldOf(err) != c.field {
				t.Errorf("%s: %v, want an error on %s", name, err, c.field)
			}
		}
		if _, err := s.AddStationPhoto(ctx, other, h.ID, "门口.png", aPNG(t, 1)); !errors.Is(err, gonghui.ErrNotFound) {
			t.Errorf("another district's cadre: %v", err)
		}
		if _, err := s.AddStationPhoto(ctx, actor(f.chaoyang, gonghui.RoleViewer), h.ID, "门口.png", aPNG(t, 1)); !errors.Is(err, gonghui.ErrForbidden) {
			t.Errorf("a viewer: %v", err)
		}
		var first gonghui.Document
		for i := range store.MaxStationPhotos {
			p, err := s.AddStationPhoto(ctx, cadre, h.ID, fmt.Sprintf("照片%d.png", i), aPNG(t, uint8(i)))
			if err != nil {
				t.Fatal(err)
			}
			if i == 0 {
				first = p
			}
		}
		if _, err := s.AddStationPhoto(ctx, cadre, h.ID, "第九张.png", aPNG(t, 99)); fieldOf(err) != "photos" {
			t.Errorf("a ninth photo: %v", err)
		}
		list, err := s.StationPhotos(ctx, cadre, h.ID)
		if err != nil || len(list) != store.MaxStationPhotos || list[0].ContentType != "image/png" || list[0].SHA256 == "" {
			t.Fatalf("the photos: %+v %v", list, err)
		}
		if _, err := s.StationPhotos(ctx, other, h.ID); !errors.Is(err, gonghui.ErrNotFound) {
			t.Errorf("another district lists them: %v", err)
		}
		if d, data, err := s.PublicStationPhoto(ctx, h.Code, first.ID); err != nil || !bytes.Equal(data, aPNG(t, 0)) || d.Name != "照片0.png" {
			t.Errorf("a member's view of the first: %+v %v", d, err)
		}
		if _, _, err := s.PublicStationPhoto(ctx, "ZJ999999", first.ID); !errors.Is(err, gonghui.ErrNotFound) {
			t.Errorf("a photo under another code: %v", err)
		}
		if err := s.RemoveStationPhoto(ctx, other, h.ID, first.ID); !errors.Is(err, gonghui.ErrNotFound) {
			t.Errorf("another district removes one: %v", err)
		}
		if err := s.RemoveStationPhoto(ctx, cadre, h.ID, first.ID); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.StationPhoto(ctx, cadre, h.ID, first.ID); !errors.Is(err, gonghui.ErrNotFound) {
			t.Errorf("the removed photo: %v", err)
		}
		var audited int
		if err := s.DB().QueryRow(`SELECT count(*) FROM audit_events WHERE action LIKE 'workerhome.photo.%'`).Scan(&audited); err != nil || audited != store.MaxStationPhotos+1 {
			t.Errorf("%d photo events audited (%v), want %d", audited, err, store.MaxStationPhotos+1)
		}
	})
}

func init() {
	lockRules = append(lockRules, lockRule{name: "at most eight photos a station, added concurrently", refused: []string{"photos"}, oneWins: true,
		round: func(t *testing.T, e *contention) (func(int) error, func() int) {
			s := e.s
			h := mustHome(t, s, homeInput(e.f.g1, fmt.Sprintf("驿站%d", e.next()), gonghui.WorkerHomeWarm, gonghui.NewDate(2020, 1, 1)))
			for i := range store.MaxStationPhotos - 1 {
				if _, err := s.AddStationPhoto(ctx, sys, h.ID, "照片.png", aPNG(t, uint8(i))); err != nil {
					t.Fatal(err)
				}
			}
			return func(i int) error {
					_, err := s.AddStationPhoto(ctx, sys, h.ID, "最后一张.png", aPNG(t, uint8(100+i)))
					return err
				}, func() int {
					var n int
					if err := s.DB().QueryRow(s.Rebind(`SELECT count(*) FROM station_photos WHERE home_id = ? AND name = '最后一张.png'`), h.ID).Scan(&n); err != nil {
						return -1
					}
					return n
				}
		}})
}
