"""The situation report: one self-contained HTML file of stored events.

    from sitrep import EventFilter, Store
    from sitrep.report import write_report

    with Store.open("sitrep.db") as store:
        write_report(store, EventFilter(types=("ASSAULT",)), "report.html")

`collect` reads what the report shows into plain records (`content.py`),
`render_report` lays them out as HTML with an SVG map and timeline
(`render.py`, `svgmap.py`, `timeline.py`). docs/report.md describes the page.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sitrep.report.content import ReportContent, collect
from sitrep.report.render import render_report
from sitrep.store import Store
from sitrep.store.filters import EventFilter
from sitrep.version import __version__


def build_report(
    store: Store,
    flt: EventFilter | None = None,
    *,
    title: str = "Situation report",
    generated: dt.datetime | None = None,
) -> str:
    """The HTML page for the events in `store` that pass `flt` (all when None)."""
    return render_report(_content(store, flt, title, generated))


def write_report(
    store: Store,
    flt: EventFilter | None,
    path: str | Path,
    *,
    title: str = "Situation report",
) -> ReportContent:
    """Write the report to `path`; return what it shows (for a summary line)."""
    content = _content(store, flt, title, None)
    Path(path).write_text(render_report(content), encoding="utf-8")
    return content


def _content(
    store: Store, flt: EventFilter | None, title: str, generated: dt.datetime | None
) -> ReportContent:
    return collect(
        store, flt or EventFilter(), title=title, generated=generated, version=__version__
    )


__all__ = ["ReportContent", "build_report", "collect", "render_report", "write_report"]
