"""Load benchmark of `sitrep serve` (not a test): reads and reviews over loopback.

    python bench/serve_bench.py [--events 10000] [--reads 5000] [--reviews 200] [--clients 16]

Builds a store of synthetic events (records made directly, no language model:
the server's cost, not the coder's, is measured), starts `sitrep serve` on it
in its own process, then sends the reads (pages of events with filters, event
details, documents, health) and the reviews from concurrent clients, and prints
the count of errors and the latency percentiles per kind of request.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from sitrep.model import Actor, Analysis, Attribution, Count, Document, Event, Place, Source, Span
from sitrep.model import When as Day
from sitrep.ontology import EVENT_TYPES
from sitrep.store import Store

TOKEN = "bench-token-0123456789abcdef"
PLACES = ("Kandahar", "Goma", "Mosul", "Kharkiv", "Kismayo", "Aleppo", "Khartoum", "Gao")
EVENTS_PER_DOC = 5


def _document(number: int) -> Analysis:
    """One synthetic document of EVENTS_PER_DOC sentences, one event each."""
    rng = random.Random(number)
    # A document every third day (from 1970 on): reports of different documents are
    # never of one event, so merged events stay small, as in a real store; without
    # this every report of a type would chain into one group of hundreds.
    day = dt.date(1970, 1, 1) + dt.timedelta(days=3 * number)
    sentences, events = [], []
    offset = 0
    doc_id = f"bench-{number:06d}"
    for index in range(EVENTS_PER_DOC):
        # Distinct towns and groups, so that merging joins few reports (as in real data).
        place = f"{rng.choice(PLACES)}-{rng.randrange(400)}"
        group = f"Brigade {rng.randrange(2000)}"
        sentence = f"{group} attacked a post in {place}, killing {index + 2} people. "
        start = offset
        trigger = start + sentence.index("attacked")
        where = start + sentence.index(place)
        events.append(Event(
            id=f"{doc_id}-{index}", doc_id=doc_id, type=rng.choice(EVENT_TYPES), mode=None,
            cameo=None, status="occurred",
            actors=(Actor(group, group, start, start + len(group), "REB"),), targets=(),
            location=Place(place, place, where, where + len(place), precision="city"),
            date=Day(day, day, "day", None, "publication"),
            counts=(("killed", Count(index + 2, "exact", "killing", trigger, trigger + 8)),),
            attribution=Attribution("author"), source=Source(doc_id, published=day),
            evidence=Span(start, start + len(sentence) - 1, sentence[:-1]),
            trigger=Span(trigger, trigger + 8, "attacked"), confidence=0.5,
        ))  # fmt: skip
        sentences.append(sentence)
        offset += len(sentence)
    return Analysis(Document(doc_id, "".join(sentences), published=day), events=tuple(events))


def build_store(path: Path, events: int) -> None:
    """A store holding at least `events` events."""
    with Store.open(path) as store:
        batch: list[Analysis] = []
        for number in range(-(-events // EVENTS_PER_DOC)):
            batch.append(_document(number))
            if len(batch) == 200:
                store.save(batch)
                batch = []
        store.save(batch)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(db: Path, port: int) -> subprocess.Popen[bytes]:
    """`sitrep serve` in its own process, once it answers."""
    sitrep = Path(sys.executable).with_name("sitrep")
    server = subprocess.Popen(
        [str(sitrep), "serve", "--db", str(db), "--port", str(port)],
        env=os.environ | {"SITREP_TOKEN": TOKEN},
    )
    for _ in range(300):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/health").status_code == 200:
                return server
        except httpx.TransportError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("the server did not start")


def _reads(count: int, ids: list[str]) -> list[tuple[str, str]]:
    rng = random.Random(7)
    kinds = [
        ("events", lambda: "/api/events?limit=50"),
        ("events+filter", lambda: f"/api/events?type={rng.choice(EVENT_TYPES)}&limit=50"),
        ("events+place", lambda: f"/api/events?place={rng.choice(PLACES)}&since=2000-01-01"),
        ("event", lambda: f"/api/events/{rng.choice(ids)}"),
        ("document", lambda: f"/api/documents/{rng.choice(ids).rsplit('-', 1)[0]}"),
        ("health", lambda: "/api/health"),
    ]
    return [(name, path()) for name, path in (rng.choice(kinds) for _ in range(count))]


def run(
    base: str, reads: list[tuple[str, str]], reviews: list[str], clients: int
) -> list[tuple[str, float, int]]:
    """Send every request from `clients` threads; (kind, seconds, status) of each."""
    local = httpx.Client(base_url=base, timeout=60)
    jobs: list[tuple[str, str, str]] = [("GET", kind, path) for kind, path in reads]
    jobs += [("POST", "review", f"/api/events/{ident}/review") for ident in reviews]
    random.Random(3).shuffle(jobs)

    def one(job: tuple[str, str, str]) -> tuple[str, float, int]:
        method, kind, path = job
        started = time.perf_counter()
        if method == "GET":
            status = local.get(path).status_code
        else:
            body = {"action": "correct", "reviewer": "bench", "fields": {"counts": {"killed": 3}}}
            status = local.post(
                path, json=body, headers={"Authorization": f"Bearer {TOKEN}"}
            ).status_code
        return kind, time.perf_counter() - started, status

    with ThreadPoolExecutor(max_workers=clients) as pool:
        return list(pool.map(one, jobs))


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def report(results: list[tuple[str, float, int]], seconds: float) -> str:
    """A Markdown table: per kind, requests, errors, p50 and p95 in milliseconds."""
    lines = ["| requests | n | errors | p50 ms | p95 ms |", "|---|---:|---:|---:|---:|"]
    kinds = [*sorted({k for k, _, _ in results}), "all reads", "all"]
    for kind in kinds:
        chosen = [r for r in results if kind == "all" or r[0] == kind
                  or (kind == "all reads" and r[0] != "review")]  # fmt: skip
        times = [t * 1000 for _, t, _ in chosen]
        errors = sum(1 for _, _, s in chosen if s >= 400)
        lines.append(f"| {kind} | {len(chosen)} | {errors} | {statistics.median(times):.1f} |"
                     f" {_percentile(times, 0.95):.1f} |")  # fmt: skip
    lines.append(f"\n{len(results)} requests in {seconds:.1f} s ({len(results) / seconds:.0f}/s)")
    return "\n".join(lines)


def main() -> None:
    """Build the store, serve it, load it, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--reads", type=int, default=5_000)
    parser.add_argument("--reviews", type=int, default=200)
    parser.add_argument("--clients", type=int, default=16)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "bench.db"
        started = time.perf_counter()
        build_store(db, args.events)
        with Store.open(db) as store:
            stored = store.events_count()
        print(f"store: {stored} events, built in {time.perf_counter() - started:.0f} s")
        ids = [f"bench-{n:06d}-{i}" for n in range(stored // EVENTS_PER_DOC)
               for i in range(EVENTS_PER_DOC)]  # fmt: skip
        port = _free_port()
        server = start_server(db, port)
        try:
            reviewed = random.Random(5).sample(ids, args.reviews)
            started = time.perf_counter()
            results = run(f"http://127.0.0.1:{port}", _reads(args.reads, ids), reviewed,
                          args.clients)  # fmt: skip
            print(report(results, time.perf_counter() - started))
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
