"""The headless Chromium the browser tests use (Debian's `chromium`, installed by `.ci/run`).

Without it the browser tests are skipped, unless SITREP_REQUIRE_BROWSER=1 (set
by CI), where a missing browser is a failure rather than a silent skip.
"""

from __future__ import annotations

import os
import shutil

import pytest

BROWSER = shutil.which("chromium") or shutil.which("chromium-browser")


def require_browser() -> str:
    """The browser's path; skip (or fail under SITREP_REQUIRE_BROWSER=1) without one."""
    if BROWSER is None:
        if os.environ.get("SITREP_REQUIRE_BROWSER") == "1":
            pytest.fail("SITREP_REQUIRE_BROWSER=1 but no chromium on PATH", pytrace=False)
        pytest.skip("needs chromium (apt-get install chromium)", allow_module_level=True)
    return BROWSER
