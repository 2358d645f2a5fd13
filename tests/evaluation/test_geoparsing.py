"""The geoparsing scorer: GeoWebNews/LGL reading, span matching and distances.

Tiny hand-written XML in both corpora's formats; no gold data, no spaCy.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sitrep.evaluation import geoparsing as geo
from sitrep.evaluation.core import Report
from sitrep.model import Place

GWN = """<?xml version="1.0" ?>
<articles>
  <article file="7">
    <title>A title</title>
    <text>Gunmen struck Kabul. Turkey said Syrian forces moved.</text>
    <toponyms>
      <toponym><extractedName>Kabul</extractedName><type>Literal</type>
        <start>14</start><end>19</end><latitude>34.5</latitude><longitude>69.2</longitude>
      </toponym>
      <toponym><extractedName>Turkey</extractedName><type>Metonymic</type>
        <start>21</start><end>27</end><latitude>39.0</latitude><longitude>35.0</longitude>
      </toponym>
      <toponym><extractedName>Syrian</extractedName><type>Demonym</type>
        <start>33</start><end>39</end>
      </toponym>
      <toponym><extractedName>forces</extractedName><type>Non_Lit_Expression</type>
        <start>40</start><end>46</end>
      </toponym>
      <toponym><extractedName>Gunmen</extractedName><type>Literal</type>
        <start>-5</start><end>-1</end>
      </toponym>
    </toponyms>
  </article>
  <article file="8"><title>B</title><text>Nothing.</text><toponyms /></article>
</articles>
"""

LGL = """<?xml version="1.0" encoding="utf-8"?>
<articles>
  <article docid="41">
    <title>Fire</title>
    <text><![CDATA[Fire in Alexandria. Smoke over Rapides Parish.]]></text>
    <toponyms count="2">
      <toponym><start>8</start><end>18</end><phrase>Alexandria</phrase>
        <gaztag geonameid="4314550"><name>Alexandria</name><lat>31.3113</lat><lon>-92.4451</lon>
        </gaztag>
      </toponym>
      <toponym><start>31</start><end>45</end><phrase>Rapides Parish</phrase></toponym>
    </toponyms>
  </article>
</articles>
"""


def _gwn(tmp_path: Path) -> list[geo.Article]:
    path = tmp_path / "GWN.xml"
    path.write_text(GWN, encoding="utf-8")
    return geo.read_gwn(path)


def _mention(text: str, at: int, lat: float | None = None, lon: float | None = None) -> geo.Mention:
    return geo.Mention(at, at + len(text), text, "GPE", text if lat is not None else None, lat, lon)


def test_read_gwn_keeps_kinds_and_drops_misaligned_and_expressions(tmp_path: Path) -> None:
    first, second = _gwn(tmp_path)
    assert first.doc_id == "gwn-7"
    assert [(t.name, t.kind) for t in first.toponyms] == [
        ("Kabul", "gold"),
        ("Turkey", "skip"),
        ("Syrian", "skip"),
    ]
    assert first.misaligned == 1
    assert first.toponyms[0].lat == pytest.approx(34.5)
    assert first.toponyms[2].lat is None
    assert second.toponyms == ()


def test_read_limits_per_corpus(tmp_path: Path) -> None:
    path = tmp_path / "GWN.xml"
    path.write_text(GWN, encoding="utf-8")
    assert len(geo.read_gwn(path, limit=1)) == 1


def test_read_lgl_coordinates_from_gaztag(tmp_path: Path) -> None:
    path = tmp_path / "lgl.xml"
    path.write_text(LGL, encoding="utf-8")
    (article,) = geo.read_lgl(path)
    assert article.doc_id == "lgl-41"
    alexandria, parish = article.toponyms
    assert alexandria.lat == pytest.approx(31.3113)
    assert alexandria.lon == pytest.approx(-92.4451)
    assert parish.kind == "gold"
    assert parish.lat is None


def test_haversine_known_distance() -> None:
    # One degree of latitude is about 111.2 km anywhere.
    assert geo.haversine_km(10.0, 20.0, 11.0, 20.0) == pytest.approx(111.2, abs=0.2)
    assert geo.haversine_km(5.0, 5.0, 5.0, 5.0) == 0.0


def test_compare_counts_matches_skips_associative_and_measures_distance(tmp_path: Path) -> None:
    article = _gwn(tmp_path)[0]
    report = Report("geoparsing")
    distances: list[float] = []
    found = [
        _mention("Kabul", 14, 34.6, 69.2),  # right, about 11 km off
        _mention("Turkey", 21, 39.0, 35.0),  # metonym: skipped
        _mention("struck", 7),  # no gold: false positive
    ]
    geo.compare_article(report, "gwn", article, found, distances)
    names = report.tallies["gwn_names"]
    assert (names.tp, names.fp, names.fn) == (1, 1, 0)
    assert report.extra["gwn_associative_skipped"] == 1
    assert report.accuracies["gwn_161km"].value == 1.0
    assert distances == [pytest.approx(11.1, abs=0.2)]


def test_compare_without_coordinates_counts_only_in_resolved(tmp_path: Path) -> None:
    article = _gwn(tmp_path)[0]
    report = Report("geoparsing")
    geo.compare_article(report, "gwn", article, [_mention("Kabul", 14)], [])
    assert "gwn_161km" not in report.accuracies
    resolved = report.accuracies["gwn_resolved_161km"]
    assert (resolved.correct, resolved.total) == (0, 1)
    assert report.errors[0].got == "no coordinates"


def test_compare_far_away_is_wrong_and_missing_gold_is_a_miss(tmp_path: Path) -> None:
    article = _gwn(tmp_path)[0]
    report = Report("geoparsing")
    geo.compare_article(report, "gwn", article, [_mention("Kabul", 14, 40.0, 69.2)], [])
    assert report.accuracies["gwn_161km"].value == 0.0
    empty = Report("geoparsing")
    geo.compare_article(empty, "gwn", article, [], [])
    assert empty.tallies["gwn_names"].fn == 1


def test_mentions_are_the_resolved_places() -> None:
    places = [
        Place("Kabul", "Kabul", 14, 19, lat=34.5, lon=69.2, precision="city"),
        Place("Vague", "Vague", 30, 35),
    ]
    found = geo.mentions(places)
    assert [(m.text, m.name, m.lat) for m in found] == [
        ("Kabul", "Kabul", 34.5),
        ("Vague", None, None),
    ]


def test_outside_coded_counts_gold_outside_passages(tmp_path: Path) -> None:
    article = _gwn(tmp_path)[0]
    assert geo.outside_coded(article, [(0, 10)]) == 1  # Kabul at 14-19 is not parsed
    assert geo.outside_coded(article, [(0, len(article.text))]) == 0
