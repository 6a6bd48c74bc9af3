"""Optional dependencies: which extra of ``pyproject.toml`` brings each one, and the one-line error without it.

``import_extra("pyshacl", extra="validate", feature="kg validate")`` returns the module, or raises
``MissingExtraError`` saying ``kg validate needs the validate extra: pip install 'kg[validate]'``.
"""

import importlib
from types import ModuleType

from .errors import MissingExtraError

__all__ = ["import_extra"]


def import_extra(module: str, *, extra: str, feature: str) -> ModuleType:
    """Import an optional dependency, naming the extra to install when it is missing."""
    try:
        return importlib.import_module(module)
    except ImportError as e:
        # Only the module asked for (or one of its parents) being absent is a missing extra; an import error
        # inside an installed package is a broken installation and keeps its own message.
        missing = getattr(e, "name", None)
        if missing is None or not (module == missing or module.startswith(missing + ".")):
            raise
        raise MissingExtraError(f"{feature} needs the {extra} extra: pip install 'kg[{extra}]'") from e
