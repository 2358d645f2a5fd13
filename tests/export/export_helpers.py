"""A small store for the export tests: events of every kind the exports treat apart.

- two reports (two documents) of one attack on a police checkpoint in Kandahar, 12 and
  15 killed: one merged event, killed low 12, best 12, high 15;
- an air strike on civilians known only to the month, in a province;
- a planned protest with no place (did not occur; no coordinates);
- talks in Kabul (no ACLED category, no UCDP type);
- an arrest with a place but no coordinates, by an actor named through a pronoun.

The strike has a stated cause, so every part of the record is exercised.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from conftest import TEXT, make_analysis, make_event
from sitrep.model import Actor, Attribution, Cause, Count, Event, Place, Source, Span, When
from sitrep.store import Store

FEBRUARY = When(dt.date(2024, 2, 1), dt.date(2024, 2, 29), "month", "in February", "explicit")


def _doc(doc_id: str, outlet: str) -> Source:
    return Source(doc_id, title=f"Report {doc_id}", outlet=outlet, published=dt.date(2024, 3, 3))


def _civilians() -> tuple[Actor, ...]:
    return (Actor("villagers", "villagers", 0, 9, "CVL", "AFG"),)


def _pronoun() -> Actor:
    """The police, named earlier, referred to as "they"."""
    police = Span(10, 16, "police")
    return Actor(
        "Afghan police", "they", 0, 4, "COP", "AFG", basis="coreference", antecedent=police
    )


def events() -> dict[str, Event]:
    """The stored events by a short name (their ids are `doc:name`)."""
    first = make_event(id="doc-a:attack", doc_id="doc-a", source=_doc("doc-a", "Wire A"))
    second = dataclasses.replace(
        first,
        id="doc-b:attack",
        doc_id="doc-b",
        source=_doc("doc-b", "Wire B"),
        counts=(("killed", Count(15, "exact", "15", 0, 2)),),
        attribution=Attribution("quoted", speaker="a police spokesman"),
    )
    strike = make_event(
        id="doc-c:strike",
        doc_id="doc-c",
        source=_doc("doc-c", "Wire C"),
        type="ASSAULT",
        mode="aerial",
        cameo="195",
        targets=_civilians(),
        location=Place(
            "Helmand", "Helmand", 0, 7, "AFG", "Helmand", 31.0, 64.0, 1140026, "admin1", "sentence"
        ),
        date=FEBRUARY,
        counts=(("killed", Count(3, "exact", "three", 0, 5)),),
        cause=Cause("claimed_by", "the Taliban", 0, 11, "claimed responsibility"),
    )
    protest = make_event(
        id="doc-c:protest",
        doc_id="doc-c",
        source=_doc("doc-c", "Wire C"),
        type="PROTEST",
        mode="demo",
        cameo="141",
        status="planned",
        targets=(),
        location=None,
        counts=(),
    )
    talks = make_event(
        id="doc-d:talks",
        doc_id="doc-d",
        source=_doc("doc-d", "Wire D"),
        type="CONSULT",
        mode="negotiate",
        cameo="046",
        actors=(Actor("Afghan government", "the government", 0, 14, "GOV", "AFG"),),
        targets=(Actor("Taliban", "the Taliban", 20, 31, "REB", "AFG"),),
        location=Place(
            "Kabul", "Kabul", 0, 5, "AFG", "Kabul", 34.5, 69.2, None, "city", "sentence"
        ),
        counts=(),
    )
    arrest = make_event(
        id="doc-d:arrest",
        doc_id="doc-d",
        source=_doc("doc-d", "Wire D"),
        type="COERCE",
        mode="arrest",
        cameo="173",
        actors=(_pronoun(),),
        targets=_civilians(),
        location=Place(
            "Herat", "Herat", 0, 5, "AFG", "Herat", None, None, None, "city", "sentence"
        ),
        counts=(("arrested", Count(4, "exact", "four", 0, 4)),),
    )
    found = [first, second, strike, protest, talks, arrest]
    return {e.id.split(":")[1] + ("" if e.doc_id != "doc-b" else "-b"): e for e in found}


def store_path(folder: Path) -> Path:
    """A store at `folder`/sitrep.db holding `events()`, one document per doc id."""
    path = folder / "sitrep.db"
    by_doc: dict[str, list[Event]] = {}
    for event in events().values():
        by_doc.setdefault(event.doc_id, []).append(event)
    with Store.open(path) as store:
        store.save(make_analysis(found, doc_id=doc, text=TEXT) for doc, found in by_doc.items())
    return path
