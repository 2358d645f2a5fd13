"""WikiEvents (Li, Ji & Han 2021), dev split: attacks, deaths, injuries and arrests.

Gold: `dev.jsonl`, 20 news documents with KAIROS event mentions (type, trigger
tokens, arguments pointing at entity mentions; token offsets end-exclusive),
and `coref/dev.jsonlines`, the entity coreference clusters.

Only the gold events of the types in `KAIROS_TYPES` are scored. For each, the
sitrep event that *answers* it is the one whose trigger overlaps the gold
trigger (a compatible type preferred), else the nearest one of a compatible
type (`FAMILY_TYPES`) whose trigger lies in the gold event's sentence, else
none, and then every gold argument is a miss. Then:

* `trigger`: gold events answered by an event of a compatible type; a false
  positive is an ASSAULT or COERCE/arrest event that answers no gold event and
  whose trigger overlaps no gold trigger of any type;
* per role (`attacker`, `target`, `victim`, `place`, `detainee`) and `roles`
  (micro over all roles): the answering event's fields mapped to roles
  (`predicted_arguments`) against the gold arguments of that role, one to one,
  by head word (`core.heads_match`). A gold argument also matches through any
  mention coreferent with it (the usual "coref match" of WikiEvents papers:
  sitrep writes "Vyacheslav Gladkikh" where gold may point at "he");
  `roles_no_coref` is the micro figure without that.

The argument machinery here is shared with the RAMS scorer (`rams.py`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sitrep.api import make_document
from sitrep.config import Settings
from sitrep.evaluation.core import Report, heads_match, run_pipeline, spans_overlap
from sitrep.model import CODED_KINDS, Analysis, Event, Result

#: The roles scored, in sitrep's words.
ROLES: tuple[str, ...] = ("attacker", "target", "victim", "place", "detainee")

#: Event family -> the sitrep event types that can answer it. A fact about two
#: vocabularies: PLOVER codes attacks, killings and woundings as ASSAULT, and
#: arrests as COERCE (mode "arrest").
FAMILY_TYPES: dict[str, frozenset[str]] = {
    "conflict": frozenset({"ASSAULT"}),
    "death": frozenset({"ASSAULT"}),
    "injury": frozenset({"ASSAULT"}),
    "arrest": frozenset({"COERCE"}),
}

#: KAIROS event-type prefix -> (family, the roles of ours that type can carry).
#: A fact about the KAIROS ontology (event_role_KAIROS.json): Life.Injure has no
#: Place role; Conflict.Demonstrate (protests) is not an attack and is left out.
KAIROS_TYPES: dict[str, tuple[str, tuple[str, ...]]] = {
    "Conflict.Attack": ("conflict", ("attacker", "target", "place")),
    "Life.Die": ("death", ("attacker", "victim", "place")),
    "Life.Injure": ("injury", ("attacker", "victim")),
    "Justice.ArrestJailDetain": ("arrest", ("detainee", "place")),
}

#: KAIROS argument role -> our role. A fact about two vocabularies: the one who
#: kills or injures is sitrep's attacker. Unlisted roles (Jailer, Instrument,
#: ExplosiveDevice...) are not scored.
KAIROS_ROLES: dict[str, str] = {
    "Attacker": "attacker",
    "Killer": "attacker",
    "Injurer": "attacker",
    "Target": "target",
    "Victim": "victim",
    "Place": "place",
    "Detainee": "detainee",
}


@dataclass(frozen=True)
class GoldArgument:
    """One gold argument: our role name, its words, and coreferent mentions' words."""

    role: str
    text: str
    alternatives: tuple[str, ...] = ()


@dataclass(frozen=True)
class GoldEvent:
    """One gold event of a scored type; spans are [start, end) characters of the text."""

    event_id: str  # for the error table; it names the document too
    gold_type: str
    family: str
    roles: tuple[str, ...]  # the roles of ours its type can carry
    trigger: tuple[int, int]
    trigger_text: str
    sentence: tuple[int, int]
    arguments: tuple[GoldArgument, ...]


@dataclass(frozen=True)
class GoldDocument:
    """One text given to sitrep with its scored gold events."""

    doc_id: str
    text: str
    events: tuple[GoldEvent, ...]
    other_triggers: tuple[tuple[int, int], ...] = ()  # gold triggers of unscored types


# ---------------------------------------------------------------- shared: vocabulary


def family_of(
    event_type: str,
    table: Mapping[str, tuple[str, tuple[str, ...]]],
    excluded: Sequence[str] = (),
) -> tuple[str, tuple[str, ...]] | None:
    """(family, roles) of a gold event type by its prefix in `table`, or None."""
    if any(event_type == x or event_type.startswith(x + ".") for x in excluded):
        return None
    for prefix, entry in table.items():
        if event_type == prefix or event_type.startswith(prefix + "."):
            return entry
    return None


def compatible(event: Event, family: str) -> bool:
    """Whether a sitrep event's type can answer a gold event of `family`."""
    return event.type in FAMILY_TYPES[family]


def predicted_arguments(event: Event, role: str) -> list[str]:
    """The words sitrep gives for `role` (see the module docstring of the mapping).

    ASSAULT actors are attackers; ASSAULT targets answer both a gold target
    (of an attack) and a gold victim (of a death or injury), since PLOVER has
    one target slot for both; the targets of a COERCE arrest are detainees; the
    location of any event is its place.
    """
    if role == "place":
        return [event.location.text] if event.location is not None else []
    assault = event.type == "ASSAULT"
    arrest = event.type == "COERCE" and event.mode == "arrest"
    found: list[str] = []
    if assault and role == "attacker":
        found = [a.text for a in event.actors]
    elif (assault and role in ("target", "victim")) or (arrest and role == "detainee"):
        found = [t.text for t in event.targets]
    # "Russian and Syrian aircraft" gives two actors (Russia, Syria) on the same
    # words; gold marks the words once, so the same words count once.
    return list(dict.fromkeys(found))


# ---------------------------------------------------------------- shared: comparing


def answer(gold: GoldEvent, events: Sequence[Event]) -> Event | None:
    """The sitrep event that answers `gold` (see the module docstring)."""
    overlapping = [
        e for e in events if spans_overlap((e.trigger.start, e.trigger.end), gold.trigger)
    ]
    if overlapping:
        return next((e for e in overlapping if compatible(e, gold.family)), overlapping[0])
    start, end = gold.sentence
    near = [e for e in events if start <= e.trigger.start < end and compatible(e, gold.family)]
    if not near:
        return None
    return min(near, key=lambda e: abs(e.trigger.start - gold.trigger[0]))


def _same(guess: str, gold: GoldArgument, coref: bool) -> bool:
    texts = (gold.text, *gold.alternatives) if coref else (gold.text,)
    return any(heads_match(guess, t) for t in texts)


def match_arguments(
    predicted: Sequence[str], gold: Sequence[GoldArgument], *, coref: bool = True
) -> tuple[list[str], list[GoldArgument]]:
    """One-to-one greedy head-word matching: (unmatched predictions, unmatched gold)."""
    unused = list(gold)
    extra: list[str] = []
    for guess in predicted:
        hit = next((g for g in unused if _same(guess, g, coref)), None)
        if hit is None:
            extra.append(guess)
        else:
            unused.remove(hit)
    return extra, unused


def _label(event: Event | None) -> str:
    if event is None:
        return "none"
    mode = f"/{event.mode}" if event.mode else ""
    return f"{event.type}{mode} {event.trigger.text!r}"


def compare_event(report: Report, doc: GoldDocument, gold: GoldEvent, event: Event | None) -> None:
    """Score one gold event against the sitrep event that answers it (or none)."""
    sentence = doc.text[gold.sentence[0] : gold.sentence[1]]
    item = gold.event_id  # names its document (WikiEvents ids do; RAMS uses the doc key)
    found = event is not None and compatible(event, gold.family)
    report.tally("trigger").add(tp=int(found), fn=int(not found))
    if not found:
        report.error(
            "trigger", item, f"{gold.gold_type} {gold.trigger_text!r}", _label(event), sentence
        )
    for role in gold.roles:
        expected = [a for a in gold.arguments if a.role == role]
        guesses = predicted_arguments(event, role) if event is not None else []
        extra, missed = match_arguments(guesses, expected)
        tp = len(guesses) - len(extra)
        for name in (role, "roles"):
            report.tally(name).add(tp=tp, fp=len(extra), fn=len(missed))
        strict_extra, strict_missed = match_arguments(guesses, expected, coref=False)
        report.tally("roles_no_coref").add(
            tp=len(guesses) - len(strict_extra), fp=len(strict_extra), fn=len(strict_missed)
        )
        if extra or missed:
            report.error(
                role, f"{item} ({gold.gold_type})",
                " | ".join(a.text for a in expected) or "none",
                " | ".join(guesses) or f"none ({_label(event)})", sentence,
            )  # fmt: skip


def spurious(doc: GoldDocument, events: Sequence[Event], answers: Sequence[Event]) -> list[Event]:
    """sitrep attacks and arrests that answer no gold event and overlap no gold trigger."""
    triggers = [g.trigger for g in doc.events] + list(doc.other_triggers)
    return [
        e
        for e in events
        if (e.type == "ASSAULT" or (e.type == "COERCE" and e.mode == "arrest"))
        and all(e is not a for a in answers)
        and not any(spans_overlap((e.trigger.start, e.trigger.end), t) for t in triggers)
    ]


def outside_coded(doc: GoldDocument, analysis: Analysis) -> int:
    """Gold events whose trigger lies in no parsed passage (a headline): sure misses."""
    coded = [(p.start, p.end) for p in analysis.passages if p.kind in CODED_KINDS]
    return sum(1 for g in doc.events if not any(spans_overlap(g.trigger, c) for c in coded))


def compare_document(
    report: Report, doc: GoldDocument, result: Result, *, count_spurious: bool
) -> None:
    """Score every gold event of one document; spurious events are false positives if asked."""
    events = result.events if isinstance(result, Analysis) else ()
    answers = [answer(g, events) for g in doc.events]
    for gold, event in zip(doc.events, answers, strict=True):
        compare_event(report, doc, gold, event)
    outside = outside_coded(doc, result) if isinstance(result, Analysis) else len(doc.events)
    report.extra["events_outside_coded"] = report.extra.get("events_outside_coded", 0.0) + outside
    if not count_spurious:
        return
    for event in spurious(doc, events, [a for a in answers if a is not None]):
        report.tally("trigger").add(fp=1)
        report.error("trigger", doc.doc_id, "none", _label(event), event.evidence.text)


def score_documents(
    report: Report,
    docs: Sequence[GoldDocument],
    settings: Settings,
    *,
    count_spurious: bool,
) -> None:
    """Run the pipeline over the gold documents and score them all."""
    documents = [make_document(d.text, doc_id=d.doc_id) for d in docs]
    results = run_pipeline(documents, settings)
    for name in ("trigger", "roles", *ROLES):
        report.tally(name)  # every figure present, even with no support
    for doc, result in zip(docs, results, strict=True):
        compare_document(report, doc, result, count_spurious=count_spurious)
    report.extra["rejected"] = float(sum(not isinstance(r, Analysis) for r in results))
    report.extra["gold_events"] = float(sum(len(d.events) for d in docs))


def role_notes() -> list[str]:
    """The notes on event alignment and argument matching, shared with RAMS."""
    return [
        "answering event: trigger overlap (compatible type preferred), else the nearest "
        "compatible event (ASSAULT for conflict/death/injury, COERCE for arrest) in the gold "
        "trigger's sentence, else none: all its gold arguments are misses",
        "roles: head-word match, one to one; sitrep ASSAULT targets answer a gold target "
        "(attack) and a gold victim (death, injury) alike; ASSAULT actors = attacker/killer/"
        "injurer; COERCE/arrest targets = detainee; location.text = place (any event type)",
        "several sitrep actors or targets on the same words count once; "
        "only roles the gold type can carry are compared, so a sitrep place on a KAIROS "
        "Life.Injure (no Place role) is ignored",
        "gold events whose trigger lies outside the parsed passages (headlines) count as "
        "misses: events_outside_coded",
    ]


# ---------------------------------------------------------------- reading gold


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def read_coref(path: Path) -> dict[str, list[list[str]]]:
    """Coreference clusters of entity-mention ids by document id ({} without the file)."""
    if not path.is_file():
        return {}
    return {str(row["doc_key"]): row["clusters"] for row in _read_jsonl(path)}


def rebuild_text(sentences: Sequence[Any]) -> str:
    """The document text with every token at its gold character offset.

    The released `text` field glues a headline to the body ("...in SyriaThe
    desert"), while token offsets leave gaps between sentences; the gaps are
    filled with newlines, which keeps the offsets and the paragraph breaks.
    """
    out: list[str] = []
    size = 0
    for tokens, sentence in sentences:
        start = int(tokens[0][1])
        out.append("\n" * (start - size))
        out.append(sentence)
        size = start + len(sentence)
    return "".join(out)


def _arguments(
    raw: Sequence[Any],
    roles: tuple[str, ...],
    mentions: Mapping[str, str],
    clusters: Mapping[str, Sequence[str]],
) -> tuple[GoldArgument, ...]:
    """The scored arguments of one gold event, each entity once per role."""
    seen: set[tuple[str, str]] = set()
    out: list[GoldArgument] = []
    for arg in raw:
        role = KAIROS_ROLES.get(str(arg["role"]))
        key = (str(role), str(arg["entity_id"]))
        if role is None or role not in roles or key in seen:
            continue
        seen.add(key)
        others = [mentions[m] for m in clusters.get(key[1], ()) if m != key[1] and m in mentions]
        text = mentions.get(key[1], str(arg["text"]))
        out.append(GoldArgument(role, text, tuple(dict.fromkeys(o for o in others if o != text))))
    return tuple(out)


def parse_document(row: Mapping[str, Any], clusters: Sequence[Sequence[str]]) -> GoldDocument:
    """One WikiEvents document as a GoldDocument (offsets turned into characters)."""
    sentences = row["sentences"]
    spans = [(int(s), int(e)) for tokens, _ in sentences for _, s, e in tokens]
    text = rebuild_text(sentences)
    mentions = {
        str(m["id"]): text[spans[m["start"]][0] : spans[m["end"] - 1][1]]
        for m in row["entity_mentions"]
    }
    cluster_of = {m: list(c) for c in clusters for m in c}
    events: list[GoldEvent] = []
    others: list[tuple[int, int]] = []
    for raw in row["event_mentions"]:
        trig = raw["trigger"]
        trigger = (spans[trig["start"]][0], spans[trig["end"] - 1][1])
        found = family_of(str(raw["event_type"]), KAIROS_TYPES)
        if found is None:
            others.append(trigger)
            continue
        tokens = sentences[trig["sent_idx"]][0]
        events.append(
            GoldEvent(
                event_id=str(raw["id"]), gold_type=str(raw["event_type"]), family=found[0],
                roles=found[1], trigger=trigger, trigger_text=text[trigger[0] : trigger[1]],
                sentence=(int(tokens[0][1]), int(tokens[-1][2])),
                arguments=_arguments(raw["arguments"], found[1], mentions, cluster_of),
            )
        )  # fmt: skip
    return GoldDocument(str(row["doc_id"]), text, tuple(events), tuple(others))


def read_documents(folder: Path, limit: int | None = None) -> list[GoldDocument]:
    """The first `limit` documents of the dev split, in file order."""
    rows = _read_jsonl(folder / "dev.jsonl")[:limit]
    coref = read_coref(folder / "coref" / "dev.jsonlines")
    return [parse_document(row, coref.get(str(row["doc_id"]), [])) for row in rows]


# ---------------------------------------------------------------- scoring


def score(folder: Path, *, limit: int | None, settings: Settings) -> Report:
    """Score sitrep on the first `limit` WikiEvents dev documents."""
    docs = read_documents(folder, limit)
    report = Report("wikievents", items=len(docs))
    score_documents(report, docs, settings, count_spurious=True)
    report.notes += [
        "types: " + ", ".join(f"{k}* -> {v[0]}" for k, v in KAIROS_TYPES.items()),
        "text: sentences placed at their gold offsets, gaps filled with newlines",
        *role_notes(),
        "a gold argument also matches through any mention of its coreference cluster; "
        "roles_no_coref is the micro figure without that",
        "trigger false positive: an ASSAULT or COERCE/arrest event answering no gold event "
        "and overlapping no gold trigger of any KAIROS type",
    ]
    return report
