/* Document pages: clicking (or pressing Enter on) highlighted words shows the facts they support, with links to
   the facts and their entities. The facts come from the page's own JSON block; text goes in with textContent. */
(function () {
  "use strict";
  var source = document.getElementById("kg-span-data");
  var panel = document.getElementById("kg-span-details");
  var text = document.getElementById("doc-text");
  if (!source || !panel || !text) return;
  var facts = JSON.parse(source.textContent);

  function element(tag, className, content) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (content !== undefined && content !== null) node.textContent = content;
    return node;
  }
  function link(href, content) {
    if (!href) return element("span", null, content);
    var a = element("a", null, content);
    a.href = href;
    return a;
  }

  function show(mark) {
    panel.textContent = "";
    Array.prototype.forEach.call(text.querySelectorAll("mark.selected"), function (m) { m.classList.remove("selected"); });
    var ids = (mark.getAttribute("data-facts") || "").split(" ").filter(Boolean);
    ids.forEach(function (id) {
      Array.prototype.forEach.call(text.querySelectorAll("mark"), function (m) {
        if ((" " + m.getAttribute("data-facts") + " ").indexOf(" " + id + " ") >= 0) m.classList.add("selected");
      });
      var fact = facts[id];
      if (!fact) return;
      var box = element("div", "span-fact");
      box.appendChild(element("p", "type", fact.kind));
      var title = element("h3");
      title.appendChild(link(fact.href, fact.label));
      if (fact.year !== null && fact.year !== undefined) {
        title.appendChild(document.createTextNode(" "));
        title.appendChild(element("span", "year", String(fact.year)));
      }
      box.appendChild(title);
      if (fact.links.length) {
        var list = element("dl", "facts-of-fact");
        fact.links.forEach(function (l) {
          var row = element("div");
          row.appendChild(element("dt", null, l.role));
          var dd = element("dd");
          dd.appendChild(link(l.href, l.label));
          row.appendChild(dd);
          list.appendChild(row);
        });
        box.appendChild(list);
      }
      panel.appendChild(box);
    });
  }

  text.addEventListener("click", function (event) {
    if (event.target.closest("a")) return;  // an entity mention: follow the link
    var mark = event.target.closest("mark[data-facts]");
    if (mark) show(mark);
  });
  text.addEventListener("keydown", function (event) {
    var mark = event.target.closest && event.target.closest("mark[data-facts]");
    if (mark && (event.key === "Enter" || event.key === " ")) { event.preventDefault(); show(mark); }
  });
})();
