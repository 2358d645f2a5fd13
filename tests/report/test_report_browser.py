"""The situation report as a person sees it: opened in headless Chromium.

These tests need Debian's `chromium` (installed by `.ci/run`). Without it they
are skipped, unless SITREP_REQUIRE_BROWSER=1 (set by CI), where a missing
browser is a failure rather than a silent skip. Set SITREP_SCREENSHOTS=DIR to
keep the desktop and phone screenshots for looking at.
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_report import _hostile_store

from browser_support import require_browser
from sitrep.cli import main
from sitrep.report import build_report
from sitrep.store import Store

BROWSER = require_browser()

FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
         "--allow-file-access-from-files", "--virtual-time-budget=3000")  # fmt: skip


def _chromium(*args: str) -> str:
    assert BROWSER is not None
    done = subprocess.run(
        [BROWSER, *FLAGS, *args], capture_output=True, text=True, timeout=120, check=True
    )
    return done.stdout


def dom_after_scripts(page: Path) -> str:
    """The page's DOM once its scripts have run, as Chromium serialises it."""
    return _chromium("--dump-dom", page.as_uri())


def screenshot(page: Path, out: Path, width: int, height: int) -> Path:
    """A PNG of the page at the given window size."""
    _chromium(f"--screenshot={out}", f"--window-size={width},{height}", page.as_uri())
    return out


@dataclass(frozen=True)
class Demo:
    page: Path
    evidence: tuple[str, ...]
    events: int


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Demo:
    """The report the README's main job writes for the bundled sample reports."""
    out = tmp_path_factory.mktemp("demo")
    result = CliRunner().invoke(main, ["demo", "--out", str(out)])
    assert result.exit_code == 0, result.output
    with Store.open(out / "sitrep.db") as store:
        events = store.events()
    return Demo(out / "report.html", tuple(e.evidence.text for e in events), len(events))


class _Page(HTMLParser):
    """Counts the elements the tests look for, and gathers the visible text."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: dict[str, int] = {}
        self.root_class = ""
        self.title = ""
        self._in_title = False
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag == "html":
            self.root_class = " ".join(classes)
        self._in_title = tag == "title" and not self.title  # the page's, not an SVG tooltip
        for name in classes:
            key = f"{tag}.{name}"
            self.seen[key] = self.seen.get(key, 0) + 1

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        self.text.append(data)

    def handle_endtag(self, tag: str) -> None:
        self._in_title = False


def _parse(dom: str) -> _Page:
    page = _Page()
    page.feed(dom)
    return page


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_the_demo_report_shows_map_timeline_and_every_event_with_its_evidence(demo: Demo) -> None:
    page = _parse(dom_after_scripts(demo.page))
    assert page.root_class == "js"  # our script ran: the page's own policy lets it
    assert page.seen.get("svg.map") == 1
    assert page.seen.get("path.land", 0) > 3
    assert page.seen.get("circle.point", 0) > 3
    assert page.seen.get("svg.timeline") == 1
    assert page.seen.get("rect.bar", 0) > 3
    assert page.seen.get("tbody.event") == demo.events > 20
    text = _squash("".join(page.text))
    missing = [e for e in demo.evidence if _squash(e) not in text]
    assert missing == []


def test_hostile_document_text_runs_nothing_in_a_browser(tmp_path: Path) -> None:
    with Store.open(_hostile_store(tmp_path)) as store:
        html = build_report(store)
    path = tmp_path / "hostile.html"
    path.write_text(html, encoding="utf-8")
    page = _parse(dom_after_scripts(path))
    assert page.root_class == "js"  # scripts were on, and only ours ran
    assert page.title == "Situation report"
    assert "PWNED" not in page.title
    assert page.seen.get("img.x") is None
    assert 'document.title="PWNED"' in "".join(page.text)


@pytest.mark.parametrize(("name", "width"), [("desktop", 1280), ("phone", 390)])
def test_screenshots_at_desktop_and_phone_widths(demo: Demo, name: str, width: int,
                                                 tmp_path: Path) -> None:  # fmt: skip
    keep = os.environ.get("SITREP_SCREENSHOTS")
    folder = Path(keep) if keep else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    shot = screenshot(demo.page, folder / f"report-{name}.png", width, 2400)
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert int.from_bytes(data[16:20], "big") == width  # the PNG's own width field
    assert len(data) > 50_000  # a drawn page, not a blank one
