"""PLOVER event types and modes, CAMEO codes, and actor sectors, as data.

Facts about two public vocabularies: PLOVER (Open Event Data Alliance; the
2021 draft 0.8 manual and its CAMEO-to-PLOVER table) and CAMEO (Gerner,
Schrodt et al.). No logic lives here beyond lookups.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

EVENT_TYPES: Final = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
)

#: For each type, its modes and the CAMEO code each one maps to. The key None
#: is the type without a mode (its root CAMEO code).
MODES: Final[Mapping[str, Mapping[str | None, str | None]]] = MappingProxyType(
    {
        "AGREE": {None: "030", "sign": "057", "settle": "037", "ceasefire": "057"},
        "CONSULT": {
            None: "040",
            "phone": "041",
            "visit": "042",
            "third-party": "044",
            "mediate": "045",
            "negotiate": "046",
        },
        "SUPPORT": {
            None: "051",
            "praise": "051",
            "defend": "052",
            "recognize": "054",
            "apologize": "055",
            "forgive": "056",
        },
        "CONCEDE": {None: "080", "policy": "0832", "rights": "0833"},
        "COOPERATE": {
            None: "060",
            "economic": "061",
            "military": "062",
            "legal": "063",
            "intelligence": "064",
        },
        "AID": {
            None: "070",
            "economic": "071",
            "military": "072",
            "humanitarian": "073",
            "peacekeeping": "074",
            "asylum": "075",
        },
        "RETREAT": {
            None: "084",
            "release": "0841",
            "return": "0842",
            "ease": "085",
            "access": "086",
            "disarm": "087",
            "ceasefire": "0871",
            "withdraw": "0872",
            "resign": None,
            "cancel": None,
        },
        "REQUEST": {None: "100", "assist": "103", "change": "104", "yield": "105", "meet": "106"},
        "ACCUSE": {
            None: "112",
            "disapprove": "111",
            "allege": "112",
            "investigate": "090",
            "lawsuit": "115",
        },
        "REJECT": {
            None: "120",
            "assist": "121",
            "change": "123",
            "yield": "124",
            "meet": "125",
            "veto": "129",
        },
        "THREATEN": {
            None: "130",
            "restrict": "1312",
            "relations": "1313",
            "ban": "132",
            "violence": "138",
            "ultimatum": "139",
        },
        "PROTEST": {
            None: "140",
            "demo": "141",
            "hunger": "142",
            "boycott": "143",
            "obstruct": "144",
            "riot": "145",
        },
        "SANCTION": {
            None: "160",
            "withdraw": "161",
            "discontinue": "162",
            "expel": "166",
            "ban": None,
            "convict": None,
        },
        "MOBILIZE": {
            None: "150",
            "police": "153",
            "troops": "154",
            "militia": None,
            "weapons": None,
        },
        "COERCE": {
            None: "170",
            "seize": "171",
            "restrict": "191",
            "ban": "1722",
            "curfew": "1723",
            "martial-law": "1724",
            "arrest": "173",
            "deport": "174",
            "censor": "1721",
        },
        "ASSAULT": {
            None: "190",
            "abduct": "181",
            "beat": "182",
            "sexual": "1821",
            "torture": "1822",
            "suicide-attack": "1831",
            "explosives": "183",
            "assassinate": "186",
            "firearms": "193",
            "heavy-weapons": "194",
            "aerial": "195",
            "massacre": "202",
            "cleansing": "203",
            "cbrn": "204",
            "destroy": "1712",
        },
    }
)

SECTORS: Final = MappingProxyType(
    {
        "GOV": "government",
        "MIL": "military",
        "COP": "police",
        "REB": "armed non-state group",
        "PTY": "political party",
        "OPP": "opposition",
        "CVL": "civilians",
        "ELI": "individual elite",
        "IGO": "intergovernmental organisation",
        "NGO": "non-governmental organisation",
        "MED": "media",
        "REL": "religious",
        "JUD": "judiciary",
        "LEG": "legislature",
        "BUS": "business",
        "CRM": "criminal",
        "UNK": "unknown",
    }
)

STATUSES: Final = (
    "occurred",
    "planned",
    "threatened",
    "cancelled",
    "negated",
    "denied",
    "hypothetical",
)

COUNT_KINDS: Final = (
    "killed",
    "wounded",
    "captured",
    "arrested",
    "abducted",
    "missing",
    "displaced",
)


def cameo_code(event_type: str, mode: str | None) -> str | None:
    """The CAMEO code for a PLOVER type and mode, or None where none maps.

    A mode without a CAMEO equivalent gives None rather than the type's root
    code, so that no code claims more than the text said.
    """
    modes = MODES[event_type]
    if mode in modes:
        return modes[mode]
    return modes[None] if mode is None else None


#: Words that ask rather than demand: CAMEO files their requests under 02 APPEAL,
#: "demand" and "insist" under 10 DEMAND (both are PLOVER's REQUEST).
APPEALING = frozenset("urge appeal implore ask call plead beg request invite".split())


def appeal_code(code: str | None) -> str | None:
    """The CAMEO code of an appeal for what a DEMAND code asks: 10x -> 02x ("urged
    talks", 106 -> 026), the two roots' codes mirroring each other."""
    if code is None or not code.startswith("10"):
        return code
    return "02" + code[2:]


def is_mode(event_type: str, mode: str | None) -> bool:
    """Whether `mode` is a mode of `event_type` (None always is)."""
    return mode is None or (event_type in MODES and mode in MODES[event_type])
