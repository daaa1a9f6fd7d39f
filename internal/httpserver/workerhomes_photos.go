package httpserver

import (
	"io"
	"net/http"
	"strconv"

	"gonghui"
)

// A station's photos: kept by its union's cadres on the station's page
// and by API, seen by members on the door page.

// stationPhotoRoutes registers the photos' routes (from the worker-home
// module's routes).
func (s *Server) stationPhotoRoutes(r *router) {
	r.ui("POST /workerhomes/{id}/photos", s.documentUpload(gonghui.PermEditOrgs, "/workerhomes/", s.store.AddStationPhoto))
	r.ui("GET /workerhomes/{id}/photos/{photo}", documentDownload("photo", s.store.StationPhoto))
	r.ui("POST /workerhomes/{id}/photos/{photo}/remove", s.stationPhotoRemove)
	r.json("GET /api/v1/workerhomes/{id}/photos", s.apiStationPhotos)
	r.json("POST /api/v1/workerhomes/{id}/photos", s.apiStationPhotoAdd)
	r.json("DELETE /api/v1/workerhomes/{id}/photos/{photo}", s.apiStationPhotoRemove)
	r.portalPage("GET /portal/stations/{code}/photos/{photo}", s.portalStationPhoto)
}

// photoParam is the {photo} of the path; a malformed one is not found.
func photoParam(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("photo"), 10, 64)
	if err != nil {
		return 0, gonghui.ErrNotFound
	}
	return id, nil
}

func (s *Server) stationPhotoRemove(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	photo, err := photoParam(r)
	if err != nil {
		return err
	}
	return s.returnTo(w, r, "/workerhomes/"+itoa(id), s.store.RemoveStationPhoto(r.Context(), actorFrom(r), id, photo))
}

func (s *Server) apiStationPhotos(r *http.Request) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	list, err := s.store.StationPhotos(r.Context(), actorFrom(r), id)
	return http.StatusOK, struct {
		Items []gonghui.Document `json:"items"`
	}{list}, err
}

// apiStationPhotoAdd takes a photo as {"name", "data"} (base64), as a
// member request's documents come.
func (s *Server) apiStationPhotoAdd(r *http.Request) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	b, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, documentUploadLimit*4/3+maxBody))
	if err != nil {
		return 0, nil, bodyError(err)
	}
	var in requestUpload
	if err := unmarshalInput(b, &in); err != nil {
		return 0, nil, err
	}
	photo, err := s.store.AddStationPhoto(r.Context(), actorFrom(r), id, in.Name, in.Data)
	return http.StatusCreated, photo, err
}

func (s *Server) apiStationPhotoRemove(r *http.Request) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	photo, err := photoParam(r)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, struct{}{}, s.store.RemoveStationPhoto(r.Context(), actorFrom(r), id, photo)
}

// portalStationPhoto is a photo of the station a door's code names, for
// a member.
func (s *Server) portalStationPhoto(w http.ResponseWriter, r *http.Request) error {
	photo, err := photoParam(r)
	if err != nil {
		return err
	}
	d, data, err := s.store.PublicStationPhoto(r.Context(), r.PathValue("code"), photo)
	if err != nil {
		return err
	}
	return sendDocument(w, d.ContentType, d.Name, data)
}
