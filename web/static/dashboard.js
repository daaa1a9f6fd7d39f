// Draws the statistics dashboard's charts with ECharts. The data comes from
// each container's data-chart attribute (the CSP allows no inline script);
// a data-links array makes a click on category i go to links[i].
//
// With hx-boost this file and echarts.min.js are inserted by htmx as
// dynamic scripts, which run in no set order and may run again on every
// visit: everything is wrapped, listeners are added once, and the charts
// are drawn by whichever of the two scripts arrives last.
(function () {
  "use strict";

  function option(spec) {
    var cats = spec.categories || [];
    var series = spec.series || [];
    if (spec.kind === "pie") {
      var s = series[0] || { name: "", data: [] };
      return {
        tooltip: { trigger: "item", formatter: "{b}: {c} ({d}%)" },
        legend: { type: "scroll", bottom: 0 },
        series: [{
          name: s.name, type: "pie", radius: ["35%", "65%"], center: ["50%", "45%"],
          data: cats.map(function (c, i) { return { name: c, value: s.data[i] }; })
        }]
      };
    }
    var many = series.length > 1;
    return {
      tooltip: { trigger: "axis" },
      legend: many ? { top: 0 } : undefined,
      grid: { left: 48, right: 16, top: many ? 36 : 16, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: cats, axisLabel: { interval: 0, rotate: cats.length > 6 ? 35 : 0 } },
      yAxis: { type: "value", minInterval: 1 },
      series: series.map(function (s) {
        return { name: s.name, type: spec.kind === "line" ? "line" : "bar", data: s.data, smooth: false };
      })
    };
  }

  function draw() {
    if (!window.echarts) {
      return; // echarts.min.js has not run yet; its load event draws
    }
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      if (window.echarts.getInstanceByDom(el)) {
        return;
      }
      var spec;
      try {
        spec = JSON.parse(el.getAttribute("data-chart"));
      } catch (e) {
        return;
      }
      var chart = window.echarts.init(el);
      var links = JSON.parse(el.getAttribute("data-links") || "[]");
      if (links.length) {
        chart.on("click", function (p) {
          if (links[p.dataIndex]) {
            window.location.assign(links[p.dataIndex]);
          }
        });
      }
      // Tests and readers of the page can tell when the drawing has settled.
      chart.on("finished", function () { el.setAttribute("data-ready", "true"); });
      chart.setOption(option(spec));
    });
    drawMap();
  }

  // The district map: the outlines (vendored GeoJSON whose feature ids are
  // the districts' division codes) coloured by the figure the menu picks;
  // a click opens that district's dashboard.
  var geo = null;
  function drawMap() {
    var el = document.getElementById("chart-map");
    if (!el || window.echarts.getInstanceByDom(el)) {
      return;
    }
    var spec = JSON.parse(el.getAttribute("data-map"));
    var render = function () {
      if (window.echarts.getInstanceByDom(el) || !document.body.contains(el)) {
        return;
      }
      var names = {};
      geo.features.forEach(function (f) { names[f.id] = f.properties.name; });
      var chart = window.echarts.init(el);
      var menu = document.getElementById("map-figure");
      var paint = function () {
        var key = menu.value;
        var data = spec.regions.filter(function (r) { return names[r.code]; }).map(function (r) {
          return { name: names[r.code], value: r.values[key], link: (r.drill && r.drill[key]) || r.link, union: r.name };
        });
        var max = Math.max.apply(null, data.map(function (d) { return d.value; }).concat([1]));
        chart.setOption({
          tooltip: { trigger: "item", formatter: function (p) { return (p.data ? p.data.union : p.name) + ": " + (p.value === undefined || isNaN(p.value) ? "–" : p.value); } },
          visualMap: { min: 0, max: max, left: 8, bottom: 8, calculable: true, inRange: { color: ["#fdecec", "#c8161d"] } },
          series: [{ type: "map", map: "beijing", roam: false, data: data, label: { show: true, fontSize: 10 } }]
        }, true);
      };
      chart.on("click", function (p) {
        if (p.data && p.data.link) {
          window.location.assign(p.data.link);
        }
      });
      chart.on("finished", function () { el.setAttribute("data-ready", "true"); });
      menu.addEventListener("change", paint);
      paint();
    };
    if (geo) {
      render();
      return;
    }
    fetch(el.getAttribute("data-geo")).then(function (r) { return r.json(); }).then(function (g) {
      geo = g;
      window.echarts.registerMap("beijing", g);
      render();
    });
  }

  function disposeAll() {
    if (!window.echarts) {
      return;
    }
    document.querySelectorAll("[data-chart], #chart-map").forEach(function (el) {
      var c = window.echarts.getInstanceByDom(el);
      if (c) {
        c.dispose();
      }
    });
  }

  if (!window.gonghuiDashboard) {
    window.gonghuiDashboard = true;
    document.addEventListener("DOMContentLoaded", draw);
    document.addEventListener("htmx:afterSettle", draw);
    document.addEventListener("htmx:beforeSwap", disposeAll);
    // Load events do not bubble, but they can be caught on the way down.
    document.addEventListener("load", function (e) {
      var src = e.target && e.target.getAttribute && e.target.getAttribute("src");
      if (src && /echarts\.min\.js$/.test(src)) {
        draw();
      }
    }, true);
    window.addEventListener("resize", function () {
      if (!window.echarts) {
        return;
      }
      document.querySelectorAll("[data-chart], #chart-map").forEach(function (el) {
        var c = window.echarts.getInstanceByDom(el);
        if (c) {
          c.resize();
        }
      });
    });
  }
  if (document.readyState !== "loading") {
    draw();
  }
})();
