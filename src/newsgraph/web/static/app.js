// newsgraph web: tooltips on highlights and jumps from the side panel to the evidence.
// Served from /static (the CSP forbids inline script). It never writes markup from
// strings: tooltips are clones of server-escaped detail blocks.
(function () {
  "use strict";
  var tip = null;

  function keysOf(el) {
    return (el.getAttribute("data-ann") || "").split(" ").filter(Boolean);
  }

  function showTip(seg) {
    if (!tip) return;
    tip.replaceChildren();
    keysOf(seg).forEach(function (key) {
      var detail = document.getElementById("d-" + key);
      if (detail) tip.appendChild(detail.cloneNode(true)).removeAttribute("id");
    });
    if (!tip.childElementCount) return hideTip();
    var box = seg.getBoundingClientRect();
    tip.hidden = false;
    var left = Math.min(window.scrollX + box.left, window.scrollX + document.documentElement.clientWidth - tip.offsetWidth - 8);
    tip.style.left = Math.max(4, left) + "px";
    tip.style.top = (window.scrollY + box.bottom + 6) + "px";
  }

  function hideTip() {
    if (tip) tip.hidden = true;
  }

  function activate(key) {
    document.querySelectorAll(".seg.active").forEach(function (el) { el.classList.remove("active"); });
    var segs = Array.prototype.filter.call(document.querySelectorAll(".seg"), function (el) {
      return keysOf(el).indexOf(key) >= 0;
    });
    segs.forEach(function (el) { el.classList.add("active"); });
    return segs[0] || null;
  }

  function jump(event) {
    var link = event.target.closest("a.jump");
    if (!link) return;
    var first = activate(link.getAttribute("data-key"));
    if (!first) return;
    event.preventDefault();
    first.scrollIntoView({ block: "center" });
    first.focus({ preventScroll: true });
    showTip(first);
    if (link.hash && link.hash !== "#main") history.replaceState(null, "", link.hash);
  }

  // Arriving at /documents/ID#event-X (from the events table or the evidence page): mark that event.
  function fromHash() {
    var id;
    try { id = decodeURIComponent(location.hash.slice(1)); } catch (e) { return; }  // a malformed %-escape
    var anchor = id && document.getElementById(id);
    if (!anchor || !anchor.classList.contains("anchor")) return;
    var link = document.querySelector('a.jump[data-key="' + anchor.getAttribute("data-key") + '"]');
    if (link) link.click();
  }

  document.addEventListener("DOMContentLoaded", function () {
    tip = document.getElementById("tip");
    document.addEventListener("click", jump);
    document.addEventListener("mouseover", function (e) { var s = e.target.closest(".seg"); if (s) showTip(s); });
    document.addEventListener("mouseout", function (e) { if (e.target.closest(".seg")) hideTip(); });
    document.addEventListener("focusin", function (e) { if (e.target.matches(".seg")) showTip(e.target); else hideTip(); });
    document.addEventListener("keydown", function (e) { if (e.key === "Escape") hideTip(); });
    fromHash();
  });
})();
