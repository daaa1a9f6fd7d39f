// The stations' map plots the stations on the vendored district outlines
// with ECharts, no map tiles (a door sign's QR is qr.js's, the nearest
// search's position locate.js's). With hx-boost the script may run again
// on every visit, and before or after echarts.min.js: it is wrapped, listeners are
// added once, and the map is drawn by whichever arrives last.
(function () {
  "use strict";

  var geo = null;
  function drawMap() {
    var el = document.getElementById("station-map");
    if (!el || !window.echarts || window.echarts.getInstanceByDom(el)) {
      return;
    }
    var load = geo ? Promise.resolve(geo) : fetch(el.dataset.geo).then(function (r) { return r.json(); });
    Promise.all([load, fetch(el.dataset.points, { credentials: "same-origin" }).then(function (r) { return r.json(); })]).then(function (res) {
      if (!geo) {
        geo = res[0];
        window.echarts.registerMap("beijing", geo);
      }
      if (window.echarts.getInstanceByDom(el) || !document.body.contains(el)) {
        return;
      }
      var points = res[1];
      var count = document.getElementById("map-count");
      if (count) {
        count.textContent = count.dataset.label + " " + points.length;
      }
      var chart = window.echarts.init(el);
      chart.on("finished", function () { el.setAttribute("data-ready", "true"); });
      chart.on("click", function (p) {
        if (p.data && p.data.id) {
          window.location.assign("/workerhomes/" + p.data.id);
        }
      });
      chart.setOption({
        tooltip: { trigger: "item", formatter: function (p) { return p.data && p.data.id ? p.data.name : p.name; } },
        geo: { map: "beijing", roam: true, label: { show: true, fontSize: 10, color: "#888" },
          itemStyle: { areaColor: "#f7f3ee", borderColor: "#b9a99a" } },
        series: [{
          type: "scatter", coordinateSystem: "geo", symbolSize: points.length > 2000 ? 3 : 6, large: points.length > 2000,
          itemStyle: { color: "#c8161d" },
          data: points.map(function (s) { return { name: s.name, id: s.id, value: [s.lng, s.lat] }; })
        }]
      });
    });
  }

  function ready() {
    drawMap();
  }

  if (!window.gonghuiStations) {
    window.gonghuiStations = true;
    document.addEventListener("DOMContentLoaded", ready);
    document.addEventListener("htmx:afterSettle", ready);
    document.addEventListener("htmx:beforeSwap", function () {
      var el = document.getElementById("station-map");
      var c = el && window.echarts && window.echarts.getInstanceByDom(el);
      if (c) {
        c.dispose();
      }
    });
    document.addEventListener("load", function (e) {
      var src = e.target && e.target.getAttribute && e.target.getAttribute("src");
      if (src && /echarts\.min\.js$/.test(src)) {
        drawMap();
      }
    }, true);
  }
  if (document.readyState !== "loading") {
    ready();
  }
})();
