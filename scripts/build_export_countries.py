"""Build the country table of sitrep's ACLED and UCDP exports.

Run from the repository root (it needs `pycountry` from the `resources` extra; the
installed program reads the built file, never pycountry)::

    python scripts/build_export_countries.py

It writes ``src/sitrep/export/data/countries.tsv``: one line per ISO 3166-1 country,
sorted by alpha-3 code, with its numeric code (ACLED's ``iso`` column) and its common
name (ACLED's and UCDP's ``country``), the same bytes for the same pycountry release.
"""

from __future__ import annotations

from pathlib import Path

import pycountry

OUT = Path(__file__).resolve().parents[1] / "src" / "sitrep" / "export" / "data" / "countries.tsv"


def rows() -> list[tuple[str, str, str]]:
    """(alpha-3, numeric, name) of every ISO 3166-1 country, by alpha-3."""
    found = [
        (c.alpha_3, str(int(c.numeric)), getattr(c, "common_name", None) or c.name)
        for c in pycountry.countries
    ]
    return sorted(found)


def main() -> None:
    """Write the table with a header naming its source."""
    lines = [
        "# ISO 3166-1 countries for sitrep's ACLED and UCDP exports: alpha-3, numeric, name.",
        f"# Built by scripts/build_export_countries.py from pycountry {pycountry.__version__}"
        " (LGPL-2.1); do not edit by hand, rebuild.",
        "iso3\tnumeric\tname",
        *("\t".join(row) for row in rows()),
    ]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({len(lines) - 3} countries)")


if __name__ == "__main__":
    main()
