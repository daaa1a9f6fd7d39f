// gonghui's one small script for every page (the CSP allows no inline
// script): a unit picked in a unit list's search joins the list below
// (without it the list still takes USCCs typed or pasted one a line), and
// a list's select-all box ticks the rows of its table.
(function () {
  "use strict";
  if (window.gonghuiApp) {
    return; // htmx may insert the script again on a boosted visit
  }
  window.gonghuiApp = true;
  document.addEventListener("change", function (e) {
    var input = e.target;
    if (input && input.hasAttribute && input.hasAttribute("data-select-all")) {
      var table = input.closest("table");
      Array.prototype.forEach.call(table ? table.querySelectorAll('tbody input[type="checkbox"][name="id"]') : [], function (box) {
        box.checked = input.checked;
      });
      return;
    }
    var target = input && input.getAttribute && input.getAttribute("data-adds-to");
    if (!target) {
      return;
    }
    var picked = input.value.trim();
    var list = input.form && input.form.querySelector('textarea[name="' + target + '"]');
    var known = input.list && Array.prototype.some.call(input.list.options, function (o) { return o.value === picked; });
    if (!list || !picked || !known) {
      return;
    }
    var lines = list.value.split("\n").map(function (l) { return l.trim(); }).filter(Boolean);
    if (lines.indexOf(picked) < 0) {
      lines.push(picked);
    }
    list.value = lines.join("\n");
    input.value = "";
  });
})();
