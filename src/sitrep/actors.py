"""The packaged actor lexicon: canonical name, sector and country of an actor phrase.

Three small tables in `data/`, written by the sitrep authors from public facts:

* `actors_named.tsv`: named organisations (armed groups, international
  organisations, NGOs) with their aliases, sector and country;
* `actors_generic.tsv`: generic words ("police", "troops", "lawmakers") and
  the sector they name;
* `demonyms.tsv`: country names, demonyms and capitals standing for their
  government ("Kenyan", "Kabul"), to ISO 3166-1 alpha-3.

`describe` reads a phrase in that order: a named actor wins ("Taliban
fighters" is the Taliban); else the phrase's head word gives the sector and a
demonym or country name in the phrase gives the country ("Kenyan lawmakers"
-> LEG, KEN); a bare country name is its government ("Kenya" -> GOV, KEN).
Nothing is guessed: an unknown phrase keeps its own words as its name and has
no sector or country. Full resolution (people, affiliations over time, fuzzy
matching, user dictionaries) is issue 4's work.
"""

from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass
from importlib import resources
from typing import TypeVar

T = TypeVar("T")

_WORD = re.compile(r"[A-Za-zÀ-ÿ][\w'’.\-]*")
_POSSESSIVE = re.compile(r"['’]s?$")


@dataclass(frozen=True, slots=True)
class ActorInfo:
    """What the lexicon knows of an actor phrase."""

    name: str
    sector: str | None = None
    country: str | None = None


def _key(text: str) -> str:
    words = [_POSSESSIVE.sub("", w) for w in _WORD.findall(text)]
    return " ".join(w.casefold() for w in words if w.casefold() != "the")


class ActorLexicon:
    """Lookup of named actors, generic actor words and country words."""

    def __init__(
        self,
        named: dict[str, ActorInfo],
        generic: dict[str, str],
        countries: dict[str, str],
    ) -> None:
        """`named`: alias key -> info; `generic`: lemma -> sector; `countries`: word key -> ISO3."""
        self._named = named
        self._generic = generic
        self._countries = countries
        self._longest_named = max((len(k.split()) for k in named), default=1)
        self._longest_country = max((len(k.split()) for k in countries), default=1)

    def describe(self, text: str, *, head_lemma: str, country_hint: str | None = None) -> ActorInfo:
        """Canonical name, sector and country of an actor phrase (see the module docstring)."""
        words = _key(text).split()
        named = self._find(words, self._named, self._longest_named)
        if named is not None:
            return named
        country = self._find(words, self._countries, self._longest_country)
        sector = self._generic.get(head_lemma.casefold()) or self._generic_in(words)
        if sector is None and " ".join(words) in self._countries:
            sector = "GOV"  # "Kenya", "Kabul": the country or capital speaks for its government
        return ActorInfo(name=text, sector=sector, country=country or _hint(sector, country_hint))

    def country_of(self, text: str) -> str | None:
        """The ISO3 code of a country name, demonym or capital in `text`, if any."""
        return self._find(_key(text).split(), self._countries, self._longest_country)

    def _generic_in(self, words: list[str]) -> str | None:
        for size in (2, 1):
            for i in range(len(words) - size, -1, -1):
                found = self._generic.get(_singular(" ".join(words[i : i + size])))
                if found:
                    return found
        return None

    @staticmethod
    def _find(words: list[str], table: dict[str, T], longest: int) -> T | None:
        for size in range(min(longest, len(words)), 0, -1):
            for i in range(len(words) - size + 1):
                found = table.get(" ".join(words[i : i + size]))
                if found is not None:
                    return found
        return None


def _hint(sector: str | None, hint: str | None) -> str | None:
    """A document's country stands in only for state actors ("police" in a Kabul report)."""
    return hint if sector in {"COP", "MIL", "GOV", "LEG", "JUD"} else None


def _singular(word: str) -> str:
    if word.endswith("men"):
        return word[:-3] + "man"
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _rows(filename: str) -> list[list[str]]:
    text = resources.files("sitrep").joinpath("data", filename).read_text("utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    return [(row + [""] * 4)[:4] for row in csv.reader(lines[1:], delimiter="\t")]


@functools.cache
def load_actor_lexicon() -> ActorLexicon:
    """The packaged actor lexicon, read once per process."""
    named: dict[str, ActorInfo] = {}
    for name, sector, country, aliases in _rows("actors_named.tsv"):
        info = ActorInfo(name=name, sector=sector or None, country=country or None)
        for alias in (name, *aliases.split("|")):
            if alias:
                named.setdefault(_key(alias), info)
    generic = {lemma.casefold(): sector for lemma, sector, _, _ in _rows("actors_generic.tsv")}
    countries: dict[str, str] = {}
    for iso3, names, _, _ in _rows("demonyms.tsv"):
        for name in names.split("|"):
            countries.setdefault(_key(name), iso3)
    return ActorLexicon(named, generic, countries)
