"""The FastAPI application of `sitrep serve`: wiring, errors and the store per thread.

`create_app(db)` builds the application over the store at `db` (a SQLite file or
a PostgreSQL URL). Routes run in FastAPI's thread pool; each thread opens its own
connection to the store (connections are not shared between threads), so reads
run side by side and a `sitrep run` writing the same store only makes a write
wait (SQLite: WAL and a busy timeout; PostgreSQL: the store's write lock).

Every error leaves as one JSON shape, ``{"error": {"status", "type", "message"}}``,
with the HTTP status of sitrep's exception tree (`sitrep.errors`); a request
the framework cannot parse is a 400, and a bug is a 500 whose message says only
that: the traceback goes to the server's log, never to the client.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from sitrep.config import Settings
from sitrep.errors import SitrepError
from sitrep.serve.security import Guard, error_body
from sitrep.store import Store
from sitrep.version import __version__

log = logging.getLogger("sitrep.serve")

#: Bytes of request body besides the documents' text (JSON quoting, fields).
BODY_MARGIN = 1_000_000


@dataclass
class Context:
    """What every route needs: the store (one connection per thread), the token, settings."""

    db: str
    token: str | None
    settings: Settings
    _local: threading.local = field(default_factory=threading.local)

    def store(self) -> Store:
        """This thread's connection to the store, opened on first use."""
        store: Store | None = getattr(self._local, "store", None)
        if store is None:
            store = self._local.store = Store.open(self.db)
        return store

    @property
    def read_only(self) -> bool:
        """Whether writes are refused (no token configured)."""
        return self.token is None


def create_app(
    db: str,
    *,
    token: str | None = None,
    settings: Settings | None = None,
    max_body: int | None = None,
) -> FastAPI:
    """The application over the store at `db`; writes need `token` (read-only when None).

    `max_body` bounds request bodies in bytes; by default a body may hold one
    document of `settings.max_chars` characters of any UTF-8 (4 bytes each) and its
    JSON around it.
    """
    from sitrep.serve import desk, routes  # the routes import this module's Context

    settings = settings or Settings(db=db)
    app = FastAPI(
        title="sitrep",
        version=__version__,
        description="Structured, sourced PLOVER events and their reviews (docs/serve.md).",
        openapi_url="/api/openapi.json",
        docs_url=None,  # FastAPI's docs page loads scripts from a CDN: ours is /api/docs
        redoc_url=None,
    )
    app.state.context = Context(db=db, token=token, settings=settings)
    app.include_router(routes.router)
    app.include_router(desk.router)
    desk.mount_assets(app)
    _handle_errors(app)
    limit = max_body if max_body is not None else 4 * settings.max_chars + BODY_MARGIN
    app.add_middleware(Guard, max_body=limit)
    return app


def _reply(status: int, kind: str, message: str) -> JSONResponse:
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse(error_body(status, kind, message), status_code=status, headers=headers)


def _handle_errors(app: FastAPI) -> None:
    """Translate every exception once into the JSON error shape."""

    async def sitrep_error(_request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, SitrepError)
        if exc.http_status >= 500:
            log.error("%s: %s", type(exc).__name__, exc)
        return _reply(exc.http_status, type(exc).__name__, str(exc))

    async def bad_request(_request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        return _reply(400, "ConfigError", _validation_message(exc.errors()))

    async def http_error(_request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, HTTPException)
        kinds = {404: "NotFoundError", 405: "MethodNotAllowed"}
        return _reply(exc.status_code, kinds.get(exc.status_code, "HTTPError"), str(exc.detail))

    async def bug(_request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error", exc_info=exc)
        return _reply(500, "InternalError", "internal error; the server's log has the details")

    app.add_exception_handler(SitrepError, sitrep_error)
    app.add_exception_handler(RequestValidationError, bad_request)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(Exception, bug)


def _validation_message(errors: Any) -> str:
    """The framework's validation errors in one line: which parameter, and what is wrong."""
    parts = []
    for error in errors:
        where = ".".join(str(p) for p in error.get("loc", ()) if p not in ("query", "path", "body"))
        parts.append(f"{where or 'request'}: {error.get('msg', 'invalid')}")
    return "; ".join(parts) or "invalid request"
