// Draws every QR of a page (an element of class "qr" with its text in
// data-text: a station's door sign, the activation codes of a card issue
// list) as SVG with the vendored generator, once each, also after htmx
// swaps a page in.
(function () {
  "use strict";

  function draw() {
    if (!window.qrcode) {
      return;
    }
    document.querySelectorAll(".qr[data-text]").forEach(function (el) {
      if (el.dataset.drawn) {
        return;
      }
      var qr = window.qrcode(0, "M");
      qr.addData(el.dataset.text);
      qr.make();
      el.innerHTML = qr.createSvgTag({ cellSize: 6, margin: 4, scalable: true });
      el.dataset.drawn = "true";
    });
  }

  if (!window.gonghuiQR) {
    window.gonghuiQR = true;
    document.addEventListener("DOMContentLoaded", draw);
    document.addEventListener("htmx:afterSettle", draw);
    // The generator may arrive after this script (htmx loads a swapped
    // page's scripts in any order).
    document.addEventListener("load", function (e) {
      var src = e.target && e.target.getAttribute && e.target.getAttribute("src");
      if (src && /qrcode\.js$/.test(src)) {
        draw();
      }
    }, true);
  }
  if (document.readyState !== "loading") {
    draw();
  }
})();
