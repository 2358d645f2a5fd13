"""Running the server: the token, a word about what binding elsewhere exposes, uvicorn."""

from __future__ import annotations

import sys

import uvicorn

from sitrep.config import Settings
from sitrep.serve.app import create_app
from sitrep.serve.security import load_token

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def serve_forever(settings: Settings, *, host: str, port: int, token_file: str | None) -> None:
    """Serve the store of `settings` on host:port until interrupted."""
    token = load_token(token_file)
    app = create_app(settings.db, token=token, settings=settings)
    if host not in LOOPBACK:
        print(
            f"sitrep: serving {settings.db} on {host}: anyone who can reach this address can"
            " read every event and document; writes still need the token.",
            file=sys.stderr,
        )
    mode = "read-only (no token)" if token is None else "writes need the token"
    print(f"sitrep: review desk at http://{host}:{port}/ ({mode})", file=sys.stderr)
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False)
