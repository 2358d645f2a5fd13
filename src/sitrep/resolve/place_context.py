"""Choosing among same-named places with the whole document as context.

There are dozens of Alexandrias and Springfields. On its own, a name goes to its
biggest or most important namesake; in a document, the other places and
countries it mentions decide. `resolve_mentions` reads every place mention of
a document in two passes:

1. **What the document is about.** Countries named outright, first-level areas
   named outright, places with only one namesake (or one that dwarfs the
   others), the dateline's country and the countries of the actors named
   ("Syrian forces") each add weight to their country; areas are remembered.
2. **Each mention** then goes to the namesake with the best score: its prior
   (countries over regions over cities over areas, then population:
   `places.prior`) plus the share of the document's weight its country holds, a bonus
   when its first-level area is named too ("Alexandria ... Louisiana"), a larger
   one when the text says so right after the name ("Alexandria, Louisiana",
   "Hama, Syria"), and a bonus for lying near the document's sure places.

The weights are documented constants below; `tests/resolve/test_place_context.py` pins
the choices they make.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from sitrep.resolve.gazetteer import GazetteerEntry, cities_first, haversine_km, place_key, prior

#: The document's weight for a country, by what said so.
WEIGHT_DATELINE = 3.0
WEIGHT_COUNTRY_NAMED = 2.0
WEIGHT_AREA_NAMED = 1.0
WEIGHT_SURE_PLACE = 1.0
WEIGHT_ACTOR = 0.5
#: Score bonuses of a candidate.
BONUS_COUNTRY_SHARE = 5.0  # times the share of the document's weight its country holds
BONUS_AREA_NAMED = 2.0  # its first-level area is named in the document
BONUS_APPOSITION = 6.0  # "Alexandria, Louisiana": the words right after say where it is
BONUS_NEAR = 2.0  # within NEAR_KM of a place the document names without doubt
BONUS_CAPITAL = 1.5  # the national capital that goes by the name ("Washington")
NEAR_KM = 150.0
#: A namesake this many times bigger than the next is sure without context.
DOMINANT = 10.0

#: US state abbreviations in news style ("Gainesville, Va."), read only right
#: after a place name, where they cannot be anything else.
STATE_ABBREVIATIONS = {
    "ala": "Alabama", "ariz": "Arizona", "ark": "Arkansas", "calif": "California",
    "colo": "Colorado", "conn": "Connecticut", "del": "Delaware", "fla": "Florida",
    "ga": "Georgia", "ill": "Illinois", "ind": "Indiana", "kan": "Kansas", "kans": "Kansas",
    "ky": "Kentucky", "la": "Louisiana", "md": "Maryland", "mass": "Massachusetts",
    "mich": "Michigan", "minn": "Minnesota", "miss": "Mississippi", "mo": "Missouri",
    "mont": "Montana", "neb": "Nebraska", "nebr": "Nebraska", "nev": "Nevada",
    "nh": "New Hampshire", "nj": "New Jersey", "nm": "New Mexico", "ny": "New York",
    "nc": "North Carolina", "nd": "North Dakota", "okla": "Oklahoma", "ore": "Oregon",
    "pa": "Pennsylvania", "ri": "Rhode Island", "sc": "South Carolina", "sd": "South Dakota",
    "tenn": "Tennessee", "tex": "Texas", "vt": "Vermont", "va": "Virginia",
    "wash": "Washington", "wva": "West Virginia", "wis": "Wisconsin", "wyo": "Wyoming",
    "dc": "District of Columbia",
}  # fmt: skip

_APPOSITION = re.compile(r"\s*,\s*((?:[A-Z][\w'’.-]*)(?:[ -][A-Z][\w'’.-]*){0,3})")


class Candidates(Protocol):
    """What this module needs of a gazetteer: the namesakes of a name."""

    def candidates(self, name: str) -> list[GazetteerEntry]:
        """Every place that goes by `name`."""
        ...


@dataclass(frozen=True, slots=True)
class Mention:
    """A place name in the document: its words and where they are."""

    text: str
    start: int
    end: int


@dataclass
class _Context:
    """What the document is about: weight per country, areas named, sure points.

    `own` remembers what each mention added, so that a name is never its own
    evidence ("Georgia" alone must not make the document Georgian).
    """

    weights: defaultdict[str, float]
    areas: set[tuple[str, str]]
    # Each place once (a dict keeps their order): a report naming one town a thousand
    # times must not make every later distance check a thousand times longer.
    sure: dict[tuple[float, float], None]
    own: dict[int, tuple[str, float]]

    def share(self, country: str | None, mention: int) -> float:
        """The share of the weight `country` holds, leaving out what `mention` added."""
        if not country:
            return 0.0
        mine, added = self.own.get(mention, ("", 0.0))
        total = sum(self.weights.values()) - added
        weight = self.weights.get(country, 0.0) - (added if mine == country else 0.0)
        return weight / total if total > 0 else 0.0


def resolve_mentions(
    mentions: Sequence[Mention],
    gazetteer: Candidates,
    *,
    text: str,
    dateline_country: str | None = None,
    actor_countries: Iterable[str] = (),
    capital_of: Callable[[str], str | None] | None = None,
) -> list[GazetteerEntry | None]:
    """The chosen place for each mention (None when the gazetteer knows no such name).

    `capital_of` names the country whose capital a name is ("Washington" -> USA).
    """
    found = [cities_first(gazetteer.candidates(m.text)) for m in mentions]
    context = _context(mentions, found, dateline_country, actor_countries)
    choose = _Chooser(context, gazetteer, text, capital_of or _no_capital)
    return [
        choose(index, m, options) if options else None
        for index, (m, options) in enumerate(zip(mentions, found, strict=True))
    ]


def _no_capital(_name: str) -> str | None:
    return None


def _context(
    mentions: Sequence[Mention],
    found: Sequence[list[GazetteerEntry]],
    dateline_country: str | None,
    actor_countries: Iterable[str],
) -> _Context:
    context = _Context(defaultdict(float), set(), {}, {})
    if dateline_country:
        context.weights[dateline_country] += WEIGHT_DATELINE
    for country in actor_countries:
        context.weights[country] += WEIGHT_ACTOR
    for index, (mention, options) in enumerate(zip(mentions, found, strict=True)):
        sure = _sure(options, place_key(mention.text))
        if sure is None or not sure.country:
            continue
        weight = {"country": WEIGHT_COUNTRY_NAMED, "admin1": WEIGHT_AREA_NAMED}.get(
            sure.kind, WEIGHT_SURE_PLACE
        )
        context.weights[sure.country] += weight
        context.own[index] = (sure.country, weight)
        if sure.admin1 or sure.kind == "admin1":
            context.areas.add((sure.country, place_key(sure.admin1 or sure.name)))
        if sure.kind not in ("country", "admin1") and sure.lat is not None and sure.lon is not None:
            context.sure[(sure.lat, sure.lon)] = None
    return context


def _sure(options: list[GazetteerEntry], key: str) -> GazetteerEntry | None:
    """The one namesake a name can mean without context, if there is one: the only
    one, a country, or one that dwarfs the next ("Baghdad"); always one that goes
    by that very name (an alternate name of some other town is no evidence)."""
    if not options:
        return None
    first, *rest = sorted(options, key=lambda e: prior(e, key), reverse=True)
    if place_key(first.name) != key:
        return None
    if not rest:
        return first
    if first.kind == "country":  # unless a state or province shares the name (Georgia)
        return None if any(e.kind == "admin1" for e in rest) else first
    return first if first.population >= DOMINANT * max(rest[0].population, 1) else None


@dataclass(frozen=True)
class _Chooser:
    """Scores the namesakes of each mention in one document's context."""

    context: _Context
    gazetteer: Candidates
    text: str
    capital_of: Callable[[str], str | None]

    def __call__(
        self, index: int, mention: Mention, options: list[GazetteerEntry]
    ) -> GazetteerEntry:
        key = place_key(mention.text)
        where = self._apposition(mention)
        capital = self.capital_of(mention.text)
        return max(options, key=lambda entry: self._score(entry, key, index, where, capital))

    def _score(
        self,
        entry: GazetteerEntry,
        key: str,
        index: int,
        where: list[GazetteerEntry],
        capital: str | None,
    ) -> float:
        context = self.context
        value = prior(entry, key) + BONUS_COUNTRY_SHARE * context.share(entry.country, index)
        if (
            entry.country
            and entry.admin1
            and (entry.country, place_key(entry.admin1)) in (context.areas)
        ):
            value += BONUS_AREA_NAMED
        if where and _inside(entry, where):
            value += BONUS_APPOSITION
        if capital is not None and entry.kind == "city" and entry.country == capital:
            value += BONUS_CAPITAL
        if context.sure and entry.lat is not None and entry.lon is not None:
            nearest = min(haversine_km(entry.lat, entry.lon, lat, lon) for lat, lon in context.sure)
            value += BONUS_NEAR if 0 < nearest <= NEAR_KM else 0.0
        return value

    def _apposition(self, mention: Mention) -> list[GazetteerEntry]:
        """What "Name, Where" says Where is: the areas and countries called Where."""
        match = _APPOSITION.match(self.text, mention.end)
        if match is None:
            return []
        words = match.group(1)
        words = STATE_ABBREVIATIONS.get(place_key(words).replace(" ", ""), words)
        found = self.gazetteer.candidates(words)
        return [e for e in found if e.kind in ("admin1", "country")]


def _inside(entry: GazetteerEntry, where: list[GazetteerEntry]) -> bool:
    for area in where:
        if area.kind == "country" and entry.country == area.country and entry.kind != "country":
            return True
        same_area = entry.admin1 and place_key(entry.admin1) == place_key(area.name)
        if area.kind == "admin1" and entry.country == area.country and same_area:
            return True
    return False
