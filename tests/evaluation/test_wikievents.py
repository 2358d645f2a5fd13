"""The WikiEvents scorer: gold reading, event alignment and role matching.

A tiny hand-written document in the WikiEvents format; fake sitrep events;
no gold data, no spaCy.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

from conftest import make_analysis, make_event
from sitrep.evaluation import wikievents as we
from sitrep.evaluation.core import Report
from sitrep.model import Actor, Analysis, Event, Passage, Place, Span

# Two sentences; a gap of two characters between them in the gold offsets.
HEADLINE = "Bomb kills guard"
BODY = "Rebels bombed the depot in Tala and police arrested Omar ."
TEXT = f"{HEADLINE}\n\n{BODY}"


def _tokens(sentence: str, start: int) -> list[list[Any]]:
    out: list[list[Any]] = []
    at = start
    for word in sentence.split(" "):
        out.append([word, at, at + len(word)])
        at += len(word) + 1
    return out


def _row() -> dict[str, Any]:
    first = _tokens(HEADLINE, 0)
    second = _tokens(BODY, len(HEADLINE) + 2)
    tokens = [t[0] for t in first + second]

    def ent(ident: str, word: str, kind: str = "PER") -> dict[str, Any]:
        i = tokens.index(word)
        return {"id": ident, "start": i, "end": i + 1, "entity_type": kind, "text": word}

    def trig(word: str, sent: int) -> dict[str, Any]:
        i = tokens.index(word)
        return {"start": i, "end": i + 1, "text": word, "sent_idx": sent}

    return {
        "doc_id": "d1",
        "tokens": tokens,
        "text": HEADLINE + BODY,  # glued, as released
        "sentences": [[first, HEADLINE], [second, BODY]],
        "entity_mentions": [
            ent("d1-T1", "guard"),
            ent("d1-T2", "Rebels"),
            ent("d1-T3", "depot", "FAC"),
            ent("d1-T4", "Tala", "GPE"),
            ent("d1-T5", "Omar"),
            ent("d1-T6", "police"),
        ],
        "relation_mentions": [],
        "event_mentions": [
            {
                "id": "d1-E1", "event_type": "Life.Die.Unspecified", "trigger": trig("kills", 0),
                "arguments": [{"entity_id": "d1-T1", "role": "Victim", "text": "guard"}],
            },
            {
                "id": "d1-E2", "event_type": "Conflict.Attack.DetonateExplode",
                "trigger": trig("bombed", 1),
                "arguments": [
                    {"entity_id": "d1-T2", "role": "Attacker", "text": "Rebels"},
                    {"entity_id": "d1-T3", "role": "Target", "text": "depot"},
                    {"entity_id": "d1-T4", "role": "Place", "text": "Tala"},
                    {"entity_id": "d1-T3", "role": "ExplosiveDevice", "text": "depot"},
                ],
            },
            {
                "id": "d1-E3", "event_type": "Justice.ArrestJailDetain.Unspecified",
                "trigger": trig("arrested", 1),
                "arguments": [
                    {"entity_id": "d1-T5", "role": "Detainee", "text": "Omar"},
                    {"entity_id": "d1-T6", "role": "Jailer", "text": "police"},
                ],
            },
            {
                "id": "d1-E4", "event_type": "Contact.Contact.Broadcast",
                "trigger": trig("police", 1), "arguments": [],
            },
        ],
    }  # fmt: skip


def _folder(tmp_path: Path) -> Path:
    (tmp_path / "coref").mkdir(exist_ok=True)
    (tmp_path / "dev.jsonl").write_text(json.dumps(_row()) + "\n", encoding="utf-8")
    clusters = {"doc_key": "d1", "clusters": [["d1-T2", "d1-T6"]]}
    (tmp_path / "coref" / "dev.jsonlines").write_text(json.dumps(clusters) + "\n")
    return tmp_path


def _doc(tmp_path: Path) -> we.GoldDocument:
    (doc,) = we.read_documents(_folder(tmp_path))
    return doc


def _at(word: str) -> Span:
    start = TEXT.index(word)
    return Span(start, start + len(word), word)


def _actor(word: str) -> Actor:
    span = _at(word)
    return Actor(word, word, span.start, span.end)


def _assault(**overrides: Any) -> Event:
    base: dict[str, Any] = {
        "type": "ASSAULT", "mode": "explosives", "trigger": _at("bombed"),
        "actors": (_actor("Rebels"),), "targets": (_actor("the depot"),),
        "location": Place("Tala", "Tala", _at("Tala").start, _at("Tala").end),
    }  # fmt: skip
    return make_event(**(base | overrides))


def test_rebuild_text_keeps_gold_offsets() -> None:
    assert we.rebuild_text(_row()["sentences"]) == TEXT


def test_read_documents_keeps_scored_types_and_roles(tmp_path: Path) -> None:
    doc = _doc(tmp_path)
    assert doc.text == TEXT
    assert [e.family for e in doc.events] == ["death", "conflict", "arrest"]
    die, attack, arrest = doc.events
    assert TEXT[die.trigger[0] : die.trigger[1]] == "kills"
    assert die.sentence == (0, len(HEADLINE))
    assert [(a.role, a.text) for a in attack.arguments] == [
        ("attacker", "Rebels"),
        ("target", "depot"),
        ("place", "Tala"),
    ]
    assert attack.arguments[0].alternatives == ("police",)  # its coreference cluster
    assert [a.role for a in arrest.arguments] == ["detainee"]  # Jailer is not scored
    assert doc.other_triggers == ((TEXT.index("police"), TEXT.index("police") + 6),)


def test_family_of_prefixes_and_exclusions() -> None:
    assert we.family_of("Life.Injure.Unspecified", we.KAIROS_TYPES) == (
        "injury",
        ("attacker", "victim"),
    )
    assert we.family_of("Conflict.Demonstrate.Unspecified", we.KAIROS_TYPES) is None
    assert we.family_of("Life.Die.X", we.KAIROS_TYPES, ("Life.Die.X",)) is None


def test_predicted_arguments_by_type() -> None:
    assault = _assault()
    assert we.predicted_arguments(assault, "attacker") == ["Rebels"]
    assert we.predicted_arguments(assault, "victim") == ["the depot"]
    assert we.predicted_arguments(assault, "target") == ["the depot"]
    assert we.predicted_arguments(assault, "place") == ["Tala"]
    arrest = _assault(type="COERCE", mode="arrest", actors=(), targets=(_actor("Omar"),))
    assert we.predicted_arguments(arrest, "detainee") == ["Omar"]
    assert we.predicted_arguments(arrest, "attacker") == []
    seize = dataclasses.replace(arrest, mode="seize")
    assert we.predicted_arguments(seize, "detainee") == []


def test_answer_prefers_trigger_overlap_then_sentence(tmp_path: Path) -> None:
    _, attack, arrest = _doc(tmp_path).events
    assault = _assault()
    protest = _assault(type="PROTEST", trigger=_at("arrested"))
    coerce = _assault(type="COERCE", mode="arrest", trigger=_at("police"))
    assert we.answer(attack, [protest, assault]) is assault
    assert we.answer(arrest, [assault, protest, coerce]) is protest  # overlap wins
    assert we.answer(arrest, [assault, coerce]) is coerce  # same sentence, compatible
    assert we.answer(arrest, [assault]) is None


def test_compare_event_counts_roles_with_coreference(tmp_path: Path) -> None:
    doc = _doc(tmp_path)
    attack = doc.events[1]
    report = Report("wikievents")
    event = _assault(actors=(_actor("police"),))  # coreferent with "Rebels" in the fixture
    we.compare_event(report, doc, attack, event)
    assert report.tallies["trigger"].tp == 1
    assert report.tallies["attacker"].tp == 1
    assert report.tallies["roles_no_coref"].fn == 1
    roles = report.tallies["roles"]
    assert (roles.tp, roles.fp, roles.fn) == (3, 0, 0)


def test_compare_event_without_answer_misses_everything(tmp_path: Path) -> None:
    doc = _doc(tmp_path)
    report = Report("wikievents")
    we.compare_event(report, doc, doc.events[1], None)
    assert report.tallies["trigger"].fn == 1
    assert report.tallies["roles"].fn == 3
    assert report.errors[0].got == "none"


def _analysis(events: list[Event], coded_from: int = 0) -> Analysis:
    """A result for TEXT whose only parsed passage starts at `coded_from`."""
    return dataclasses.replace(
        make_analysis(events=events, text=TEXT),
        passages=(Passage(coded_from, len(TEXT), "body"),),
    )


def test_compare_document_counts_headline_events_as_outside(tmp_path: Path) -> None:
    doc = _doc(tmp_path)
    report = Report("wikievents")
    we.compare_document(
        report, doc, _analysis([_assault()], TEXT.index("Rebels")), count_spurious=True
    )
    trigger = report.tallies["trigger"]
    assert (trigger.tp, trigger.fp, trigger.fn) == (1, 0, 2)  # attack found; death, arrest missed
    assert report.extra["events_outside_coded"] == 1  # the headline death


def test_compare_document_spurious_only_when_asked(tmp_path: Path) -> None:
    full = _doc(tmp_path)
    doc = dataclasses.replace(full, events=full.events[:1])
    stray = _assault(trigger=_at("and"))  # answers nothing, overlaps no gold trigger
    counted = Report("wikievents")
    we.compare_document(counted, doc, _analysis([stray]), count_spurious=True)
    assert counted.tallies["trigger"].fp == 1
    ignored = Report("wikievents")
    we.compare_document(ignored, doc, _analysis([stray]), count_spurious=False)
    assert ignored.tallies["trigger"].fp == 0
    on_other = _assault(trigger=_at("police"))  # a Contact trigger: a type disagreement
    assert we.spurious(doc, [on_other], []) == []


def test_predicted_arguments_count_shared_words_once() -> None:
    pair = (_actor("Rebels"), dataclasses.replace(_actor("Rebels"), name="Other"))
    assert we.predicted_arguments(_assault(actors=pair), "attacker") == ["Rebels"]
