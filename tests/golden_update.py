"""Golden files: the events sitrep extracts from each bundled sample report.

`make golden` (python -m tests.golden_update) rewrites tests/golden/*.json from the
current code; review the diff like any other change. tests/test_golden.py fails
when the output drifts from the reviewed files.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from sitrep.api import process, sample_report_paths
from sitrep.config import Settings
from sitrep.ingest.read import read_paths
from sitrep.model import Analysis, Rejected

GOLDEN_DIR = Path(__file__).resolve().parent / "golden"


def sample_files() -> list[Path]:
    """The bundled sample reports, in a stable order."""
    return sample_report_paths()


def extract_sample(path: Path) -> dict[str, Any]:
    """Events and rejections of one sample report, in a stable, reviewable shape."""
    settings = Settings()
    results = list(process(read_paths([path], max_chars=settings.max_chars), settings=settings))
    events = [e.to_dict() for r in results if isinstance(r, Analysis) for e in r.events]
    events.sort(key=lambda e: (e["doc_id"], e["evidence"]["start"], e["type"], e["id"]))
    # Details name the file; keep only its name so golden files hold on any checkout.
    folder = f"{path.parent}{os.sep}"
    rejected = [
        {
            "doc_id": r.doc_id,
            "stage": r.stage,
            "reason": str(r.reason),
            "detail": r.detail.replace(folder, ""),
        }
        for r in results
        if isinstance(r, Rejected)
    ]
    return {"file": path.name, "events": events, "rejected": rejected}


def golden_path(sample: Path) -> Path:
    """Where the golden file of a sample report lives."""
    return GOLDEN_DIR / f"{sample.name}.json"


def render(data: dict[str, Any]) -> str:
    """Pretty, sorted JSON: diffs stay readable."""
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def main() -> None:
    """Rewrite every golden file from the current code."""
    GOLDEN_DIR.mkdir(exist_ok=True)
    for sample in sample_files():
        golden_path(sample).write_text(render(extract_sample(sample)), encoding="utf-8")
        print(f"wrote {golden_path(sample).relative_to(GOLDEN_DIR.parent.parent)}")


if __name__ == "__main__":
    main()
