/* kg's neighbourhood graph: an entity, its facts and what they link to, drawn with cytoscape.js.
   Clicking a fact shows its evidence sentences (the supporting words marked); clicking an entity shows a link
   to its page. Used by the entity pages of kg serve and, inline, by kg.notebook.neighbourhood. Text is put in
   the page with textContent only. */
(function () {
  "use strict";

  var COLOURS = {
    Person: "#4f86c6", Organization: "#3f9b5d", LegislativeBody: "#2f7d4a", GovernmentBody: "#2f7d4a",
    Programme: "#8a8a8a"
  };

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function link(href, text) {
    if (!href) return element("span", null, text);
    var a = element("a", null, text);
    a.href = href;
    return a;
  }

  function showSentence(target, sentence) {
    var quote = element("blockquote", "evidence");
    var p = element("p");
    p.appendChild(document.createTextNode(sentence.before));
    p.appendChild(element("mark", null, sentence.marked));
    p.appendChild(document.createTextNode(sentence.after));
    quote.appendChild(p);
    var cite = element("cite");
    var where = sentence.href ? sentence.href + "#char=" + sentence.begin + "," + sentence.end : null;
    cite.appendChild(link(where, sentence.documentLabel));
    cite.appendChild(document.createTextNode(", characters " + sentence.begin + "\u2013" + sentence.end));
    quote.appendChild(cite);
    target.appendChild(quote);
  }

  function showDetails(target, node) {
    target.textContent = "";
    target.appendChild(element("p", "type", node.kindLabel || node.kind));
    var title = element("h3");
    title.appendChild(link(node.href, node.label));
    if (node.year !== undefined && node.year !== null) {
      title.appendChild(document.createTextNode(" "));
      title.appendChild(element("span", "year", String(node.year)));
    }
    target.appendChild(title);
    (node.evidence || []).forEach(function (sentence) { showSentence(target, sentence); });
    if (node.group === "fact" && !(node.evidence || []).length) {
      target.appendChild(element("p", "warning", "No evidence span."));
    }
  }

  // Labels stay legible however many facts an entity has: a fact shows its kind and year (a figure its words),
  // the full label and the roles on the edges show on hover and on the selected node only, the layout keeps
  // room for each label (nodeDimensionsIncludeLabels), labels sit on a background so edges never cross the
  // text, and labels too small to read at the current zoom are not drawn (min-zoomed-font-size): zoom in to
  // read them.
  var STYLE = [
    { selector: "node", style: {
        "label": "data(short)", "font-size": 12, "text-wrap": "wrap", "text-max-width": 96,
        "text-valign": "bottom", "text-margin-y": 2, "color": "#222", "min-zoomed-font-size": 6,
        "text-background-color": "#fcfcfd", "text-background-opacity": 0.85, "text-background-padding": 1,
        "text-background-shape": "roundrectangle", "width": 18, "height": 18,
        "background-color": function (n) { return COLOURS[n.data("kind")] || "#4f86c6"; } } },
    { selector: "node[role = 'fact']", style: {
        "shape": "round-rectangle", "background-color": "#e8953a", "width": 12, "height": 12, "font-size": 11,
        "color": "#5c3d14", "text-max-width": 80, "min-zoomed-font-size": 7 } },
    { selector: "node[center = 1]", style: {
        "width": 30, "height": 30, "font-weight": "bold", "font-size": 14, "min-zoomed-font-size": 0 } },
    // On rings, labels are many: smaller type, so that the rings, sized to the labels, fit at a zoom where the
    // entities' names are still drawn.
    { selector: "node[angle]", style: { "font-size": 10 } },
    { selector: "node[angle][role = 'fact']", style: { "font-size": 9 } },
    { selector: "node[angle]", style: {
        "text-rotation": "data(angle)", "text-valign": "center", "text-margin-y": 0, "text-wrap": "none" } },
    { selector: "node[side = 'right']", style: { "text-halign": "right", "text-margin-x": 3 } },
    { selector: "node[side = 'left']", style: { "text-halign": "left", "text-margin-x": -3 } },
    { selector: "node.full", style: {
        "label": "data(label)", "text-max-width": 200, "font-size": 11, "min-zoomed-font-size": 0, "z-index": 20,
        "text-background-opacity": 1, "text-border-width": 1, "text-border-color": "#c8ced6",
        "text-border-opacity": 1, "text-background-padding": 3 } },
    // On rings the labels are sized to fit between their neighbours: a focused fact keeps its short label there
    // (the panel under the graph names it in full) rather than cover the names beside it.
    { selector: "node.full[angle]", style: { "label": "data(short)", "font-size": 9 } },
    { selector: "node:selected", style: { "border-width": 3, "border-color": "#c0392b" } },
    { selector: "edge", style: {
        "width": 1, "line-color": "#c4c8cc", "curve-style": "bezier", "target-arrow-shape": "triangle",
        "target-arrow-color": "#c4c8cc", "arrow-scale": 0.6 } },
    { selector: "edge.near", style: {
        "label": "data(label)", "font-size": 9, "color": "#444", "text-rotation": "autorotate",
        "text-background-color": "#fcfcfd", "text-background-opacity": 0.9, "text-background-padding": 1,
        "line-color": "#7a8590", "target-arrow-color": "#7a8590", "width": 1.5, "z-index": 10 } }
  ];

  var RADIAL_FROM = 24;
  var LINE = 13;  // pixels a label needs across its direction: one line of text and a gap

  function textWidth(text, size) { return Math.min(150, text.length * size * 0.58 + 6); }

  // A neighbourhood of many nodes is drawn radially: the entity in the middle, its facts on an inner ring, the
  // entities they name on an outer one, each entity in a sector with the facts that name it (a quote with the
  // testimony it was said at), labels along the radius, pointing outwards. The rings' radii follow from the
  // number of labels and their length, so no two labels overlap and the reader zooms only to see more.
  function radial(cy, data) {
    var center = data.center;
    var isFact = {}, facts = [], sectors = [], sectorOf = {};
    data.nodes.forEach(function (node) {
      if (node.group === "fact") { isFact[node.id] = true; facts.push(node.id); }
    });
    var targets = {};
    data.edges.forEach(function (edge) { (targets[edge.source] = targets[edge.source] || []).push(edge.target); });
    function sector(key, entity) {
      if (!(key in sectorOf)) { sectorOf[key] = sectors.length; sectors.push({ entity: entity, facts: [] }); }
      return sectors[sectorOf[key]];
    }
    function home(fact, seen) {
      // The first entity other than the centre a fact names, else that of a fact it points to, else its kind.
      var linked = targets[fact] || [];
      for (var i = 0; i < linked.length; i++) {
        if (linked[i] !== center && !isFact[linked[i]]) return linked[i];
      }
      for (var j = 0; j < linked.length; j++) {
        if (isFact[linked[j]] && !seen[linked[j]]) {
          seen[linked[j]] = true;
          var found = home(linked[j], seen);
          if (found) return found;
        }
      }
      return null;
    }
    facts.forEach(function (fact) {
      var entity = home(fact, {});
      var kind = cy.getElementById(fact).data("kind");
      sector(entity ? "e " + entity : "k " + kind, entity).facts.push(fact);
      // The other entities the fact names come next, so its edges to them stay short.
      (targets[fact] || []).forEach(function (target) {
        if (target !== center && !isFact[target]) sector("e " + target, target);
      });
    });
    data.nodes.forEach(function (node) {
      if (node.group !== "fact" && node.id !== center) sector("e " + node.id, node.id);
    });
    cy.nodes().forEach(function (n) {
      var text = n.data("short");
      if (n.id() !== center && text.length > 26) n.data("short", text.slice(0, 25) + "\u2026");
    });
    var longestFact = 0;
    facts.forEach(function (fact) {
      longestFact = Math.max(longestFact, textWidth(cy.getElementById(fact).data("short"), 9));
    });
    // Each sector needs an arc of LINE per fact on the inner ring and LINE for its entity on the outer one;
    // both radii grow together until the sectors fit in a circle, and spare angle is shared out.
    var inner = 70, outer = inner + longestFact + 30, needed;
    function need(s) { return Math.max(s.facts.length * LINE / inner, s.entity ? LINE / outer : 0); }
    for (var round = 0; round < 2; round++) {
      needed = 0;
      sectors.forEach(function (s) { needed += need(s); });
      if (needed <= 2 * Math.PI) break;
      inner *= needed / (2 * Math.PI);
      outer *= needed / (2 * Math.PI);
    }
    var total = 0;
    sectors.forEach(function (s) { s.weight = need(s); total += s.weight; });
    // Rings stretched to the box's shape: wider than tall spreads the labels further apart, never closer.
    var box = cy.container().getBoundingClientRect();
    var stretch = Math.min(1.6, Math.max(1, box.height ? box.width / box.height : 1));
    var angle = -Math.PI / 2, positions = {};
    positions[center] = { x: 0, y: 0 };
    sectors.forEach(function (s) {
      var span = 2 * Math.PI * s.weight / total;
      s.facts.forEach(function (fact, k) {
        var a = angle + span * (k + 0.5) / s.facts.length;
        positions[fact] = { x: stretch * inner * Math.cos(a), y: inner * Math.sin(a), angle: a };
      });
      if (s.entity) {
        var a = angle + span / 2;
        positions[s.entity] = { x: stretch * outer * Math.cos(a), y: outer * Math.sin(a), angle: a };
      }
      angle += span;
    });
    cy.layout({ name: "preset", positions: function (n) { return positions[n.id()] || { x: 0, y: 0 }; },
                animate: false, padding: 14 }).run();
    cy.nodes().forEach(function (n) {
      var place = positions[n.id()];
      if (!place || place.angle === undefined) return;
      var right = Math.cos(place.angle) >= 0;
      n.data("angle", right ? place.angle : place.angle + Math.PI);
      n.data("side", right ? "right" : "left");
    });
    cy.fit(undefined, 14);
    // Room for the labels outside the outer ring: fit the whole drawing, labels included.
    cy.fit(cy.elements(), 14);
  }

  // Where a full label may go around its node (a drawing on rings keeps its labels along the radius).
  var PLACES = [
    { "text-valign": "bottom", "text-halign": "center", "text-margin-x": 0, "text-margin-y": 2 },
    { "text-valign": "top", "text-halign": "center", "text-margin-x": 0, "text-margin-y": -2 },
    { "text-valign": "center", "text-halign": "right", "text-margin-x": 3, "text-margin-y": 0 },
    { "text-valign": "center", "text-halign": "left", "text-margin-x": -3, "text-margin-y": 0 }
  ];
  var PLACE_STYLES = "text-valign text-halign text-margin-x text-margin-y";

  function hit(a, b) { return a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2; }

  function placeFullLabel(cy, node) {
    // A full label is longer than the short one the layout kept room for: it goes below, above, right or left
    // of its node, wherever it covers the fewest other labels and nodes, so that a selected fact's label leaves
    // its neighbours' names readable.
    if (node.data("angle") !== undefined) return;
    var others = cy.nodes().not(node).map(function (n) {
      return [n.boundingBox({ includeNodes: false, includeEdges: false, includeLabels: true }),
              n.boundingBox({ includeLabels: false, includeEdges: false })];
    });
    var best = null;
    PLACES.forEach(function (place) {
      node.style(place);
      var box = node.boundingBox({ includeNodes: false, includeEdges: false, includeLabels: true });
      var covered = 0;
      others.forEach(function (boxes) { if (hit(box, boxes[0]) || hit(box, boxes[1])) covered += 1; });
      if (best === null || covered < best.covered) best = { covered: covered, place: place };
    });
    node.style(best.place);
  }

  function overlapping(cy) {
    // Whether any label covers another label or another node (labels drawn horizontally, as cose leaves them).
    var nodes = cy.nodes();
    var labels = nodes.map(function (n) {
      return n.boundingBox({ includeNodes: false, includeEdges: false, includeLabels: true });
    });
    var bodies = nodes.map(function (n) { return n.boundingBox({ includeLabels: false, includeEdges: false }); });
    for (var i = 0; i < nodes.length; i++) {
      for (var j = 0; j < nodes.length; j++) {
        if (i !== j && (hit(labels[i], bodies[j]) || (i < j && hit(labels[i], labels[j])))) return true;
      }
    }
    return false;
  }

  function elementsOf(data) {
    // Entities other than the centre are ordered by the first fact that links to them, so the first layout
    // (rings: centre, facts, entities) starts each entity near its facts.
    var firstFact = {};
    data.edges.forEach(function (edge, index) {
      if (!(edge.target in firstFact)) firstFact[edge.target] = index;
    });
    var nodes = data.nodes.slice().sort(function (a, b) {
      var ra = a.group === "fact" ? 0 : 1, rb = b.group === "fact" ? 0 : 1;
      if (ra !== rb) return ra - rb;
      return (firstFact[a.id] || 0) - (firstFact[b.id] || 0);
    });
    return nodes.map(function (node) {
      return { group: "nodes", data: { id: node.id, label: node.label, short: node.short || node.label,
                                        kind: node.kind, role: node.group, center: node.center ? 1 : 0 } };
    }).concat(data.edges.map(function (edge) {
      return { group: "edges", data: { id: edge.id, source: edge.source, target: edge.target, label: edge.label } };
    }));
  }

  // options.radialFrom: the number of nodes from which the graph is drawn radially (default RADIAL_FROM).
  function render(container, data, details, options) {
    if (typeof cytoscape !== "function") return null;
    var byId = {};
    data.nodes.forEach(function (node) { byId[node.id] = node; });
    container.textContent = "";
    var cy = cytoscape({ container: container, elements: elementsOf(data), style: STYLE, minZoom: 0.2,
                         maxZoom: 4 });
    var radialFrom = options && options.radialFrom !== undefined ? options.radialFrom : RADIAL_FROM;
    if (data.nodes.length > radialFrom) radial(cy, data);
    else {
      cy.layout({ name: "cose", animate: false, randomize: false, nodeDimensionsIncludeLabels: true,
                  nodeRepulsion: function () { return 12000; }, idealEdgeLength: function () { return 40; },
                  nodeOverlap: 12, gravity: 0.6, numIter: 1500, padding: 14,
                  boundingBox: { x1: 0, y1: 0, w: Math.min(container.clientWidth, 1.5 * container.clientHeight),
                                 h: container.clientHeight } }).run();
      // A force-directed layout usually keeps labels apart, but cannot promise it; the rings can.
      if (overlapping(cy)) radial(cy, data);
    }

    function focus(node, on) {
      node.toggleClass("full", on);
      node.connectedEdges().toggleClass("near", on);
      // The full label is read at its size on the screen, however far the graph is zoomed out.
      if (on && cy.zoom() < 1 && node.data("angle") === undefined) node.style("font-size", 11 / cy.zoom());
      else node.removeStyle("font-size");
      if (on) placeFullLabel(cy, node);
      else node.removeStyle(PLACE_STYLES);
    }
    cy.on("mouseover", "node", function (event) { focus(event.target, true); });
    cy.on("mouseout", "node", function (event) { if (!event.target.selected()) focus(event.target, false); });
    cy.on("select", "node", function (event) { focus(event.target, true); });
    cy.on("unselect", "node", function (event) { focus(event.target, false); });
    cy.on("tap", "node", function (event) {
      var node = byId[event.target.id()];
      if (node && details) showDetails(details, node);
    });
    container.setAttribute("data-ready", "true");
    return cy;
  }

  function renderAll() {
    var containers = document.querySelectorAll("[data-graph]");
    Array.prototype.forEach.call(containers, function (container) {
      var source = document.getElementById(container.getAttribute("data-graph"));
      if (!source) return;
      var details = document.getElementById(container.getAttribute("data-details") || container.id + "-details");
      var cy = render(container, JSON.parse(source.textContent), details);
      if (cy) window.kgGraphs = (window.kgGraphs || []).concat([cy]);
    });
  }

  window.kgGraph = { render: render, showDetails: showDetails };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", renderAll);
  else renderAll();
})();
