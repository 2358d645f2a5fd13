"""The main job: read paths, extract events, store everything, and say what happened.

`run_paths` is what `sitrep run` and `sitrep demo` call. It reads with
`read.read_paths`, skips documents the store already holds with the same text
(so a second run over the same input changes nothing and costs little),
turns a later copy of a text already read from another file into a `duplicate`
rejection that names the first (so the first copy is the one stored, however
the run was cut into batches or interrupted),
processes the rest with the pipeline (in worker processes when
`settings.workers > 1`) and saves results in batches, each in one
transaction. Rejections from reading and from the stages are stored and
counted like documents: nothing the user gave is dropped silently.
"""

from __future__ import annotations

import hashlib
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sitrep.api import process
from sitrep.config import Settings
from sitrep.errors import Reason
from sitrep.ingest.read import read_paths
from sitrep.model import Document, Rejected, Result
from sitrep.store import Store
from sitrep.store.backend import redact
from sitrep.store.rows import admitted

#: Results saved per transaction: large enough to be fast, small enough to lose little.
SAVE_BATCH = 64


@dataclass
class RunSummary:
    """What one run did, for people (`render`) and for tests."""

    read: int = 0
    documents: int = 0
    events: int = 0
    unchanged: int = 0
    replaced: int = 0
    rejections: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0
    db: str = ""

    def render(self) -> str:
        """A short readable account of the run."""
        lines = [
            f"read {self.read} input(s) in {self.seconds:.1f} s",
            f"  documents stored: {self.documents} (already stored, unchanged: {self.unchanged}"
            + (f"; replacing an earlier version: {self.replaced}" if self.replaced else "")
            + ")",
            f"  events stored:    {self.events}",
        ]
        rejected = sum(self.rejections.values())
        reasons = ", ".join(f"{r}: {n}" for r, n in sorted(self.rejections.items()))
        lines.append(f"  rejected:         {rejected}" + (f" ({reasons})" if reasons else ""))
        if self.db:
            lines.append(f"  database:         {self.db}")
        return "\n".join(lines)


def run_paths(
    paths: Sequence[str | Path],
    *,
    settings: Settings,
    store: Store,
    on_result: Callable[[Result], None] | None = None,
) -> RunSummary:
    """Read, extract and store everything under `paths`; `on_result` sees each result."""
    started = time.perf_counter()
    summary = RunSummary(db=redact(settings.db))  # a URL's password is never printed
    inputs = read_paths(paths, published=settings.published, max_chars=settings.max_chars)
    fresh = _skip_stored(inputs, store, summary)
    pending: list[Result] = []
    for result in process(fresh, settings=settings):
        if on_result is not None:
            on_result(result)
        pending.append(result)
        if len(pending) >= SAVE_BATCH:
            _save(store, pending, summary)
    _save(store, pending, summary)
    summary.seconds = time.perf_counter() - started
    return summary


def _skip_stored(
    items: Iterable[Document | Rejected], store: Store, summary: RunSummary
) -> Iterator[Document | Rejected]:
    """Pass on what is new; count documents the store already has with the same text,
    and reject later copies of a text that came from another file first."""
    first: dict[str, tuple[str | None, str]] = {}  # id -> origin and text digest, this run
    for item in items:
        summary.read += 1
        if not isinstance(item, Document):
            yield item
            continue
        earlier = _first_copy(item, store, first)
        if earlier is None:
            yield item
        elif earlier in (item.origin, None):
            summary.unchanged += 1  # this very input, stored by an earlier run
        else:
            detail = f"{item.origin}: the same text (id {item.id}) as {earlier}, read first"
            yield Rejected(item.id, "read", Reason.DUPLICATE, detail, item.origin)


def _first_copy(
    doc: Document, store: Store, first: dict[str, tuple[str | None, str]]
) -> str | None:
    """The origin of an earlier copy of `doc` (same id, same text) in the store or read
    earlier in this run ("" when it has none), or None when this is the first copy."""
    digest = hashlib.sha256(doc.text.encode("utf-8")).hexdigest()
    seen = first.setdefault(doc.id, (doc.origin, digest))
    if seen != (doc.origin, digest) and seen[1] == digest:
        return seen[0] or ""
    stored = store.document_source(doc.id)
    if stored is not None and stored[0] == doc.text:
        return stored[1]
    return None


def _save(store: Store, results: list[Result], summary: RunSummary) -> None:
    if not results:
        return
    results[:] = [admitted(r) for r in results]  # what the store would refuse: rejections
    counts = store.save(results)
    rejected = 0
    for result in results:
        if isinstance(result, Rejected):
            summary.rejections[result.reason] += 1
            rejected += 1
    summary.documents += counts.documents
    summary.replaced += counts.replaced
    summary.events += counts.events
    # The store counts a rejection it already holds as "unchanged" too; those are
    # reported under "rejected", so only unchanged documents are added here.
    summary.unchanged += counts.unchanged - (rejected - counts.rejections)
    results.clear()
