"""Writing the situation report: one self-contained HTML file.

The page is rendered from `templates/report.html.j2` by Jinja2 with escaping on
for every value, so document text (titles, evidence, names) is always shown as
text. The stylesheet and the small script in `assets/` are inlined; the map and
the timeline are inline SVG. Nothing is fetched when the file is opened.

A Content-Security-Policy in the page allows only its own script (by its
SHA-256 digest) and no network at all, so even markup that slipped past the
escaping could not run or load anything.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

import jinja2

from sitrep.ontology import SECTORS, STATUSES
from sitrep.report.basemap import Basemap, load_basemap
from sitrep.report.content import ReportContent
from sitrep.report.palette import type_colour
from sitrep.report.svgmap import build_map
from sitrep.report.timeline import build_timeline

#: What each status means, shown next to it (statuses other than "occurred"
#: are events that did not, or not yet, happen).
STATUS_MEANING = {
    "occurred": "reported as having happened",
    "planned": "announced or planned, not (yet) carried out",
    "threatened": "threatened, not carried out",
    "cancelled": "called off",
    "negated": "reported as not having happened",
    "denied": "denied by those said to be involved",
    "hypothetical": "only a possibility (if, could, would)",
}

MARK_MEANING = {
    "trigger": "what happened",
    "actor": "who did it",
    "target": "to whom",
    "place": "where",
    "date": "when",
    "count": "how many",
}


@dataclass(frozen=True, slots=True)
class _Assets:
    css: str
    js: str
    script_hash: str


@cache
def _assets() -> _Assets:
    folder = files("sitrep.report") / "assets"
    js = (folder / "report.js").read_text(encoding="utf-8")
    digest = base64.b64encode(hashlib.sha256(js.encode("utf-8")).digest()).decode("ascii")
    return _Assets(
        css=(folder / "report.css").read_text(encoding="utf-8"),
        js=js,
        script_hash=f"sha256-{digest}",
    )


@cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("sitrep.report", "templates"),
        autoescape=True,  # every {{ value }} is escaped: document text is untrusted
        undefined=jinja2.StrictUndefined,  # a misspelt field fails the build, not the page
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["colour"] = type_colour
    return env


def render_report(content: ReportContent, basemap: Basemap | None = None) -> str:
    """The whole HTML page for `content` (the packaged basemap unless one is given)."""
    assets = _assets()
    template = _environment().get_template("report.html.j2")
    return template.render(
        c=content,
        cover=content.cover,
        events=content.events,
        matrix=content.matrix,
        map=build_map(content.events, basemap or load_basemap()),
        timeline=build_timeline(content.events),
        types=sorted({e.type for e in content.events}),
        statuses=[s for s in STATUSES if any(e.status == s for e in content.events)],
        status_meaning=STATUS_MEANING,
        mark_meaning=MARK_MEANING,
        sectors=SECTORS,
        css=assets.css,
        js=assets.js,
        script_hash=assets.script_hash,
    )
