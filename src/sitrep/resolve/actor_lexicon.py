"""The actor dictionary: who an actor phrase names, in which sector and country.

Packaged data (`data/actors/`, docs/resources.md says where each part comes from):

* `organisations.yaml` and `people.yaml`: named actors with aliases, kind
  (organisation or person), sector, country, parent organisation and dated
  affiliations ("President of Russia from 2012-05-07"), written by the sitrep
  authors from public facts;
* `countries.tsv`: country names, demonyms and capitals, built by
  `scripts/build_actors.py` from `pycountry` and `countryinfo` and our list;
* `../actors_generic.tsv`: generic actor words ("police", "troops",
  "lawmakers", "president") and the sector they name.

A user extends or overrides the dictionary with a YAML file of the same shape
(setting `actors_file`); an entry with a packaged entry's `id` replaces it.

`ActorLexicon.describe` reads a phrase in this order:

1. a **named actor** in it wins ("Taliban fighters" are the Taliban). A person
   takes the sector of the affiliation that holds on the report's date
   (Putin is GOV as president, ELI in 1995); without a date, of the latest
   one; "former", "ousted" and "exiled" make a person ELI. Among namesakes
   ("Bush") the one in office on the date, then the one of the phrase's
   country, wins;
2. else the **head word or a title** gives the sector ("Kenyan lawmakers" ->
   LEG; "Defence Secretary X" -> GOV; "Judge X" -> JUD);
3. a **bare country or capital** speaks for its government ("Kenya",
   "Kabul" -> GOV); a bare plural demonym names its people ("Liberians" -> CVL);
4. the **country** is the phrase's own country word ("Kenyan"); else the
   place the sentence puts the actor in ("rebels in the Ivory Coast"), which
   also wins for ethnic groups ("ethnic Albanians in Serbia" live in Serbia);
   else, for state actors only, the document's country;
5. failing exact names, a **fuzzy match** (rapidfuzz) of a capitalised word
   against country names and demonyms catches misspellings ("Ethopia",
   "Afganistan"), and of the phrase against named organisations of the same
   country; both with high thresholds, so that a near miss stays unknown.

Nothing is guessed: an unknown phrase keeps its own words as its name, with no
sector or country.
"""

from __future__ import annotations

import bisect
import csv
import datetime as dt
import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import yaml
from rapidfuzz import fuzz, process

from sitrep.errors import ConfigError
from sitrep.ontology import SECTORS

ActorKind = Literal["organisation", "person"]

_WORD = re.compile(r"[A-Za-zÀ-ÿ0-9][\w'’.\-]*")
_POSSESSIVE = re.compile(r"['’]s?$")
#: Words that make a person a former holder of whatever role the phrase names.
_FORMER = frozenset({"former", "ousted", "exiled", "deposed", "late", "ex", "toppled"})
#: A phrase with one of these names a people, not a state: its country is where it lives.
_ETHNIC = frozenset({"ethnic"})
#: Sectors whose actors, without a country of their own, take the document's.
STATE_SECTORS = frozenset({"COP", "MIL", "GOV", "LEG", "JUD"})
#: How close (0-100) a misspelt country word or organisation must come to count.
FUZZY_COUNTRY = 88
FUZZY_NAME = 92
FUZZY_CACHE = 65_536  # phrases whose fuzzy look-up each process remembers


@dataclass(frozen=True, slots=True)
class ActorInfo:
    """What the dictionary says of an actor phrase."""

    name: str
    sector: str | None = None
    country: str | None = None
    id: str | None = None


@dataclass(frozen=True, slots=True)
class Affiliation:
    """A dated link from an actor to an organisation: a role and the sector it acts in."""

    org: str | None = None
    role: str | None = None
    sector: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None

    def holds_on(self, day: dt.date) -> bool:
        """Whether the affiliation holds on `day` (open ends are unbounded)."""
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True, slots=True)
class ActorEntry:
    """One named actor of the dictionary."""

    id: str
    name: str
    kind: ActorKind
    sector: str | None
    country: str | None = None
    aliases: tuple[str, ...] = ()
    parent: str | None = None
    affiliations: tuple[Affiliation, ...] = ()

    def role_on(self, day: dt.date | None) -> Affiliation | None:
        """The affiliation that gives the actor's sector on `day`.

        On a known day: the one holding then (the latest-starting if several).
        Without a day: the latest-starting of all, as news without a date is
        most often about an actor's best-known, latest office.
        """
        roles = [a for a in self.affiliations if a.sector]
        if day is not None:
            roles = [a for a in roles if a.holds_on(day)]
        return max(roles, key=lambda a: a.start or dt.date.min, default=None)

    def sector_on(self, day: dt.date | None) -> str | None:
        """The sector the actor acts in on `day`."""
        role = self.role_on(day)
        return role.sector if role is not None else self.sector


@dataclass(frozen=True, slots=True)
class CountryNames:
    """How a country is named in news: names, demonyms, capitals."""

    iso3: str
    names: tuple[str, ...]
    demonyms: tuple[str, ...] = ()
    capitals: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class _CountryWord:
    iso3: str
    form: Literal["name", "demonym", "capital"]


def phrase_key(text: str) -> str:
    """The form phrases are matched by: case folded, possessives and "the" dropped."""
    words = [_POSSESSIVE.sub("", w) for w in _WORD.findall(text.replace("-", " "))]
    return " ".join(w.casefold().rstrip(".") for w in words if w.casefold() != "the")


@dataclass
class _Index:
    """Alias and country-word lookups, built once from the entries."""

    aliases: dict[str, list[ActorEntry]] = field(default_factory=dict)
    countries: dict[str, _CountryWord] = field(default_factory=dict)
    longest: int = 1


class ActorLexicon:
    """Lookup of named actors, generic actor words and country words."""

    def __init__(
        self,
        entries: Iterable[ActorEntry],
        generic: Mapping[str, str],
        countries: Iterable[CountryNames],
    ) -> None:
        """`generic`: lemma -> sector (e.g. "lawmaker" -> LEG)."""
        self._entries = {e.id: e for e in entries}
        self._generic = {k.casefold(): v for k, v in generic.items()}
        self._index = _build_index(self._entries.values(), countries)
        self._country_choices = sorted(k for k in self._index.countries if len(k) >= 5)
        self._alias_choices = sorted(k for k in self._index.aliases if len(k) >= 8)
        # Fuzzy look-ups scan every alias; reports repeat their names, so each phrase
        # is looked up once per process (the bound keeps memory flat on any corpus).
        self._closest_alias = functools.lru_cache(maxsize=FUZZY_CACHE)(self._scan_aliases)
        self._closest_country = functools.lru_cache(maxsize=FUZZY_CACHE)(self._scan_countries)

    def __len__(self) -> int:
        return len(self._entries)

    def entry(self, actor_id: str) -> ActorEntry | None:
        """The named actor with `actor_id`, if any."""
        return self._entries.get(actor_id)

    def describe(
        self,
        text: str,
        *,
        head_lemma: str,
        country_hint: str | None = None,
        place_country: str | None = None,
        on: dt.date | None = None,
    ) -> ActorInfo:
        """Canonical name, sector and country of an actor phrase (module docstring).

        `country_hint` is the document's country (for state actors without one);
        `place_country` the country of a place the sentence puts the actor in;
        `on` the report's date, for dated affiliations.
        """
        words = phrase_key(text).split()
        own_country = self._country_in(words)
        named = self._named(words, own_country or place_country, on)
        if named is not None:
            entry, alias = named
            led = self._led_by(entry, alias, head_lemma, on)
            return led if led is not None else self._named_info(entry, words, on)
        whole = self._whole_country(words)
        sector = self._sector(words, head_lemma, whole)
        if _ETHNIC & set(words) or (sector == "CVL" and place_country):
            country = place_country or own_country  # where a people lives, not its origin
        else:
            country = own_country or place_country or self._fuzzy_country(text)
        if country is None and sector in STATE_SECTORS:
            country = country_hint
        return ActorInfo(name=text, sector=sector, country=country)

    def country_of(self, text: str) -> str | None:
        """The ISO3 code of a country name, demonym or capital in `text`, if any."""
        return self._country_in(phrase_key(text).split())

    def is_name(self, text: str) -> bool:
        """Whether `text`, in any case, is the name of a known actor or a country's name,
        demonym or capital: a word that text written in one case has lost the capital of.
        One-word actor names shorter than five letters ("IS", "ANC") and generic words
        are left out, since in lower case they are mostly ordinary words."""
        key = phrase_key(text)
        if key in self._index.countries:
            return True
        if key not in self._index.aliases:
            return False
        return " " in key or (len(key) >= 5 and key not in self._generic)

    def capital_of(self, text: str) -> str | None:
        """The ISO3 code of the country whose capital `text` names ("Kabul" -> AFG)."""
        found = self._index.countries.get(phrase_key(text))
        return found.iso3 if found is not None and found.form == "capital" else None

    # ------------------------------------------------------------ named actors

    def _named(
        self, words: list[str], country: str | None, on: dt.date | None
    ) -> tuple[ActorEntry, str] | None:
        """The named actor in the phrase, and the alias it goes by there."""
        hit = _longest_key(words, self._index.aliases, self._index.longest)
        alias, found = hit if hit is not None else (" ".join(words), None)
        if found is None:
            found = self._prefix_named(words) or self._fuzzy_named(words, country)
        if not found:
            return None
        return max(found, key=lambda e: _namesake_rank(e, country, on)), alias

    def _led_by(
        self, person: ActorEntry, alias: str, head_lemma: str, on: dt.date | None
    ) -> ActorInfo | None:
        """ "Putin's aides", "Sadr's militia": the body the person leads, not the person."""
        head = head_lemma.casefold()
        if person.kind != "person" or not head or head in alias.split():
            return None
        role = person.role_on(on)
        body = self._entries.get(role.org) if role is not None and role.org else None
        if body is None:
            return None
        sector = role.sector if role is not None and role.sector else body.sector
        return ActorInfo(body.name, sector, body.country or person.country, body.id)

    def _named_info(self, entry: ActorEntry, words: list[str], on: dt.date | None) -> ActorInfo:
        former = entry.kind == "person" and bool(_FORMER & set(words))
        titled = _titled_role(entry, words)
        sector = "ELI" if former else (titled.sector if titled else entry.sector_on(on))
        return ActorInfo(name=entry.name, sector=sector, country=entry.country, id=entry.id)

    def _prefix_named(self, words: list[str]) -> list[ActorEntry] | None:
        """A long name cut short: "the Liberation Tigers" for "Liberation Tigers of Tamil
        Eelam". Only for two words or more, and only when one actor's name starts so."""
        phrase = " ".join(words)
        if len(words) < 2 or len(phrase) < 12:
            return None
        start = bisect.bisect_left(self._alias_choices, phrase + " ")
        ids: dict[str, ActorEntry] = {}
        for key in self._alias_choices[start:]:
            if not key.startswith(phrase + " "):
                break
            ids.update((e.id, e) for e in self._index.aliases[key])
        return list(ids.values()) if len(ids) == 1 else None

    def _fuzzy_named(self, words: list[str], country: str | None) -> list[ActorEntry] | None:
        phrase = " ".join(words)
        if len(phrase) < 8 or not self._alias_choices:
            return None
        alias = self._closest_alias(phrase)
        if alias is None:
            return None
        entries = [e for e in self._index.aliases[alias] if country in (None, e.country)]
        return entries or None

    def _scan_aliases(self, phrase: str) -> str | None:
        hit = process.extractOne(
            phrase, self._alias_choices, scorer=fuzz.ratio, score_cutoff=FUZZY_NAME
        )
        return None if hit is None else str(hit[0])

    def _scan_countries(self, word: str) -> str | None:
        hit = process.extractOne(
            word, self._country_choices, scorer=fuzz.ratio, score_cutoff=FUZZY_COUNTRY
        )
        return None if hit is None else str(hit[0])

    # ------------------------------------------------------------ sectors and countries

    def _sector(self, words: list[str], head_lemma: str, whole: _CountryWord | None) -> str | None:
        sector = self._generic.get(head_lemma.casefold()) or self._generic_in(words)
        if sector is not None:
            return sector
        if _ETHNIC & set(words) or self._is_people(words):
            return "CVL"
        if whole is None:
            return None
        if whole.form == "demonym":
            # "Liberians" are people of Liberia; "Afghan" alone names nothing.
            return "CVL" if words[-1].endswith("s") else None
        return "GOV"  # "Kenya", "Kabul": the country or capital speaks for its government

    def _is_people(self, words: list[str]) -> bool:
        """ "Bosnian Serbs", "Iraqi Kurds": nationality words ending in a plural one."""
        if len(words) < 2 or not words[-1].endswith("s"):
            return False
        found = [self._index.countries.get(w) for w in words]
        return all(f is not None and f.form == "demonym" for f in found)

    def _whole_country(self, words: list[str]) -> _CountryWord | None:
        """The country word the whole phrase is, if it is one (misspelt or not)."""
        if not words:
            return None
        found = self._index.countries.get(" ".join(words))
        if found is None and len(words) == 1:
            found = self._fuzzy_country_word(words[0])
        return found

    def _generic_in(self, words: list[str]) -> str | None:
        for size in (2, 1):
            for i in range(len(words) - size, -1, -1):
                found = self._generic.get(_singular(" ".join(words[i : i + size])))
                if found:
                    return found
        return None

    def _country_in(self, words: list[str]) -> str | None:
        found = _longest(words, self._index.countries, 4)
        return found.iso3 if found is not None else None

    def _fuzzy_country(self, text: str) -> str | None:
        """A capitalised word close to a country name or demonym ("Ethopia")."""
        for word in _WORD.findall(text):
            if word[0].isupper():
                found = self._fuzzy_country_word(word.casefold())
                if found is not None:
                    return found.iso3
        return None

    def _fuzzy_country_word(self, word: str) -> _CountryWord | None:
        if len(word) < 5:
            return None  # short words are too close to too much ("Iran" / "Oman")
        key = self._closest_country(word)
        return self._index.countries[key] if key is not None else None


def _titled_role(entry: ActorEntry, words: list[str]) -> Affiliation | None:
    """The latest affiliation whose role the phrase names: "Prime Minister Ismail Haniyeh"
    acts as prime minister, whatever he did later."""
    phrase = f" {' '.join(words)} "
    named = [
        a for a in entry.affiliations
        if a.sector and a.role and f" {phrase_key(a.role)} " in phrase
    ]  # fmt: skip
    return max(named, key=lambda a: a.start or dt.date.min, default=None)


def _namesake_rank(entry: ActorEntry, country: str | None, on: dt.date | None) -> tuple[Any, ...]:
    """Among entries sharing an alias: in office on the day, of the country, then stable."""
    in_office = on is not None and any(a.holds_on(on) for a in entry.affiliations)
    latest = max((a.start or dt.date.min for a in entry.affiliations), default=dt.date.min)
    return (in_office, country is not None and entry.country == country, latest, entry.id)


def _longest(words: list[str], table: Mapping[str, Any], longest: int) -> Any:
    found = _longest_key(words, table, longest)
    return found[1] if found is not None else None


def _longest_key(
    words: list[str], table: Mapping[str, Any], longest: int
) -> tuple[str, Any] | None:
    """The longest run of `words` that `table` knows, and what it holds."""
    for size in range(min(longest, len(words)), 0, -1):
        for i in range(len(words) - size + 1):
            key = " ".join(words[i : i + size])
            found = table.get(key)
            if found is not None:
                return key, found
    return None


def _singular(word: str) -> str:
    if word.endswith("men"):
        return word[:-3] + "man"
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _build_index(entries: Iterable[ActorEntry], countries: Iterable[CountryNames]) -> _Index:
    index = _Index()
    for entry in entries:
        for alias in (entry.name, *entry.aliases):
            key = phrase_key(alias)
            if key:
                index.aliases.setdefault(key, []).append(entry)
    index.longest = max((len(k.split()) for k in index.aliases), default=1)
    for country in countries:
        forms: list[tuple[Literal["name", "demonym", "capital"], tuple[str, ...]]] = [
            ("name", country.names), ("demonym", country.demonyms),
            ("capital", country.capitals),
        ]  # fmt: skip
        for form, names in forms:
            for name in names:
                key = phrase_key(name)
                if key:
                    index.countries.setdefault(key, _CountryWord(country.iso3, form))
    return index


# ---------------------------------------------------------------- reading the data


def entries_from_yaml(text: str, origin: str) -> list[ActorEntry]:
    """Actor entries from YAML text (a list of mappings); `origin` names it in errors."""
    try:
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        raise ConfigError(f"{origin} is not valid YAML: {exc}") from None
    if data is None:
        return []
    if not isinstance(data, list):
        raise ConfigError(f"{origin} must be a YAML list of actors (- id: ..., name: ...)")
    return [_entry(item, origin, n) for n, item in enumerate(data, start=1)]


def _entry(item: Any, origin: str, n: int) -> ActorEntry:
    where = f"{origin}, actor {n}"
    if not isinstance(item, dict) or not item.get("id") or not item.get("name"):
        raise ConfigError(f"{where}: each actor needs at least `id` and `name`")
    kind = item.get("kind", "organisation")
    if kind not in ("organisation", "person"):
        raise ConfigError(f"{where}: kind must be organisation or person, not {kind!r}")
    return ActorEntry(
        id=str(item["id"]),
        name=str(item["name"]),
        kind=kind,
        sector=_sector_code(item.get("sector"), where),
        country=str(item["country"]).upper() if item.get("country") else None,
        aliases=tuple(str(a) for a in item.get("aliases") or ()),
        parent=str(item["parent"]) if item.get("parent") else None,
        affiliations=tuple(_affiliation(a, where) for a in item.get("affiliations") or ()),
    )


def _sector_code(value: Any, where: str) -> str | None:
    if value is None:
        return None
    code = str(value).upper()
    if code not in SECTORS:
        raise ConfigError(f"{where}: unknown sector {value!r}; choose one of {', '.join(SECTORS)}")
    return code


def _affiliation(item: Any, where: str) -> Affiliation:
    if not isinstance(item, dict):
        raise ConfigError(
            f"{where}: each affiliation is a mapping (org, role, sector, from, until)"
        )
    return Affiliation(
        org=str(item["org"]) if item.get("org") else None,
        role=str(item["role"]) if item.get("role") else None,
        sector=_sector_code(item.get("sector"), where),
        start=_day(item.get("from"), where),
        end=_day(item.get("until"), where),
    )


def _day(value: Any, where: str) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ConfigError(f"{where}: {value!r} is not a date (YYYY-MM-DD)") from None


def countries_from_tsv(text: str) -> list[CountryNames]:
    """Country words from `countries.tsv` (iso3, names, demonyms, capitals; `|`-separated)."""
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    rows = list(csv.reader(lines[1:], delimiter="\t"))
    return [
        CountryNames(iso3, *(tuple(x for x in col.split("|") if x) for col in rest))
        for iso3, *rest in ((row + [""] * 4)[:4] for row in rows)
    ]


def _data(*parts: str) -> str:
    return resources.files("sitrep").joinpath("data", *parts).read_text("utf-8")


def _generic_words() -> dict[str, str]:
    lines = [line for line in _data("actors_generic.tsv").splitlines() if not line.startswith("#")]
    return {row[0]: row[1] for row in csv.reader(lines[1:], delimiter="\t") if len(row) >= 2}


def _merged(packaged: Sequence[ActorEntry], own: Sequence[ActorEntry]) -> list[ActorEntry]:
    """Packaged entries, with the user's replacing those of the same id."""
    replaced = {e.id for e in own}
    return [e for e in packaged if e.id not in replaced] + list(own)


@functools.cache
def load_actor_lexicon(user_file: str | None = None) -> ActorLexicon:
    """The packaged dictionary, extended by the user's YAML file if given; once per process."""
    packaged = [
        entry
        for name in ("organisations.yaml", "people.yaml")
        for entry in entries_from_yaml(_data("actors", name), f"sitrep data/actors/{name}")
    ]
    own: list[ActorEntry] = []
    if user_file:
        path = Path(user_file)
        if not path.is_file():
            raise ConfigError(f"actors_file {user_file!r} does not exist; give a YAML file")
        own = entries_from_yaml(path.read_text(encoding="utf-8"), user_file)
    countries = countries_from_tsv(_data("actors", "countries.tsv"))
    return ActorLexicon(_merged(packaged, own), _generic_words(), countries)
