"""The Dask engine against the local one, on both backends, with real worker processes.

The same documents are run through `sitrep run` with `--engine local` and with
`--engine dask` (a local cluster of 2 worker processes), into SQLite and into
PostgreSQL (when a server is there: tests/postgres_support.py); every store
must hold the same events, one for one, the same rejections and the same merged
events, and every read command must print the same. A worker killed in the
middle of a batch loses nothing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from postgres_support import Targets
from sitrep.api import sample_reports_dir
from sitrep.cli import main
from sitrep.config import Settings, load_settings
from sitrep.engines import load_dask
from sitrep.errors import ConfigError
from sitrep.model import Analysis, Document, Rejected, event_to_dict
from sitrep.pipeline import Pipeline
from sitrep.store import Store

RUNS = [("local", "sqlite"), ("dask", "sqlite"), ("local", "postgresql"), ("dask", "postgresql")]


def invoke(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[tuple[str, str], str]]:
    """The sample reports run by each engine into each backend: where each store is."""
    root = tmp_path_factory.mktemp("engines")
    made: dict[tuple[str, str], str] = {}
    makers = {"sqlite": Targets("sqlite", root)}
    try:
        for engine, backend in RUNS:
            if backend not in makers:
                try:
                    makers[backend] = Targets(backend, root)
                except pytest.skip.Exception:
                    continue  # the PostgreSQL cases say why they skip
            target = makers[backend].new()
            # --batch of 4 by the setting: several batches, spread over both workers.
            result = CliRunner(env={"SITREP_BATCH_SIZE": "4"}).invoke(
                main, ["run", str(sample_reports_dir()), "--db", target, "--engine", engine,
                       "--workers", "2"],
            )  # fmt: skip
            assert result.exit_code == 6, result.output  # the samples hold one malformed line
            made[(engine, backend)] = target
        yield made
    finally:
        for maker in makers.values():
            maker.close()


def _contents(target: str) -> dict[str, Any]:
    with Store.open(target) as store:
        events = store.events()
        return {
            "events": [event_to_dict(e) for e in events],
            "documents": store.documents_count(),
            "rejections": store.rejections(),
            "merged": store.merged_ids(e.id for e in events),
        }


@pytest.mark.parametrize(("engine", "backend"), RUNS[1:])
def test_every_engine_and_backend_store_the_same_events(
    stores: dict[tuple[str, str], str], engine: str, backend: str
) -> None:
    if (engine, backend) not in stores:
        Targets(backend, Path("."))  # skips (or fails under SITREP_REQUIRE_POSTGRES=1)
    reference = _contents(stores[("local", "sqlite")])
    assert len(reference["events"]) > 20
    found = _contents(stores[(engine, backend)])
    assert found["events"] == reference["events"]  # one for one, in the documented order
    assert found == reference


REVIEWED_AT = dt.datetime(2026, 12, 7, 9, 30, tzinfo=dt.UTC)
READS = [
    ["events", "--format", "jsonl"],
    ["events", "--merged", "--format", "jsonl"],
    ["events", "--type", "ASSAULT", "--place", "syr", "--actor", "ARMY"],
    ["disagreements"],
    ["rejections"],
    ["reviews", "--format", "jsonl"],
    ["event", "FIRST"],  # the merged event holding the first stored event, in full
]


@pytest.mark.parametrize("command", READS, ids=lambda c: " ".join(c))
def test_read_commands_print_the_same_from_postgresql(
    stores: dict[tuple[str, str], str], command: list[str]
) -> None:
    if ("local", "postgresql") not in stores:
        Targets("postgresql", Path("."))
    outputs = []
    for backend in ("sqlite", "postgresql"):
        target = stores[("local", backend)]
        with Store.open(target) as store:
            first = store.events()[0].id
            if not store.review_states([first]):
                store.review(first, "correct", reviewer="ana", fields={"status": "planned"},
                             at=REVIEWED_AT)  # the same in both stores  # fmt: skip
        result = invoke(*[first if word == "FIRST" else word for word in command], "--db", target)
        assert result.exit_code == 0, result.output
        outputs.append(result.stdout)
    assert outputs[0] == outputs[1]
    assert outputs[0].strip()


def test_export_and_report_from_postgresql(
    stores: dict[tuple[str, str], str], tmp_path: Path
) -> None:
    if ("local", "postgresql") not in stores:
        Targets("postgresql", Path("."))
    for backend in ("sqlite", "postgresql"):
        target = stores[("local", backend)]
        assert invoke("export", "--db", target, "--format", "csv", "--review", "all",
                      "-o", str(tmp_path / f"{backend}.csv")).exit_code == 0  # fmt: skip
        result = invoke("report", "--db", target, "-o", str(tmp_path / f"{backend}.html"))
        assert result.exit_code == 0, result.output
    assert (tmp_path / "sqlite.csv").read_text() == (tmp_path / "postgresql.csv").read_text()
    assert (tmp_path / "postgresql.html").stat().st_size > 10_000


# ---------------------------------------------------------------- a worker killed mid-batch


@dataclasses.dataclass(frozen=True)
class _Killer:
    """A stage that kills its worker process the first time it sees document `victim`
    (the marker file says it already did), as an out-of-memory kill would."""

    marker: str
    victim: str
    name: str = "test.killer.v1"
    requires: frozenset[str] = frozenset({"document"})
    provides: frozenset[str] = frozenset()

    def __call__(self, analysis: Analysis) -> Analysis:
        if analysis.document.id == self.victim and not os.path.exists(self.marker):
            Path(self.marker).write_text(str(os.getpid()), encoding="utf-8")
            os._exit(1)
        return analysis


def _killing_pipeline(marker: str, victim: str) -> Pipeline:
    return Pipeline((_Killer(marker, victim),), batch_size=3)


def test_a_worker_killed_mid_batch_loses_nothing(tmp_path: Path) -> None:
    dask = load_dask()
    documents = [Document(id=f"d{i}", text=f"Report number {i}.") for i in range(12)]
    marker = tmp_path / "killed"
    factory = functools.partial(_killing_pipeline, str(marker), "d7")
    results = list(dask.process_dask(factory, iter(documents), scheduler=None, workers=2,
                                     batch_size=3))  # fmt: skip
    assert marker.exists()  # a worker did die in the middle of d7's batch
    assert [r.document.id for r in results if isinstance(r, Analysis)] == [d.id for d in documents]
    with Store.open(tmp_path / "s.db") as store:
        store.save(results)
        store.save(results)  # a batch given twice is stored once
        assert store.documents_count() == len(documents)


def _counting_pipeline(log: str) -> Pipeline:
    with open(log, "a", encoding="utf-8") as out:
        out.write(f"{os.getpid()}\n")
    return Pipeline((), batch_size=2)


def test_each_worker_builds_the_pipeline_once(tmp_path: Path) -> None:
    dask = load_dask()
    log = tmp_path / "built"
    documents = [Document(id=f"d{i}", text=f"Report number {i}.") for i in range(20)]
    factory = functools.partial(_counting_pipeline, str(log))
    results = list(dask.process_dask(factory, iter(documents), scheduler=None, workers=2,
                                     batch_size=2))  # fmt: skip
    assert len(results) == 20
    builders = log.read_text(encoding="utf-8").split()
    assert 1 <= len(builders) <= 2  # ten batches, one build per worker
    assert len(set(builders)) == len(builders)


def test_an_unreachable_scheduler_fails_at_once_naming_the_fix(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Troops shelled the town on Monday.", encoding="utf-8")
    result = invoke("run", str(tmp_path / "a.txt"), "--db", str(tmp_path / "s.db"),
                    "--engine", "dask", "--scheduler", "tcp://127.0.0.1:1")  # fmt: skip
    assert result.exit_code == ConfigError.exit_code
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:1" in result.stderr
    assert "dask scheduler" in result.stderr


def test_a_scheduler_without_the_dask_engine_is_a_usage_error(tmp_path: Path) -> None:
    result = invoke("run", str(tmp_path), "--scheduler", "tcp://127.0.0.1:1")
    assert result.exit_code == 2
    assert "--engine dask" in result.stderr


def test_rejections_pass_through_the_workers() -> None:
    dask = load_dask()
    items: list[Document | Rejected] = [
        Rejected("x", "read", "empty", "nothing"),
        Document(id="d", text="Troops shelled the town."),
    ]
    factory = functools.partial(Pipeline, (), batch_size=1)
    results = list(dask.process_dask(factory, iter(items), scheduler=None, workers=1,
                                     batch_size=1))  # fmt: skip
    assert results[0] == items[0]
    assert isinstance(results[1], Analysis)


def test_settings_choose_the_engine() -> None:
    assert Settings().engine == "local"
    with pytest.raises(ConfigError, match="engine"):
        load_settings(overrides={"engine": "spark"}, environ={})


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_for(log: Path, words: str) -> None:
    """Until `words` appear in `log` (the process says it is ready); at most a minute."""
    import time

    for _ in range(600):
        if log.exists() and words in log.read_text(encoding="utf-8", errors="replace"):
            return
        time.sleep(0.1)
    raise AssertionError(f"{log.name} never said {words!r}: {log.read_text(errors='replace')}")


def test_a_scheduler_and_a_worker_started_by_hand(tmp_path: Path) -> None:
    """As docs/scale.md starts them: `dask scheduler`, `dask worker ADDRESS`, then
    `sitrep run --engine dask --scheduler ADDRESS`."""
    import subprocess
    import sys

    scheduler = [sys.executable, "-m", "distributed.cli.dask_scheduler"]
    address = f"tcp://127.0.0.1:{_free_port()}"
    logs = {name: tmp_path / f"{name}.log" for name in ("scheduler", "worker")}
    started = []
    try:
        with logs["scheduler"].open("w") as out:
            started.append(subprocess.Popen(
                [*scheduler, "--host", "127.0.0.1", "--port", address.rsplit(":", 1)[1],
                 "--no-dashboard"], stdout=out, stderr=subprocess.STDOUT))  # fmt: skip
        _wait_for(logs["scheduler"], "Scheduler at")
        with logs["worker"].open("w") as out:
            started.append(subprocess.Popen(
                [sys.executable, "-m", "distributed.cli.dask_worker", address, "--nthreads",
                 "1", "--no-dashboard"], stdout=out, stderr=subprocess.STDOUT))  # fmt: skip
        _wait_for(logs["worker"], "Registered to")
        db = str(tmp_path / "s.db")
        result = invoke("run", str(sample_reports_dir()), "--db", db, "--engine", "dask",
                        "--scheduler", address)  # fmt: skip
        assert result.exit_code == 6, result.output  # the samples' one malformed line
    finally:
        for process in reversed(started):
            process.terminate()
            process.wait(timeout=60)
    assert _contents(db)["events"] == _contents(_local_store(tmp_path))["events"]


def _local_store(tmp_path: Path) -> str:
    db = str(tmp_path / "local.db")
    assert invoke("run", str(sample_reports_dir()), "--db", db).exit_code == 6
    return db


def test_the_default_install_imports_neither_dask_nor_psycopg(tmp_path: Path) -> None:
    import subprocess
    import sys

    code = (
        "import sys, sitrep, sitrep.cli, sitrep.store, sitrep.runner\n"
        "from sitrep.store import Store\n"
        f"Store.open({str(tmp_path / 's.db')!r}).close()\n"
        "print(sorted(m for m in ('distributed', 'dask', 'psycopg') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_without_dask_the_message_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    import sitrep.engines

    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed fails
    monkeypatch.delitem(sys.modules, "sitrep.engines.dask", raising=False)
    monkeypatch.delattr(sitrep.engines, "dask", raising=False)
    with pytest.raises(ConfigError, match=r'pip install "sitrep\[scale\]"'):
        load_dask()
