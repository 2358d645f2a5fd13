"""Scorer for the CAMEO sets of Multi-CoPED (Skorupa Parolin et al. 2022), via ConfliBERT.

Gold, in two files that are read apart and joined by their words:

* `cameo_class/train.tsv`: one political news sentence per line, a tab, and
  a coarse CAMEO class 0-4 (1,349 sentences; CRLF line ends);
* `cameo_ner/train.txt`: CoNLL, one token and its tag per line, a blank line
  between sentences. `B-S`/`I-S` mark the source actor, `B-T`/`I-T` the
  target, `B-R`/`I-R` the actors of a mutual act with no direction ("Trump
  and Putin" met; "Erdogan will meet his counterpart ..."), `O` the rest.

The two files do not hold the same sentences: the NER file has 1,153, many of
them edited copies of a class sentence (a clause cut, "Erdoğan" spelt
"Erdogan"). A class sentence gets span gold only when an NER sentence has
exactly its characters, spaces and quote marks aside (`token_offsets`); the
others are scored for their class only (`spans_unaligned`), and NER sentences
that match no class sentence are counted (`ner_unaligned`), never guessed at.

Every class sentence is one document for sitrep (no publication date: the set
gives none, and dates are not scored). Its answer is one event, the one whose
trigger comes first in the sentence (news sentences put the main clause, the
act CAMEO codes, first; "Erdogan blamed Damascus for an attack that killed
dozens" is ACCUSE, not ASSAULT), a tie going to the more confident. The
event's class comes from its CAMEO root (`ROOT_CLASS`), else from its PLOVER
type (`TYPE_CLASS`), then from its status (`event_class`). A sentence with no
event is answered NONE, always wrong (`no_event` gives the rate).

Spans: the chosen event's actors answer the gold source spans, its targets
the target spans, both (actors and targets) the mutual `R` spans; one to one,
by character overlap (`core.spans_overlap`). A predicted span overlapping a
gold span that another prediction already answered is neither right nor wrong
(`<role>_split`: "Kenyan and Somali troops" read as two actors over one gold
phrase).
"""

from __future__ import annotations

import time
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sitrep.api import make_document
from sitrep.config import Settings
from sitrep.evaluation import core
from sitrep.evaluation.plover_gsr import confusion_notes
from sitrep.model import Actor, Analysis, Event, Result

CLASS_FILE = Path("cameo_class") / "train.tsv"
NER_FILE = Path("cameo_ner") / "train.txt"
NONE = "NONE"

#: The five coarse classes, as the gold writes them, with what each holds.
CLASSES: dict[str, str] = {
    "0": "statement",
    "1": "verbal cooperation",
    "2": "material cooperation",
    "3": "verbal conflict",
    "4": "material conflict",
}

# ---------------------------------------------------------------- vocabulary tables

#: CAMEO root (the first two digits of a code) -> coarse class. A fact about
#: the gold's labels, read from its sentences (the set documents no table; it
#: is not the split 01 | 02-05 | 06-09 | 10-14 | 15-20 one might guess). Its
#: sentences place the roots so (docs/evaluation.md gives the counts): 01 make
#: statement and 02 appeal are 0 ("denied charges", "urged", "called for
#: reform"); 03-05 are 1; 06-08 are 2 ("released", "called off a strike"); 09
#: investigate, 10-13 and 16 reduce relations are 3 ("launched an
#: investigation", "expelled", "imposed sanctions", "suspended aid"); 14
#: protest, 15 and 17-20 are 4 ("went on hunger strike", "remained on alert",
#: "imposed a curfew").
ROOT_CLASS: dict[str, str] = {
    "01": "0", "02": "0",
    "03": "1", "04": "1", "05": "1",
    "06": "2", "07": "2", "08": "2",
    "09": "3", "10": "3", "11": "3", "12": "3", "13": "3", "16": "3",
    "14": "4", "15": "4", "17": "4", "18": "4", "19": "4", "20": "4",
}  # fmt: skip

#: PLOVER type -> coarse class, for events with no CAMEO code (a mode with no
#: CAMEO equivalent: RETREAT resign, MOBILIZE militia...). A fact
#: about two vocabularies: each type takes the class of the CAMEO roots it is
#: made of in CAMEO2PLOVER-2021.txt (AGREE 03, CONSULT 04, SUPPORT 05, COOPERATE
#: 06, AID 07, CONCEDE and RETREAT 08, ACCUSE 09 and 11, REQUEST 10, REJECT 12,
#: THREATEN 13, PROTEST 14, MOBILIZE 15, SANCTION 16, ASSAULT 17-20); COERCE
#: comes from 16, 17 and 19, mostly 17, all but 16 material conflict.
TYPE_CLASS: dict[str, str] = {
    "AGREE": "1", "CONSULT": "1", "SUPPORT": "1",
    "COOPERATE": "2", "AID": "2", "CONCEDE": "2", "RETREAT": "2",
    "ACCUSE": "3", "REQUEST": "3", "REJECT": "3", "THREATEN": "3", "SANCTION": "3",
    "PROTEST": "4", "MOBILIZE": "4", "COERCE": "4", "ASSAULT": "4",
}  # fmt: skip

#: Classes of the acts a status can turn into another CAMEO root.
COOPERATION = frozenset({"1", "2"})

# ---------------------------------------------------------------- gold


@dataclass(frozen=True)
class GoldSpan:
    """One tagged phrase: its role (S, T or R) and [start, end) in the sentence."""

    role: str
    start: int
    end: int
    text: str

    @property
    def span(self) -> tuple[int, int]:
        """[start, end) in the sentence."""
        return (self.start, self.end)


@dataclass(frozen=True)
class GoldSentence:
    """One class sentence, with its span gold when an NER sentence has its words."""

    id: str
    text: str
    label: str
    spans: tuple[GoldSpan, ...] | None  # None: no NER sentence aligns with it

    def of_role(self, role: str) -> list[GoldSpan]:
        """The gold spans of one role, in text order."""
        return [s for s in self.spans or () if s.role == role]


Tagged = tuple[tuple[str, str], ...]  # one NER sentence: (token, tag) pairs

# Quote marks and apostrophes the NER tokeniser straightened or kept.
_QUOTES = str.maketrans(
    dict.fromkeys("\u2018\u2019\u02bc\u201b\u0060\u00b4", "'") | dict.fromkeys("\u201c\u201d", '"')
)


def read_classes(path: Path) -> list[tuple[str, str]]:
    """(sentence, class) rows of the TSV file, in file order; blank lines skipped."""
    rows: list[tuple[str, str]] = []
    with path.open(encoding="utf-8", newline="") as handle:
        for line in handle:
            line = line.rstrip("\r\n")
            if not line.strip():
                continue
            text, _, label = line.rpartition("\t")
            rows.append((text, label.strip()))
    return rows


def read_conll(path: Path) -> list[Tagged]:
    """The sentences of a CoNLL file: token and tag per line, blank lines between."""
    sentences: list[Tagged] = []
    current: list[tuple[str, str]] = []
    with path.open(encoding="utf-8", newline="") as handle:
        for line in handle:
            line = line.rstrip("\r\n")
            if not line.strip():
                if current:
                    sentences.append(tuple(current))
                current = []
                continue
            token, _, tag = line.rpartition(" ") if " " in line else line.rpartition("\t")
            current.append((token, tag.strip()))
    if current:
        sentences.append(tuple(current))
    return sentences


def _folded(char: str) -> str:
    """One character as compared: NFKC, quote marks straightened."""
    return unicodedata.normalize("NFKC", char).translate(_QUOTES)


def _stream(text: str) -> tuple[str, list[int]]:
    """`text` without spaces, folded, with the offset in `text` of each character."""
    chars: list[str] = []
    where: list[int] = []
    for index, char in enumerate(text):
        if char.isspace():
            continue
        for folded in _folded(char):
            chars.append(folded)
            where.append(index)
    return "".join(chars), where


def align_key(text: str) -> str:
    """What two renderings of one sentence share: its folded characters, no spaces."""
    return _stream(text)[0]


def token_offsets(text: str, tokens: Sequence[str]) -> list[tuple[int, int]] | None:
    """[start, end) in `text` of each token, or None when the tokens are not its words."""
    stream, where = _stream(text)
    offsets: list[tuple[int, int]] = []
    at = 0
    for token in tokens:
        folded = _stream(token)[0]
        if not folded or stream[at : at + len(folded)] != folded:
            return None
        offsets.append((where[at], where[at + len(folded) - 1] + 1))
        at += len(folded)
    return offsets if at == len(stream) else None


def tag_spans(text: str, tagged: Tagged) -> tuple[GoldSpan, ...] | None:
    """The S, T and R phrases of an NER sentence as spans of `text` (None: no alignment).

    A phrase starts at `B-X`, or at an `I-X` that does not continue an X phrase.
    """
    offsets = token_offsets(text, [token for token, _ in tagged])
    if offsets is None:
        return None
    spans: list[GoldSpan] = []
    role, start, end = "", 0, 0
    for (_, tag), (tok_start, tok_end) in zip(tagged, offsets, strict=True):
        prefix, _, kind = tag.partition("-")
        if prefix == "I" and kind == role:
            end = tok_end
            continue
        if role:
            spans.append(GoldSpan(role, start, end, text[start:end]))
        role, start, end = (kind, tok_start, tok_end) if prefix in {"B", "I"} else ("", 0, 0)
    if role:
        spans.append(GoldSpan(role, start, end, text[start:end]))
    return tuple(spans)


def align(
    rows: Sequence[tuple[str, str]], tagged: Sequence[Tagged]
) -> tuple[list[GoldSentence], int]:
    """Each class sentence with the spans of the NER sentence that has its words.

    NER sentences are matched by `align_key`, each used once, in file order
    (a sentence given twice in both files gets one copy each). Returns the
    sentences and the number of NER sentences that matched none.
    """
    by_key: dict[str, list[Tagged]] = {}
    for sentence in tagged:
        key = align_key("".join(token for token, _ in sentence))
        by_key.setdefault(key, []).append(sentence)
    gold: list[GoldSentence] = []
    for number, (text, label) in enumerate(rows, start=1):
        waiting = by_key.get(align_key(text))
        spans = tag_spans(text, waiting.pop(0)) if waiting else None
        gold.append(GoldSentence(f"cameo-{number:04d}", text, label, spans))
    return gold, sum(len(left) for left in by_key.values())


def read_gold(folder: Path, limit: int | None = None) -> tuple[list[GoldSentence], int]:
    """The first `limit` class sentences with their spans, and the unmatched NER count."""
    gold, ner_unaligned = align(read_classes(folder / CLASS_FILE), read_conll(folder / NER_FILE))
    return (gold if limit is None else gold[:limit]), ner_unaligned


# ---------------------------------------------------------------- sitrep's answer


def code_class(event: Event) -> str:
    """The class of the act itself: its CAMEO root, else its PLOVER type."""
    if event.cameo and event.cameo[:2] in ROOT_CLASS:
        return ROOT_CLASS[event.cameo[:2]]
    return TYPE_CLASS[event.type]


def event_class(event: Event) -> str:
    """The coarse class CAMEO gives what the sentence says of the event.

    sitrep codes the act and says whether it happened (`status`); CAMEO codes
    what was said of it, under other roots: an announced cooperative act is
    03 "express intent to cooperate" (1), an announced or threatened conflictual
    act 13 "threaten" (3), refused cooperation 12 "reject" (3), a cancelled
    cooperative act ("cancelled a planned visit") 12 or 16 (3), a called-off
    conflictual act ("called off the strike") 08 "yield" (2), and a denied one
    016 "deny responsibility" (0). Other statuses keep the act's class.
    """
    act = code_class(event)
    cooperative = act in COOPERATION
    match event.status:
        case "denied":
            return "0"
        case "threatened":
            return "3"
        case "planned":
            return "1" if cooperative else "3"
        case "cancelled":
            return "3" if cooperative else "2"
        case "negated" if cooperative:
            return "3"
    return act


def choose_event(events: Sequence[Event]) -> Event | None:
    """The event whose trigger comes first in the sentence; on a tie, the more confident."""
    return min(events, key=lambda e: (e.trigger.start, -e.confidence), default=None)


# ---------------------------------------------------------------- comparing


def _describe(event: Event | None) -> str:
    if event is None:
        return NONE
    code = event.cameo or "-"
    return f"{event_class(event)} ({event.type}/{code} {event.status}: {event.trigger.text})"


def compare_class(report: core.Report, gold: GoldSentence, events: Sequence[Event]) -> str:
    """Class accuracy for one sentence; returns sitrep's class (or NONE)."""
    event = choose_event(events)
    got = event_class(event) if event else NONE
    report.accuracy("class").add(got == gold.label)
    report.accuracy("class_any").add(any(event_class(e) == gold.label for e in events))
    if got != gold.label:
        expected = f"{gold.label} ({CLASSES.get(gold.label, '?')})"
        report.error("class", gold.id, expected, _describe(event), gold.text)
    return got


def _bump(report: core.Report, name: str, by: int = 1) -> None:
    report.extra[name] = report.extra.get(name, 0.0) + by


def _names(actor: Actor, gold: GoldSpan) -> bool:
    """Whether the actor's words, or those of the actor a pronoun it is refers to,
    overlap the gold phrase."""
    return any(core.spans_overlap(span, gold.span) for span in core.actor_spans(actor))


def compare_spans(
    report: core.Report,
    role: str,
    predicted: Sequence[Actor],
    gold: Sequence[GoldSpan],
    sentence: GoldSentence,
) -> None:
    """One role's tally: one-to-one character overlap; split answers are skipped."""
    pairs = core.greedy_pairs(predicted, gold, _names)
    used = {id(a) for a, _ in pairs}
    split = sum(
        1 for actor in predicted if id(actor) not in used and any(_names(actor, g) for g in gold)
    )
    wrong = len(predicted) - len(pairs) - split
    report.tally(role).add(tp=len(pairs), fp=wrong, fn=len(gold) - len(pairs))
    _bump(report, f"{role}_split", split)
    if wrong or len(pairs) < len(gold):
        expected = "; ".join(g.text for g in gold) or "-"
        got = "; ".join(a.text for a in predicted) or "-"
        report.error(role, sentence.id, expected, got, sentence.text)


def compare_roles(report: core.Report, sentence: GoldSentence, event: Event | None) -> None:
    """Source, target and mutual spans of one aligned sentence against the chosen event."""
    actors = event.actors if event else ()
    targets = event.targets if event else ()
    mutual = sentence.of_role("R")
    if mutual:
        # No direction: the actors and targets together answer for them.
        compare_spans(report, "reciprocal", actors + targets, mutual, sentence)
        return
    compare_spans(report, "source", actors, sentence.of_role("S"), sentence)
    compare_spans(report, "target", targets, sentence.of_role("T"), sentence)


def compare(report: core.Report, sentence: GoldSentence, events: Sequence[Event]) -> str:
    """Fill the report for one sentence; returns sitrep's class (or NONE)."""
    got = compare_class(report, sentence, events)
    if sentence.spans is None:
        _bump(report, "spans_unaligned")
    else:
        compare_roles(report, sentence, choose_event(events))
    return got


# ---------------------------------------------------------------- scoring

#: Counts every report carries, zero or not.
EXTRAS: tuple[str, ...] = (
    "no_event", "rejected", "spans_unaligned", "ner_unaligned",
    "source_split", "target_split", "reciprocal_split",
)  # fmt: skip


def finish(report: core.Report, pairs: Sequence[tuple[str, str]], ner_unaligned: int) -> None:
    """Macro-F1, the no-event rate, the unaligned counts and the notes a reader needs."""
    report.extra["class.macro_f1"] = core.macro_f1(pairs, CLASSES)
    report.extra["no_event"] = sum(got == NONE for _, got in pairs) / len(pairs) if pairs else 0.0
    report.extra["ner_unaligned"] = float(ner_unaligned)
    legend = ", ".join(f"{k} {v}" for k, v in CLASSES.items())
    report.notes += [
        "one document per sentence, no publication date (the set gives none)",
        f"classes: {legend}; CAMEO roots 01-02 -> 0, 03-05 -> 1, 06-08 -> 2, "
        "09-13 and 16 -> 3, 14-15 and 17-20 -> 4 (as the gold's sentences show); "
        "no CAMEO code: the PLOVER type's roots",
        "status: planned cooperation -> 1, planned or threatened conflict -> 3, refused or "
        "cancelled cooperation -> 3, called-off conflict -> 2, denied -> 0",
        "sitrep's answer: the event whose trigger comes first, a tie to the more confident; "
        "no event = NONE (wrong); class_any.acc: the gold class is that of any event",
        "spans: the chosen event's actors answer S, its targets T, both answer R (mutual "
        "acts, no direction); one to one by character overlap; a second answer overlapping "
        "an answered gold span is skipped (<role>_split)",
        "span gold only where an NER sentence has the class sentence's characters (spaces "
        "and quote marks aside): spans_unaligned class sentences have none; "
        "ner_unaligned NER sentences (whole file) match no class sentence",
        *confusion_notes(pairs),
    ]


def _events_of(result: Result) -> tuple[Event, ...]:
    return result.events if isinstance(result, Analysis) else ()


def score(folder: Path, *, limit: int | None, settings: Settings) -> core.Report:
    """Score sitrep's coarse CAMEO class and source/target spans on the Multi-CoPED sentences."""
    sentences, ner_unaligned = read_gold(folder, limit)
    documents = [make_document(s.text, doc_id=s.id) for s in sentences]
    began = time.perf_counter()
    results = core.run_pipeline(documents, settings)
    elapsed = time.perf_counter() - began
    report = core.Report(dataset="conflibert_cameo", items=len(sentences))
    for name in EXTRAS:  # stable names for the quality gate
        report.extra[name] = 0.0
    for role in ("source", "target", "reciprocal"):
        report.tally(role)
    pairs = [
        (s.label, compare(report, s, _events_of(res)))
        for s, res in zip(sentences, results, strict=True)
    ]
    report.extra["rejected"] = float(sum(not isinstance(r, Analysis) for r in results))
    finish(report, pairs, ner_unaligned)
    words = sum(len(s.text.split()) for s in sentences)
    report.extra["words_per_second"] = words / elapsed if elapsed > 0 else 0.0
    return report
