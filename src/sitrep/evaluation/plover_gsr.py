"""Scorer for the PLOVER gold-standard records (Open Event Data Alliance, 2016).

Each gold record is one news-style sentence with one event: a PLOVER 0.5 type
(mapped to ours by `TYPE_MAP`), sometimes a mode, the words of the event
(`eventText`), source and target actors with a country code and a sector, a
place and a few counts. Every sentence is one document for sitrep.

Which of sitrep's events answers for the sentence: the one whose trigger
overlaps the words of `eventText`, else one whose evidence does, else the most
confident; ties go to the most confident. A sentence with no event is answered
"NONE", which is always wrong.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sitrep.api import make_document
from sitrep.config import Settings
from sitrep.evaluation import core
from sitrep.model import Actor, Analysis, CountKind, Event, Result
from sitrep.ontology import EVENT_TYPES

GOLD_FILE = "PLOVER_GSR_CAMEO.txt"
NONE = "NONE"

# ---------------------------------------------------------------- vocabulary tables

#: PLOVER 0.5 event type -> sitrep type. A fact about two vocabularies: PLOVER
#: later merged FIGHT into ASSAULT, DEMAND into REQUEST, and DISAPPROVE and
#: INVESTIGATE into ACCUSE (data README); the other names are the same.
TYPE_MAP: dict[str, str] = {t: t for t in EVENT_TYPES} | {
    "FIGHT": "ASSAULT",
    "DEMAND": "REQUEST",
    "DISAPPROVE": "ACCUSE",
    "INVESTIGATE": "ACCUSE",
}

#: (sitrep type, gold mode) -> sitrep type, where the two vocabularies file one
#: act under different types: PLOVER 0.5 codes destroying property as COERCE,
#: sitrep as ASSAULT with mode `destroy` (CAMEO 1712, ontology.MODES), as
#: does the later CAMEO-to-PLOVER table (CAMEO2PLOVER-2021.txt).
TYPE_BY_MODE: dict[tuple[str, str], str] = {("COERCE", "destroy"): "ASSAULT"}

#: (sitrep type, PLOVER 0.5 mode) -> sitrep mode (ontology.MODES). A fact about
#: two vocabularies; gold modes absent here have no sitrep equivalent
#: (CONSULT multilateral, THREATEN curfew/martial-law/political, ASSAULT
#: primitive/other...) and are not scored.
MODE_MAP: dict[tuple[str, str], str] = {
    ("CONSULT", "visit"): "visit",
    ("CONSULT", "host"): "visit",  # hosting is the other side of a visit
    ("CONSULT", "phone"): "phone",
    ("CONSULT", "third-party"): "third-party",
    ("THREATEN", "violence"): "violence",
    ("THREATEN", "restrict"): "restrict",
    ("THREATEN", "relations"): "relations",
    ("PROTEST", "strike-hun"): "hunger",
    ("PROTEST", "strike-gen"): "boycott",  # CAMEO 143: strike or boycott
    ("PROTEST", "obstruct"): "obstruct",
    ("PROTEST", "riot"): "riot",
    ("PROTEST", "riot-spon"): "riot",
    ("PROTEST", "demo-org"): "demo",
    ("PROTEST", "demo-spon"): "demo",
    ("MOBILIZE", "troops"): "troops",
    ("MOBILIZE", "police"): "police",
    ("MOBILIZE", "weapons"): "weapons",
    ("COERCE", "restrict"): "restrict",
    ("COERCE", "confiscate"): "seize",
    ("COERCE", "ban"): "ban",
    ("COERCE", "censor"): "censor",
    ("COERCE", "detain"): "arrest",
    ("COERCE", "arrest"): "arrest",
    ("COERCE", "curfew"): "curfew",
    ("COERCE", "martial-law"): "martial-law",
    ("COERCE", "deport"): "deport",
    ("ASSAULT", "destroy"): "destroy",
    ("ASSAULT", "heavy-weapons"): "heavy-weapons",
    ("ASSAULT", "explosives"): "explosives",
    ("ASSAULT", "assassinate"): "assassinate",
    ("ASSAULT", "torture"): "torture",
    ("ASSAULT", "suicide-attack"): "suicide-attack",
    ("ASSAULT", "firearms"): "firearms",
    ("ASSAULT", "beat"): "beat",
    ("ASSAULT", "sexual"): "sexual",
}

#: Sitrep mode -> other sitrep modes that also answer for it: PLOVER's
#: heavy-weapons covers CAMEO 194 and 195 (CAMEO2PLOVER-2021.txt), sitrep
#: files 195 (aerial weapons) apart.
MODE_ALSO: dict[str, frozenset[str]] = {"heavy-weapons": frozenset({"aerial"})}

#: Gold sector code (its first three letters; the rest is an ISO-639-2 ethnic
#: or religious tag such as `CVLalb`, `REBMOS`) -> sitrep sector
#: (ontology.SECTORS). A fact about two vocabularies; `***` (unknown) and UAF
#: (unidentified armed force) have no equivalent and are not scored.
SECTOR_MAP: dict[str, str] = {
    "GOV": "GOV",
    "MIL": "MIL",
    "COP": "COP",
    "REB": "REB",
    "PTY": "PTY",
    "OPP": "OPP",
    "CVL": "CVL",
    "CIV": "CVL",  # a variant spelling of CVL in the gold
    "REF": "CVL",  # refugees
    "EDU": "CVL",  # students, teachers
    "LAB": "CVL",  # workers, unions (sitrep files "union", "worker" as CVL)
    "AGR": "CVL",  # farmers
    "SOC": "CVL",  # civil-society associations
    "ELI": "ELI",
    "IGO": "IGO",
    "NGO": "NGO",
    "MED": "MED",
    "JRN": "MED",  # journalists
    "REL": "REL",
    "MOS": "REL",  # Muslim (religious) as a primary sector
    "JUD": "JUD",
    "LEG": "LEG",
    "BUS": "BUS",
    "CRM": "CRM",
    "SPY": "GOV",  # state intelligence services
}

#: Gold actor codes that are not countries -> the sitrep sector they name (None:
#: use the record's sector field). IMG is CAMEO's international militarised group.
NONSTATE_CODES: dict[str, str | None] = {"IGO": "IGO", "NGO": "NGO", "IMG": "REB", "ISM": None}

#: Country codes in the gold that are not ISO 3166-1 alpha-3 -> the ISO code.
COUNTRY_FIXES: dict[str, str] = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM"}

#: Gold count field -> sitrep count kind (`size`, a crowd size, has none).
COUNT_MAP: dict[str, CountKind] = {"dead": "killed", "injured": "wounded"}

#: The gold's dates are all this placeholder (its readme); never a publication date.
PLACEHOLDER_DATES = frozenset({"2000-01-01"})

# ---------------------------------------------------------------- gold records


@dataclass(frozen=True)
class GoldActor:
    """A source or target: its words, ISO-3 country and sitrep sector (None: unknown)."""

    text: str
    country: str | None
    sector: str | None


@dataclass(frozen=True)
class GoldRecord:
    """One gold sentence and its single event, already in sitrep's vocabulary."""

    id: str
    text: str
    type: str
    plover_type: str
    mode: str | None  # sitrep mode, None when the gold has none or it does not map
    event_text: str
    sources: tuple[GoldActor, ...]
    targets: tuple[GoldActor, ...]
    reciprocal: bool  # SRC/TAR markup: the actors act on each other, no direction
    place: str | None
    counts: tuple[tuple[CountKind, int], ...]
    published: dt.date | None


def parse_gold_text(raw: str) -> list[dict[str, Any]]:
    """The records of the not-quite-JSON gold file (trailing commas, maybe no brackets)."""
    body = re.sub(r",\s*([}\]])", r"\1", raw).strip().rstrip(",")
    if not body.startswith("["):
        body = f"[{body}]"
    data: list[dict[str, Any]] = json.loads(body)
    return data


def _gold_actor(data: dict[str, Any]) -> GoldActor:
    code = str(data.get("code") or "").strip().upper()
    sector_code = str(data.get("sector") or "")[:3].upper()
    sector = SECTOR_MAP.get(sector_code)
    if code in NONSTATE_CODES:
        return GoldActor(data["actorText"], None, NONSTATE_CODES[code] or sector)
    country = COUNTRY_FIXES.get(code, code) if len(code) == 3 else None
    return GoldActor(data["actorText"], country, sector)


def _actors(value: Any) -> tuple[GoldActor, ...]:
    """The actors of a `source`/`target` field: a list, or "" / null for none."""
    if not isinstance(value, list):
        return ()
    return tuple(_gold_actor(a) for a in value if a.get("actorText"))


def _published(value: Any) -> dt.date | None:
    """The gold date if it is a real one; the file's placeholders give None."""
    if not value or value in PLACEHOLDER_DATES:
        return None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def _counts(data: dict[str, Any]) -> tuple[tuple[CountKind, int], ...]:
    found: list[tuple[CountKind, int]] = []
    for key, kind in COUNT_MAP.items():
        value = str(data.get(key, "")).strip()
        if value.isdigit():
            found.append((kind, int(value)))
    return tuple(found)


def _field(value: Any, key: str) -> str:
    """`value[key]` of a nested object, or `value` itself where the gold gives a bare string."""
    if isinstance(value, dict):
        return str(value.get(key) or "")
    return value if isinstance(value, str) else ""


def gold_record(data: dict[str, Any]) -> GoldRecord:
    """One raw record in sitrep's vocabulary (types, modes, sectors, ISO-3 countries)."""
    plover = data["event"]
    raw_mode = str(data.get("mode") or "")
    ours = TYPE_MAP[plover]
    ours = TYPE_BY_MODE.get((ours, raw_mode), ours)
    markup = _field(data.get("textInfo"), "markup")
    place = _field(data.get("eventLoc"), "name") or None
    return GoldRecord(
        id=data["id"],
        text=data["text"],
        type=ours,
        plover_type=plover,
        mode=MODE_MAP.get((ours, raw_mode)),
        event_text=data.get("eventText", ""),
        sources=_actors(data.get("source")),
        targets=_actors(data.get("target")),
        reciprocal="SRC/TAR:" in markup,
        place=place,
        counts=_counts(data),
        published=_published(data.get("date")),
    )


def read_gold(folder: Path, limit: int | None = None) -> list[GoldRecord]:
    """The event records of the gold file in file order (DOCUMENT records skipped)."""
    raw = (folder / GOLD_FILE).read_text(encoding="utf-8")
    records = [gold_record(d) for d in parse_gold_text(raw) if d.get("event") != "DOCUMENT"]
    return records if limit is None else records[:limit]


# ---------------------------------------------------------------- choosing sitrep's answer


def choose_event(events: Sequence[Event], event_text: str, text: str) -> Event | None:
    """Sitrep's event for the gold event: trigger overlap, then evidence, then confidence."""

    def rank(event: Event) -> tuple[bool, bool, float]:
        trigger = event.trigger.text or text[event.trigger.start : event.trigger.end]
        evidence = event.evidence.text or text[event.evidence.start : event.evidence.end]
        return (
            core.overlaps(trigger, event_text),
            core.overlaps(evidence, event_text),
            event.confidence,
        )

    return max(events, key=rank, default=None)


def pair_actors(
    predicted: Sequence[Actor], gold: Sequence[GoldActor]
) -> list[tuple[Actor, GoldActor]]:
    """One-to-one greedy pairs of predicted and gold actors whose words overlap
    (the country and sector checks need the pairs, not only their number). A
    pronoun sitrep followed to the actor it refers to is named by that actor's
    words too ("it" for "Hungary")."""
    return core.greedy_pairs(
        predicted, gold, lambda a, g: any(core.overlaps(w, g.text) for w in core.actor_texts(a))
    )


# ---------------------------------------------------------------- comparing


def _actor_names(actors: Sequence[Actor]) -> str:
    return "; ".join(a.text for a in actors) or "-"


def compare_actors(
    report: core.Report,
    role: str,
    predicted: Sequence[Actor],
    gold: Sequence[GoldActor],
    record: GoldRecord,
) -> None:
    """The `role` tally, then country and sector accuracy over the matched actors."""
    pairs = pair_actors(predicted, gold)
    tp = len(pairs)
    report.tally(role).add(tp=tp, fp=len(predicted) - tp, fn=len(gold) - tp)
    if tp < len(gold) or tp < len(predicted):
        expected = "; ".join(g.text for g in gold) or "-"
        report.error(role, record.id, expected, _actor_names(predicted), record.text)
    name = role.removesuffix("_actor")
    for actor, wanted in pairs:
        _check_code(report, f"{name}_country", actor.country, wanted.country, actor, record)
        _check_code(report, f"{name}_sector", actor.sector, wanted.sector, actor, record)


def _check_code(
    report: core.Report,
    metric: str,
    got: str | None,
    wanted: str | None,
    actor: Actor,
    record: GoldRecord,
) -> None:
    if wanted is None:
        return
    report.accuracy(metric).add(got == wanted)
    if got != wanted:
        report.error(metric, record.id, f"{wanted} ({actor.text})", got, record.text)


def compare_roles(report: core.Report, event: Event | None, record: GoldRecord) -> None:
    """Source and target actors; a reciprocal gold event is scored without direction."""
    actors = event.actors if event else ()
    targets = event.targets if event else ()
    if record.reciprocal and not record.targets:
        # "Hungarian and Romanian officials agreed": the gold lists both as sources
        # with no target, so sitrep's actors and targets together answer for them.
        compare_actors(report, "source_actor", actors + targets, record.sources, record)
        return
    compare_actors(report, "source_actor", actors, record.sources, record)
    compare_actors(report, "target_actor", targets, record.targets, record)


def compare_mode(report: core.Report, event: Event | None, record: GoldRecord) -> None:
    """Mode accuracy over gold modes that map, among sentences whose type is right."""
    if record.mode is None or event is None or event.type != record.type:
        return
    ok = event.mode == record.mode or event.mode in MODE_ALSO.get(record.mode, frozenset())
    report.accuracy("mode").add(ok)
    if not ok:
        report.error("mode", record.id, f"{record.type}/{record.mode}", event.mode, record.text)


def compare_extras(
    report: core.Report, event: Event | None, events: Sequence[Event], record: GoldRecord
) -> None:
    """The place and the counts, when the gold has them."""
    if record.place:
        place = event.location if event else None
        got = place.name if place else ""
        # The gold spells some places its own way ("Algers"): the words also count.
        ok = place is not None and (
            core.overlaps(place.name, record.place) or core.overlaps(place.text, record.place)
        )
        report.accuracy("location").add(ok)
        if not ok:
            report.error("location", record.id, record.place, got or "-", record.text)
    for kind, value in record.counts:
        # The count may sit on another event of the sentence ("... killing 3").
        found = [e.count(kind) for e in ([event] if event else []) + list(events)]
        got_value = next((c.value for c in found if c is not None), None)
        report.accuracy(kind).add(got_value == value)
        if got_value != value:
            report.error(kind, record.id, value, got_value, record.text)


#: sitrep types whose *planned* or *promised* form PLOVER codes as AGREE ("express
#: intent to cooperate, aid, yield, meet, settle, mediate": CAMEO 03x, which
#: CAMEO2PLOVER-2021.txt maps to AGREE). sitrep keeps the act with status
#: `planned`; PLOVER keeps the statement of intent. A fact about two conventions.
INTENT_AS_AGREE = frozenset(
    {"CONSULT", "COOPERATE", "AID", "RETREAT", "CONCEDE", "SUPPORT", "AGREE"}
)


#: Announced *conflictual* acts are THREATEN in PLOVER ("threaten to boycott,
#: sanction, impose curfew, use force": CAMEO 13x), and refused or failed
#: cooperation is REJECT ("refuse to meet, to yield, to accept": CAMEO 12x).
INTENT_AS_THREATEN = frozenset({"ASSAULT", "COERCE", "SANCTION", "PROTEST"})
REFUSAL_AS_REJECT = INTENT_AS_AGREE


def plover_type(event: Event) -> str:
    """The PLOVER type of a sitrep event: its own type, or the statement PLOVER codes.

    sitrep keeps the act and says `planned` or `negated`; PLOVER codes what was
    said about it: an announced cooperative act is AGREE, an announced
    conflictual act THREATEN, refused cooperation REJECT.
    """
    if event.status == "planned" and event.type in INTENT_AS_AGREE:
        return "AGREE"
    if event.status == "planned" and event.type in INTENT_AS_THREATEN:
        return "THREATEN"
    if event.status == "negated" and event.type in REFUSAL_AS_REJECT:
        return "REJECT"
    return event.type


def compare(report: core.Report, record: GoldRecord, events: Sequence[Event]) -> str:
    """Fill the report for one sentence; returns sitrep's type (or NONE)."""
    event = choose_event(events, record.event_text, record.text)
    got = plover_type(event) if event else NONE
    report.accuracy("type").add(got == record.type)
    if got != record.type:
        said = f"{got} ({event.trigger.text})" if event else NONE
        report.error("type", record.id, f"{record.type} ({record.event_text})", said, record.text)
    compare_mode(report, event, record)
    compare_roles(report, event, record)
    compare_extras(report, event, events, record)
    return got


def confusion_notes(pairs: Sequence[tuple[str, str]]) -> list[str]:
    """One line per gold type (most frequent first): what sitrep said, most frequent first."""
    by_gold: dict[str, Counter[str]] = {}
    for gold, got in pairs:
        by_gold.setdefault(gold, Counter())[got] += 1
    lines = []
    for gold, said in sorted(by_gold.items(), key=lambda kv: (-kv[1].total(), kv[0])):
        spread = ", ".join(f"{label} {n}" for label, n in said.most_common())
        lines.append(f"confusion {gold} ({said.total()}) -> {spread}")
    return lines


def finish(report: core.Report, pairs: Sequence[tuple[str, str]]) -> None:
    """Macro-F1, the no-event rate, and the notes a reader needs."""
    report.extra["type.macro_f1"] = core.macro_f1(pairs, EVENT_TYPES)
    none = sum(1 for _, got in pairs if got == NONE)
    report.extra["no_event"] = none / len(pairs) if pairs else 0.0
    report.notes += [
        "one document per sentence, no publication date (the gold dates are placeholders)",
        "sitrep's answer: the event whose trigger overlaps eventText, else whose evidence "
        "does, else the most confident; no event = NONE (wrong)",
        "types: FIGHT->ASSAULT, DEMAND->REQUEST, DISAPPROVE/INVESTIGATE->ACCUSE, "
        "COERCE/destroy->ASSAULT; mode.acc only over mappable gold modes when the type is right "
        "(heavy-weapons also accepts aerial)",
        "actors match by a shared content word, one to one; reciprocal (SRC/TAR) gold "
        "events score sitrep's actors+targets against the gold sources",
        "country/sector accuracy over matched actors with a gold code (*** and UAF unscored)",
        *confusion_notes(pairs),
    ]


def _events_of(result: Result) -> tuple[Event, ...]:
    return result.events if isinstance(result, Analysis) else ()


def score(folder: Path, *, limit: int | None, settings: Settings) -> core.Report:
    """Score sitrep on the PLOVER gold-standard records in `folder`."""
    records = read_gold(folder, limit)
    documents = [make_document(r.text, published=r.published, doc_id=r.id) for r in records]
    began = time.perf_counter()
    results = core.run_pipeline(documents, settings)
    elapsed = time.perf_counter() - began
    report = core.Report(dataset="plover_gsr", items=len(records))
    pairs = [
        (r.type, compare(report, r, _events_of(res)))
        for r, res in zip(records, results, strict=True)
    ]
    rejected = sum(1 for res in results if not isinstance(res, Analysis))
    finish(report, pairs)
    report.extra["rejected"] = float(rejected)
    words = sum(len(r.text.split()) for r in records)
    report.extra["words_per_second"] = words / elapsed if elapsed > 0 else 0.0
    return report
