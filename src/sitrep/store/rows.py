"""How the store's records become rows, and rows records again: one place for both backends.

- ``content_hash`` is the SHA-256 of everything kept about a document (text,
  metadata, passages, dateline, events), which makes saving idempotent.
- ``admitted`` is what a result becomes before it is stored: PostgreSQL text
  cannot hold the NUL character (U+0000), so a document carrying one in its text
  or metadata becomes a ``binary`` rejection (as a file with NUL bytes is when
  read), and a rejection's own text gets U+FFFD in its place, on both backends
  alike, so that a store's contents never depend on its database.
- ``event_row`` gives an event's columns: the full public record as JSON, plus
  plain columns that exist only so that filters run in SQL, and their folded
  copies (``fold``: case and accents ignored), computed here in Python so that
  SQLite and PostgreSQL compare the same strings.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import unicodedata
from collections.abc import Sequence
from typing import Any

from sitrep.errors import Reason
from sitrep.model import (
    Analysis,
    Dateline,
    Document,
    Event,
    Passage,
    Rejected,
    Span,
    event_to_dict,
)

NUL = "\x00"


def admitted(result: Analysis | Rejected) -> Analysis | Rejected:
    """`result` as every store keeps it (see the module docstring)."""
    if isinstance(result, Rejected):
        if any(NUL in (v or "") for v in (result.doc_id, result.detail, result.origin)):
            return dataclasses.replace(
                result,
                doc_id=_replace_nul(result.doc_id),
                detail=_replace_nul(result.detail),
                origin=_replace_nul(result.origin) if result.origin else result.origin,
            )
        return result
    doc = result.document
    fields = {"text": doc.text, "id": doc.id, "title": doc.title, "url": doc.url,
              "outlet": doc.outlet, "origin": doc.origin}  # fmt: skip
    bad = [name for name, value in fields.items() if value and NUL in value]
    if not bad:
        return result
    detail = (
        f"its {' and '.join(bad)} contain(s) NUL characters (U+0000), which a store cannot"
        " keep; remove them from the input"
    )
    return admitted(Rejected(doc.id, "store", Reason.BINARY, detail, doc.origin))


def _replace_nul(text: str) -> str:
    return text.replace(NUL, "\ufffd")


# Joins actor names and texts in `actors_text`; a control character no query
# would contain, so a substring search cannot match across two actors.
_SEP = "\x1f"


def fold(text: str | None) -> str | None:
    """Case- and accent-folded text, so "kandahar" finds "Kandahār"."""
    if text is None:
        return None
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# ---------------------------------------------------------------- rows


def json_text(value: Any) -> str:
    # Compact and key-sorted, so equal content always gives equal text and hash.
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _passage_list(passage: Passage) -> list[Any]:
    voice = passage.voice
    return [
        passage.start,
        passage.end,
        passage.kind,
        voice.kind,
        voice.speaker,
        voice.via,
        passage.repeat_of,
        passage.note,
    ]


def _span_list(span: Span | None) -> list[Any] | None:
    return None if span is None else [span.start, span.end, span.text]


def _dateline_dict(dateline: Dateline | None) -> dict[str, Any] | None:
    if dateline is None:
        return None
    return {
        "place": _span_list(dateline.place),
        "date_text": _span_list(dateline.date_text),
        "outlet": dateline.outlet,
    }


def content_hash(analysis: Analysis) -> str:
    """SHA-256 of everything the store keeps about `analysis` (not the parse)."""
    content = {
        "document": document_fields(analysis.document),
        "passages": [_passage_list(p) for p in analysis.passages],
        "dateline": _dateline_dict(analysis.dateline),
        "events": [event_to_dict(e) for e in analysis.events],
    }
    return hashlib.sha256(json_text(content).encode("utf-8")).hexdigest()


def document_from(row: Sequence[Any]) -> Document:
    ident, text, title, url, outlet, published, origin, fmt, notes = row
    day = dt.date.fromisoformat(published) if published else None
    return Document(ident, text, title, url, outlet, day, origin, fmt, tuple(json.loads(notes)))


def document_fields(doc: Document) -> list[Any]:
    """The document's own columns, in table order (also hashed by `content_hash`)."""
    published = doc.published.isoformat() if doc.published else None
    return [
        *(doc.id, doc.text, doc.title, doc.url, doc.outlet, published, doc.origin, doc.format),
        json_text(list(doc.notes)),
    ]


def document_row(analysis: Analysis, digest: str) -> tuple[Any, ...]:
    return (
        *document_fields(analysis.document),
        digest,
        json_text([_passage_list(p) for p in analysis.passages]),
        None if analysis.dateline is None else json_text(_dateline_dict(analysis.dateline)),
    )


def event_row(doc_id: str, event: Event) -> tuple[Any, ...]:
    when = event.date
    start = when.start if when else None
    end = when.end if when else None
    # A range with one end known is stored as that single day, so that filters
    # and ordering only need to look at one column each.
    start, end = start or end, end or start
    names = [part for a in (*event.actors, *event.targets) for part in (a.name, a.text)]
    return (
        event.id,
        doc_id,
        event.type,
        event.mode,
        event.status,
        start.isoformat() if start else None,
        end.isoformat() if end else None,
        # The canonical name and the words of the text: either finds the event.
        _SEP.join((event.location.name, event.location.text)) if event.location else None,
        event.location.country if event.location else None,
        _SEP.join(names),
        event.evidence.start,
        json_text(event_to_dict(event)),
        *folded_columns(event, event),
    )


def folded_columns(shown: Event, machine: Event) -> tuple[str | None, ...]:
    """The folded filter columns (`fold`): place, country and actors of the event as
    `shown` (reviewed), and the evidence of the `machine`'s record, which reviews keep."""
    place = shown.location
    names = [part for a in (*shown.actors, *shown.targets) for part in (a.name, a.text)]
    return (
        fold(_SEP.join((place.name, place.text))) if place else None,
        fold(place.country) if place else None,
        fold(_SEP.join(names)) or "",
        fold(machine.evidence.text) or "",
    )
