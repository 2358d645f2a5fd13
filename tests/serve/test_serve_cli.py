"""`sitrep reviews` and `sitrep serve` on the command line (the server itself: test_api.py)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from conftest import make_analysis
from sitrep.cli import main
from sitrep.errors import UsageError
from sitrep.serve import INSTALL_HINT, require_extra
from sitrep.serve.security import load_token
from sitrep.store import Store


def _reviewed_store(path: Path) -> Path:
    with Store.open(path) as store:
        store.save([make_analysis()])
        store.review("doc-1:e1", "correct", reviewer="ann", fields={"counts": {"killed": 14}},
                     note="later toll")  # fmt: skip
    return path


def test_reviews_lists_who_changed_what(tmp_path: Path) -> None:
    db = str(_reviewed_store(tmp_path / "s.db"))
    result = CliRunner().invoke(main, ["reviews", "--db", db])
    assert result.exit_code == 0, result.output
    line = result.stdout.strip()
    assert "\tann\tcorrect\tdoc-1:e1\t" in line
    assert "counts.killed" in line
    assert "later toll" in line
    as_json = CliRunner().invoke(main, ["reviews", "--db", db, "--format", "jsonl"])
    record = json.loads(as_json.stdout)
    assert record["attached"] is True
    assert record["changes"][0]["new"] == {"value": 14, "qualifier": "exact"}


def test_export_gives_reviewed_values_and_hides_rejected_events(tmp_path: Path) -> None:
    db = str(_reviewed_store(tmp_path / "s.db"))
    out = tmp_path / "e.jsonl"
    assert CliRunner().invoke(main, ["export", "--db", db, "-o", str(out)]).exit_code == 0
    record = json.loads(out.read_text(encoding="utf-8"))
    assert record["counts"]["killed"]["value"] == 14
    assert record["review"]["machine"]["counts.killed"]["value"] == 12
    with Store.open(db) as store:
        store.review("doc-1:e1", "reject", reviewer="bo")
    CliRunner().invoke(main, ["export", "--db", db, "-o", str(out)])
    assert out.read_text(encoding="utf-8") == ""
    CliRunner().invoke(main, ["export", "--db", db, "-o", str(out), "--review", "all"])
    assert json.loads(out.read_text(encoding="utf-8"))["review"]["state"] == "rejected"


def test_serve_without_the_extra_says_how_to_install_it(monkeypatch: Any, tmp_path: Path) -> None:
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "fastapi" else real(name, *a))  # fmt: skip
    with pytest.raises(UsageError, match="sitrep\\[serve\\]"):
        require_extra()
    result = CliRunner().invoke(main, ["serve", "--db", str(_reviewed_store(tmp_path / "s.db"))])
    assert result.exit_code == 2
    assert result.stderr.strip() == f"sitrep: error: {INSTALL_HINT}"


def test_serve_refuses_a_missing_database(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["serve", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 2
    assert "no database" in result.stderr


@pytest.mark.parametrize(
    ("content", "environ", "expected"),
    [
        (None, {}, None),
        (None, {"SITREP_TOKEN": "a" * 20}, "a" * 20),
        ("b" * 20 + "\n", {"SITREP_TOKEN": "a" * 20}, "b" * 20),  # the file wins
    ],
)
def test_the_token_comes_from_a_file_or_the_environment(
    tmp_path: Path, content: str | None, environ: dict[str, str], expected: str | None
) -> None:
    path = None
    if content is not None:
        path = tmp_path / "token"
        path.write_text(content, encoding="utf-8")
    assert load_token(str(path) if path else None, environ) == expected


def test_a_short_or_missing_token_file_is_refused(tmp_path: Path) -> None:
    short = tmp_path / "short"
    short.write_text("abc", encoding="utf-8")
    with pytest.raises(UsageError, match="shorter than 16"):
        load_token(str(short), {})
    with pytest.raises(UsageError, match="cannot read"):
        load_token(str(tmp_path / "missing"), {})
