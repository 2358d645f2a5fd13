"""The RAMS scorer: window reading, detokenising and the type and role tables.

A tiny hand-written window in the RAMS format; no gold data, no spaCy.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from conftest import make_event
from sitrep.evaluation import rams
from sitrep.evaluation import wikievents as we
from sitrep.evaluation.core import Report
from sitrep.model import Actor, Span

SENTENCES = [
    ["Police", "said", "so", "."],
    ["Militants", "shot", "two", "soldiers", "in", "Gao", ",", "officials", "said", "."],
]
# Flattened token indices: Militants=4, shot=5, two=6, soldiers=7, in=8, Gao=9.


def _row(event_type: str = "conflict.attack.firearmattack", **extra: Any) -> dict[str, Any]:
    row = {
        "doc_key": "nw_RC0123456789abcdef",
        "sentences": SENTENCES,
        "evt_triggers": [[5, 5, [[event_type, 1.0]]]],
        "gold_evt_links": [
            [[5, 5], [4, 4], "evt008arg01attacker"],
            [[5, 5], [6, 7], "evt008arg02target"],
            [[5, 5], [9, 9], "evt008arg04place"],
            [[5, 5], [0, 0], "evt008arg03instrument"],
        ],
    }
    return row | extra


def test_detokenize_spaces_and_spans() -> None:
    window = rams.detokenize(SENTENCES)
    assert window.text == "Police said so. Militants shot two soldiers in Gao, officials said."
    assert window.sentences == ((0, 15), (16, len(window.text)))
    start, end = window.tokens[9]
    assert window.text[start:end] == "Gao"


def test_role_name_strips_the_numbering() -> None:
    assert rams.role_name("evt089arg01victim") == "victim"
    assert rams.role_name("evt150arg01victim ") == "victim"


def test_parse_window_inclusive_offsets_and_roles() -> None:
    doc = rams.parse_window(_row())
    assert doc is not None
    (event,) = doc.events
    assert event.family == "conflict"
    assert event.trigger_text == "shot"
    assert doc.text[event.sentence[0] : event.sentence[1]].startswith("Militants")
    assert [(a.role, a.text) for a in event.arguments] == [
        ("attacker", "Militants"),
        ("target", "two soldiers"),  # inclusive end: both tokens
        ("place", "Gao"),
    ]


def test_parse_window_drops_unscored_and_excluded_types() -> None:
    assert rams.parse_window(_row("contact.discussion.meet")) is None
    assert rams.parse_window(_row("life.die.nonviolentdeath")) is None
    death = rams.parse_window(_row("life.die.deathcausedbyviolentevents"))
    assert death is not None
    assert death.events[0].roles == ("attacker", "victim", "place")
    # "target" is no role of a death: dropped
    assert [a.role for a in death.events[0].arguments] == ["attacker", "place"]


def test_read_windows_limit_counts_scored_windows(tmp_path: Path) -> None:
    path = tmp_path / "dev.jsonlines"
    rows = [
        _row("contact.discussion.meet"),
        _row(),
        _row("justice.arrestjaildetain.arrestjaildetain"),
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    assert [d.events[0].family for d in rams.read_windows(path)] == ["conflict", "arrest"]
    assert len(rams.read_windows(path, limit=1)) == 1


def _span(text: str, words: str) -> Span:
    start = text.index(words)
    return Span(start, start + len(words), words)


def test_comparer_on_a_window() -> None:
    doc = rams.parse_window(_row())
    assert doc is not None
    text = doc.text
    shooter = _span(text, "Militants")
    event = make_event(
        trigger=_span(text, "shot"),
        actors=(Actor("Militants", "Militants", shooter.start, shooter.end),),
        targets=(Actor("soldiers", "two soldiers", 0, 0),),
        location=None,
    )
    report = Report("rams")
    we.compare_event(report, doc, doc.events[0], we.answer(doc.events[0], [event]))
    assert report.tallies["trigger"].tp == 1
    assert report.tallies["attacker"].tp == 1
    assert report.tallies["target"].tp == 1
    assert report.tallies["place"].fn == 1
