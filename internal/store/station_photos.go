package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"gonghui"
)

// A station's photos: JPEG or PNG, a few per station, kept with their
// SHA-256. Cadres of the station's union's subtree add and remove them;
// any member sees them with the station.
const (
	maxStationPhoto = 5 << 20
	// MaxStationPhotos is how many photos a station keeps at most.
	MaxStationPhotos = 8
)

var stationPhotoTypes = []string{"image/jpeg", "image/png"}

// lockStationPhotos: at most MaxStationPhotos per station. Key: the
// station.
var lockStationPhotos = newLockRule("stations: a station's photos")

const stationPhotoColumns = `id, name, content_type, size, sha256, created_by, created_at`

func scanPhoto(sc scanner, extra ...any) (gonghui.Document, error) {
	var d gonghui.Document
	var created int64
	err := sc.Scan(append([]any{&d.ID, &d.Name, &d.ContentType, &d.Size, &d.SHA256, &d.CreatedBy, &created}, extra...)...)
	if errors.Is(err, sql.ErrNoRows) {
		err = gonghui.ErrNotFound
	}
	d.CreatedAt = time.Unix(created, 0).UTC()
	return d, err
}

// AddStationPhoto keeps a photo of a station of the actor's scope.
func (s *Store) AddStationPhoto(ctx context.Context, a gonghui.Actor, homeID int64, name string, data []byte) (gonghui.Document, error) {
	if !a.Can(gonghui.PermEditOrgs) {
		return gonghui.Document{}, gonghui.ErrForbidden
	}
	photo, err := s.checkUpload(a, name, data, stationPhotoTypes, maxStationPhoto,
		gonghui.Message{Zh: "照片只接受JPEG或PNG文件", En: "a photo is a JPEG or PNG file"})
	if err != nil {
		return photo, err
	}
	err = s.inTx(ctx, func(c conn) error {
		_, path, err := c.getWorkerHome(ctx, a, homeID)
		if err != nil {
			return err
		}
		if err := c.lockFor(ctx, lockStationPhotos, homeID); err != nil {
			return err
		}
		var n int
		if err := c.row(ctx, `SELECT count(*) FROM station_photos WHERE home_id = ?`, homeID).Scan(&n); err != nil {
			return err
		}
		if n >= MaxStationPhotos {
			return gonghui.Invalid("photos", "每个站点最多保存8张照片，请先删除一张", "a station keeps at most 8 photos: remove one first")
		}
		if err := c.row(ctx, `INSERT INTO station_photos (home_id, name, content_type, size, sha256, data, created_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, homeID, photo.Name, photo.ContentType, photo.Size, photo.SHA256, data,
			photo.CreatedBy, photo.CreatedAt.Unix()).Scan(&photo.ID); err != nil {
			return err
		}
		return c.audit(ctx, a, auditEntry{action: "workerhome.photo.add", recordType: "worker_home", recordID: homeID, orgPath: path,
			summary: mustJSON(map[string]any{"photo": photo.ID, "name": photo.Name, "sha256": photo.SHA256, "size": photo.Size})})
	})
	return photo, opErr(err, "add a photo to station %d", homeID)
}

// RemoveStationPhoto removes a photo of a station of the actor's scope.
func (s *Store) RemoveStationPhoto(ctx context.Context, a gonghui.Actor, homeID, id int64) error {
	if !a.Can(gonghui.PermEditOrgs) {
		return gonghui.ErrForbidden
	}
	return opErr(s.inTx(ctx, func(c conn) error {
		_, path, err := c.getWorkerHome(ctx, a, homeID)
		if err != nil {
			return err
		}
		photo, err := scanPhoto(c.row(ctx, `SELECT `+stationPhotoColumns+` FROM station_photos WHERE id = ? AND home_id = ?`, id, homeID))
		if err != nil {
			return err
		}
		if _, err := c.exec(ctx, `DELETE FROM station_photos WHERE id = ?`, id); err != nil {
			return err
		}
		return c.audit(ctx, a, auditEntry{action: "workerhome.photo.remove", recordType: "worker_home", recordID: homeID, orgPath: path,
			summary: mustJSON(map[string]any{"photo": id, "name": photo.Name, "sha256": photo.SHA256})})
	}), "remove photo %d", id)
}

// StationPhotos lists a station's photos (descriptions), oldest first:
// a station of the actor's scope.
func (s *Store) StationPhotos(ctx context.Context, a gonghui.Actor, homeID int64) ([]gonghui.Document, error) {
	c := s.conn()
	if _, _, err := c.getWorkerHome(ctx, a, homeID); err != nil {
		return nil, opErr(err, "station photos %d", homeID)
	}
	out, err := c.photosOf(ctx, homeID)
	return out, opErr(err, "station photos %d", homeID)
}

// StationPhoto is one photo of a station of the actor's scope, with its
// bytes.
func (s *Store) StationPhoto(ctx context.Context, a gonghui.Actor, homeID, id int64) (gonghui.Document, []byte, error) {
	c := s.conn()
	if _, _, err := c.getWorkerHome(ctx, a, homeID); err != nil {
		return gonghui.Document{}, nil, opErr(err, "station photo %d", id)
	}
	d, data, err := c.photo(ctx, homeID, id)
	return d, data, opErr(err, "station photo %d", id)
}

// PublicStationPhotos are the photos of a station (found by its door's
// code, StationByCode), as any member sees them.
func (s *Store) PublicStationPhotos(ctx context.Context, homeID int64) ([]gonghui.Document, error) {
	out, err := s.conn().photosOf(ctx, homeID)
	return out, opErr(err, "station photos")
}

// PublicStationPhoto is one photo of the station a code names, with its
// bytes.
func (s *Store) PublicStationPhoto(ctx context.Context, code string, id int64) (gonghui.Document, []byte, error) {
	c := s.conn()
	h, _, err := c.stationByCode(ctx, code)
	if err != nil {
		return gonghui.Document{}, nil, opErr(err, "station photo")
	}
	d, data, err := c.photo(ctx, h.ID, id)
	return d, data, opErr(err, "station photo")
}

func (c conn) photosOf(ctx context.Context, homeID int64) ([]gonghui.Document, error) {
	rows, err := c.query(ctx, `SELECT `+stationPhotoColumns+` FROM station_photos WHERE home_id = ? ORDER BY id`, homeID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []gonghui.Document{}
	for rows.Next() {
		d, err := scanPhoto(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

func (c conn) photo(ctx context.Context, homeID, id int64) (gonghui.Document, []byte, error) {
	var data []byte
	d, err := scanPhoto(c.row(ctx, `SELECT `+stationPhotoColumns+`, data FROM station_photos WHERE id = ? AND home_id = ?`, id, homeID), &data)
	return d, data, err
}
