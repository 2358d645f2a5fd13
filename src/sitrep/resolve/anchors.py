"""What a report says about itself that every resolver reads: its dateline's country,
the day its relative dates count from, and which events happen to a place."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sitrep.model import Analysis
from sitrep.resolve.time_expressions import dateline_date

#: Events that happen to a place: their target may be the place ("attacked Kismayo").
#: For the others a named target is a party ("accused Moscow"), not where it happened.
PHYSICAL_TYPES = frozenset({"ASSAULT", "COERCE", "MOBILIZE", "RETREAT", "AID", "PROTEST"})


def dateline_country(analysis: Analysis, country_of: Callable[[str], str | None]) -> str | None:
    """The country of the dateline's place: what the report is about, as a hint."""
    dateline = analysis.dateline
    if dateline is None or dateline.place is None:
        return None
    return country_of(dateline.place.text)


def document_anchor(analysis: Analysis) -> dt.date | None:
    """The day relative dates count from.

    A full date in the report's own dateline ("KABUL, March 4, 2024 (Reuters) -")
    comes first: it is the report's date in its own words. Else the document's
    publication date (from its metadata, or `--published` for documents without
    one). A dateline date without a year ("March 4") is not enough on its own.
    """
    dateline = analysis.dateline
    if dateline is not None and dateline.date_text is not None:
        day = dateline_date(dateline.date_text.text)
        if day is not None:
            return day
    return analysis.document.published
