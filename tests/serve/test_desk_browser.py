"""The review desk as a reviewer uses it: a real server and headless Chromium (Playwright).

Needs Debian's `chromium` (`browser_support`); Playwright drives it through
`executable_path`, so no browser is downloaded. Set SITREP_SCREENSHOTS=DIR to keep
a screenshot of the desk.
"""

from __future__ import annotations

import dataclasses
import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from click.testing import CliRunner
from playwright.sync_api import Browser, Page, sync_playwright

from browser_support import require_browser
from conftest import make_analysis, make_event
from sitrep.cli import main
from sitrep.model import Source, Span
from sitrep.serve.app import create_app
from sitrep.store import Store

BROWSER = require_browser()
TOKEN = "desk-test-token-0123456789"
HOSTILE = (
    'Rebels <script>document.title="PWNED"</script> shelled the town. '
    "<img src=x onerror=\"document.title='PWNED'\"> <a href=\"javascript:document.title='PWNED'\">"
    "click</a> <svg onload=\"document.title='PWNED'\"><circle r=9 /></svg> done."
)


def _hostile(db: Path) -> str:
    """Add a document full of markup, with one event; return the event's id."""
    trigger = HOSTILE.index("shelled")
    event = make_event(
        id="hostile-1", doc_id="hostile", evidence=Span(0, len(HOSTILE), HOSTILE),
        trigger=Span(trigger, trigger + 7, "shelled"), targets=(), counts=(), date=None,
        actors=(dataclasses.replace(make_event().actors[0], name="<b>Rebels</b>", start=0,
                                    end=6, text="Rebels"),),
        location=None,
        source=Source(doc_id="hostile", title="<script>document.title='PWNED'</script>",
                      url="javascript:alert(1)"),
    )  # fmt: skip
    with Store.open(db) as store:
        store.save([make_analysis([event], doc_id="hostile", text=HOSTILE)])
    return event.id


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """The desk over the demo's store plus a hostile document: (base URL, hostile event id)."""
    out = tmp_path_factory.mktemp("desk")
    assert CliRunner().invoke(main, ["demo", "--out", str(out)]).exit_code == 0
    db = out / "sitrep.db"
    hostile = _hostile(db)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    app = create_app(str(db), token=TOKEN)
    running = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error"))
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    for _ in range(200):
        if running.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", hostile
    running.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=BROWSER, args=["--no-sandbox"])
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    yield opened
    context.close()


def _sign_in(page: Page, base: str) -> None:
    page.goto(base + "/")
    page.fill("#signin input[name=reviewer]", "Ann Reviewer")
    page.fill("#signin input[name=token]", TOKEN)
    page.click("#signin button[type=submit]")
    page.wait_for_selector("#signed-in:not([hidden])")


def test_filter_open_correct_a_count_and_the_correction_is_kept(
    page: Page, server: tuple[str, str]
) -> None:
    base, _ = server
    _sign_in(page, base)
    page.select_option("#filters select[name=type]", "PROTEST")
    page.click("#filters button[type=submit]")
    page.wait_for_url("**/?type=PROTEST*")
    types = page.locator("table.desk tr.row").evaluate_all("rows => rows.map(r => r.dataset.type)")
    assert types
    assert set(types) == {"PROTEST"}
    page.locator("table.desk tr.row a.open").first.click()
    page.wait_for_selector("#correct")
    url = page.url
    page.fill("#correct input[name=count-arrested]", "7")
    page.fill("#correct input[name=note]", "from the follow-up report")
    page.click("#save")
    page.wait_for_selector("#state.review-corrected")
    page.goto(url)  # a fresh load: the correction comes from the store
    cell = page.locator("#values tr[data-field='counts.arrested'] td.now").inner_text()
    assert '"value": 7' in cell
    assert page.locator("#values tr[data-field='counts.arrested'] td.machine").inner_text() == "—"
    assert "from the follow-up report" in page.locator("#history").inner_text()
    keep = os.environ.get("SITREP_SCREENSHOTS")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(keep) / "desk-event.png"), full_page=True)


def test_keyboard_moves_opens_and_confirms(page: Page, server: tuple[str, str]) -> None:
    base, _ = server
    _sign_in(page, base)
    page.goto(base + "/?type=ASSAULT")
    page.keyboard.press("j")
    page.keyboard.press("j")
    selected = page.locator("tr.row.selected").get_attribute("data-id")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/events/{selected}*")
    page.keyboard.press("c")
    page.wait_for_selector("#state.review-confirmed")
    page.keyboard.press("u")
    page.wait_for_url("**/?type=ASSAULT*")
    state = page.locator(f"tr.row[data-id='{selected}'] td.state").inner_text()
    assert state == "confirmed"
    keep = os.environ.get("SITREP_SCREENSHOTS")
    if keep:
        page.screenshot(path=str(Path(keep) / "desk-list.png"), full_page=False)


def test_a_hostile_document_shows_its_markup_as_text_and_runs_nothing(
    page: Page, server: tuple[str, str]
) -> None:
    base, hostile = server
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(f"{base}/events/{hostile}")
    page.wait_for_selector("#document")
    page.wait_for_timeout(300)  # time for anything that would run to run
    assert "PWNED" not in page.title()
    assert dialogs == []
    text = page.locator("#document").inner_text()
    assert '<script>document.title="PWNED"</script>' in text
    assert "<svg onload=" in text
    assert page.locator("#document img, #document svg, #document a, #document script").count() == 0
    assert page.locator("a[href^='javascript:']").count() == 0
    assert "<b>Rebels</b>" in page.locator("#values").inner_text()
    assert page.evaluate("document.documentElement.classList.contains('js')")  # ours ran
