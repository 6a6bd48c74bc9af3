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

  function render(container, data, details) {
    if (typeof cytoscape !== "function") return null;
    var byId = {};
    var elements = data.nodes.map(function (node) {
      byId[node.id] = node;
      return { group: "nodes", data: { id: node.id, label: node.label, kind: node.kind, role: node.group,
                                        center: node.center ? 1 : 0 } };
    }).concat(data.edges.map(function (edge) {
      return { group: "edges", data: { id: edge.id, source: edge.source, target: edge.target, label: edge.label } };
    }));
    container.textContent = "";
    var cy = cytoscape({
      container: container,
      elements: elements,
      style: [
        { selector: "node", style: {
            "label": "data(label)", "font-size": 9, "text-wrap": "ellipsis", "text-max-width": 110,
            "text-valign": "bottom", "text-margin-y": 3, "color": "#222", "width": 18, "height": 18,
            "background-color": function (n) { return COLOURS[n.data("kind")] || "#4f86c6"; } } },
        { selector: "node[role = 'fact']", style: {
            "shape": "round-rectangle", "background-color": "#e8953a", "width": 14, "height": 14 } },
        { selector: "node[center = 1]", style: { "width": 30, "height": 30, "font-weight": "bold", "font-size": 11 } },
        { selector: "node:selected", style: { "border-width": 3, "border-color": "#c0392b" } },
        { selector: "edge", style: {
            "width": 1, "line-color": "#b8b8b8", "curve-style": "bezier", "target-arrow-shape": "triangle",
            "target-arrow-color": "#b8b8b8", "arrow-scale": 0.6, "label": "data(label)", "font-size": 7,
            "color": "#777", "text-rotation": "autorotate" } }
      ],
      layout: { name: "cose", animate: false, randomize: false, nodeRepulsion: function () { return 9000; },
                idealEdgeLength: function () { return 60; }, padding: 12 }
    });
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
