// newsgraph web: the Events timeline (Vega-Lite via vega-embed) and the Actors network
// (Cytoscape.js), both vendored under /static/vendor (the CSP allows scripts from 'self' only).
// The server sends each chart's data as a JSON block; nothing here builds markup from strings.
(function () {
  "use strict";
  var charts = (window.newsgraphCharts = {});

  function json(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }

  // --- the timeline -------------------------------------------------------------
  function rowsInRange(range) {
    var rows = document.querySelectorAll("#event-table tbody tr");
    var shown = 0;
    rows.forEach(function (row) {
      var day = Date.parse(row.getAttribute("data-day"));
      var keep = !range || (!isNaN(day) && day >= range[0] - 86400000 && day <= range[1]);
      row.hidden = !keep;
      if (keep) shown += 1;
    });
    var note = document.getElementById("brush-note");
    if (note) {
      note.textContent = range ? "; " + shown + " in the selected range (" + new Date(range[0]).toISOString().slice(0, 10) +
        " to " + new Date(range[1]).toISOString().slice(0, 10) + ")" : "";
    }
  }

  function timeline() {
    var spec = json("timeline-spec");
    var el = document.getElementById("timeline-chart");
    if (!spec || !el || !window.vegaEmbed) return;
    var width = Math.max(320, el.clientWidth - 170);
    spec.vconcat.forEach(function (view) { view.width = width; });
    window.vegaEmbed(el, spec, {
      mode: "vega-lite", renderer: "svg", actions: false, defaultStyle: false,
      logLevel: window.vega.Error,  // an empty brush makes Vega warn of empty extents: expected, not a fault
      ast: true, expr: window.vega.expressionInterpreter,  // no eval: the CSP forbids it
      tooltip: { disableDefaultStyle: true, theme: "custom" }
    }).then(function (result) {
      charts.timeline = result.view;
      result.view.addSignalListener("brush", function (name, value) {
        var key = value && Object.keys(value)[0];
        var range = key ? value[key] : null;
        rowsInRange(range && range.length === 2 ? [+range[0], +range[1]] : null);
      });
      el.setAttribute("data-ready", "true");
    }).catch(function (error) {
      el.textContent = "The timeline could not be drawn: " + error.message;
    });
  }

  // --- the network --------------------------------------------------------------
  var NETWORK_STYLE = [
    { selector: "node", style: {
      "background-color": "#fff", "border-color": "#1a1a1a", "border-width": 2,
      width: "data(size)", height: "data(size)", label: "data(label)",
      "font-size": 15, "font-family": "system-ui, sans-serif", color: "#1a1a1a",
      "text-valign": "bottom", "text-margin-y": 4, "text-wrap": "wrap", "text-max-width": 140,
      "text-background-color": "#fff", "text-background-opacity": 0.85, "text-background-padding": 2,
      "min-zoomed-font-size": 7 } },
    { selector: "edge", style: {
      width: "data(width)", "line-color": "data(colour)", "target-arrow-color": "data(colour)",
      "target-arrow-shape": "triangle", "curve-style": "bezier", "control-point-step-size": 28,
      label: "data(label)", "font-size": 12, color: "#1a1a1a", "text-rotation": "autorotate",
      "text-background-color": "#fff", "text-background-opacity": 0.85, "text-background-padding": 1,
      "min-zoomed-font-size": 8, "arrow-scale": 1.2 } },
    { selector: "edge.plain", style: { label: "" } },
    { selector: "edge:selected, edge.hover", style: { width: 6, "z-index": 10 } },
    { selector: "node.hover", style: { "border-width": 4 } }
  ];

  // Fitting many small groups of actors shrinks every label out of reach: keep the labels
  // readable, centred on the busiest actor (Fit shows the whole network).
  var READABLE_ZOOM = 0.9;
  function readable(cy) {
    if (cy.zoom() >= READABLE_ZOOM) return;
    var busiest = cy.nodes().max(function (n) { return n.data("weight"); }).ele;
    cy.zoom({ level: READABLE_ZOOM, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
    if (busiest) cy.center(busiest);
  }

  function network() {
    var elements = json("network-elements");
    var el = document.getElementById("network-chart");
    if (!elements || !el || !window.cytoscape) return;
    var cy = window.cytoscape({
      container: el, elements: elements, style: NETWORK_STYLE,
      minZoom: 0.2, maxZoom: 4, boxSelectionEnabled: false,
      layout: { name: "cose", animate: false, randomize: false, nodeRepulsion: function () { return 12000; },
                idealEdgeLength: function () { return 120; }, padding: 20, componentSpacing: 40, nodeDimensionsIncludeLabels: true }
    });
    charts.network = cy;
    readable(cy);
    cy.on("tap", "edge, node", function (event) {
      var href = event.target.data("href");
      if (href) window.location.assign(href);
    });
    cy.on("mouseover", "edge, node", function (event) { event.target.addClass("hover"); el.classList.add("pointing"); });
    cy.on("mouseout", "edge, node", function (event) { event.target.removeClass("hover"); el.classList.remove("pointing"); });
    var fit = document.getElementById("network-fit");
    if (fit) fit.addEventListener("click", function () { cy.fit(undefined, 30); });
    var labels = document.getElementById("network-labels");
    if (labels) labels.addEventListener("click", function () {
      var on = labels.getAttribute("aria-pressed") !== "true";
      labels.setAttribute("aria-pressed", on ? "true" : "false");
      cy.edges().toggleClass("plain", !on);
    });
    el.setAttribute("data-ready", "true");
  }

  document.addEventListener("DOMContentLoaded", function () {
    timeline();
    network();
  });
})();
