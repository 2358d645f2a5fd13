"""Documents per second on Dask (1 and 2 workers) against the local engine, and stored
into PostgreSQL against SQLite, over the same texts.

Not a test: run it by hand and copy its table into docs/benchmarks.md.

    .venv/bin/python bench/scale_bench.py --limit 120 \\
        --postgres postgresql://sitrep:sitrep@localhost:5432/sitrep_test

Each engine runs in a fresh process, `--repeat` times (the best run counts, as
the machine is shared). Its start (loading the pipeline; for Dask, starting a
local cluster whose workers each load it through the worker plugin) is timed
apart from the processing, which is what the documents per second count. The
rate per core is documents per CPU-second that the pipeline's processes spent
(this process for local-1, every worker for Dask): unlike wall time divided by
cores, it does not fall when other jobs take the cores, and it is what an
estimate for a cluster needs. The store
figures save the same results, in the runner's batches of 64, into a new SQLite
file and into a new PostgreSQL schema. Texts: GVA articles from ../shared/data
(read here only), or any JSON Lines file with a `content` or `text` field.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import platform
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "data" / "gva" / "gva_articles.jsonl"
#: mode: (engine, processes)
MODES = {"local-1": ("local", 1), "local-2": ("local", 2), "dask-1": ("dask", 1),
         "dask-2": ("dask", 2)}  # fmt: skip


def _cpu_seconds() -> float:
    """CPU time (user and system) this process has used."""
    times = os.times()
    return times.user + times.system


def load_texts(corpus: Path, limit: int) -> list[str]:
    """The first `limit` non-empty texts of a JSON Lines corpus."""
    texts: list[str] = []
    with corpus.open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            text = record.get("content") or record.get("text") or ""
            if text.strip():
                texts.append(text)
            if len(texts) == limit:
                break
    return texts


def measure(mode: str, texts: list[str], results_file: str | None) -> dict[str, Any]:
    """Run one engine in this process; its start and processing times."""
    from sitrep.api import build_pipeline, make_document, pipeline_factory, process
    from sitrep.config import Settings

    engine, workers = MODES[mode]
    settings = Settings(workers=workers)
    documents = [make_document(t, doc_id=f"d{i}") for i, t in enumerate(texts)]
    started = time.perf_counter()
    cpu: float | None = None
    if engine == "local" and workers == 1:
        pipeline = build_pipeline(settings)
        ready, cpu_before = time.perf_counter(), _cpu_seconds()
        results = list(pipeline.process(documents))
        cpu = _cpu_seconds() - cpu_before
    elif engine == "local":  # worker processes start inside: their start is counted
        ready = time.perf_counter()
        results = list(process(documents, settings=settings))
    else:
        from sitrep.engines.dask import client_for, prepare, run_on

        with client_for(None, workers) as client:
            prepare(client, pipeline_factory(settings))
            before = client.run(_cpu_seconds)  # every worker is up, its plugin set up
            ready = time.perf_counter()
            results = list(run_on(client, documents, batch_size=settings.batch_size))
            after = client.run(_cpu_seconds)
            cpu = sum(after[w] - before[w] for w in before)
    done = time.perf_counter()
    if results_file:
        Path(results_file).write_bytes(pickle.dumps(results))
    return {"mode": mode, "processes": workers, "start": ready - started,
            "seconds": done - ready, "cpu": cpu, "documents": len(documents)}  # fmt: skip


def _save_part(target: str, results_file: str, part: int, parts: int, go: float) -> float:
    """One writer process: at time `go`, save every `parts`-th batch of 64 from batch
    `part` on; return when it finished."""
    from sitrep.store import Store

    results = pickle.loads(Path(results_file).read_bytes())
    batches = [results[i : i + 64] for i in range(0, len(results), 64)]
    with Store.open(target) as store:
        time.sleep(max(0.0, go - time.time()))  # every writer ready: start together
        for batch in batches[part::parts]:
            store.save(batch)
        return time.time()


def _save_by_writers(target: str, results_file: str, writers: int) -> float:
    """Seconds for `writers` processes at once to save the results into `target`, from
    the moment they all start saving (their start-up is not counted)."""
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    from sitrep.store import Store

    Store.open(target).close()  # the tables exist before the writers start
    go = time.time() + 20  # time enough for every process to start and read the results
    with ProcessPoolExecutor(writers, mp_context=get_context("spawn")) as pool:
        ends = list(pool.map(_save_part, [target] * writers, [results_file] * writers,
                             range(writers), [writers] * writers, [go] * writers))  # fmt: skip
    return max(ends) - go


def store_rates(results_file: str, postgres: str | None) -> list[dict[str, Any]]:
    """Documents per second saved into SQLite and PostgreSQL, same results, same batches;
    and into PostgreSQL by two writer processes at once."""
    from sitrep.store import Store

    results = pickle.loads(Path(results_file).read_bytes())
    targets = [("sqlite", str(Path(tempfile.mkdtemp()) / "bench.db"))]
    schema = f"bench_{uuid.uuid4().hex[:8]}"
    if postgres:
        import psycopg

        with psycopg.connect(postgres, autocommit=True) as conn:
            conn.execute(f"CREATE SCHEMA {schema}")
        targets.append(("postgresql", f"{postgres}?options=-csearch_path%3D{schema}"))
    rows = []
    try:
        for backend, target in targets:
            with Store.open(target) as store:
                started = time.perf_counter()
                for start in range(0, len(results), 64):
                    store.save(results[start : start + 64])
                seconds = time.perf_counter() - started
            rows.append({"backend": backend, "seconds": seconds, "documents": len(results)})
        if postgres:
            with psycopg.connect(postgres, autocommit=True) as conn:
                conn.execute(f"CREATE SCHEMA {schema}_2")
            target = f"{postgres}?options=-csearch_path%3D{schema}_2"
            seconds = _save_by_writers(target, results_file, 2)
            rows.append({"backend": "postgresql, 2 writers at once", "seconds": seconds,
                         "documents": len(results)})  # fmt: skip
    finally:
        if postgres:
            with psycopg.connect(postgres, autocommit=True) as conn:
                conn.execute(f"DROP SCHEMA {schema} CASCADE")
                conn.execute(f"DROP SCHEMA IF EXISTS {schema}_2 CASCADE")
    return rows


def _in_fresh_process(mode: str, args: argparse.Namespace, results_file: str) -> dict[str, Any]:
    command = [sys.executable, __file__, "--one", mode, "--limit", str(args.limit),
               "--corpus", str(args.corpus), "--results", results_file]  # fmt: skip
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    figures: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    return figures


def table(engines: list[dict[str, Any]], stores: list[dict[str, Any]]) -> str:
    """The Markdown tables for docs/benchmarks.md."""
    base = next(r for r in engines if r["mode"] == "local-1")
    base_rate = base["documents"] / base["seconds"]
    lines = ["| engine | processes | start (s) | docs/s | vs local-1 | docs per CPU-second |",
             "|---|---:|---:|---:|---:|---:|"]  # fmt: skip
    for row in engines:
        rate = row["documents"] / row["seconds"]
        per_core = f"{row['documents'] / row['cpu']:.2f}" if row["cpu"] else "—"
        lines.append(f"| {row['mode']} | {row['processes']} | {row['start']:.1f} | {rate:.2f} | "
                     f"{rate / base_rate:.2f}x | {per_core} |")  # fmt: skip
    lines += ["", "| store | documents saved | docs/s | vs SQLite |", "|---|---:|---:|---:|"]
    sqlite_rate = stores[0]["documents"] / stores[0]["seconds"]
    for row in stores:
        rate = row["documents"] / row["seconds"]
        lines.append(f"| {row['backend']} | {row['documents']} | {rate:.1f} | "
                     f"{rate / sqlite_rate:.2f}x |")  # fmt: skip
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=120)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--postgres", default=os.environ.get("SITREP_TEST_POSTGRES"))
    parser.add_argument("--repeat", type=int, default=2, help="runs per engine; the best counts")
    parser.add_argument("--one", choices=MODES, help=argparse.SUPPRESS)
    parser.add_argument("--results", help=argparse.SUPPRESS)
    args = parser.parse_args()
    texts = load_texts(args.corpus, args.limit)
    if args.one:
        print(json.dumps(measure(args.one, texts, args.results)))
        return
    results_file = str(Path(tempfile.mkdtemp()) / "results.pickle")
    runs = [_in_fresh_process(mode, args, results_file) for _ in range(args.repeat)
            for mode in MODES]  # fmt: skip
    engines = [min((r for r in runs if r["mode"] == mode), key=lambda r: r["seconds"])
               for mode in MODES]  # fmt: skip
    saves = [row for _ in range(args.repeat) for row in store_rates(results_file, args.postgres)]
    stores = [min((r for r in saves if r["backend"] == backend), key=lambda r: r["seconds"])
              for backend in dict.fromkeys(r["backend"] for r in saves)]  # fmt: skip
    print(f"{len(texts)} texts, {sum(map(len, texts)):,} characters; "
          f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores")  # fmt: skip
    print(f"load average {os.getloadavg()[0]:.1f} (other jobs share the machine)")
    print(table(engines, stores))


if __name__ == "__main__":
    main()
