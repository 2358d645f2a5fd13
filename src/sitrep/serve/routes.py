"""The REST API under /api/: thin routes over `sitrep.store.query` (docs/serve.md).

Each route parses its parameters, asks the store through the one read path and
returns the export shapes of docs/schema.md; an event always comes with its
``review`` (None when unreviewed). Writes check the token and the origin first.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, StreamingResponse
from starlette.concurrency import run_in_threadpool

from sitrep.api import process
from sitrep.config import parse_iso_date
from sitrep.errors import ConfigError, NotFoundError
from sitrep.export import write_csv, write_jsonl
from sitrep.ingest.read import read_records, read_text
from sitrep.model import Analysis, Document, Event, Rejected, Result
from sitrep.ontology import EVENT_TYPES, STATUSES
from sitrep.report.content import evidence_context, field_marks
from sitrep.serve.app import Context
from sitrep.serve.security import check_same_site, check_token
from sitrep.store import Store
from sitrep.store.filters import REVIEW_STATES, EventFilter, cursor_key
from sitrep.store.query import (
    find_disagreements,
    find_merged,
    find_merged_event,
    find_reviewed,
    with_reviews,
)

router = APIRouter(prefix="/api")

#: The largest page of events one request returns.
MAX_LIMIT = 500
Many = Annotated[list[str] | None, Query()]


@dataclass(frozen=True)
class FilterQuery:
    """The event filters every listing endpoint takes as query parameters (the CLI's
    filters, plus `q` for words in the evidence and `review` for review states)."""

    type: Many = None
    status: Many = None
    since: str | None = None
    until: str | None = None
    place: str | None = None
    actor: str | None = None
    q: str | None = None
    review: Many = None

    def filter(self, limit: int | None = None, after: tuple[Any, ...] | None = None) -> EventFilter:
        """The checked `EventFilter` of these parameters."""
        return event_filter(**dataclasses.asdict(self), limit=limit, after=after)


Filters = Annotated[FilterQuery, Depends()]


def context(request: Request) -> Context:
    """The server's `Context` (set by `create_app`)."""
    found: Context = request.app.state.context
    return found


def event_filter(
    *,
    type: list[str] | None = None,
    status: list[str] | None = None,
    since: str | None = None,
    until: str | None = None,
    place: str | None = None,
    actor: str | None = None,
    q: str | None = None,
    review: list[str] | None = None,
    limit: int | None = None,
    after: tuple[Any, ...] | None = None,
) -> EventFilter:
    """The `EventFilter` of the query parameters, checked (`ConfigError` names the bad one)."""
    types = tuple(t.upper() for t in type or ())
    _check_choices("type", types, EVENT_TYPES)
    statuses = tuple(s.lower() for s in status or ())
    _check_choices("status", statuses, STATUSES)
    return EventFilter(
        types=types, statuses=statuses,
        since=parse_iso_date(since) if since else None,
        until=parse_iso_date(until) if until else None,
        place=place or None, actor=actor or None, q=q or None,
        reviews=tuple(review or ()), limit=limit, after=after,
    )  # fmt: skip


def _check_choices(name: str, given: tuple[str, ...], choices: tuple[str, ...]) -> None:
    wrong = [v for v in given if v not in choices]
    if wrong:
        raise ConfigError(f"{name} {wrong[0]!r} is unknown; choices: {', '.join(choices)}")


# ---------------------------------------------------------------- cursors


def encode_cursor(key: tuple[Any, ...]) -> str:
    """An opaque cursor for the position `key` (`cursor_key` of the last event, or an
    offset into merged events)."""
    return base64.urlsafe_b64encode(json.dumps(list(key)).encode("utf-8")).decode("ascii")


def decode_cursor(cursor: str, size: int) -> tuple[Any, ...]:
    """The position a cursor holds; `ConfigError` for one this server did not give."""
    try:
        key = json.loads(base64.urlsafe_b64decode(cursor.encode("ascii")))
    except (ValueError, binascii.Error, UnicodeError):
        key = None
    if not isinstance(key, list) or len(key) != size:
        raise ConfigError("cursor is not one this server gave; use the `next` of a reply")
    return tuple(key)


# ---------------------------------------------------------------- reads


@router.get("/health", summary="Whether the server runs, what it serves, and if it takes writes")
def health(request: Request) -> dict[str, Any]:
    """Status, version, counts, and whether writes are allowed."""
    ctx = context(request)
    store = ctx.store()
    return {
        "status": "ok",
        "version": request.app.version,
        "events": store.events_count(),
        "documents": store.documents_count(),
        "read_only": ctx.read_only,
        "writes": "disabled: no token configured (read-only)"
        if ctx.read_only
        else "need Authorization: Bearer TOKEN",
    }


@router.get("/events", summary="Events, filtered, one page at a time")
def events(
    request: Request,
    filters: Filters,
    merged: bool = False,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
    cursor: str | None = None,
) -> dict[str, Any]:
    """A page of events (reviewed values) and the cursor of the next page (`next`)."""
    store = context(request).store()
    if merged:
        return _merged_page(store, filters.filter(), limit, cursor)
    after = decode_cursor(cursor, 5) if cursor else None
    found = find_reviewed(store, filters.filter(limit=limit + 1, after=after))
    page = found[:limit]
    more = len(found) > limit
    return {
        "events": [r.to_dict() for r in page],
        "next": encode_cursor(cursor_key(page[-1].event)) if more else None,
    }


def _merged_page(store: Store, flt: EventFilter, limit: int, cursor: str | None) -> dict[str, Any]:
    # Merged events are made from the filtered reports, so a page is an offset into them.
    start = int(decode_cursor(cursor, 1)[0]) if cursor else 0
    found = find_merged(store, flt)
    page = found[start : start + limit]
    more = start + limit < len(found)
    return {
        "events": [m.to_dict() for m in page],
        "next": encode_cursor((start + limit,)) if more else None,
    }


@router.get("/events/{event_id}", summary="One event with its evidence, document and reports")
def event(request: Request, event_id: str) -> dict[str, Any]:
    """The event (reviewed values and review), the excerpt of its document around the
    evidence, its merged event and that event's other reports."""
    store = context(request).store()
    (found,) = with_reviews(store, [store.event(event_id)])
    merged = find_merged_event(store, event_id)
    others = [] if merged is None else [e for e in merged.members if e.id != event_id]
    return {
        "event": found.to_dict(),
        "document": _excerpt(store, found.event),
        "merged": None if merged is None else merged.to_dict(),
        "reports": [r.to_dict() for r in with_reviews(store, [store.event(e.id) for e in others])],
    }


def _excerpt(store: Store, shown: Event) -> dict[str, Any]:
    documents = store.documents([shown.doc_id])
    doc = documents[0] if documents else None
    segments, before, after = evidence_context(shown, doc.text if doc else "")
    return {
        **_document_fields(doc, shown.doc_id),
        "excerpt": [{"text": s.text, "role": s.role} for s in segments],
        "clipped_before": before,
        "clipped_after": after,
    }


def _document_fields(doc: Document | None, doc_id: str) -> dict[str, Any]:
    if doc is None:
        return {"id": doc_id, "title": None, "outlet": None, "url": None, "published": None}
    published = doc.published.isoformat() if doc.published else None
    return {"id": doc.id, "title": doc.title, "outlet": doc.outlet, "url": doc.url,
            "published": published}  # fmt: skip


@router.get("/documents/{doc_id}", summary="A document's text and the spans of its events")
def document(request: Request, doc_id: str) -> dict[str, Any]:
    """The document as read, and for each of its events (rejected ones too, with their
    review state) the offsets of its evidence and of each field's words."""
    store = context(request).store()
    documents = store.documents([doc_id])
    if not documents:
        raise NotFoundError(f"no document {doc_id!r}")
    doc = documents[0]
    found = find_reviewed(store, EventFilter(doc_ids=(doc_id,), reviews=REVIEW_STATES))
    return {
        **_document_fields(doc, doc_id),
        "text": doc.text,
        "notes": list(doc.notes),  # what reading repaired or guessed (docs/input.md)
        "events": [
            {
                "id": r.event.id,
                "type": r.event.type,
                "status": r.event.status,
                "review": r.state,
                "spans": _spans(r.event),
            }
            for r in found
        ],
    }


def _spans(shown: Event) -> list[dict[str, Any]]:
    spans = [{"field": "evidence", "start": shown.evidence.start, "end": shown.evidence.end}]
    return spans + [
        {"field": role, "start": start, "end": end}
        for start, end, role in field_marks(shown)
        if end > start  # a reviewer's value with no words in the document has no span
    ]


@router.get("/disagreements", summary="Merged events whose reports disagree")
def disagreements(request: Request, filters: Filters) -> dict[str, Any]:
    """Each merged event whose reports disagree, with the disputed fields and who says what."""
    found = find_disagreements(context(request).store(), filters.filter())
    return {"disagreements": [m.to_dict() for m in found]}


@router.get("/export", summary="Every event passing the filters, streamed as JSON Lines or CSV")
def export(
    request: Request,
    filters: Filters,
    format: Annotated[str, Query(pattern="^(jsonl|csv)$")] = "jsonl",
) -> StreamingResponse:
    """The export of `sitrep export`, with reviewed values and a review block."""
    found = find_reviewed(context(request).store(), filters.filter())
    media = "application/x-ndjson" if format == "jsonl" else "text/csv"
    return StreamingResponse(
        _stream(found, format), media_type=f"{media}; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="events.{format}"'},
    )  # fmt: skip


def _stream(found: list[Any], fmt: str, batch: int = 500) -> Iterator[str]:
    """The export written by the export writers a batch at a time (CSV's header once)."""
    for start in range(0, max(len(found), 1), batch):
        part = found[start : start + batch]
        reviews = {r.event.id: r.to_dict()["review"] for r in part if r.review is not None}
        out = io.StringIO()
        if fmt == "jsonl":
            write_jsonl([r.event for r in part], out, reviews=reviews)
            yield out.getvalue()
            continue
        write_csv([r.event for r in part], out, reviews=reviews)
        # Column names hold no line break: the header is the first line.
        yield out.getvalue() if start == 0 else out.getvalue().split("\n", 1)[1]


# ---------------------------------------------------------------- writes


def authorise(request: Request) -> None:
    """Refuse a write from another site or without the right token."""
    headers = request.headers
    check_same_site(headers.get("host"), headers.get("origin"), headers.get("sec-fetch-site"))
    check_token(context(request).token, headers.get("authorization"))


@router.post("/auth", summary="Check a token (the desk's sign-in)", status_code=200)
def check_auth(request: Request) -> dict[str, Any]:
    """200 when the bearer token is right; 401 or 403 otherwise."""
    authorise(request)
    return {"ok": True}


async def _json(request: Request) -> Any:
    try:
        return json.loads(await request.body())
    except (ValueError, UnicodeError) as exc:
        raise ConfigError(f"the body is not valid JSON: {exc}") from None


_REVIEW_BODY = {
    "requestBody": {
        "required": True,
        "content": {"application/json": {"schema": {
            "type": "object", "required": ["action", "reviewer"],
            "properties": {
                "action": {"type": "string", "enum": ["confirm", "reject", "correct"]},
                "reviewer": {"type": "string"},
                "fields": {"type": "object", "description": "type, mode, status, actors, "
                           "targets, location, date, counts (for correct)"},
                "note": {"type": "string"},
            },
        }}},
    }
}  # fmt: skip


@router.post(
    "/events/{event_id}/review", summary="Confirm, reject or correct an event", status_code=201,
    openapi_extra=_REVIEW_BODY,
)  # fmt: skip
async def review(request: Request, event_id: str) -> JSONResponse:
    """Record a review; the reply holds it and the event as it now reads."""
    authorise(request)
    body = _require_json(request, await _json(request))
    if not isinstance(body, dict):
        raise ConfigError('the body must be a JSON object: {"action": ..., "reviewer": ...}')
    extra = sorted(set(body) - {"action", "reviewer", "fields", "note"})
    if extra:
        raise ConfigError(f"unknown key {extra[0]!r}; keys: action, reviewer, fields, note")
    # The store is used from the thread pool, never from the event loop's thread.
    reply = await run_in_threadpool(_save_review, context(request), event_id, body)
    return JSONResponse(reply, status_code=201)


def _save_review(ctx: Context, event_id: str, body: dict[str, Any]) -> dict[str, Any]:
    store = ctx.store()
    saved = store.review(event_id, str(body.get("action")), reviewer=body.get("reviewer", ""),
                         fields=body.get("fields"), note=body.get("note"))  # fmt: skip
    (now,) = with_reviews(store, [store.event(event_id)])
    return {"review": saved.to_dict(), "event": now.to_dict()}


def _require_json(request: Request, body: Any) -> Any:
    # A form on another site can post text/plain without asking; JSON needs a preflight.
    kind = request.headers.get("content-type", "").split(";")[0].strip()
    if kind != "application/json":
        raise ConfigError(f"send the review as application/json, not {kind or 'no type'}")
    return body


_DOCUMENTS_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": {"oneOf": [
                {"type": "object", "required": ["text"]},
                {"type": "array", "items": {"type": "object", "required": ["text"]}},
            ]}},
            "text/plain": {"schema": {"type": "string"}},
        },
    }
}  # fmt: skip


@router.post(
    "/documents", summary="Run documents through the pipeline and store them", status_code=201,
    openapi_extra=_DOCUMENTS_BODY,
)  # fmt: skip
async def post_documents(request: Request, published: str | None = None) -> JSONResponse:
    """One document or a list (JSON objects with ``text`` and optional ``id``, ``title``,
    ``url``, ``outlet``, ``published``), or one text body; each is read, extracted and
    stored, and the reply says what became of it."""
    authorise(request)
    day = parse_iso_date(published) if published else None
    ctx = context(request)
    items = await _documents(request, day, ctx.settings.max_chars)
    reply = await run_in_threadpool(_run, ctx, items)
    return JSONResponse(reply, status_code=201)


def _run(ctx: Context, items: list[Document | Rejected]) -> dict[str, Any]:
    """Extract and store `items` as `sitrep run` does (the same pipeline and settings)."""
    results = list(process(items, settings=ctx.settings))
    ctx.store().save(results)
    return _outcome(results)


async def _documents(request: Request, day: Any, max_chars: int) -> list[Document | Rejected]:
    kind = request.headers.get("content-type", "").split(";")[0].strip()
    origin = "POST /api/documents"
    if kind == "text/plain":
        text = (await request.body()).decode("utf-8", errors="replace")
        return [read_text(text, origin=origin, published=day, max_chars=max_chars)]
    if kind != "application/json":
        raise ConfigError(f"send documents as application/json or text/plain, not {kind!r}")
    body = await _json(request)
    records = body if isinstance(body, list) else [body]
    if not records:
        raise ConfigError("the list of documents is empty")
    lines = "\n".join(json.dumps(r, ensure_ascii=False) for r in records)
    return list(read_records(lines, origin=origin, published=day, max_chars=max_chars))


def _outcome(results: list[Result]) -> dict[str, Any]:
    rows: list[dict[str, Any]] = []
    for result in results:
        if isinstance(result, Analysis):
            ids = [e.id for e in result.events]
            rows.append({"doc_id": result.document.id, "stored": True, "events": ids})
        else:
            rows.append({"doc_id": result.doc_id, "stored": False, "events": [],
                         "reason": result.reason, "detail": result.detail})  # fmt: skip
    return {
        "documents": rows,
        "events": [i for row in rows for i in row["events"]],
        "rejected": sum(not row["stored"] for row in rows),
    }


@router.get("/docs", include_in_schema=False, response_class=HTMLResponse)
def docs_page(request: Request) -> HTMLResponse:
    """A plain page listing every route of the OpenAPI description (no external scripts)."""
    from sitrep.serve.desk import render  # the desk holds the templates

    spec = request.app.openapi()
    routes = [
        (method.upper(), path, op.get("summary", ""),
         [p["name"] for p in op.get("parameters", []) if p.get("in") == "query"])
        for path, ops in spec["paths"].items() for method, op in ops.items()
    ]  # fmt: skip
    return HTMLResponse(render(request, "apidocs.html.j2", routes=routes, version=spec["info"]))
