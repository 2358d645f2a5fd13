"""Score sitrep on every gold set and regenerate the accuracy table of docs/benchmarks.md.

    python bench/evaluate_all.py                 # full sets, two workers
    python bench/evaluate_all.py --limit 100     # quicker, for a look

Writes the figures of each dataset between the markers `<!-- accuracy:begin -->`
and `<!-- accuracy:end -->` in docs/benchmarks.md, with the date, the machine and
the commit, and keeps the full reports (with their error tables) in
bench/results/latest.json for reading.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "benchmarks.md"
RESULTS = ROOT / "bench" / "results" / "latest.json"
DEFAULT_DATA = ROOT.parent / "shared" / "data"
BEGIN, END = "<!-- accuracy:begin -->", "<!-- accuracy:end -->"
NAMES = (
    "plover_gsr", "muc4", "gva", "tempeval3", "geoparsing", "wikievents", "rams", "re3d",
    "gva_merge", "conflibert_cameo",
)  # fmt: skip


def commit() -> str:
    """The short hash of HEAD, with '+dirty' when the tree has changes."""
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                          text=True, check=False).stdout.strip()  # fmt: skip
    dirty = subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True,
                           text=True, check=False).stdout.strip()  # fmt: skip
    return head + ("+dirty" if dirty else "")


def run_all(data: Path, limit: int | None, names: list[str]) -> dict[str, Any]:
    """Every report as data, with its run time."""
    from sitrep.config import Settings
    from sitrep.evaluation import run

    reports: dict[str, Any] = {}
    for name in names:
        started = time.perf_counter()
        report = run(name, data, limit=limit, settings=Settings(workers=2))
        reports[name] = report.to_dict(40) | {"seconds": round(time.perf_counter() - started)}
        print(f"{name}: {report.items} items, {reports[name]['seconds']} s", flush=True)
    return reports


def section(reports: dict[str, Any], limit: int | None) -> str:
    """The Markdown between the markers."""
    command = "python bench/evaluate_all.py" + (f" --limit {limit}" if limit else "")
    lines = [
        f"Measured {dt.date.today().isoformat()} with `{command}` on {platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, commit {commit()}. "
        "Figures are fractions (1.0 = perfect); `gold` is the number of gold items behind each.",
        "",
        "| dataset | items | figure | value | gold |",
        "|---|---|---|---|---|",
    ]
    for name, report in reports.items():
        support = report["support"]
        for metric, value in report["metrics"].items():
            base = metric.rsplit(".", 1)[0]
            lines.append(
                f"| {name} | {report['items']} | {metric} | {value:.3f} | {support.get(base, '')} |"
            )
    return "\n".join(lines)


def write_doc(text: str) -> None:
    """Replace the text between the markers of docs/benchmarks.md."""
    doc = DOC.read_text(encoding="utf-8")
    if BEGIN not in doc:
        doc += f"\n## Accuracy on public gold data\n\n{BEGIN}\n{END}\n"
    head, rest = doc.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    DOC.write_text(f"{head}{BEGIN}\n{text}\n{END}{tail}", encoding="utf-8")


def main() -> None:
    """Run every scorer and write the results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--data", type=Path, default=Path(os.environ.get("SITREP_EVAL_DATA", DEFAULT_DATA))
    )
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("names", nargs="*", default=list(NAMES))
    args = parser.parse_args()
    reports = run_all(args.data, args.limit, args.names)
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(reports, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    write_doc(section(reports, args.limit))
    print(f"wrote {DOC.relative_to(ROOT)} and {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
