"""kg's pages: what ``kg serve`` shows a person, and the graph a notebook draws inline.

``data`` reads the store with SPARQL (entity, document, search, figures compared), ``render`` turns it into HTML
with Jinja2 templates and the neighbourhood graph's data, ``iris`` maps data IRIs to server paths, and ``routes``
mounts the pages (``/``, ``/id/...``, ``/documents``, ``/figures``, ``/search``, ``/static/...``) in the ASGI app.
The browser libraries (YASGUI, cytoscape.js) are vendored under ``static/vendor``: nothing loads from elsewhere.
"""
