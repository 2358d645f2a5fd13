"""`sitrep.store.backend`: which database `--db` names, and bad configuration failing at once."""

from __future__ import annotations

import sys

import pytest
from click.testing import CliRunner

from sitrep.cli import main
from sitrep.errors import ConfigError, StoreError
from sitrep.store import Store, backend


@pytest.mark.parametrize(
    ("target", "is_url", "shown"),
    [
        ("sitrep.db", False, "sitrep.db"),
        ("data/postgresql.db", False, "data/postgresql.db"),
        (
            "postgresql://ana:s3cret@db.example:5432/news",
            True,
            "postgresql://ana:***@db.example:5432/news",
        ),
        ("POSTGRES://ana@db/news", True, "POSTGRES://ana@db/news"),
    ],
)
def test_a_url_names_postgresql_and_messages_hide_its_password(
    target: str, is_url: bool, shown: str
) -> None:
    assert backend.is_url(target) is is_url
    assert backend.redact(target) == shown


@pytest.mark.parametrize(
    ("url", "error", "message"),
    [
        ("postgresql://ana:pw@localhost:notaport/news", ConfigError, "not a valid PostgreSQL URL"),
        ("postgresql://ana:pw@localhost:5432", ConfigError, "names no database"),
        ("postgresql://ana:pw@127.0.0.1:1/news", StoreError, "cannot connect to PostgreSQL"),
    ],
)
def test_a_bad_url_fails_at_once_naming_the_fix(url: str, error: type, message: str) -> None:
    with pytest.raises(error, match=message) as caught:
        Store.open(url)
    assert "pw" not in str(caught.value)


def test_without_psycopg_the_message_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)  # import psycopg raises ImportError
    with pytest.raises(ConfigError, match=r'pip install "sitrep\[scale\]"'):
        Store.open("postgresql://ana@localhost/news")


@pytest.mark.parametrize("command", ["events", "rejections", "reviews", "disagreements"])
def test_an_unreachable_server_is_one_line_and_exit_code_4(command: str) -> None:
    result = CliRunner().invoke(main, [command, "--db", "postgresql://ana:pw@127.0.0.1:1/news"])
    assert result.exit_code == StoreError.exit_code
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("sitrep: error: cannot connect to PostgreSQL at postgresql://ana:***@")


def test_reading_commands_refuse_an_empty_postgresql_database(db_target: str) -> None:
    result = CliRunner().invoke(main, ["events", "--db", db_target])
    assert result.exit_code == 2
    assert "run `sitrep run PATH --db" in result.stderr
    assert not Store.exists(db_target)  # looking did not create a store
