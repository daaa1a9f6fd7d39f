// The nearest-station searches (the cadres' and the members' portal): the
// "use my position" button fills the form's point from the browser's
// position when the reader allows it, and searches; a typed point works
// without it. With hx-boost the script may run again on every visit: the
// button is bound once.
(function () {
  "use strict";

  function bind() {
    var button = document.getElementById("locate");
    if (!button || button.dataset.bound) {
      return;
    }
    button.dataset.bound = "true";
    button.addEventListener("click", function () {
      var status = document.getElementById("locate-status");
      if (!navigator.geolocation) {
        status.textContent = button.dataset.denied;
        return;
      }
      status.textContent = button.dataset.busy || "";
      navigator.geolocation.getCurrentPosition(function (pos) {
        var form = document.getElementById("nearest-form");
        // The browser's position is WGS-84.
        form.elements.lat.value = pos.coords.latitude.toFixed(6);
        form.elements.lng.value = pos.coords.longitude.toFixed(6);
        form.elements.datum.value = "wgs84";
        form.requestSubmit();
      }, function () {
        status.textContent = button.dataset.denied;
      }, { enableHighAccuracy: true, timeout: 10000, maximumAge: 60000 });
    });
  }

  if (!window.gonghuiLocate) {
    window.gonghuiLocate = true;
    document.addEventListener("DOMContentLoaded", bind);
    document.addEventListener("htmx:afterSettle", bind);
  }
  if (document.readyState !== "loading") {
    bind();
  }
})();
