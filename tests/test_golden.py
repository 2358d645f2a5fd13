"""End to end: each bundled sample report still yields its reviewed events."""

from __future__ import annotations

from pathlib import Path

import pytest

from golden_update import extract_sample, golden_path, render, sample_files


@pytest.mark.parametrize("sample", sample_files(), ids=lambda p: p.name)
def test_sample_matches_its_golden_file(sample: Path) -> None:
    golden = golden_path(sample)
    assert golden.exists(), f"no golden file for {sample.name}: run `make golden` and review it"
    assert render(extract_sample(sample)) == golden.read_text(encoding="utf-8"), (
        f"{sample.name} changed: run `make golden` and review the diff"
    )
