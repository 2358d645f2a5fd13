"""Nothing is lost: `sitrep run` killed and resumed, run twice, run in parallel (issue 22).

Every test drives real `python -m sitrep` processes over one folder of short
news reports generated here (no data files): 180 reports in two
subfolders `a/` and `b/`, plus inputs that are rejected (an empty file, a
binary file, a PDF, a JSON Lines feed with a malformed and a repeated line),
so that one run saves several batches (`runner.SAVE_BATCH`) and stores
rejections. A reference store is made once by an uninterrupted run, and every
other way of filling a store must end with the very same rows:

- killed with SIGKILL at several points (nothing saved yet, one batch saved,
  past half, the last after an interruption with Ctrl-C, SIGINT), then rerun
  to completion; `PRAGMA integrity_check` is ok after every stop;
- run a second time over the same input (nothing changes, all "unchanged");
- run with `--workers 2`;
- two runs writing to one new store at once (disjoint and overlapping folders);
- `sitrep events` reading while a run is saving.

Compared: documents (id, text, content_hash, which covers every stored
field), events (id, doc_id, record), merge profiles (event id, profile and the
id of the merged event it belongs to) and rejections (every column). Paths are
given absolute, so a document's `origin` is the same whichever folder a run
was given. The tests wait for a store to reach a state by polling it with a
read-only connection; they never time anything.
"""

from __future__ import annotations

import json
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import pytest

from sitrep.cli import INTERRUPTED_EXIT_CODE, REJECTED_EXIT_CODE
from sitrep.config import Settings
from sitrep.ingest.read import document_id
from sitrep.runner import SAVE_BATCH, run_paths
from sitrep.store import Store

#: How long any one `sitrep` process may take before the test gives up on it (a hang).
TIMEOUT = 300.0
#: Pause between two looks at a store that is being written.
POLL = 0.02

# ---------------------------------------------------------------- the reports

REPORTS = 180  # nearly three SAVE_BATCHes: every kill point leaves work to do
PLACES = (
    "Kandahar",
    "Mogadishu",
    "Aleppo",
    "Goma",
    "Maiduguri",
    "Kabul",
    "Sanaa",
    "Mosul",
    "Bamako",
    "Juba",
    "Tripoli",
    "Harare",
)
ARMED = (
    "Taliban fighters",
    "al-Shabaab militants",
    "gunmen",
    "rebel fighters",
    "Islamic State militants",
    "unidentified attackers",
)
FORCES = ("Police", "Security forces", "Government troops", "Soldiers", "Army units")
TARGETS = ("a police checkpoint", "an army base", "a market", "a village", "a convoy")
CROWDS = ("students", "teachers", "opposition supporters", "traders", "health workers")
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
OUTLETS = ("Reuters", "AFP", "AP")
LEADS = (
    "{Armed} attacked {target} near {place} on {day}, killing {n} people.",
    "{forces} arrested {n} suspects in {place} on {day}.",
    "{Crowd} protested in {place} on {day} against rising prices.",
    "{forces} clashed with {armed} outside {place} on {day}, leaving {n} dead.",
    "Hundreds of {crowd} marched through {place} on {day} to demand higher wages.",
    "{forces} fired tear gas at {crowd} in {place} on {day}, wounding {n}.",
)
FOLLOWS = (
    "Officials said {m} others were wounded.",
    "The governor of {place} imposed a curfew after the violence.",
    "Residents said the fighting lasted several hours.",
    "The government condemned the attack and promised an investigation.",
    "{forces} were deployed to the area on {day2}.",
    "No group has claimed responsibility.",
    "Leaders of the two sides agreed to a ceasefire on {day2}.",
)
FEED: list[dict[str, str] | str] = [
    {
        "id": "feed-1",
        "text": "Police arrested 12 protesters in Nairobi on Monday.",
        "published": "2024-03-05",
    },
    {
        "id": "feed-2",
        "text": "Rebels shelled a village near Goma on Sunday, killing four civilians.",
        "published": "2024-03-04",
    },
    "this line is not JSON",
    {
        "id": "feed-1",
        "text": "Police arrested 12 protesters in Nairobi on Monday.",
        "published": "2024-03-05",
    },
]
#: Reasons the reference run rejects inputs for, and how many of each.
REJECTIONS = {"binary": 1, "duplicate": 1, "empty": 1, "malformed": 1, "unsupported": 1}


def report(number: int) -> str:
    """Report `number`: a dateline, a lead sentence and one to three more (2-4 sentences)."""
    rng = random.Random(number)
    armed, crowd = rng.choice(ARMED), rng.choice(CROWDS)
    place = rng.choice(PLACES)
    words = {
        "place": place,
        "day": rng.choice(DAYS),
        "day2": rng.choice(DAYS),
        "armed": armed,
        "Armed": armed[0].upper() + armed[1:],
        "forces": rng.choice(FORCES),
        "target": rng.choice(TARGETS),
        "crowd": crowd,
        "Crowd": crowd.capitalize(),
        "n": rng.randint(2, 60),
        "m": rng.randint(2, 30),
    }
    sentences = [rng.choice(LEADS), *rng.sample(FOLLOWS, rng.randint(1, 3))]
    dateline = f"{place.upper()}, March {1 + number % 27}, 2024 ({rng.choice(OUTLETS)}) - "
    return dateline + " ".join(s.format(**words) for s in sentences)


def write_corpus(root: Path) -> Path:
    """The folder of reports and rejected inputs, under `root`; returns it."""
    folder = root / "corpus"
    for part in ("a", "b"):
        (folder / part).mkdir(parents=True)
    for number in range(REPORTS):
        part = "a" if number % 2 else "b"
        (folder / part / f"report-{number:03d}.txt").write_text(report(number), encoding="utf-8")
    (folder / "a" / "empty.txt").write_text("  \n", encoding="utf-8")
    (folder / "a" / "scan.pdf").write_bytes(b"%PDF-1.4 not really")
    (folder / "b" / "blob.txt").write_bytes(b"\x00\x01\x02PK\x00\x00binary\x00" * 20)
    lines = (json.dumps(item) if isinstance(item, dict) else item for item in FEED)
    (folder / "b" / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


# ---------------------------------------------------------------- processes


def _env() -> dict[str, str]:
    """This environment without SITREP_* settings, so none of the tester's leak in."""
    return {k: v for k, v in os.environ.items() if not k.startswith("SITREP_")}


def sitrep(*args: str | Path) -> list[str]:
    """The command line of `sitrep ARGS`, run by this Python."""
    return [sys.executable, "-m", "sitrep", *map(str, args)]


def _hear_ctrl_c() -> None:
    # A shell without job control starts background commands with SIGINT ignored, and
    # children inherit that; Python turns SIGINT into KeyboardInterrupt only if not.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def start(cwd: Path, *args: str | Path) -> subprocess.Popen[str]:
    """Start `sitrep ARGS` in `cwd`; read what it said with `finish`."""
    return subprocess.Popen(
        sitrep(*args),
        cwd=cwd,
        env=_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=_hear_ctrl_c,
    )


@dataclass
class Ended:
    """How a `sitrep` process ended."""

    code: int
    stdout: str
    stderr: str


def finish(proc: subprocess.Popen[str]) -> Ended:
    """Wait for `proc` (a hang fails the test) and return what it said."""
    try:
        out, err = proc.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        pytest.fail(f"{proc.args!r} still running after {TIMEOUT} s")
    return Ended(proc.returncode, out, err)


def run(cwd: Path, *args: str | Path) -> Ended:
    """Run `sitrep ARGS` to the end."""
    return finish(start(cwd, *args))


def run_ok(cwd: Path, folder: Path | str, db: Path, *more: str | Path) -> Ended:
    """`sitrep run FOLDER --db DB` to the end: it stores everything and says the inputs
    the corpus holds were rejected (exit 6), without a lock error."""
    ended = run(cwd, "run", folder, "--db", db, *more)
    assert ended.code == REJECTED_EXIT_CODE, ended.stderr
    assert_no_lock_error(ended)
    return ended


def assert_no_lock_error(ended: Ended) -> None:
    said = ended.stderr.lower()
    for words in ("locked", "is busy", "traceback"):
        assert words not in said, ended.stderr


def stored(said: str) -> tuple[int, int]:
    """(documents stored, already stored and unchanged) from a run summary."""
    found = re.search(r"documents stored: (\d+) \(already stored, unchanged: (\d+)", said)
    assert found, said
    return int(found[1]), int(found[2])


# ---------------------------------------------------------------- stores

#: What two stores must agree on: a query per table, and how many key columns lead each row.
TABLES = {
    "documents": ("SELECT id, text, content_hash FROM documents ORDER BY id", 1),
    "events": ("SELECT id, doc_id, record FROM events ORDER BY id", 1),
    "merged": ("SELECT event_id, merged_id, profile FROM merge_profiles ORDER BY event_id", 1),
    "rejections": (
        "SELECT doc_id, stage, reason, origin, detail FROM rejections"
        " ORDER BY doc_id, stage, reason, origin",
        4,
    ),
}

Rows = dict[str, list[tuple[object, ...]]]


def read_only(db: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=TIMEOUT)


def snapshot(db: Path) -> Rows:
    """The compared rows of every table of the store at `db`."""
    with closing(read_only(db)) as conn:
        return {name: conn.execute(sql).fetchall() for name, (sql, _) in TABLES.items()}


def differences(expected: Rows, found: Rows) -> list[str]:
    """Readable differences between two snapshots: rows missing, extra or changed, by key."""
    said = []
    for name, (_, keys) in TABLES.items():
        want = {row[:keys]: row for row in expected[name]}
        got = {row[:keys]: row for row in found[name]}
        for key in sorted(want.keys() - got.keys(), key=str)[:5]:
            said.append(f"{name}: missing {key}")
        for key in sorted(got.keys() - want.keys(), key=str)[:5]:
            said.append(f"{name}: extra {key}")
        changed = [k for k in sorted(want.keys() & got.keys(), key=str) if want[k] != got[k]]
        said += [f"{name}: {k} differs: {want[k]!r:.200} != {got[k]!r:.200}" for k in changed[:5]]
        if len(found[name]) != len(got):
            said.append(f"{name}: some rows repeat a key")
    return said


def documents_in(db: Path) -> int | None:
    """How many documents the store at `db` holds; None while it has no tables yet."""
    if not db.exists():
        return None
    try:
        with closing(read_only(db)) as conn:
            return int(conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0])
    except sqlite3.OperationalError:  # not created yet, or being created
        return None


def assert_intact(db: Path) -> None:
    """SQLite finds nothing wrong with the file, nor any row without its parent."""
    with closing(sqlite3.connect(db, timeout=TIMEOUT)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        conn.execute("PRAGMA foreign_keys = ON")
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []


def copy_store(source: Path, target: Path) -> None:
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target)) as dst:
        src.backup(dst)


# ---------------------------------------------------------------- the reference


@dataclass
class Reference:
    """The corpus and the store an uninterrupted `sitrep run` made of it."""

    root: Path
    corpus: Path
    db: Path
    rows: Rows
    said: str


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> Reference:
    root = tmp_path_factory.mktemp("resilience")
    corpus = write_corpus(root)
    db = root / "reference.db"
    ended = run_ok(root, corpus, db)
    assert_intact(db)
    return Reference(root, corpus, db, snapshot(db), ended.stderr)


def test_the_reference_store_holds_every_input(reference: Reference) -> None:
    rows = reference.rows
    assert len(rows["documents"]) == REPORTS + 2  # and the two good lines of the feed
    reasons: dict[str, int] = {}
    for _doc_id, _stage, reason, *_ in rows["rejections"]:
        reasons[str(reason)] = reasons.get(str(reason), 0) + 1
    assert reasons == REJECTIONS
    assert len(rows["events"]) > len(rows["documents"])
    groups = {merged for _event, merged, _profile in rows["merged"]}
    assert len(rows["merged"]) == len(rows["events"])
    assert len(groups) < len(rows["events"])  # some reports tell of the same event
    # Several saves: the kill points below fall between them.
    assert REPORTS + len(FEED) + 3 > 2 * SAVE_BATCH
    assert stored(reference.said) == (REPORTS + 2, 0)


# ---------------------------------------------------------------- killed and resumed

Point = Callable[[int], bool]
#: When to kill, by how many documents the store holds (the store already exists).
KILL_POINTS: dict[str, Point] = {
    "nothing saved": lambda documents: documents == 0,
    "one batch saved": lambda documents: documents > 0,
    "past half": lambda documents: documents >= (REPORTS + 2) // 2,
}


#: How a run stopped by each signal exits: killed, or Ctrl-C (cli.INTERRUPTED_EXIT_CODE).
STOPPED = {signal.SIGKILL: -signal.SIGKILL, signal.SIGINT: INTERRUPTED_EXIT_CODE}
KILL = signal.SIGKILL


def kill_at(cwd: Path, corpus: Path, db: Path, point: str, how: signal.Signals) -> int:
    """Start `sitrep run`, send it `how` once the store reaches `point`; the documents it holds."""
    reached = KILL_POINTS[point]
    proc = start(cwd, "run", corpus, "--db", db)
    deadline = time.monotonic() + TIMEOUT  # a hang guard only
    while True:
        documents = documents_in(db)
        if documents is not None and reached(documents):
            break
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            ended = finish(proc)
            pytest.fail(f"the run ended (exit {ended.code}) before '{point}': {ended.stderr}")
        time.sleep(POLL)
    proc.send_signal(how)
    ended = finish(proc)
    assert ended.code == STOPPED[how], f"not stopped by {how.name}: {ended.stderr}"
    assert_intact(db)
    after = documents_in(db)
    assert after is not None
    return after


@pytest.mark.parametrize(
    "stops",
    [
        [("nothing saved", KILL)],
        [("one batch saved", KILL)],
        [("one batch saved", signal.SIGINT), ("past half", KILL)],
    ],
    ids=lambda stops: ", then ".join(f"{how.name} when {point}" for point, how in stops),
)
def test_a_stopped_run_resumes_to_the_same_store(
    reference: Reference, tmp_path: Path, stops: list[tuple[str, signal.Signals]]
) -> None:
    db = tmp_path / "killed.db"
    held = 0
    for point, how in stops:
        documents = kill_at(tmp_path, reference.corpus, db, point, how)
        assert documents >= held  # a kill loses nothing saved before it
        held = documents
    total = len(reference.rows["documents"])
    if stops[-1][0] == "nothing saved":
        assert held == 0
    else:
        assert 0 < held < total
    ended = run_ok(tmp_path, reference.corpus, db)
    assert stored(ended.stderr) == (total - held, held)
    assert_intact(db)
    assert differences(reference.rows, snapshot(db)) == []


# ---------------------------------------------------------------- the same store, other ways


def test_a_second_run_changes_nothing(reference: Reference, tmp_path: Path) -> None:
    db = tmp_path / "again.db"
    copy_store(reference.db, db)
    ended = run_ok(tmp_path, reference.corpus, db)
    total = len(reference.rows["documents"])
    assert stored(ended.stderr) == (0, total)
    assert re.search(r"events stored: +0\n", ended.stderr), ended.stderr
    assert snapshot(db) == reference.rows


def test_two_workers_store_what_one_does(reference: Reference, tmp_path: Path) -> None:
    db = tmp_path / "workers.db"
    run_ok(tmp_path, reference.corpus, db, "--workers", "2")
    assert_intact(db)
    assert differences(reference.rows, snapshot(db)) == []


@pytest.mark.parametrize(
    ("first", "second"),
    [("a", "b"), ("a", ".")],
    ids=["disjoint folders", "one folder inside the other"],
)
def test_two_runs_at_once_share_one_new_store(
    reference: Reference, tmp_path: Path, first: str, second: str
) -> None:
    db = tmp_path / "shared.db"
    corpus = reference.corpus
    runs = [start(tmp_path, "run", corpus / part, "--db", db) for part in (first, second)]
    ended = [finish(proc) for proc in runs]
    for each in ended:
        assert each.code == REJECTED_EXIT_CODE, each.stderr  # each part holds a rejected input
        assert_no_lock_error(each)
        assert "replacing" not in each.stderr, each.stderr
    # A document both runs read is stored by one of them; the other finds it unchanged.
    total = len(reference.rows["documents"])
    assert sum(stored(each.stderr)[0] for each in ended) == total
    assert_intact(db)
    assert differences(reference.rows, snapshot(db)) == []


def _readers_while(writer: subprocess.Popen[str], cwd: Path, db: Path) -> Iterator[Ended]:
    """`sitrep events` runs, one after the other, until `writer` has ended (at least one)."""
    commands = [("--format", "jsonl"), ("--merged", "--format", "jsonl")]
    turn = 0
    while turn == 0 or writer.poll() is None:
        yield run(cwd, "events", "--db", db, *commands[turn % len(commands)])
        turn += 1


def test_events_can_be_read_while_a_run_saves(reference: Reference, tmp_path: Path) -> None:
    db = tmp_path / "busy.db"
    writer = start(tmp_path, "run", reference.corpus, "--db", db)
    deadline = time.monotonic() + TIMEOUT  # a hang guard only
    while not documents_in(db):
        if writer.poll() is not None or time.monotonic() > deadline:
            pytest.fail(f"the run ended before its first save: {finish(writer).stderr}")
        time.sleep(POLL)
    readers = list(_readers_while(writer, tmp_path, db))
    ended = finish(writer)
    assert ended.code == REJECTED_EXIT_CODE, ended.stderr
    assert_no_lock_error(ended)
    known = {row[0] for row in reference.rows["events"]}
    for read in readers:
        assert read.code == 0, read.stderr
        assert_no_lock_error(read)
        records = [json.loads(line) for line in read.stdout.splitlines()]
        assert records, "the first batch was saved before any reader started"
        ids = {i for r in records for i in (r.get("members") or [r["id"]])}
        assert ids <= known
    assert differences(reference.rows, snapshot(db)) == []


# ---------------------------------------------------------------- one text in two files


def test_a_text_in_two_files_resumes_to_the_same_store(tmp_path: Path) -> None:
    folder = tmp_path / "copies"
    folder.mkdir()
    for number in range(6):
        (folder / f"report-{number}.txt").write_text(report(number), encoding="utf-8")
    copy = folder / "report-2x.txt"  # sorted right after report-2.txt
    copy.write_text(report(2), encoding="utf-8")
    settings = Settings()  # one pipeline for the three runs (`api.build_pipeline` caches it)
    whole, resumed = tmp_path / "whole.db", tmp_path / "resumed.db"
    with Store.open(whole) as store:
        run_paths([folder], settings=settings, store=store)
    # What a run killed after saving report-2.txt, before its copy, leaves behind:
    # the files that sort before the copy, stored with the same origins.
    files = sorted(folder.iterdir())
    with Store.open(resumed) as store:
        run_paths(files[: files.index(copy)], settings=settings, store=store)
        run_paths([folder], settings=settings, store=store)
    assert differences(snapshot(whole), snapshot(resumed)) == []
    # The first copy read is the one stored; the later copy is a counted rejection.
    with Store.open(whole) as store:
        (stored,) = store.documents([document_id(report(2))])
        (rejected,) = store.rejections()
    assert stored.origin == str(folder / "report-2.txt")
    assert (rejected.reason, rejected.origin) == ("duplicate", str(copy))
    assert "report-2.txt, read first" in rejected.detail
