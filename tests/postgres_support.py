"""The PostgreSQL server the store's tests run against, beside SQLite (started by `.ci/run`).

`SITREP_TEST_POSTGRES` names a database the tests may create schemas in, e.g.
``postgresql://sitrep:sitrep@localhost:5432/sitrep_test``. Each test gets a
fresh schema (dropped afterwards), reached through the URL's ``search_path``
option, so tests never see each other's tables. Without the variable (or
without psycopg) the PostgreSQL cases are skipped with a message saying how to
start a server, unless SITREP_REQUIRE_POSTGRES=1 (set by CI), where that is a
failure rather than a silent skip.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

import pytest

BACKENDS = ("sqlite", "postgresql")
HOW = (
    "PostgreSQL tests skipped: set SITREP_TEST_POSTGRES=postgresql://USER:PASSWORD@HOST:PORT/DB "
    "to a database where that user may create schemas. On Debian, as root: "
    "apt-get install -y postgresql && pg_ctlcluster 15 main start && "
    'su postgres -c "psql -c \\"CREATE ROLE sitrep LOGIN PASSWORD \'sitrep\'\\"" && '
    'su postgres -c "createdb -O sitrep sitrep_test" (what .ci/run does)'
)


def postgres_url() -> str:
    """The test server's URL; skip (or fail under SITREP_REQUIRE_POSTGRES=1) without one."""
    url = os.environ.get("SITREP_TEST_POSTGRES", "")
    problem = "" if url else "SITREP_TEST_POSTGRES is not set"
    if url:
        try:
            import psycopg

            with psycopg.connect(url, connect_timeout=5):
                pass
        except ImportError:
            problem = 'psycopg is not installed (pip install "sitrep[scale]")'
        except Exception as exc:
            problem = f"cannot connect to SITREP_TEST_POSTGRES: {exc}"
    if problem:
        if os.environ.get("SITREP_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"SITREP_REQUIRE_POSTGRES=1 but {problem}", pytrace=False)
        pytest.skip(f"{problem}. {HOW}")
    return url


@contextmanager
def fresh_schema(url: str) -> Iterator[str]:
    """A URL reaching a new, empty schema of the test database; dropped at the end."""
    import psycopg

    name = f"sitrep_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {name}")
    joiner = "&" if "?" in url else "?"
    try:
        yield f"{url}{joiner}options=-csearch_path%3D{name}"
    finally:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {name} CASCADE")


class Targets:
    """Makes fresh, empty stores of one backend: SQLite files or PostgreSQL schemas."""

    def __init__(self, backend: str, folder: Path) -> None:
        self.backend = backend
        self._folder = folder
        self._url = postgres_url() if backend == "postgresql" else ""
        self._open: list[AbstractContextManager[str]] = []
        self._count = 0

    def new(self) -> str:
        """Where a new, empty store can be opened (a path or a URL)."""
        self._count += 1
        if self.backend == "sqlite":
            return str(self._folder / f"store{self._count}.db")
        schema = fresh_schema(self._url)
        self._open.append(schema)
        return schema.__enter__()

    def close(self) -> None:
        """Drop every schema made."""
        while self._open:
            self._open.pop().__exit__(None, None, None)
