package httpserver_test

import (
	"bytes"
	"encoding/base64"
	"image"
	"image/png"
	"mime/multipart"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"gonghui"
	"gonghui/internal/store/storetest"
)

// TestStationPhotos: a cadre adds a station's photo from its page and by
// API and removes one; the page shows what is kept, a member sees it on
// the door page, another district's cadre gets 404 for all of it.
func TestStationPhotos(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		h, err := e.st.CreateWorkerHome(ctx, gonghui.SystemActor("t"), gonghui.WorkerHomeInput{OrgID: e.cyUnion.ID, Name: "建外暖心驿站",
			Kind: gonghui.WorkerHomeWarm, Address: "北京市朝阳区建国门外大街1号", OpeningHours: "每天 0:00-24:00", OpenedOn: gonghui.NewDate(2020, 1, 1)})
		if err != nil {
			t.Fatal(err)
		}
		var img bytes.Buffer
		png.Encode(&img, image.NewGray(image.Rect(0, 0, 3, 3)))
		cadre := e.login("cy-cadre")
		upload := func(name string, data []byte) (int, string) {
			var buf bytes.Buffer
			mw := multipart.NewWriter(&buf)
			fw, _ := mw.CreateFormFile("file", name)
			fw.Write(data)
			mw.Close()
			req, _ := http.NewRequest("POST", e.srv.URL+"/workerhomes/"+id(h.ID)+"/photos", &buf)
			req.Header.Set("Content-Type", mw.FormDataContentType())
			res, err := cadre.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			_, page := e.do(cadre, "GET", "/workerhomes/"+id(h.ID), "")
			return res.StatusCode, page
		}
		if code, page := upload("说明.pdf", []byte("%PDF-1.4\n%%EOF\n")); code != http.StatusSeeOther || !strings.Contains(page, "照片只接受JPEG或PNG文件") {
			t.Errorf("a PDF as a photo: %d %s", code, page)
		}
		code, page := upload("门口.png", img.Bytes())
		photo := regexp.MustCompile(`/workerhomes/\d+/photos/(\d+)"`).FindStringSubmatch(page)
		if code != http.StatusSeeOther || photo == nil {
			t.Fatalf("the photo on the station's page: %d %s", code, page)
		}
		if code, body := e.do(cadre, "GET", "/workerhomes/"+id(h.ID)+"/photos/"+photo[1], ""); code != http.StatusOK || body != img.String() {
			t.Errorf("the photo: %d", code)
		}
		other := e.login("hd-cadre")
		if code, _ := e.do(other, "GET", "/workerhomes/"+id(h.ID)+"/photos/"+photo[1], ""); code != http.StatusNotFound {
			t.Errorf("another district's cadre opened the photo: %d", code)
		}
		if code, _ := e.do(other, "POST", "/workerhomes/"+id(h.ID)+"/photos/"+photo[1]+"/remove", ""); code != http.StatusNotFound {
			t.Errorf("another district's cadre removed the photo: %d", code)
		}

		// By API: add one, list both, remove the first.
		var added gonghui.Document
		e.apiInto(e.cyToken, "POST", "/api/v1/workerhomes/"+id(h.ID)+"/photos", `{"name":"室内.png","data":"`+base64.StdEncoding.EncodeToString(img.Bytes())+`"}`, http.StatusCreated, &added)
		var list struct {
			Items []gonghui.Document `json:"items"`
		}
		e.apiInto(e.cyToken, "GET", "/api/v1/workerhomes/"+id(h.ID)+"/photos", "", http.StatusOK, &list)
		if len(list.Items) != 2 || list.Items[1].ID != added.ID || list.Items[1].ContentType != "image/png" {
			t.Errorf("the photos by API: %+v", list.Items)
		}
		if code, _ := e.api(e.hdToken, "GET", "/api/v1/workerhomes/"+id(h.ID)+"/photos", ""); code != http.StatusNotFound {
			t.Errorf("another district lists them: %d", code)
		}

		// A member at the door sees them.
		idNo := storetest.CitizenID("110105", "19900307", 627)
		c := e.activateMember(cadre, e.addMember(e.cyUnion, "孙丽", idNo), idNo)
		if _, door := e.do(c, "GET", "/portal/stations/"+h.Code, ""); !strings.Contains(door, "/portal/stations/"+h.Code+"/photos/"+id(added.ID)) {
			t.Errorf("the door page shows no photo: %s", door)
		}
		if code, body := e.do(c, "GET", "/portal/stations/"+h.Code+"/photos/"+id(added.ID), ""); code != http.StatusOK || body != img.String() {
			t.Errorf("a member's photo: %d", code)
		}

		if code, _ := e.api(e.cyToken, "DELETE", "/api/v1/workerhomes/"+id(h.ID)+"/photos/"+photo[1], ""); code != http.StatusOK {
			t.Errorf("remove by API: %d", code)
		}
		if code, _ := e.do(c, "GET", "/portal/stations/"+h.Code+"/photos/"+photo[1], ""); code != http.StatusNotFound {
			t.Errorf("a removed photo: %d", code)
		}
	})
}
