"""What keeps the server safe: the write token, security headers, size and origin checks.

- Writes (POST) need ``Authorization: Bearer TOKEN``, compared in constant time
  (`hmac.compare_digest`); a missing or wrong token is 401. Without a configured
  token the server is read-only and every write is 403.
- A write whose ``Origin`` is not the server's own, or that the browser marks as
  cross-site (``Sec-Fetch-Site``), is refused (403) before the token is looked
  at. The desk sends its token in a header from script, never in a cookie, so a
  form on another site cannot carry it anyway; this is a second lock.
- Every response carries a Content-Security-Policy that allows only the server's
  own script and style files (inline style attributes for the map's colours, no
  inline script), no frames and no network elsewhere; plus ``nosniff``,
  ``no-referrer`` and ``DENY`` framing.
- Request bodies larger than the limit are refused (413) while they are read, so
  a client cannot make the server hold more than the limit in memory.
"""

from __future__ import annotations

import hmac
import json
import os
from pathlib import Path
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sitrep.errors import SitrepError, UsageError

#: The shortest token accepted: a guessable token would be no lock at all.
MIN_TOKEN = 16

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)
HEADERS = (
    (b"content-security-policy", CSP.encode("ascii")),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cache-control", b"no-store"),
)


class UnauthorizedError(SitrepError):
    """A write without the right token."""

    http_status = 401


class ForbiddenError(SitrepError):
    """A write the server does not take: read-only, or from another site."""

    http_status = 403


class TooLargeError(SitrepError):
    """A request body over the limit."""

    http_status = 413


def error_body(status: int, kind: str, message: str) -> dict[str, object]:
    """The one JSON shape of every error the server sends (docs/serve.md)."""
    return {"error": {"status": status, "type": kind, "message": message}}


def load_token(token_file: str | None, environ: dict[str, str] | None = None) -> str | None:
    """The write token: the file's content when given, else $SITREP_TOKEN, else None."""
    if token_file:
        try:
            token = Path(token_file).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise UsageError(f"cannot read --token-file {token_file}: {exc.strerror}") from exc
        where = f"--token-file {token_file}"
    else:
        token = (environ if environ is not None else dict(os.environ)).get("SITREP_TOKEN", "")
        token, where = token.strip(), "SITREP_TOKEN"
        if not token:
            return None
    if len(token) < MIN_TOKEN:
        raise UsageError(f"the token in {where} is shorter than {MIN_TOKEN} characters")
    return token


def check_token(expected: str | None, authorization: str | None) -> None:
    """Raise unless `authorization` is ``Bearer`` with the expected token."""
    if expected is None:
        raise ForbiddenError(
            "this server is read-only: start it with SITREP_TOKEN or --token-file to allow writes"
        )
    scheme, _, given = (authorization or "").partition(" ")
    # Both sides are bytes of the same kind; compare_digest takes time independent of
    # where they differ.
    if scheme.lower() != "bearer" or not hmac.compare_digest(
        given.strip().encode("utf-8"), expected.encode("utf-8")
    ):
        raise UnauthorizedError(
            "a write needs the header Authorization: Bearer TOKEN (missing or wrong)"
        )


def check_same_site(host: str | None, origin: str | None, fetch_site: str | None) -> None:
    """Raise when a write comes from another site (see the module docstring)."""
    if fetch_site is not None and fetch_site not in ("same-origin", "none"):
        raise ForbiddenError(f"a write from another site is refused (Sec-Fetch-Site: {fetch_site})")
    if origin is not None and origin != "null" and urlsplit(origin).netloc != (host or ""):
        raise ForbiddenError(f"a write from another origin ({origin}) is refused")
    if origin == "null":
        raise ForbiddenError("a write from an opaque origin is refused")


class Guard:
    """ASGI middleware: security headers on every response, and the body size limit."""

    def __init__(self, app: ASGIApp, *, max_body: int) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Wrap `send` to add headers and `receive` to count body bytes."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [h for h in message.get("headers", []) if h[0] not in dict(HEADERS)]
                message["headers"] = headers + list(HEADERS)
            await send(message)

        declared = dict(scope.get("headers", [])).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.max_body:
            await self._refuse(send_with_headers)  # refused before a byte of it is read
            return
        await self.app(scope, self._counting(receive), send_with_headers)

    async def _refuse(self, send: Send) -> None:
        body = json.dumps(error_body(413, "TooLargeError", self._too_large())).encode("utf-8")
        headers = [(b"content-type", b"application/json"),
                   (b"content-length", str(len(body)).encode("ascii"))]  # fmt: skip
        await send({"type": "http.response.start", "status": 413, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    def _too_large(self) -> str:
        return f"the request body is over the limit of {self.max_body:,} bytes"

    def _counting(self, receive: Receive) -> Receive:
        """`receive` that raises `TooLargeError` once more than the limit has arrived (a body
        sent without a length, in chunks)."""
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body:
                    raise TooLargeError(self._too_large())
            return message

        return counted
