"""The quality gate: sitrep's accuracy must not fall below the pinned floors.

    python bench/gate.py            # check every dataset in bench/floors.toml
    python bench/gate.py --pin      # re-measure and rewrite the floors (review the diff!)

bench/floors.toml pins, per gold set, the subset scored (`limit`, small enough for
CI), a digest of the gold files (so a floor is only compared with the data it was
measured on) and a floor for each figure. A figure below its floor fails the gate.
Raising a floor is part of every accuracy improvement (`--pin` writes the measured
figures rounded down to 0.01); lowering one needs a reason, written as a comment
next to it in floors.toml.

Not a test and not a benchmark: CI runs it after the tests (.ci/run).
"""

from __future__ import annotations

import argparse
import hashlib
import math
import os
import sys
import time
import tomllib
from pathlib import Path

from sitrep.evaluation import FOLDERS

ROOT = Path(__file__).resolve().parents[1]
FLOORS = ROOT / "bench" / "floors.toml"
DEFAULT_DATA = ROOT.parent / "shared" / "data"
#: CI subsets: scored in a few minutes on two cores.
DEFAULT_LIMITS = {
    "plover_gsr": None, "muc4": 120, "gva": 120, "tempeval3": None,
    "geoparsing": 40, "wikievents": None, "rams": 200, "re3d": None, "gva_merge": 300,
    "conflibert_cameo": None,
}  # fmt: skip


#: Figures where higher is better and a floor makes sense.
FLOORED = (".p", ".r", ".f1", ".acc", "macro_f1")


def folder_digest(folder: Path) -> str:
    """SHA-256 over the names and bytes of every file below `folder`, in path order."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(folder)).encode("utf-8"))
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def measure(name: str, data: Path, limit: int | None) -> dict[str, float]:
    """Score one dataset on its subset with the real pipeline (two workers)."""
    from sitrep.config import Settings
    from sitrep.evaluation import run

    started = time.perf_counter()
    report = run(name, data, limit=limit, settings=Settings(workers=2))
    print(f"{name}: {report.items} items in {time.perf_counter() - started:.0f} s", flush=True)
    return report.metrics()


def check(floors: dict[str, dict[str, object]], data: Path) -> list[str]:
    """Every figure that fell below its floor, as messages (empty: the gate passes)."""
    failures: list[str] = []
    for name, spec in floors.items():
        folder = data / FOLDERS.get(name, name)
        if spec.get("digest") != folder_digest(folder):
            failures.append(f"{name}: the gold data changed; re-measure and re-pin its floors")
            continue
        limit = spec.get("limit")
        figures = measure(name, data, int(limit) if isinstance(limit, int) and limit else None)
        pinned = spec.get("floors")
        assert isinstance(pinned, dict)
        for metric, floor in pinned.items():
            value = figures.get(metric)
            if value is None or value < float(floor) - 1e-9:
                failures.append(f"{name} {metric}: {value} is below its floor {floor}")
    return failures


def pin(data: Path, names: list[str]) -> str:
    """The text of a new floors file from fresh measurements, floors rounded down."""
    lines = [
        "# Quality floors: written by `python bench/gate.py --pin`, checked by CI.",
        "# Lowering a floor needs a reason, as a comment on its line.",
    ]
    for name in names:
        limit = DEFAULT_LIMITS.get(name)
        figures = measure(name, data, limit)
        lines += [
            "",
            f"[{name}]",
            f"limit = {limit or 0}",
            f'digest = "{folder_digest(data / FOLDERS.get(name, name))}"',
        ]
        lines.append(f"[{name}.floors]")
        for metric, value in sorted(figures.items()):
            if not metric.endswith(FLOORED):
                continue  # counts, rates where lower is better, distances, speeds
            lines.append(f'"{metric}" = {math.floor(value * 100) / 100:.2f}')
    return "\n".join(lines) + "\n"


def main() -> None:
    """Check the floors (or pin new ones with --pin)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--data", type=Path, default=Path(os.environ.get("SITREP_EVAL_DATA", DEFAULT_DATA))
    )
    parser.add_argument("--pin", action="store_true", help="re-measure and rewrite floors.toml")
    parser.add_argument("names", nargs="*", help="datasets (default: all)")
    args = parser.parse_args()
    if args.pin:
        FLOORS.write_text(pin(args.data, args.names or list(DEFAULT_LIMITS)), encoding="utf-8")
        print(f"wrote {FLOORS.relative_to(ROOT)}")
        return
    floors = tomllib.loads(FLOORS.read_text(encoding="utf-8"))
    if args.names:
        floors = {k: v for k, v in floors.items() if k in args.names}
    failures = check(floors, args.data)
    for failure in failures:
        print(f"FAIL {failure}")
    print("quality gate: " + ("failed" if failures else f"passed ({len(floors)} datasets)"))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
