"""The main job: read paths, extract events, store everything, and say what happened.

`run_paths` is what `sitrep run` and `sitrep demo` call. It reads with
`read.read_paths`, skips documents the store already holds with the same text
(so a second run over the same input changes nothing and costs little),
turns a later copy of a text already read from another file into a `duplicate`
rejection that names the first, and an earlier version of a document id (another
text under the same id, from a file whose path sorts earlier) into a
`superseded` rejection naming the later one (so the same input gives the same
store however the run was cut into batches, interrupted or repeated),
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
from typing import Literal

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
    """Pass on what is new; count documents the store already has with the same text;
    reject later copies of a text and earlier versions of an id (see `_Versions`)."""
    versions = _Versions(store)
    for item in items:
        summary.read += 1
        if not isinstance(item, Document):
            yield item
            continue
        verdict = versions.judge(item)
        if verdict == "unchanged":
            summary.unchanged += 1  # this very input, stored by an earlier run
        else:
            yield from verdict


class _Versions:
    """Which of the texts given one document id is stored, decided the same way in
    every run, so that a rerun over the same input changes nothing:

    * the same text again is stored once: a copy from another file than the first
      read is a `duplicate` rejection naming the first;
    * of different texts (an article and its correction), the one from the file
      whose path sorts last wins (feeds named by date: the latest); the others are
      `superseded` rejections naming it. An edited file (same path, new text)
      replaces what it gave before.
    """

    def __init__(self, store: Store) -> None:
        self._store = store
        self._current: dict[str, tuple[str | None, str]] = {}  # id -> origin, digest

    def judge(self, doc: Document) -> Literal["unchanged"] | list[Document | Rejected]:
        """ "unchanged" for the stored copy of this input, else what to pass on."""
        digest = hashlib.sha256(doc.text.encode("utf-8")).hexdigest()
        current = self._current.get(doc.id)
        if current is None:
            stored = self._store.document_source(doc.id)
            if stored is not None:
                text, origin = stored
                current = (origin, digest if text == doc.text else "")
        if current is None:
            self._current[doc.id] = (doc.origin, digest)
            return [doc]
        origin, current_digest = current
        if current_digest == digest:
            if origin in (doc.origin, None):
                return "unchanged"
            detail = f"{doc.origin}: the same text (id {doc.id}) as {origin}, read first"
            return [Rejected(doc.id, "read", Reason.DUPLICATE, detail, doc.origin)]
        if _file_of(doc.origin) < _file_of(origin):
            return [_superseded(doc.id, doc.origin, origin)]
        self._current[doc.id] = (doc.origin, digest)
        if origin is None or _file_of(origin) == _file_of(doc.origin):
            return [doc]
        return [_superseded(doc.id, origin, doc.origin), doc]


def _file_of(origin: str | None) -> str:
    """The file part of an origin (``feed.jsonl:12`` -> ``feed.jsonl``)."""
    if origin is None:
        return ""
    path, _, line = origin.rpartition(":")
    return path if path and line.isdigit() else origin


def _superseded(doc_id: str, loser: str | None, winner: str | None) -> Rejected:
    """The rejection of an earlier version of `doc_id`: the same words whichever run
    finds it, so that the store holds it once."""
    detail = f"{loser}: an earlier version of id {doc_id}; the text from {winner} replaced it"
    return Rejected(doc_id, "read", Reason.SUPERSEDED, detail, loser)


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
