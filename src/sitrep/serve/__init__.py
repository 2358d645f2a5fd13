"""`sitrep serve`: the REST API and the review desk, over the store (docs/serve.md).

- `sitrep.serve.app`: `create_app`, the FastAPI application (errors, limits, headers);
- `sitrep.serve.security`: the write token, security headers, cross-site checks;
- `sitrep.serve.routes`: the REST API under /api/, thin over `sitrep.store.query`;
- `sitrep.serve.desk`: the review desk pages, sharing the report's map and timeline.

FastAPI and uvicorn are the optional ``serve`` extra; importing this package does
not need them, so the command can say how to install them (`require_extra`).
"""

from __future__ import annotations

import importlib.util

from sitrep.errors import UsageError

INSTALL_HINT = 'sitrep serve needs FastAPI and uvicorn: pip install "sitrep[serve]"'


def require_extra() -> None:
    """Raise `UsageError` with the one-line install hint when the extra is missing."""
    if any(importlib.util.find_spec(name) is None for name in ("fastapi", "uvicorn")):
        raise UsageError(INSTALL_HINT)


__all__ = ["INSTALL_HINT", "require_extra"]
