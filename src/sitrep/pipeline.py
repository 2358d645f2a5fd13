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
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import traceback
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import islice
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


def _apply(stage: Stage, items: list[Result], *, strict: bool) -> list[Result]:
    """Run one stage over a batch; rejected items pass through untouched."""
    live = [(i, item) for i, item in enumerate(items) if isinstance(item, Analysis)]
    if not live:
        return items
    out = list(items)
    batch = getattr(stage, "batch", None)
    try:
        if callable(batch):
            results = batch([a for _, a in live])
        else:
            results = [stage(a) for _, a in live]
    except Exception:
        if strict or len(live) == 1:
            if strict:
                raise
            return _record_failure(stage, out, live)
        # One document broke the batch: retry one by one so the others still pass.
        results = [_apply(stage, [a], strict=False)[0] for _, a in live]
    for (i, _), result in zip(live, results, strict=True):
        out[i] = result
    return out


def _record_failure(
    stage: Stage, out: list[Result], live: list[tuple[int, Analysis]]
) -> list[Result]:
    summary = traceback.format_exc(limit=3).strip().splitlines()[-1]
    for i, analysis in live:
        doc = analysis.document
        out[i] = Rejected(doc.id, stage.name, Reason.STAGE_ERROR, summary, doc.origin)
    return out


@dataclasses.dataclass(frozen=True)
class Pipeline:
    """An ordered, checked chain of stages."""

    stages: tuple[Stage, ...]
    strict: bool = False
    batch_size: int = 16

    def __post_init__(self) -> None:
        check_chain(self.stages)

    def process_batch(self, items: Sequence[Document | Rejected]) -> list[Result]:
        """Run every stage over one batch of documents (or pass rejections through)."""
        results: list[Result] = [
            Analysis(document=item) if isinstance(item, Document) else item for item in items
        ]
        for stage in self.stages:
            results = _apply(stage, results, strict=self.strict)
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
        for results in pool.imap(_worker_batch, batched(items, batch_size), chunksize=1):
            yield from results
