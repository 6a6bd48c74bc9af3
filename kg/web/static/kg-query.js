/* The query page: YASGUI on kg's endpoint, one tab per named query, IRIs of kg's data opening their pages on
   this server. Nothing is fetched from other hosts: prefix and vocabulary look-ups (prefix.cc, LOV) are off. */
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("kg-query-config").textContent);
  var endpoint = new URL(config.endpoint, window.location.href).toString();
  var dataBase = config.dataBase;
  var dataPath = new URL(config.dataPath, window.location.href).toString();

  // Autocompleters for classes and properties ask LOV over the network; prefixes come from the bundled list
  // (prefixCcApi stays null) and variables from the query itself.
  Yasgui.Yasqe.defaults.autocompleters = Yasgui.Yasqe.defaults.autocompleters.filter(function (name) {
    return name !== "class" && name !== "property";
  });
  Yasgui.Yasqe.defaults.prefixCcApi = null;

  // Results as plain values ("2015", not "2015"^^xsd:integer): YASR's own "Simple view" (compact), switched on
  // from the start, with each literal's datatype or language as its tooltip. The switch above the table shows
  // the full terms again.
  var Table = Yasgui.Yasr.plugins.table;
  function attribute(text) {
    return String(text).replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/'/g, "&#39;")
      .replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }
  function shorten(iri, prefixes) {
    for (var name in prefixes || {}) {
      if (prefixes[name] && iri.indexOf(prefixes[name]) === 0) return name + ":" + iri.slice(prefixes[name].length);
    }
    return iri;
  }
  class PlainTable extends Table {
    constructor(yasr) {
      super(yasr);
      if (this.persistentConfig.compact === undefined) this.persistentConfig.compact = true;
    }
    formatLiteral(literal, prefixes) {
      var shown = super.formatLiteral(literal, prefixes);
      if (!this.persistentConfig.compact) return shown;
      var note = literal["xml:lang"] ? "@" + literal["xml:lang"]
        : literal.datatype ? shorten(literal.datatype, prefixes) : "";
      return note ? '<span class="kg-literal" title="' + attribute(note) + '">' + shown + "</span>" : shown;
    }
  }
  Yasgui.Yasr.registerPlugin("table", PlainTable);

  var request = { endpoint: endpoint, method: "POST", acceptHeaderSelect: "application/sparql-results+json",
                  acceptHeaderGraph: "text/turtle" };
  var yasgui = new Yasgui(document.getElementById("yasgui"), {
    persistenceId: null,
    copyEndpointOnNewTab: true,
    autoAddOnInit: false,
    populateFromUrl: false,
    requestConfig: request,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
    yasqe: { value: config.defaultQuery, prefixCcApi: null, persistenceId: null },
    yasr: { prefixes: config.prefixes, persistenceId: null,
            plugins: { table: { dynamicConfig: { openIriInNewWindow: false } } } }
  });

  var first = null;
  config.examples.forEach(function (example, index) {
    var tab = yasgui.addTab(index === 0, { name: example.name, yasqe: { value: example.query }, requestConfig: request });
    if (example.name === config.tab) first = tab;
  });
  if (config.query) {
    first = yasgui.addTab(false, { name: "query", yasqe: { value: config.query }, requestConfig: request });
  }
  if (first) yasgui.selectTabId(first.getId());
  window.kgYasgui = yasgui;

  // An IRI of kg's data in a result opens its page here rather than at its (possibly unreachable) base.
  function localise(anchor) {
    var href = anchor.getAttribute("href");
    if (href && href.indexOf(dataBase) === 0) {
      anchor.setAttribute("href", dataPath + href.slice(dataBase.length));
      anchor.removeAttribute("target");
      anchor.classList.add("kg-local");
    }
  }
  function localiseAll(root) {
    if (root.tagName === "A") localise(root);
    Array.prototype.forEach.call(root.querySelectorAll ? root.querySelectorAll("a[href]") : [], localise);
  }
  new MutationObserver(function (changes) {
    changes.forEach(function (change) {
      Array.prototype.forEach.call(change.addedNodes, function (node) { if (node.nodeType === 1) localiseAll(node); });
    });
  }).observe(document.getElementById("yasgui"), { childList: true, subtree: true });
})();
