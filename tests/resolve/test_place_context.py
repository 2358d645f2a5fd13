"""`sitrep.resolve.place_context`: the document decides among same-named places."""

from __future__ import annotations

import re

import pytest

from sitrep.resolve.gazetteer import GazetteerEntry, place_key, prior
from sitrep.resolve.place_context import Mention, resolve_mentions


def _entry(name: str, kind: str, country: str, admin1: str | None, lat: float, lon: float,
           population: int, ident: int) -> GazetteerEntry:  # fmt: skip
    return GazetteerEntry(ident, name, kind, country, admin1, lat, lon, population)


PLACES = [
    _entry("Alexandria", "city", "EGY", "Alexandria", 31.20, 29.92, 3_800_000, 1),
    _entry("Alexandria", "city", "USA", "Louisiana", 31.31, -92.45, 47_000, 2),
    _entry("Alexandria", "city", "USA", "Virginia", 38.80, -77.05, 150_000, 3),
    _entry("Louisiana", "admin1", "USA", "Louisiana", 30.9, -92.0, 4_600_000, 4),
    _entry("Virginia", "admin1", "USA", "Virginia", 37.5, -78.8, 8_600_000, 5),
    _entry("Pineville", "city", "USA", "Louisiana", 31.32, -92.43, 14_000, 6),
    _entry("Egypt", "country", "EGY", None, 26.0, 30.0, 100_000_000, 7),
    _entry("Cairo", "city", "EGY", "Cairo", 30.06, 31.25, 9_000_000, 8),
    _entry("Hama", "city", "SYR", "Hama", 35.13, 36.75, 460_000, 9),
    _entry("Hama", "city", "JPN", "Tokyo", 35.6, 139.7, 1_000, 10),
    _entry("Syria", "country", "SYR", None, 35.0, 38.0, 17_000_000, 11),
    _entry("Georgia", "country", "GEO", None, 42.0, 43.5, 3_700_000, 12),
    _entry("Georgia", "admin1", "USA", "Georgia", 32.7, -83.4, 10_000_000, 13),
    _entry("Atlanta", "city", "USA", "Georgia", 33.75, -84.39, 500_000, 14),
]


class FakeGazetteer:
    """The places above, looked up by normalised name."""

    def candidates(self, name: str) -> list[GazetteerEntry]:
        return [p for p in PLACES if place_key(p.name) == place_key(name)]


def _resolve(text: str, dateline: str | None = None, actors: tuple[str, ...] = ()) -> list[str]:
    """The chosen place of every capitalised name in `text`, as 'Name/ISO3/admin1'."""
    gazetteer = FakeGazetteer()
    mentions = [
        Mention(m.group(), m.start(), m.end())
        for m in re.finditer(r"[A-Z][a-z]+", text)
        if gazetteer.candidates(m.group())
    ]
    chosen = resolve_mentions(
        mentions, gazetteer, text=text, dateline_country=dateline, actor_countries=actors
    )
    return [f"{e.name}/{e.country}/{e.admin1}" if e else "?" for e in chosen]


@pytest.mark.parametrize(
    ("text", "dateline", "actors", "first"),
    [
        # Alone, a name is its biggest namesake.
        ("Police in Alexandria arrested two men.", None, (), "Alexandria/EGY/Alexandria"),
        # The area named right after it says which.
        ("Police in Alexandria, Louisiana arrested two men.", None, (), "Alexandria/USA/Louisiana"),
        ("A fire in Alexandria, Virginia, killed one.", None, (), "Alexandria/USA/Virginia"),
        # The area named anywhere in the document helps too.
        ("Alexandria police said the Louisiana man was held.", None, (), "Alexandria/USA/Louisiana"),
        # So does a nearby place the document names without doubt.
        ("A man from Alexandria was shot in Pineville.", None, (), "Alexandria/USA/Louisiana"),
        # The country of the dateline, of other places and of the actors.
        ("Protests spread to Alexandria.", "EGY", (), "Alexandria/EGY/Alexandria"),
        ("Shelling hit Hama on Monday.", None, (), "Hama/SYR/Hama"),
        ("Shelling hit Hama and villages in Syria.", None, (), "Hama/SYR/Hama"),
        ("Georgia said on Monday it would send troops.", None, (), "Georgia/GEO/None"),
        ("Georgia police in Atlanta said on Monday.", None, (), "Georgia/USA/Georgia"),
        ("Georgia lawmakers met.", None, ("USA", "USA", "USA", "USA", "USA"), "Georgia/USA/Georgia"),
    ],
)  # fmt: skip
def test_the_document_decides(
    text: str, dateline: str | None, actors: tuple[str, ...], first: str
) -> None:
    assert _resolve(text, dateline, actors)[0] == first


def test_an_unknown_name_stays_unknown_and_does_not_empty_the_others() -> None:
    gazetteer = FakeGazetteer()
    mentions = [Mention("Xyzzy", 0, 5), Mention("Cairo", 10, 15)]
    chosen = resolve_mentions(mentions, gazetteer, text="Xyzzy and Cairo")
    assert chosen[0] is None
    assert chosen[1] is not None
    assert chosen[1].country == "EGY"


@pytest.mark.parametrize(
    ("better", "worse"),
    [
        (PLACES[6], PLACES[7]),  # a country over a city
        (PLACES[0], PLACES[2]),  # a bigger city over a smaller one
        (PLACES[11], PLACES[12]),  # a country over an admin1 area
    ],
)
def test_prior(better: GazetteerEntry, worse: GazetteerEntry) -> None:
    assert prior(better, place_key(better.name)) > prior(worse, place_key(worse.name))
