"""The shared core of every scorer: tallies, matching, and the report.

A scorer (one module per gold set, see `evaluation.DATASETS`) reads its gold
data, runs the real pipeline over the texts (`run_pipeline`), compares field by
field and returns a `Report`:

* `Tally` counts true positives, false positives and false negatives of one
  field (precision, recall, F1);
* `Accuracy` counts correct answers out of the items that have a gold answer;
* `Report.extra` holds figures that are neither (macro-F1, words per second);
* `Report.errors` keeps the worst mistakes, with the text, for people to read.

`Report.metrics()` flattens everything into names such as `type.macro_f1`,
`perpetrator.f1` or `killed.exact`: the names the quality gate's floors use
(bench/floors.toml).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sitrep.config import Settings
from sitrep.model import Actor, Document, Result

P = TypeVar("P")  # a predicted item
G = TypeVar("G")  # a gold item


@dataclass
class Tally:
    """True positives, false positives and false negatives of one field."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, *, tp: int = 0, fp: int = 0, fn: int = 0) -> None:
        """Count more outcomes."""
        self.tp += tp
        self.fp += fp
        self.fn += fn

    @property
    def precision(self) -> float:
        """tp / (tp + fp), or 0 when nothing was predicted."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        """tp / (tp + fn), or 0 when there is no gold."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        """The harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Accuracy:
    """Correct answers out of the items that have a gold answer."""

    correct: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        """Count one item."""
        self.correct += int(ok)
        self.total += 1

    @property
    def value(self) -> float:
        """correct / total, or 0 when there are no items."""
        return self.correct / self.total if self.total else 0.0


@dataclass(frozen=True)
class ErrorCase:
    """One mistake, for people to read: what was expected, what came out, where."""

    field: str
    item: str
    expected: str
    got: str
    text: str = ""


@dataclass
class Report:
    """Everything one scorer measured on one gold set."""

    dataset: str
    items: int = 0
    tallies: dict[str, Tally] = field(default_factory=dict)
    accuracies: dict[str, Accuracy] = field(default_factory=dict)
    extra: dict[str, float] = field(default_factory=dict)
    errors: list[ErrorCase] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def tally(self, name: str) -> Tally:
        """The tally of field `name`, created on first use."""
        return self.tallies.setdefault(name, Tally())

    def accuracy(self, name: str) -> Accuracy:
        """The accuracy of field `name`, created on first use."""
        return self.accuracies.setdefault(name, Accuracy())

    def error(self, field_name: str, item: str, expected: Any, got: Any, text: str = "") -> None:
        """Keep one mistake for the error table."""
        self.errors.append(ErrorCase(field_name, item, str(expected), str(got), text))

    def metrics(self) -> dict[str, float]:
        """Every figure under a stable name (`field.p`, `field.r`, `field.f1`, `field.acc`)."""
        out: dict[str, float] = {}
        for name, t in sorted(self.tallies.items()):
            out |= {f"{name}.p": t.precision, f"{name}.r": t.recall, f"{name}.f1": t.f1}
        for name, a in sorted(self.accuracies.items()):
            out[f"{name}.acc"] = a.value
        out |= self.extra
        return {k: round(v, 4) for k, v in out.items()}

    def to_dict(self, worst: int = 20) -> dict[str, Any]:
        """The report as JSON-ready data (`sitrep eval --json`)."""
        return {
            "dataset": self.dataset,
            "items": self.items,
            "metrics": self.metrics(),
            "support": {
                **{k: t.tp + t.fn for k, t in self.tallies.items()},
                **{k: a.total for k, a in self.accuracies.items()},
            },
            "notes": self.notes,
            "errors": [vars(e) for e in self.worst_errors(worst)],
        }

    def worst_errors(self, limit: int) -> list[ErrorCase]:
        """Up to `limit` mistakes, spread over the fields (round robin), in field order."""
        by_field: dict[str, list[ErrorCase]] = {}
        for case in self.errors:
            by_field.setdefault(case.field, []).append(case)
        picked: list[ErrorCase] = []
        depth = 0
        while len(picked) < limit and any(depth < len(v) for v in by_field.values()):
            for cases in by_field.values():
                if depth < len(cases) and len(picked) < limit:
                    picked.append(cases[depth])
            depth += 1
        return picked

    def render(self, worst: int = 15) -> str:
        """A readable text report: the figures, then the errors to read."""
        lines = [f"{self.dataset}: {self.items} items scored", ""]
        if self.tallies:
            lines.append(f"{'field':<28} {'P':>6} {'R':>6} {'F1':>6} {'gold':>6}")
            for name, t in sorted(self.tallies.items()):
                lines.append(
                    f"{name:<28} {t.precision:6.3f} {t.recall:6.3f} {t.f1:6.3f} {t.tp + t.fn:6d}"
                )
            lines.append("")
        if self.accuracies:
            lines.append(f"{'field':<28} {'accuracy':>8} {'items':>6}")
            for name, a in sorted(self.accuracies.items()):
                lines.append(f"{name:<28} {a.value:8.3f} {a.total:6d}")
            lines.append("")
        lines.extend(f"{name:<28} {value:8.3f}" for name, value in sorted(self.extra.items()))
        lines.extend(f"note: {note}" for note in self.notes)
        cases = self.worst_errors(worst)
        if cases:
            lines += ["", f"errors to read ({len(cases)} of {len(self.errors)}):"]
            for case in cases:
                lines.append(
                    f"- [{case.field}] {case.item}: expected {case.expected!r}, got {case.got!r}"
                )
                if case.text:
                    lines.append(f"    {_clip(case.text, 160)}")
        return "\n".join(lines)


def _clip(text: str, size: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= size else flat[: size - 1] + "…"


# ---------------------------------------------------------------- matching

_WORD = re.compile(r"[a-z0-9]+")
_STOP = frozenset("the a an of and in on at to by for from with his her its their".split())


def fold(text: str) -> str:
    """Lower case without accents, for comparing names."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def content_words(text: str) -> list[str]:
    """The folded words of `text` without articles and prepositions."""
    return [w for w in _WORD.findall(fold(text)) if w not in _STOP]


def actor_spans(actor: Actor) -> list[tuple[int, int]]:
    """Where an actor is named: its own words, and, for a pronoun or description
    followed to the actor it refers to ("it" for "Hungary"), that actor's words."""
    spans = [(actor.start, actor.end)]
    if actor.antecedent is not None:
        spans.append((actor.antecedent.start, actor.antecedent.end))
    return spans


def actor_texts(actor: Actor) -> list[str]:
    """The words an actor is named by (`actor_spans`, as text)."""
    return [actor.text] + ([actor.antecedent.text] if actor.antecedent is not None else [])


def overlaps(predicted: str, gold: str) -> bool:
    """Whether two phrases share a content word ("Kenyan troops" ~ "troops")."""
    return bool(set(content_words(predicted)) & set(content_words(gold)))


def head_word(text: str) -> str:
    """The head of an English noun phrase: its last content word, or, with an "of"
    phrase, the last one before it ("column of Shining Path terrorists" -> column)."""
    before_of = _WORD.findall(fold(text))
    if "of" in before_of[1:]:
        before_of = before_of[: before_of.index("of", 1)]
    words = [w for w in before_of if w not in _STOP] or content_words(text)
    return words[-1] if words else ""


def heads_match(predicted: str, gold: str) -> bool:
    """Head-word match, the usual criterion for argument extraction."""
    head = head_word(gold)
    return bool(head) and head in content_words(predicted)


def spans_overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Whether two [start, end) spans share a character."""
    return a[0] < b[1] and b[0] < a[1]


def greedy_pairs(
    predicted: Sequence[P], gold: Sequence[G], same: Callable[[P, G], bool]
) -> list[tuple[P, G]]:
    """One-to-one pairs, each prediction taking the first unused gold item it matches."""
    unused = list(gold)
    pairs: list[tuple[P, G]] = []
    for guess in predicted:
        hit = next((g for g in unused if same(guess, g)), None)
        if hit is not None:
            unused.remove(hit)
            pairs.append((guess, hit))
    return pairs


def match_sets(
    predicted: Sequence[P],
    gold: Sequence[G],
    same: Callable[[P, G], bool] = heads_match,  # type: ignore[assignment]
) -> tuple[int, int, int]:
    """(tp, fp, fn) of a one-to-one greedy matching (`greedy_pairs`)."""
    tp = len(greedy_pairs(predicted, gold, same))
    return tp, len(predicted) - tp, len(gold) - tp


def macro_f1(pairs: Iterable[tuple[str, str]], labels: Iterable[str]) -> float:
    """Macro-averaged F1 over `labels` of (gold, predicted) label pairs."""
    tallies = {label: Tally() for label in labels}
    for gold, guess in pairs:
        if gold == guess and gold in tallies:
            tallies[gold].add(tp=1)
            continue
        if gold in tallies:
            tallies[gold].add(fn=1)
        if guess in tallies:
            tallies[guess].add(fp=1)
    present = [t for t in tallies.values() if t.tp + t.fn > 0]
    return sum(t.f1 for t in present) / len(present) if present else 0.0


def label_counts(labels: Iterable[str]) -> Counter[str]:
    """How often each label occurs."""
    return Counter(labels)


# ---------------------------------------------------------------- running sitrep


def run_pipeline(documents: Sequence[Document], settings: Settings | None = None) -> list[Result]:
    """The real pipeline over gold texts, results in input order."""
    from sitrep.api import process  # late: loading the pipeline is the scorer's business

    return list(process(documents, settings=settings or Settings()))
