"""The stage contract: chain checks at build time, order, rejections and stage bugs."""

from __future__ import annotations

import dataclasses
import math
import time
from typing import Any

import pytest

from sitrep.errors import PipelineError, Reason
from sitrep.model import Analysis, Document, Passage, Rejected
from sitrep.pipeline import Pipeline, allowance, batched, check_chain


@dataclasses.dataclass
class FakeStage:
    """A stage that records what it saw and can be told to fail."""

    name: str
    requires: frozenset[str]
    provides: frozenset[str]
    fail_on: str | None = None
    reject_on: str | None = None
    seen: list[str] = dataclasses.field(default_factory=list)

    def __call__(self, analysis: Analysis) -> Analysis | Rejected:
        doc = analysis.document
        self.seen.append(doc.id)
        if doc.id == self.fail_on:
            raise RuntimeError(f"boom on {doc.id}")
        if doc.id == self.reject_on:
            return Rejected(doc.id, self.name, Reason.EMPTY, "nothing to read")
        marker = Passage(0, 1, "body", note=self.name)
        return dataclasses.replace(analysis, passages=(*analysis.passages, marker))


def _docs(*ids: str) -> list[Document]:
    return [Document(id=i, text=f"text of {i}") for i in ids]


def stage(name: str, requires: set[str], provides: set[str], **kw: str) -> FakeStage:
    return FakeStage(name, frozenset(requires), frozenset(provides), **kw)


@pytest.mark.parametrize(
    ("stages", "message"),
    [
        ([stage("b", {"parse"}, {"events"})], "stage 'b' requires ['parse']"),
        (
            [stage("a", {"document"}, {"passages"}), stage("b", {"parse"}, {"events"})],
            "provide only: document, passages",
        ),
    ],
)
def test_chain_is_checked_when_built(stages: list[FakeStage], message: str) -> None:
    with pytest.raises(PipelineError, match=message.replace("[", r"\[").replace("]", r"\]")):
        Pipeline(tuple(stages))


def test_a_fitting_chain_builds() -> None:
    check_chain([stage("a", {"document"}, {"passages"}), stage("b", {"passages"}, {"events"})])


def test_results_keep_input_order_and_pass_rejections_through() -> None:
    earlier = Rejected("bad", "read", Reason.MALFORMED, "line 3")
    pipeline = Pipeline((stage("a", {"document"}, {"events"}),), batch_size=2)
    results = list(pipeline.process([*_docs("d1", "d2"), earlier, *_docs("d3")]))
    assert [r.document.id if isinstance(r, Analysis) else r.doc_id for r in results] == [
        "d1",
        "d2",
        "bad",
        "d3",
    ]
    assert results[2] is earlier


def test_a_rejected_document_skips_later_stages() -> None:
    first = stage("a", {"document"}, {"passages"}, reject_on="d1")
    second = stage("b", {"passages"}, {"events"})
    results = Pipeline((first, second)).process_batch(_docs("d1", "d2"))
    assert isinstance(results[0], Rejected)
    assert second.seen == ["d2"]


@pytest.mark.parametrize("how", ["reject_on", "fail_on"])
def test_a_stage_rejection_keeps_the_documents_origin(how: str) -> None:
    """A run accounts for its inputs by origin, so no stage's rejection may drop it."""
    pipeline = Pipeline((stage("a", {"document"}, {"events"}, **{how: "d1"}),))
    doc = Document(id="d1", text="text", origin="feeds/a.jsonl:3")
    (result,) = pipeline.process_batch([doc])
    assert isinstance(result, Rejected)
    assert result.origin == "feeds/a.jsonl:3"


def test_a_stage_bug_is_recorded_for_its_document_only() -> None:
    pipeline = Pipeline((stage("a", {"document"}, {"events"}, fail_on="d2"),))
    results = pipeline.process_batch(_docs("d1", "d2", "d3"))
    rejected = results[1]
    assert isinstance(rejected, Rejected)
    assert (rejected.reason, rejected.stage) == (Reason.STAGE_ERROR, "a")
    assert "boom on d2" in rejected.detail
    assert all(isinstance(r, Analysis) for r in (results[0], results[2]))


def test_stages_run_in_order() -> None:
    pipeline = Pipeline(
        (stage("a", {"document"}, {"passages"}), stage("b", {"passages"}, {"events"}))
    )
    result = pipeline(Document(id="d", text="t"))
    assert isinstance(result, Analysis)
    assert [p.note for p in result.passages] == ["a", "b"]


def test_strict_mode_raises_stage_bugs() -> None:
    pipeline = Pipeline((stage("a", {"document"}, {"events"}, fail_on="d1"),), strict=True)
    with pytest.raises(RuntimeError, match="boom on d1"):
        pipeline.process_batch(_docs("d1"))


@pytest.mark.parametrize(("size", "expected"), [(1, [1, 1, 1]), (2, [2, 1]), (5, [3])])
def test_batched_sizes(size: int, expected: list[int]) -> None:
    assert [len(b) for b in batched(_docs("a", "b", "c"), size)] == expected


# ---------------------------------------------------------------- the time budget


@dataclasses.dataclass
class SlowStage:
    """A stage that takes `seconds` on the documents named in `slow_on`."""

    name: str = "slow"
    requires: frozenset[str] = frozenset({"document"})
    provides: frozenset[str] = frozenset({"passages"})
    slow_on: frozenset[str] = frozenset()
    seconds: float = 0.0

    def __call__(self, analysis: Analysis) -> Analysis:
        if analysis.document.id in self.slow_on:
            deadline = time.monotonic() + self.seconds
            while time.monotonic() < deadline:  # busy, as a runaway loop would be
                pass
        return analysis


class BatchedSlowStage(SlowStage):
    """The same, over a whole batch at once (as the language model works)."""

    def batch(self, analyses: list[Analysis]) -> list[Analysis]:
        return [self(a) for a in analyses]


def _slow(batched: bool, **kw: Any) -> SlowStage:
    return BatchedSlowStage(**kw) if batched else SlowStage(**kw)


@pytest.mark.parametrize("batched", [False, True])
def test_a_document_past_its_budget_is_rejected_and_the_others_pass(batched: bool) -> None:
    # The slow stage would spin for 30 s; the alarm stops it after about 0.3 s.
    slow = _slow(batched, slow_on=frozenset({"b"}), seconds=30.0)
    pipeline = Pipeline((slow,), time_budget=0.3)
    results = pipeline.process_batch(_docs("a", "b", "c"))
    assert [type(r).__name__ for r in results] == ["Analysis", "Rejected", "Analysis"]
    rejected = results[1]
    assert isinstance(rejected, Rejected)
    assert rejected.reason == Reason.TIME_BUDGET
    assert "time_budget" in rejected.detail
    assert "stage slow" in rejected.detail


def test_without_a_budget_a_slow_document_is_kept() -> None:
    slow = _slow(False, slow_on=frozenset({"a"}), seconds=0.2)
    (result,) = Pipeline((slow,), time_budget=0).process_batch(_docs("a"))
    assert isinstance(result, Analysis)


def test_the_budget_counts_every_stage() -> None:
    # Each stage alone stays under the allowance; together they pass it.
    first = _slow(False, name="one", slow_on=frozenset({"a"}), seconds=0.2)
    second = _slow(False, name="two", slow_on=frozenset({"a"}), seconds=0.2)
    (result,) = Pipeline((first, second), time_budget=0.3).process_batch(_docs("a"))
    assert isinstance(result, Rejected)
    assert result.stage == "two"


@pytest.mark.parametrize(
    ("budget", "characters", "allowed"),
    [(30.0, 10, 30.0), (30.0, 100_000, 30.0), (30.0, 250_000, 75.0), (0.0, 10, math.inf)],
)
def test_the_allowance_grows_with_the_length(
    budget: float, characters: int, allowed: float
) -> None:
    assert allowance(budget, characters) == allowed
