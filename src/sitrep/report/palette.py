"""Colours of the report: one per PLOVER type, the same on the map, timeline and list.

Conflictual types are warm (reds, oranges, purples) and cooperative ones cool
(blues, greens), so a map reads at a glance; neighbours in the list differ
enough in lightness to tell apart for most colour-blind readers.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Final

TYPE_COLOURS: Final = MappingProxyType(
    {
        "ASSAULT": "#b2182b",
        "COERCE": "#e66101",
        "MOBILIZE": "#f1a340",
        "SANCTION": "#8c510a",
        "PROTEST": "#762a83",
        "THREATEN": "#c51b7d",
        "REJECT": "#de77ae",
        "ACCUSE": "#9970ab",
        "REQUEST": "#5aae61",
        "RETREAT": "#80cdc1",
        "AID": "#1b7837",
        "COOPERATE": "#35978f",
        "CONCEDE": "#a6dba0",
        "SUPPORT": "#4393c3",
        "CONSULT": "#92c5de",
        "AGREE": "#2166ac",
    }
)

#: For a type not in the table (a newer vocabulary), so nothing fails to draw.
OTHER_COLOUR: Final = "#777777"


def type_colour(event_type: str) -> str:
    """The colour that stands for `event_type` everywhere in the report."""
    return TYPE_COLOURS.get(event_type, OTHER_COLOUR)
