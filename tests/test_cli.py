"""The `sitrep` command line, driven through click's CliRunner.

The language model loads once per process, so the tests share one database
(`built`), made by running `sitrep run` twice over a small folder: a wire
report from Kabul about Kandahar, and a JSON Lines feed with an arrest in
Nairobi, one malformed line and a planned protest in Harare. Every test runs
in a fresh working folder with the SITREP_* environment variables removed, so
a sitrep.toml or a setting of the person running the tests cannot leak in.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from sitrep import __version__, cli
from sitrep.cli import REJECTED_EXIT_CODE, main
from sitrep.store import Store
from sitrep.store.filters import EventFilter

REPORT = (
    "KABUL, March 4, 2024 (Reuters) - Troops shelled a village near Kandahar on Sunday, "
    "killing six civilians."
)
FEED = [
    {
        "id": "nairobi-1",
        "text": "Police arrested 12 protesters in Nairobi on Monday.",
        "published": "2024-03-05",
    },
    "this line is not JSON",
    {
        "id": "harare-1",
        "text": (
            "HARARE, March 8 (AFP) - Opposition supporters plan to march in Harare on Friday, "
            "organisers said."
        ),
        "published": "2024-03-08",
    },
]
COMMANDS = sorted(main.commands)  # read from the group: a new command is tested too


def _clear_env(mp: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith("SITREP_"):
            mp.delenv(name)


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test runs in its own empty folder, without SITREP_* settings."""
    _clear_env(monkeypatch)
    monkeypatch.chdir(tmp_path)


def invoke(*args: str, input: str | None = None) -> Result:
    """Run `sitrep ARGS`; stdout and stderr stay apart (result.stdout / result.stderr)."""
    return CliRunner().invoke(main, list(args), input=input)


def _lines(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


# ---------------------------------------------------------------- the shared database


@dataclass
class Built:
    """The folder, the database and what the two `sitrep run` calls said."""

    folder: Path
    db: str
    first: Result
    second: Result
    events_after_first: int
    events_after_second: int


def _write_inputs(folder: Path) -> None:
    folder.mkdir()
    (folder / "kabul.txt").write_text(REPORT, encoding="utf-8")
    lines = [item if isinstance(item, str) else json.dumps(item) for item in FEED]
    (folder / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """A database made by `sitrep run`, run twice over the same folder."""
    root = tmp_path_factory.mktemp("cli")
    folder = root / "reports"
    _write_inputs(folder)
    db = str(root / "sitrep.db")
    with pytest.MonkeyPatch.context() as mp:
        _clear_env(mp)
        mp.chdir(root)
        first = invoke("run", str(folder), "--db", db)
        with Store.open(db) as store:
            after_first = store.events_count()
        second = invoke("run", str(folder), "--db", db)
        with Store.open(db) as store:
            after_second = store.events_count()
    return Built(folder, db, first, second, after_first, after_second)


# ---------------------------------------------------------------- extract


@pytest.fixture
def report(tmp_path: Path) -> Path:
    path = tmp_path / "kabul.txt"
    path.write_text(REPORT, encoding="utf-8")
    return path


def test_extract_prints_one_json_line_per_event(report: Path) -> None:
    result = invoke("extract", str(report))
    assert result.exit_code == 0, result.output
    events = _lines(result.stdout)
    assert len(events) == 1
    event = events[0]
    assert event["type"] == "ASSAULT"
    assert event["counts"]["killed"]["value"] == 6
    assert event["location"]["country"] == "AFG"
    assert "1 events; rejected 0" in result.stderr


def test_extract_offsets_slice_the_document_text(report: Path) -> None:
    event = _lines(invoke("extract", str(report)).stdout)[0]
    for span in (event["evidence"], event["trigger"], event["counts"]["killed"]):
        assert REPORT[span["start"] : span["end"]] == span["text"]
    assert event["trigger"]["text"] == "shelled"


def test_extract_csv_has_a_header(report: Path) -> None:
    result = invoke("extract", str(report), "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert result.stdout.startswith("id,doc_id,type,")
    assert [(r["type"], r["killed"]) for r in rows] == [("ASSAULT", "6")]


@pytest.mark.parametrize(
    ("extra", "published"),
    [([], None), (["--published", "2024-03-06"], "2024-03-06")],
)
def test_extract_published(report: Path, extra: list[str], published: str | None) -> None:
    event = _lines(invoke("extract", str(report), *extra).stdout)[0]
    assert event["source"]["published"] == published


def test_published_can_come_from_the_environment(
    report: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SITREP_PUBLISHED", "2024-03-06")
    event = _lines(invoke("extract", str(report)).stdout)[0]
    assert event["source"]["published"] == "2024-03-06"


def test_extract_reads_standard_input() -> None:
    result = invoke("extract", "-", "--published", "2024-03-06", input=REPORT)
    assert result.exit_code == 0, result.output
    [event] = _lines(result.stdout)
    assert event["type"] == "ASSAULT"
    assert event["date"]["start"] == "2024-03-03"  # "Sunday" before the dateline's Monday


def test_extract_missing_path_is_reported_and_the_rest_still_read(report: Path) -> None:
    result = invoke("extract", "nope.txt", str(report))
    assert result.exit_code == REJECTED_EXIT_CODE  # the rest was read, but not all
    assert len(_lines(result.stdout)) == 1
    assert "nope.txt" in result.stderr
    assert "unreadable" in result.stderr
    assert "rejected 1 (unreadable: 1)" in result.stderr


def test_extract_without_paths_is_a_usage_error() -> None:
    result = invoke("extract")
    assert result.exit_code == 2
    assert "give at least one file or folder" in result.stderr
    assert result.stdout == ""


# ---------------------------------------------------------------- run


def test_run_summary(built: Built) -> None:
    assert built.first.exit_code == REJECTED_EXIT_CODE, built.first.output  # the bad file
    assert "documents stored: 3 (already stored, unchanged: 0)" in built.first.stderr
    assert "events stored:    3" in built.first.stderr
    assert "rejected:         1 (malformed: 1)" in built.first.stderr
    assert built.first.stdout == ""  # summaries are for people: stderr


def test_run_twice_stores_nothing_new(built: Built) -> None:
    assert built.second.exit_code == REJECTED_EXIT_CODE, built.second.output
    assert "documents stored: 0 (already stored, unchanged: 3)" in built.second.stderr
    assert "events stored:    0" in built.second.stderr
    assert built.events_after_second == built.events_after_first == 3


def test_run_without_paths_is_a_usage_error() -> None:
    result = invoke("run", "--db", "x.db")
    assert result.exit_code == 2
    assert not Path("x.db").exists()


# ---------------------------------------------------------------- events


def _types(built: Built, *args: str) -> list[str]:
    result = invoke("events", "--db", built.db, "--format", "jsonl", *args)
    assert result.exit_code == 0, result.output
    return [event["type"] for event in _lines(result.stdout)]


@pytest.mark.parametrize(
    ("args", "types"),
    [
        ([], ["ASSAULT", "COERCE", "PROTEST"]),  # ordered by date
        (["--type", "ASSAULT"], ["ASSAULT"]),
        (["--type", "assault", "--type", "PROTEST"], ["ASSAULT", "PROTEST"]),
        (["--status", "planned"], ["PROTEST"]),
        (["--status", "OCCURRED"], ["ASSAULT", "COERCE"]),
        (["--place", "Nairobi"], ["COERCE"]),
        (["--place", "zwe"], ["PROTEST"]),
        (["--place", "AFG"], ["ASSAULT"]),
        (["--actor", "police"], ["COERCE"]),
        (["--actor", "protesters"], ["COERCE"]),  # targets count too
        (["--actor", "Nobody"], []),
        (["--since", "2024-03-04"], ["COERCE", "PROTEST"]),
        (["--until", "2024-03-04"], ["ASSAULT", "COERCE"]),
        (["--since", "2024-03-04", "--until", "2024-03-04"], ["COERCE"]),
        (["--limit", "1"], ["ASSAULT"]),
        (["--type", "ASSAULT", "--status", "planned"], []),
    ],
)
def test_events_filters(built: Built, args: list[str], types: list[str]) -> None:
    assert _types(built, *args) == types


@pytest.mark.parametrize("place", ["Kandahar", "kandahār", "KANDAH"])
def test_events_place_ignores_case_and_accents(built: Built, place: str) -> None:
    # The gazetteer spells it "Kandahār"; the plain spelling must still find it.
    assert _types(built, "--place", place) == ["ASSAULT"]


def test_events_table_is_the_default(built: Built) -> None:
    result = invoke("events", "--db", built.db)
    assert result.exit_code == 0, result.output
    header, *rows = result.stdout.splitlines()
    assert header.split() == [
        "date_start", "type", "mode", "status", "actors", "targets", "place", "killed",
    ]  # fmt: skip
    assert len(rows) == 3
    assert rows[0].startswith("2024-03-03  ASSAULT")
    assert "3 events from 3 documents" in result.stderr


def test_events_csv(built: Built) -> None:
    result = invoke("events", "--db", built.db, "--format", "csv", "--type", "PROTEST")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["type"], r["status"], r["place"]) for r in rows] == [
        ("PROTEST", "planned", "Harare")
    ]


def test_events_db_from_the_environment(built: Built, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SITREP_DB", built.db)
    result = invoke("events", "--format", "jsonl")
    assert len(_lines(result.stdout)) == 3


@pytest.mark.parametrize("command", [["events"], ["export", "-o", "out.jsonl"], ["rejections"]])
def test_missing_database_names_the_fix(command: list[str]) -> None:
    result = invoke(*command, "--db", "missing.db")
    assert result.exit_code == 2
    assert "no database at missing.db" in result.stderr
    assert "sitrep run PATH --db missing.db" in result.stderr
    assert not Path("missing.db").exists()  # nothing was created by asking


@pytest.mark.parametrize(
    "args",
    [
        ["events", "--since", "yesterday"],
        ["events", "--until", "2024-02-30"],
        ["events", "--since", "2024-03-09", "--until", "2024-03-01"],
        ["export", "-o", "out.csv", "--since", "03/04/2024"],
        ["events", "--limit", "-1"],
        ["events", "--format", "xml"],
    ],
)
def test_bad_option_values_exit_2(built: Built, args: list[str]) -> None:
    result = invoke(*args, "--db", built.db)
    assert result.exit_code == 2
    assert result.stdout == ""


def test_bad_published_exits_2(report: Path) -> None:
    result = invoke("extract", str(report), "--published", "2024-13-01")
    assert result.exit_code == 2
    assert "--published" in result.stderr


def test_bad_environment_setting_exits_2(report: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SITREP_WORKERS", "0")
    result = invoke("extract", str(report))
    assert result.exit_code == 2
    assert "workers" in result.stderr


def test_missing_config_file_exits_2(report: Path) -> None:
    result = invoke("--config", "nope.toml", "extract", str(report))
    assert result.exit_code == 2
    assert "nope.toml" in result.stderr


# ---------------------------------------------------------------- export


@pytest.mark.parametrize(
    ("fmt", "args", "count"),
    [
        ("jsonl", [], 3),
        ("csv", [], 3),
        ("jsonl", ["--type", "ASSAULT"], 1),
        ("csv", ["--status", "planned"], 1),
    ],
)
def test_export_writes_the_file(built: Built, fmt: str, args: list[str], count: int) -> None:
    out = Path(f"events.{fmt}")
    result = invoke("export", "--db", built.db, "--format", fmt, "-o", str(out), *args)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert f"wrote {count} events to {out}" in result.stderr
    text = out.read_text(encoding="utf-8")
    if fmt == "jsonl":
        assert len(_lines(text)) == count
    else:
        assert text.startswith("id,doc_id,type,")
        assert len(list(csv.DictReader(io.StringIO(text)))) == count


def test_export_needs_an_output_file(built: Built) -> None:
    result = invoke("export", "--db", built.db)
    assert result.exit_code == 2
    assert "-o" in result.stderr


# ---------------------------------------------------------------- report


@pytest.mark.parametrize(
    ("args", "title"),
    [
        ([], "Situation report"),
        (["--type", "ASSAULT", "--title", "Kabul <week>"], "Kabul &lt;week&gt;"),
    ],
)
def test_report_writes_one_html_file(
    built: Built, tmp_path: Path, args: list[str], title: str
) -> None:
    out = tmp_path / "report.html"
    result = invoke("report", "--db", built.db, "-o", str(out), *args)
    assert result.exit_code == 0, result.output
    with Store.open(built.db) as store:
        wanted = store.events(EventFilter(types=tuple(args[1:2]) if args else ()))
    assert f"wrote {out}: {len(wanted)} events" in result.stderr
    page = out.read_text(encoding="utf-8")
    assert f"<title>{title}</title>" in page
    assert page.count('<tbody id="ev-') == len(wanted) > 0
    assert "rejected input" in page.lower()
    assert "malformed: 1" in page


def test_report_needs_a_database(tmp_path: Path) -> None:
    result = invoke("report", "--db", str(tmp_path / "none.db"), "-o", str(tmp_path / "r.html"))
    assert result.exit_code != 0
    assert "no database" in result.stderr
    assert not (tmp_path / "r.html").exists()


# ---------------------------------------------------------------- merged events

MERGE_REPORTS = Path(__file__).parent / "merge_reports"


@pytest.fixture(scope="module")
def merged_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The five merging test reports (three outlets, one copy, a later attack), stored."""
    db = str(tmp_path_factory.mktemp("merged") / "sitrep.db")
    result = invoke("run", str(MERGE_REPORTS), "--db", db)
    assert result.exit_code == 0, result.output
    return db


def test_events_merged_shows_one_line_per_real_event(merged_db: str) -> None:
    result = invoke("events", "--merged", "--db", merged_db, "--type", "ASSAULT")
    assert result.exit_code == 0, result.output
    battle = [line for line in result.stdout.splitlines() if "12/15/20" in line]
    assert len(battle) == 1
    assert " 4 " in battle[0]  # four documents report it (one of them a copy)
    assert "killed" in battle[0]
    assert "merged events from" in result.stderr


def test_events_merged_as_jsonl_and_one_event_in_full(merged_db: str) -> None:
    result = invoke("events", "--merged", "--db", merged_db, "--format", "jsonl")
    assert result.exit_code == 0, result.output
    records = _lines(result.stdout)
    battle = next(r for r in records if r["counts"].get("killed", {}).get("high") == 20)
    assert {"members", "sources", "disagreements", "counts"} <= set(battle)
    shown = invoke("event", battle["members"][0], "--db", merged_db)
    assert shown.exit_code == 0, shown.output
    data = json.loads(shown.stdout)
    assert data["id"] == battle["id"]
    assert len(data["reports"]) == len(battle["members"])
    assert all(r["evidence"]["text"] for r in data["reports"])


def test_disagreements_name_the_values_and_their_documents(merged_db: str) -> None:
    result = invoke("disagreements", "--db", merged_db)
    assert result.exit_code == 0, result.output
    killed = [line for line in result.stdout.splitlines() if line.strip().startswith("killed:")]
    assert killed
    assert all(value in killed[0] for value in ("12 (", "15 (", "20 ("))


def test_export_merged_writes_one_record_per_merged_event(merged_db: str, tmp_path: Path) -> None:
    out = tmp_path / "merged.jsonl"
    result = invoke("export", "--merged", "--db", merged_db, "-o", str(out))
    assert result.exit_code == 0, result.output
    records = _lines(out.read_text(encoding="utf-8"))
    assert f"wrote {len(records)} merged events" in result.stderr
    assert all({"members", "sources", "counts", "disagreements"} <= set(r) for r in records)
    refused = invoke("export", "--merged", "--format", "csv", "--db", merged_db, "-o", str(out))
    assert refused.exit_code == 2
    assert "--merged cannot be written as csv" in refused.stderr


def test_runs_one_after_another_merge_as_one_run(merged_db: str, tmp_path: Path) -> None:
    """The reports stored in three runs, in another order, give the merged events of one run."""
    db = str(tmp_path / "parts.db")
    reports = sorted(MERGE_REPORTS.glob("*.txt"), reverse=True)
    for part in (reports[:2], reports[2:3], reports[3:]):
        folder = tmp_path / f"part{len(list(tmp_path.iterdir()))}"
        folder.mkdir()
        for report in part:
            (folder / report.name).write_text(report.read_text(encoding="utf-8"), encoding="utf-8")
        assert invoke("run", str(folder), "--db", db).exit_code == 0
    at_once = invoke("events", "--merged", "--db", merged_db, "--format", "jsonl")
    in_parts = invoke("events", "--merged", "--db", db, "--format", "jsonl")
    assert _lines(in_parts.stdout) == _lines(at_once.stdout)


def test_an_unknown_event_id_is_not_found(merged_db: str) -> None:
    result = invoke("event", "nope", "--db", merged_db)
    assert result.exit_code != 0
    assert "no event 'nope'" in result.stderr


# ---------------------------------------------------------------- rejections


def test_rejections_lists_the_malformed_line(built: Built) -> None:
    result = invoke("rejections", "--db", built.db)
    assert result.exit_code == 0, result.output
    [line] = result.stdout.splitlines()
    origin, stage, reason, detail = line.split("\t")
    assert origin.endswith("feed.jsonl:2")
    assert (stage, reason) == ("read", "malformed")
    assert detail
    assert "1 rejections malformed: 1" in result.stderr


# ---------------------------------------------------------------- demo


def test_demo_writes_the_outputs(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    result = invoke("demo", "--out", str(out))
    assert result.exit_code == 0, result.output
    for name in ("sitrep.db", "events.jsonl", "events.csv", "report.html"):
        assert (out / name).is_file()
        assert str(out / name) in result.stdout
    with Store.open(out / "sitrep.db") as store:
        stored = store.events_count()
        documents = store.documents_count()
        rejections = store.rejection_counts()
    assert stored > 0
    # the sample reports only (9 files, 3 good JSON lines), never the folder's README
    assert (documents, rejections) == (12, {"malformed": 1})
    assert len(_lines((out / "events.jsonl").read_text(encoding="utf-8"))) == stored
    assert "first events:" in result.stdout
    assert "sample reports in" in result.stderr


# ---------------------------------------------------------------- help and version


@pytest.mark.parametrize("command", [[], *([c] for c in COMMANDS)])
def test_help_has_examples(command: list[str]) -> None:
    result = invoke(*command, "--help")
    assert result.exit_code == 0
    assert "Example" in result.stdout


@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_help_flags(flag: str) -> None:
    result = invoke(flag)
    assert result.exit_code == 0
    assert all(command in result.stdout for command in COMMANDS)


def test_version() -> None:
    result = invoke("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"sitrep, version {__version__}"


def test_unknown_command_exits_2() -> None:
    assert invoke("frobnicate").exit_code == 2


# ---------------------------------------------------------------- eval


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["eval", "nope"], "unknown dataset 'nope'"),
        (["eval", "plover_gsr", "--data", "{tmp}"], "no gold data for plover_gsr"),
    ],
)
def test_eval_refuses_bad_use_with_the_fix(tmp_path: Path, args: list[str], message: str) -> None:
    result = invoke(*[a.format(tmp=tmp_path) for a in args])
    assert result.exit_code == 2
    assert message in result.stderr


@pytest.mark.parametrize("dataset", ["plover_gsr", "muc4"])
def test_eval_refuses_an_incomplete_gold_folder(tmp_path: Path, dataset: str) -> None:
    (tmp_path / dataset).mkdir()
    result = invoke("eval", dataset, "--data", str(tmp_path))
    assert result.exit_code == 2
    assert dataset in result.stderr
    assert "Traceback" not in result.output


# ---------------------------------------------------------------- bad usage: one line, one code


def _not_a_store(tmp: Path) -> str:
    path = tmp / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE t (x)")
    return str(path)


def _newer_store(tmp: Path) -> str:
    path = tmp / "newer.db"
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA user_version = 999")
    return str(path)


def _file_as_folder(tmp: Path) -> str:
    (tmp / "afile").write_text("x")
    return str(tmp / "afile" / "out.jsonl")


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["extract", "{tmp}/missing.txt"], REJECTED_EXIT_CODE, "no such file"),
        (["run", "{tmp}/missing.txt", "--db", "{tmp}/x.db"], REJECTED_EXIT_CODE, "unreadable"),
        (["export", "--db", "{db}", "-o", "{file_as_folder}"], 2, "cannot write"),
        (["events", "--db", "{db}", "--since", "yesterday"], 2, "not a date"),
        (["events", "--db", "{not_a_store}"], 4, "not a sitrep store"),
        (["events", "--db", "{newer_store}"], 4, "upgrade sitrep"),
        (["run", "{tmp}", "--db", "{newer_store}"], 4, "upgrade sitrep"),
    ],
)
def test_bad_usage_gets_one_line_and_its_exit_code(
    built: Built, tmp_path: Path, args: list[str], code: int, message: str
) -> None:
    values = {
        "tmp": tmp_path, "db": built.db, "not_a_store": _not_a_store(tmp_path),
        "newer_store": _newer_store(tmp_path), "file_as_folder": _file_as_folder(tmp_path),
    }  # fmt: skip
    result = invoke(*[a.format(**values) for a in args])
    assert result.exit_code == code, result.output
    assert message in result.stderr
    assert "Traceback" not in result.output
    errors = [line for line in result.stderr.splitlines() if "error" in line]
    assert len(errors) <= 1


def test_a_bug_is_one_line_asking_for_a_report(
    built: Built, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: object, **_kw: object) -> None:
        raise RuntimeError("something no one foresaw")

    monkeypatch.setattr(cli, "_query_reviewed", broken)
    result = invoke("events", "--db", built.db)
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        "sitrep: internal error: RuntimeError: something no one foresaw. This is a bug in "
        "sitrep; please report it (set SITREP_DEBUG=1 to see the traceback)."
    ]


@pytest.mark.parametrize(
    ("pattern", "stored"),
    [
        ("reports/*.txt", 1),  # quoted: sitrep expands it (lists too long for a shell)
        ("reports/**/*.jsonl", 2),
        ("reports/*.nothing", 0),  # matches nothing: reported as unreadable
    ],
)
def test_run_expands_quoted_glob_patterns(tmp_path: Path, pattern: str, stored: int) -> None:
    _write_inputs(tmp_path / "reports")
    db = str(tmp_path / "g.db")
    result = invoke("run", pattern, "--db", db)
    assert f"documents stored: {stored} " in result.stderr
    assert ("unreadable" in result.stderr) is (stored == 0)
