"""The inline CSS and JavaScript of the HTML report (no network assets, no framework).

The filter reads and writes the URL hash (`#q=text&class=amount_mismatch,posted_twice`), so a
filtered view can be bookmarked or sent, and a headless browser can open a filtered page.
"""

from __future__ import annotations

__all__ = ["CSS", "JS"]

CSS = """
:root { --c: #2563eb; --i: #ea580c; --bad: #b91c1c; --ok: #15803d; --line: #e5e7eb; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0;
       color: #111827; background: #f9fafb; }
header, main { max-width: 1200px; margin: 0 auto; padding: 16px 24px; }
header { border-bottom: 1px solid var(--line); background: #fff; max-width: none; }
h1 { font-size: 20px; margin: 0 0 4px; }
h2 { font-size: 16px; margin: 28px 0 8px; }
.muted { color: #6b7280; }
.cards { display: flex; flex-wrap: wrap; gap: 8px; margin: 12px 0; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 8px 12px;
        min-width: 120px; flex: 1 1 0; }
.card b { display: block; font-size: 22px; }
.card.bad b { color: var(--bad); } .card.ok b { color: var(--ok); }
table { border-collapse: collapse; width: 100%; background: #fff; }
th, td { border-bottom: 1px solid var(--line); padding: 4px 8px; text-align: left;
         vertical-align: top; }
th { background: #f3f4f6; position: sticky; top: 0; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.neg { color: var(--bad); }
.filters { position: sticky; top: 0; background: #f9fafb; padding: 8px 0; z-index: 2;
           display: flex; flex-wrap: wrap; gap: 12px; align-items: center; }
.filters input[type=search] { padding: 4px 8px; min-width: 260px; }
.legend span { display: inline-block; width: 12px; height: 12px; margin: 0 4px 0 12px;
               vertical-align: middle; }
svg { background: #fff; border: 1px solid var(--line); border-radius: 8px; max-width: 100%; }
svg .c { fill: var(--c); } svg .i { fill: var(--i); }
svg text { font-size: 10px; fill: #4b5563; }
section[hidden], tr[hidden] { display: none; }
.note { max-width: 420px; }
"""

JS = r"""
(function () {
  "use strict";
  var search = document.getElementById("q");
  var boxes = Array.prototype.slice.call(document.querySelectorAll("input[data-class]"));
  var out = document.getElementById("filter-status");

  function parseHash() {
    var result = {};
    location.hash.replace(/^#/, "").split("&").forEach(function (part) {
      if (!part) { return; }
      var pair = part.split("=");
      result[decodeURIComponent(pair[0])] = decodeURIComponent(pair.slice(1).join("="));
    });
    return result;
  }

  function apply() {
    var text = search.value.trim().toLowerCase();
    var shown = {};
    boxes.forEach(function (b) { shown[b.getAttribute("data-class")] = b.checked; });
    var visible = 0;
    document.querySelectorAll("section[data-class]").forEach(function (section) {
      var cls = section.getAttribute("data-class");
      var rows = section.querySelectorAll("tbody tr");
      var count = 0;
      rows.forEach(function (row) {
        var hit = shown[cls] && (!text || row.textContent.toLowerCase().indexOf(text) >= 0);
        row.hidden = !hit;
        if (hit) { count += 1; }
      });
      section.hidden = !shown[cls];
      section.setAttribute("data-visible", String(count));
      visible += count;
    });
    out.setAttribute("data-visible", String(visible));
    out.textContent = visible + " row(s) shown";
  }

  function writeHash() {
    var parts = [];
    if (search.value) { parts.push("q=" + encodeURIComponent(search.value)); }
    var on = boxes.filter(function (b) { return b.checked; });
    if (on.length !== boxes.length) {
      parts.push("class=" + on.map(function (b) {
        return b.getAttribute("data-class");
      }).join(","));
    }
    history.replaceState(null, "", parts.length ? "#" + parts.join("&") : location.pathname);
  }

  function readHash() {
    var h = parseHash();
    search.value = h.q || "";
    var classes = h["class"] ? h["class"].split(",") : null;
    boxes.forEach(function (b) {
      b.checked = !classes || classes.indexOf(b.getAttribute("data-class")) >= 0;
    });
    apply();
  }

  search.addEventListener("input", function () { apply(); writeHash(); });
  boxes.forEach(function (b) {
    b.addEventListener("change", function () { apply(); writeHash(); });
  });
  window.addEventListener("hashchange", readHash);
  readHash();
  document.documentElement.setAttribute("data-ready", "1");
})();
"""
