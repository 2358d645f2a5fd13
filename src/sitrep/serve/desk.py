"""The review desk: HTML pages over the same read path as the API (docs/serve.md).

- ``/``: the events passing the filters, one page at a time, with the situation
  report's map and timeline of that page (the report's own code and markup,
  `sitrep.report.svgmap`, `timeline` and ``figures.html.j2``);
- ``/events/{id}``: the document with the evidence and each field's words
  highlighted, the reviewed and machine values side by side, the review history,
  and the controls to confirm, reject or correct.

Pages are rendered by Jinja2 with escaping on, so document text is always text.
The one script (``/static/desk.js``) signs in, sends reviews with the token in
a header, and adds the keyboard shortcuts; the CSP allows no other script.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import Annotated, Any
from urllib.parse import quote, urlencode

import jinja2
from fastapi import APIRouter, FastAPI, Query, Request
from fastapi.responses import HTMLResponse, Response

from sitrep.model import Event
from sitrep.ontology import COUNT_KINDS, EVENT_TYPES, MODES, STATUSES
from sitrep.report.basemap import load_basemap
from sitrep.report.content import event_view, field_marks, review_label, segments
from sitrep.report.palette import type_colour
from sitrep.report.svgmap import build_map
from sitrep.report.timeline import build_timeline
from sitrep.serve.routes import MAX_LIMIT, context, decode_cursor, encode_cursor, event_filter
from sitrep.store.corrections import machine_value
from sitrep.store.filters import REVIEW_STATES, cursor_key
from sitrep.store.query import Reviewed, find_reviewed, with_reviews

router = APIRouter(include_in_schema=False)
Many = Annotated[list[str] | None, Query()]
ASSETS = {
    "desk.js": ("sitrep.serve", "application/javascript"),
    "desk.css": ("sitrep.serve", "text/css"),
    "report.css": ("sitrep.report", "text/css"),
}
FILTER_KEYS = ("type", "status", "since", "until", "place", "actor", "q", "review")


@cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader([
            jinja2.PackageLoader("sitrep.serve", "templates"),
            jinja2.PackageLoader("sitrep.report", "templates"),  # the map and timeline
        ]),
        autoescape=True,  # every {{ value }} is escaped: document text is untrusted
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )  # fmt: skip
    env.filters["colour"] = type_colour
    env.filters["shown"] = _shown
    env.filters["path"] = lambda ident: quote(str(ident), safe="")  # an id as one URL segment
    return env


def _shown(value: Any) -> str:
    """A field value for people: plain for text and numbers, compact JSON otherwise."""
    if value is None:
        return "—"
    if isinstance(value, str | int | float):
        return str(value)
    return json.dumps(value, ensure_ascii=False)


def render(request: Request, name: str, **values: Any) -> str:
    """The page `name`, with what every page shows (read-only or not)."""
    template = _environment().get_template(name)
    return template.render(read_only=context(request).read_only, **values)


def mount_assets(app: FastAPI) -> None:
    """Serve the desk's script and styles, and the report's styles, from the package."""

    @app.get("/static/{name}", include_in_schema=False)
    def asset(name: str) -> Response:
        if name not in ASSETS:
            return Response(status_code=404)
        package, media = ASSETS[name]
        folder = files(package) / "assets"
        body = (folder / name).read_text(encoding="utf-8")
        return Response(body, media_type=f"{media}; charset=utf-8")


def _filters(request: Request) -> dict[str, Any]:
    """The filter parameters of the request, as `event_filter` takes them."""
    params = request.query_params
    many = ("type", "status", "review")
    # A form sends its empty fields too ("status="): empty means no condition.
    found: dict[str, Any] = {}
    for key in FILTER_KEYS:
        values = [v for v in params.getlist(key) if v.strip()]
        found[key] = (values or None) if key in many else (values[0] if values else None)
    return found


def _query(filters: dict[str, Any], **extra: Any) -> str:
    pairs = [
        (k, v) for k, vs in filters.items() if vs for v in (vs if isinstance(vs, list) else [vs])
    ]
    return urlencode(pairs + [(k, v) for k, v in extra.items() if v is not None])


@router.get("/", response_class=HTMLResponse)
def desk(
    request: Request,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
    cursor: str | None = None,
) -> HTMLResponse:
    """The event list with filters, map and timeline."""
    filters = _filters(request)
    after = decode_cursor(cursor, 5) if cursor else None
    store = context(request).store()
    found = find_reviewed(store, event_filter(**filters, limit=limit + 1, after=after))
    page = found[:limit]
    views = [event_view(r.event, "", review=review_label(r)) for r in page]
    more = len(found) > limit
    next_page = _query(filters, cursor=encode_cursor(cursor_key(page[-1].event))) if more else None
    return HTMLResponse(render(
        request, "desk.html.j2", rows=list(zip(page, views, strict=True)), filters=filters,
        query=_query(filters), next_page=next_page, first=cursor is None,
        map=build_map(views, load_basemap()), timeline=build_timeline(views),
        types=EVENT_TYPES, statuses=STATUSES, states=REVIEW_STATES,
    ))  # fmt: skip


@router.get("/events/{event_id:path}", response_class=HTMLResponse)
def event_page(request: Request, event_id: str) -> HTMLResponse:
    """One event: its document highlighted, its values, its reviews, the controls."""
    filters = _filters(request)
    store = context(request).store()
    (found,) = with_reviews(store, [store.event(event_id)])
    documents = store.documents([found.event.doc_id])
    text = documents[0].text if documents else found.event.evidence.text
    after = event_filter(**filters, limit=1, after=cursor_key(found.event))
    following = find_reviewed(store, after)
    return HTMLResponse(render(
        request, "event.html.j2", r=found, e=found.event, doc=documents[0] if documents else None,
        parts=_document_parts(found.event, text), rows=_field_rows(found),
        next_id=following[0].event.id if following else None, query=_query(filters),
        types=EVENT_TYPES, statuses=STATUSES, count_kinds=COUNT_KINDS,
        modes=sorted(m for m in MODES[found.event.type] if m),
        counts={k: c.value for k, c in found.event.counts},
    ))  # fmt: skip


def _document_parts(shown: Event, text: str) -> list[tuple[str, Any]]:
    """The whole document in three parts: before the evidence, the evidence with its
    fields' words marked, and after it (offsets that do not fit: the evidence alone)."""
    start, end = shown.evidence.start, shown.evidence.end
    if text[start:end] != shown.evidence.text:
        text, start, end = shown.evidence.text, 0, len(shown.evidence.text)
        marks: list[tuple[int, int, str]] = []
    else:
        marks = field_marks(shown)
    return [
        ("before", segments(text[:start], 0, [])),
        ("evidence", segments(text[start:end], start, marks)),
        ("after", segments(text[end:], end, [])),
    ]


def _field_rows(found: Reviewed) -> list[tuple[str, Any, Any, bool]]:
    """(field, reviewed value, machine value, reviewed?) for the fields a reviewer may set."""
    keys = ["type", "mode", "status", "actors", "targets", "location", "date"]
    kinds = {k for k, _ in found.machine.counts} | {k for k, _ in found.event.counts}
    keys += [f"counts.{k}" for k in COUNT_KINDS if k in kinds]
    changed = set(found.review.fields) if found.review else set()
    return [
        (key, machine_value(found.event, key), machine_value(found.machine, key), key in changed)
        for key in keys
    ]
