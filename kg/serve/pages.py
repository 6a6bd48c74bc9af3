"""HTML pages of the endpoint: the query page at ``/`` (a form, and the named queries as examples)."""

import html
from urllib.parse import quote

__all__ = ["PAGE_HEADERS", "query_page"]

DEFAULT_QUERY = """PREFIX kg: <https://w3id.org/kg-news/ontology#>
SELECT ?person ?name WHERE {
  ?person a kg:Person ; kg:name ?name .
}
LIMIT 20
"""

# Choices of the query page; each also names a graph type so one choice works for every query form.
PAGE_FORMATS = [
    ("JSON (JSON-LD for graphs)", "application/sparql-results+json, application/ld+json"),
    ("XML (RDF/XML for graphs)", "application/sparql-results+xml, application/rdf+xml"),
    ("CSV (Turtle for graphs)", "text/csv, text/turtle, */*;q=0.1"),
    ("TSV (Turtle for graphs)", "text/tab-separated-values, text/turtle, */*;q=0.1"),
    ("N-Triples (JSON for results)", "application/n-triples, application/sparql-results+json"),
]

PAGE_HEADERS = {
    # No scripts at all: a query echoed into the page can never run.
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
    "Referrer-Policy": "no-referrer",
}

_PAGE_STYLE = """body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}
textarea{width:100%;font-family:monospace;font-size:0.9rem}
pre{background:#f4f4f4;padding:0.5rem;overflow-x:auto}h3{margin-bottom:0.2rem}"""


def query_page(query_text: str | None, *, example: str | None, update_note: str) -> bytes:
    """The query page, its form holding ``query_text``, the named query ``example`` or a default query."""
    from ..sparql import named_queries

    queries = named_queries()
    if query_text is None:
        named = queries.get(example) if example else None
        query_text = named.text if named else DEFAULT_QUERY
    esc = html.escape
    options = "".join(f'<option value="{esc(value)}">{esc(label)}</option>' for label, value in PAGE_FORMATS)
    examples = []
    for name, named in queries.items():
        run = "/sparql?query=" + quote(named.text, safe="") + "&accept=" + quote(PAGE_FORMATS[0][1], safe="")
        examples.append(
            f'<h3>{esc(name)}</h3><p>{esc(named.question)} '
            f'<a href="/?example={quote(name, safe="")}">edit</a> · <a href="{esc(run)}">run</a></p>'
            f'<pre>{esc(named.text)}</pre>')
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>kg SPARQL endpoint</title>
<style>{_PAGE_STYLE}</style></head>
<body><h1>kg SPARQL endpoint</h1>
<p>SPARQL 1.1 Protocol at <code>/sparql</code> (GET or POST). Queries see the union of all document graphs.
{esc(update_note)}</p>
<form method="get" action="/sparql">
<textarea name="query" rows="14" spellcheck="false">{esc(query_text)}</textarea>
<p><label>Results as <select name="accept">{options}</select></label>
<button type="submit">Run query</button></p>
</form>
<h2>Named queries</h2>
{"".join(examples)}
</body></html>
""".encode()
