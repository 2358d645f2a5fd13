"""The stage contract, the pipeline that chains stages, and the runner.

A stage is a small object with a versioned `name`, the `requires` and `provides`
field names it reads and fills, and a `__call__(analysis) -> Analysis | Rejected`.
A stage may also offer `batch(analyses) -> list[Analysis | Rejected]` when it is
much faster over many documents at once (the language model is). Stages never
call each other, never touch the store, and never read global configuration:
what they need is injected when they are built.

`Pipeline` checks when it is built that every field a stage requires is
provided by an earlier stage (or by reading), before any document is read.
`Pipeline.process` consumes an iterator of documents and yields one result per
document, in order; with `workers > 1` the same per-batch function runs in
worker processes, each with its own copy of the pipeline.

**Time budget.** Each document may spend `time_budget` seconds per 100,000
characters (and at least `time_budget`) in the stages. Its time is measured
stage by stage (a batch stage's time is shared out by text length); a document
past its allowance becomes a `Rejected` with reason ``time_budget`` instead of
stalling the run. In the main thread on POSIX an alarm also interrupts a stage
that runs past the allowance, so even a stage stuck on one document stops; in
other threads the budget is checked between stages.
"""

from __future__ import annotations

import collections
import dataclasses
import math
import multiprocessing
import signal
import threading
import time
import traceback
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import islice
from multiprocessing.pool import AsyncResult
from types import FrameType
from typing import Protocol, runtime_checkable

from sitrep.errors import PipelineError, Reason
from sitrep.model import Analysis, Document, Rejected, Result

#: Fields that exist before the first stage runs.
READ_FIELDS: frozenset[str] = frozenset({"document"})


@runtime_checkable
class Stage(Protocol):
    """One step of the per-document flow."""

    name: str
    requires: frozenset[str]
    provides: frozenset[str]

    def __call__(self, analysis: Analysis) -> Analysis | Rejected:
        """Return a new Analysis with this stage's fields filled, or a Rejected."""
        ...


def check_chain(stages: Sequence[Stage]) -> None:
    """Fail with a PipelineError unless each stage's requirements are met in order."""
    available = set(READ_FIELDS)
    for stage in stages:
        missing = stage.requires - available
        if missing:
            have = ", ".join(sorted(available))
            raise PipelineError(
                f"stage '{stage.name}' requires {sorted(missing)} but the stages before it "
                f"provide only: {have}. Put a stage that provides them earlier."
            )
        available |= stage.provides


#: Characters a document may have for each `time_budget` of seconds it may take.
BUDGET_CHARS = 100_000


class _OverBudget(BaseException):
    """Raised by the alarm inside a stage that ran past a document's allowance; a
    BaseException so that no `except Exception` inside a stage swallows it."""


@dataclasses.dataclass(slots=True)
class _Clock:
    """Seconds each item of a batch may still spend, and its allowance."""

    allowed: list[float]
    spent: list[float]

    @classmethod
    def for_items(cls, items: Sequence[Document | Rejected], budget: float) -> _Clock:
        allowed = [
            allowance(budget, len(item.text)) if isinstance(item, Document) else math.inf
            for item in items
        ]
        return cls(allowed, [0.0] * len(items))

    def left(self, index: int) -> float:
        return self.allowed[index] - self.spent[index]


def allowance(budget: float, characters: int) -> float:
    """Seconds a document of `characters` may take under `budget` (0: no limit)."""
    if budget <= 0:
        return math.inf
    return budget * max(1.0, characters / BUDGET_CHARS)


_CAN_ALARM = hasattr(signal, "setitimer")


@contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    """Raise `_OverBudget` inside the block after `seconds`, where signals allow it."""
    if (
        math.isinf(seconds)
        or not _CAN_ALARM
        or threading.current_thread() is not (threading.main_thread())
    ):
        yield
        return

    def ring(signum: int, frame: FrameType | None) -> None:
        raise _OverBudget

    previous = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, max(seconds, 0.001))
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _apply(stage: Stage, items: list[Result], clock: _Clock, *, strict: bool) -> list[Result]:
    """Run one stage over a batch; rejected items pass through untouched."""
    live = [i for i, item in enumerate(items) if isinstance(item, Analysis)]
    if not live:
        return items
    out = list(items)
    batch = getattr(stage, "batch", None)
    if callable(batch) and len(live) > 1:
        analyses = [items[i] for i in live]
        started = time.perf_counter()
        try:
            with _alarm(sum(clock.left(i) for i in live)):
                results = batch(analyses)
        except _OverBudget:
            pass  # one document may be the slow one: each gets its own allowance below
        except Exception:
            if strict:
                raise
            # One document broke the batch: retry one by one so the others still pass.
        else:
            _share(clock, live, analyses, time.perf_counter() - started)
            for i, result in zip(live, results, strict=True):
                out[i] = _judged(stage, result, items[i], clock, i)
            return out
    for i in live:
        out[i] = _apply_one(stage, items[i], clock, i, strict=strict)
    return out


def _apply_one(stage: Stage, item: Result, clock: _Clock, index: int, *, strict: bool) -> Result:
    """Run one stage over one document, within what is left of its allowance."""
    assert isinstance(item, Analysis)
    batch = getattr(stage, "batch", None)
    started = time.perf_counter()
    try:
        with _alarm(clock.left(index)):
            result = batch([item])[0] if callable(batch) else stage(item)
    except _OverBudget:
        result = item  # judged over budget just below
    except Exception:
        if strict:
            raise
        summary = traceback.format_exc(limit=3).strip().splitlines()[-1]
        doc = item.document
        return Rejected(doc.id, stage.name, Reason.STAGE_ERROR, summary, doc.origin)
    clock.spent[index] += time.perf_counter() - started
    return _judged(stage, result, item, clock, index)


def _share(clock: _Clock, live: list[int], analyses: list[Result], seconds: float) -> None:
    """Charge a batch's time to its documents in proportion to their length."""
    sizes = [len(a.document.text) if isinstance(a, Analysis) else 0 for a in analyses]
    total = sum(sizes) or 1
    for i, size in zip(live, sizes, strict=True):
        clock.spent[i] += seconds * size / total


def _judged(stage: Stage, result: Result, item: Result, clock: _Clock, index: int) -> Result:
    """`result`, or a time-budget rejection once the document has spent its allowance.

    A stage's own rejection that names no origin gets the document's: the origin is
    how a run accounts for its inputs and resumes, so no stage may drop it."""
    if isinstance(result, Rejected):
        if result.origin is None and isinstance(item, Analysis) and item.document.origin:
            return dataclasses.replace(result, origin=item.document.origin)
        return result
    if clock.left(index) >= 0 or not isinstance(item, Analysis):
        return result
    doc = item.document
    detail = (
        f"took more than {clock.allowed[index]:.0f} s (stopped in stage {stage.name}); the "
        f"setting time_budget allows that for {len(doc.text):,} characters. Raise it, or "
        "set it to 0 to turn the budget off"
    )
    return Rejected(doc.id, stage.name, Reason.TIME_BUDGET, detail, doc.origin)


@dataclasses.dataclass(frozen=True)
class Pipeline:
    """An ordered, checked chain of stages."""

    stages: tuple[Stage, ...]
    strict: bool = False
    batch_size: int = 16
    time_budget: float = 0.0  # seconds per BUDGET_CHARS characters; 0: no budget

    def __post_init__(self) -> None:
        check_chain(self.stages)

    def process_batch(self, items: Sequence[Document | Rejected]) -> list[Result]:
        """Run every stage over one batch of documents (or pass rejections through)."""
        results: list[Result] = [
            Analysis(document=item) if isinstance(item, Document) else item for item in items
        ]
        clock = _Clock.for_items(items, self.time_budget)
        for stage in self.stages:
            results = _apply(stage, results, clock, strict=self.strict)
        return results

    def process(self, items: Iterable[Document | Rejected]) -> Iterator[Result]:
        """Yield one result per input, in input order (see `process_parallel` for workers)."""
        for batch in batched(items, self.batch_size):
            yield from self.process_batch(batch)

    def __call__(self, document: Document) -> Result:
        """Process one document."""
        return self.process_batch([document])[0]


def batched(items: Iterable[Document | Rejected], size: int) -> Iterator[list[Document | Rejected]]:
    """Split an iterable into lists of at most `size` items."""
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


# ---------------------------------------------------------------- multiprocessing

_WORKER_PIPELINE: Pipeline | None = None


def _init_worker(factory: Callable[[], Pipeline]) -> None:
    global _WORKER_PIPELINE  # one pipeline per worker process, built once
    _WORKER_PIPELINE = factory()


def _worker_batch(batch: list[Document | Rejected]) -> list[Result]:
    assert _WORKER_PIPELINE is not None, "worker used before its pipeline was built"
    return _WORKER_PIPELINE.process_batch(batch)


def process_parallel(
    factory: Callable[[], Pipeline],
    items: Iterable[Document | Rejected],
    *,
    workers: int,
    batch_size: int,
) -> Iterator[Result]:
    """Map the per-batch function over `workers` processes, keeping input order.

    `factory` must be picklable (a module-level function or a functools.partial
    of one); each worker calls it once to build its pipeline.
    """
    context = multiprocessing.get_context("spawn")  # fork + threads in BLAS is unsafe
    with context.Pool(workers, initializer=_init_worker, initargs=(factory,)) as pool:
        # Batches are drawn from `items` here, in the caller's thread, never in the
        # pool's feeder thread (Pool.imap's): `items` may read a SQLite store, whose
        # connection works only in the thread that opened it. A few batches per
        # worker are kept in flight, so memory stays bounded on any input.
        pending: collections.deque[AsyncResult[list[Result]]] = collections.deque()
        for batch in batched(items, batch_size):
            pending.append(pool.apply_async(_worker_batch, (batch,)))
            if len(pending) >= 2 * workers:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()
