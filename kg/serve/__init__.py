"""``kg serve``: the SPARQL 1.1 Protocol endpoint over an embedded store, and its pages.

The subpackage is split along its seams: ``negotiation`` (media types and the Accept header), ``workers``
(the processes that evaluate queries, killed at their deadline, under a memory limit), ``pages`` (HTML),
``app`` (the Starlette application: routes, the JSON error shape, ``create_app``) and ``server`` (uvicorn,
sockets, ``make_server`` and ``serve``). The web framework is imported only when a server is made, so a
missing ``serve`` extra is reported in one line.
"""

from .negotiation import BOOLEAN_TYPES, GRAPH_TYPES, RESULTS_TYPES, negotiate

__all__ = [
    "BOOLEAN_TYPES",
    "DEFAULT_TIMEOUT",
    "GRAPH_TYPES",
    "RESULTS_TYPES",
    "SparqlServer",
    "create_app",
    "make_server",
    "negotiate",
    "serve",
]

DEFAULT_TIMEOUT = 30.0

_FROM_SERVER = {"SparqlServer", "make_server", "serve"}
_FROM_APP = {"Endpoint", "create_app"}


def require_serve_extra() -> None:
    """Fail in one line, naming the extra to install, when the web stack is missing."""
    from importlib.util import find_spec

    missing = [name for name in ("starlette", "uvicorn", "h11") if find_spec(name) is None]
    if missing:
        from ..errors import KgError

        verb = "is" if len(missing) == 1 else "are"
        raise KgError(f"kg serve needs {', '.join(missing)}, which {verb} not installed; install the serve extra: "
                      "pip install 'kg[serve]'")


def __getattr__(name: str):
    if name in _FROM_SERVER or name in _FROM_APP:
        require_serve_extra()
        from . import app, server

        return getattr(server if name in _FROM_SERVER else app, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
