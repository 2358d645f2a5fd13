"""The re3d scorer: reading mongoexport files, gold selection and overlap matching.

A tiny hand-written fixture in re3d's on-disk format (one folder per source,
JSON Lines as mongoexport writes them); sitrep's output is faked with
hand-built analyses. One end-to-end run on two real documents when the gold
data is at hand.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Sequence
from pathlib import Path

import pytest

from conftest import make_analysis
from sitrep.config import Settings
from sitrep.evaluation import re3d
from sitrep.evaluation.core import Report
from sitrep.model import Actor, Analysis, Document, Place, Rejected, Result

# Text of AAA1: "Syrian troops shelled Aleppo on Monday.\nWe condemn it, said Col. John
# “J.D.” Dorrian in the city of Mosul." The Dorrian value straightens the quotes,
# as re3d does; the second "Aleppo" has offsets pointing elsewhere.
ALPHA_DOCUMENTS = """\
{ "_id" : "AAA1", "sourceName" : "Alpha", "sourceUrl" : "http://example.org/1", \
"wordCount" : 19, "sentenceCount" : 2, "title" : "Shelling in Aleppo", "text" : \
"Syrian troops shelled Aleppo on Monday.\\nWe condemn it, said Col. John \u201cJ.D.\u201d \
Dorrian in the city of Mosul." }
{ "_id" : "AAA2", "sourceName" : "Alpha", "sourceUrl" : "http://example.org/2", \
"wordCount" : 2, "sentenceCount" : 1, "title" : "Quiet", "text" : "Nothing happened." }
"""

ALPHA_ENTITIES = """\
{ "_id" : "AAA1-0-0-13-Organisation", "begin" : 0, "end" : 13, "type" : "Organisation", \
"value" : "Syrian troops", "documentId" : "AAA1", "confidence" : 1 }
{ "_id" : "AAA1-0-0-6-Nationality", "begin" : 0, "end" : 6, "type" : "Nationality", \
"value" : "Syrian", "documentId" : "AAA1", "confidence" : 0.97 }
{ "_id" : "AAA1-0-22-28-Location", "begin" : 22, "end" : 28, "type" : "Location", \
"value" : "Aleppo", "documentId" : "AAA1", "confidence" : 1 }
{ "_id" : "AAA1-0-32-38-Temporal", "begin" : 32, "end" : 38, "type" : "Temporal", \
"value" : "Monday", "documentId" : "AAA1", "confidence" : 0.99 }
{ "_id" : "AAA1-1-40-42-Organisation", "begin" : 40, "end" : 42, "type" : "Organisation", \
"value" : "We", "documentId" : "AAA1", "confidence" : 0.98 }
{ "_id" : "AAA1-1-60-84-Person", "begin" : 60, "end" : 84, "type" : "Person", \
"value" : "Col. John 'J.D.' Dorrian", "documentId" : "AAA1", "confidence" : 1 }
{ "_id" : "AAA1-1-88-105-Location", "begin" : 88, "end" : 105, "type" : "Location", \
"value" : "the city of Mosul", "documentId" : "AAA1", "confidence" : 0.96 }
{ "_id" : "AAA1-1-100-105-Location", "begin" : 100, "end" : 105, "type" : "Location", \
"value" : "Mosul", "documentId" : "AAA1", "confidence" : 0 }
{ "_id" : "AAA1-1-7-13-Location", "begin" : 7, "end" : 13, "type" : "Location", \
"value" : "Aleppo", "documentId" : "AAA1", "confidence" : 1 }
"""

BETA_DOCUMENTS = """\
{ "_id" : "BBB1", "sourceName" : "Beta", "sourceUrl" : "http://example.org/3", \
"wordCount" : 6, "sentenceCount" : 2, "title" : "Flight", "text" : \
"Iraq said ISIL fled. Reuters reported." }
"""

BETA_ENTITIES = """\
{ "_id" : "BBB1-0-0-4-Location", "begin" : 0, "end" : 4, "type" : "Location", \
"value" : "Iraq", "documentId" : "BBB1", "confidence" : 0.9 }
{ "_id" : "BBB1-0-10-14-Organisation", "begin" : 10, "end" : 14, "type" : "Organisation", \
"value" : "ISIL", "documentId" : "BBB1", "confidence" : 1 }

{ "_id" : "BBB1-1-21-28-Organisation", "begin" : 21, "end" : 28, "type" : "Organisation", \
"value" : "Reuters", "documentId" : "BBB1", "confidence" : 0 }
"""


def _write(folder: Path) -> Path:
    """The fixture on disk: two source folders (a blank line included, as allowed)."""
    for source, documents, entities in (
        ("Alpha", ALPHA_DOCUMENTS, ALPHA_ENTITIES),
        ("Beta", BETA_DOCUMENTS, BETA_ENTITIES),
    ):
        sub = folder / source
        sub.mkdir(parents=True)
        (sub / "documents.json").write_text(documents, encoding="utf-8")
        (sub / "entities.json").write_text(entities, encoding="utf-8")
        (sub / "LICENSE").write_text("for the test only", encoding="utf-8")
    (folder / "README.md").write_text("not a source", encoding="utf-8")
    return folder


@pytest.fixture
def gold(tmp_path: Path) -> dict[str, re3d.GoldDocument]:
    """The fixture's documents by id."""
    return {d.doc_id: d for d in re3d.read_re3d(_write(tmp_path / "re3d"))}


# ---------------------------------------------------------------- reading


@pytest.mark.parametrize(
    ("limit", "ids"),
    [
        (None, ["AAA1", "BBB1", "AAA2"]),  # the sources in turn, in name order
        (2, ["AAA1", "BBB1"]),
        (1, ["AAA1"]),
    ],
)
def test_read_takes_sources_in_turn(tmp_path: Path, limit: int | None, ids: list[str]) -> None:
    documents = re3d.read_re3d(_write(tmp_path / "re3d"), limit)
    assert [d.doc_id for d in documents] == ids


def test_read_keeps_text_title_and_aligned_entities(gold: dict[str, re3d.GoldDocument]) -> None:
    doc = gold["AAA1"]
    assert (doc.source, doc.title) == ("Alpha", "Shelling in Aleppo")
    assert doc.text.startswith("Syrian troops shelled Aleppo on Monday.\nWe condemn")
    assert doc.misaligned == 1  # the "Aleppo" at 7-13
    assert len(doc.entities) == 8
    assert [e.start for e in doc.entities] == sorted(e.start for e in doc.entities)
    assert all(doc.text[e.start : e.end].startswith(e.value[:3]) for e in doc.entities)
    dorrian = next(e for e in doc.entities if e.type == "Person")
    assert doc.text[dorrian.start : dorrian.end] == "Col. John \u201cJ.D.\u201d Dorrian"
    assert gold["AAA2"].entities == ()
    assert [e.value for e in gold["BBB1"].entities] == ["Iraq", "ISIL", "Reuters"]


@pytest.mark.parametrize(
    ("text", "start", "end", "value", "expected"),
    [
        ("in Mosul now", 3, 8, "Mosul", True),
        ("Boris Johnson\nA spokesman", 0, 25, "Boris Johnson A spokesman", True),
        ("Richard \u201cTex\u201d Coe", 0, 17, "Richard 'Tex' Coe", True),
        ('Richard "Tex" Coe', 0, 17, "Richard 'Tex' Coe", True),
        ("in Mosul now", 0, 5, "Mosul", False),  # offsets on other words
        ("in Mosul", 3, 12, "Mosul", False),  # past the end
        ("in Mosul", -2, 8, "Mosul", False),
    ],
)
def test_aligned_allows_re3d_value_spelling_only(
    text: str, start: int, end: int, value: str, expected: bool
) -> None:
    entity = re3d.GoldEntity(start, end, "Location", value, 1.0)
    assert re3d.aligned(text, entity) is expected


def test_missing_entities_file_is_an_os_error(tmp_path: Path) -> None:
    sub = tmp_path / "re3d" / "Alpha"
    sub.mkdir(parents=True)
    (sub / "documents.json").write_text(ALPHA_DOCUMENTS, encoding="utf-8")
    with pytest.raises(FileNotFoundError):  # evaluation.run turns it into a ConfigError
        re3d.read_re3d(tmp_path / "re3d")


# ---------------------------------------------------------------- gold selection


@pytest.mark.parametrize(
    ("doc_id", "kind", "values", "nested"),
    [
        # "Syrian" is nested in "Syrian troops"; "We" is a pronoun.
        ("AAA1", "actors", ["Syrian troops", "Col. John 'J.D.' Dorrian"], 1),
        # "Mosul" (confidence 0) is doubtful, hence not nested gold either.
        ("AAA1", "places", ["Aleppo", "the city of Mosul"], 0),
        ("BBB1", "actors", ["ISIL"], 0),  # "Reuters" has confidence 0
        ("BBB1", "places", ["Iraq"], 0),
        ("AAA2", "actors", [], 0),
    ],
)
def test_gold_of_keeps_confident_outermost_non_pronouns(
    gold: dict[str, re3d.GoldDocument], doc_id: str, kind: str, values: list[str], nested: int
) -> None:
    document = gold[doc_id]
    assert [e.value for e in re3d.gold_of(document, kind)] == values
    assert re3d.nested_count(document, kind) == nested


def test_gold_of_same_span_keeps_the_more_confident() -> None:
    text = "Hezbollah fired."
    document = re3d.GoldDocument(
        "d", "s", "", text,
        (
            re3d.GoldEntity(0, 9, "Person", "Hezbollah", 0.6),
            re3d.GoldEntity(0, 9, "Organisation", "Hezbollah", 0.9),
        ),
    )  # fmt: skip
    (kept,) = re3d.gold_of(document, "actors")
    assert kept.type == "Organisation"


@pytest.mark.parametrize(
    ("value", "expected"),
    [("We", True), ("they", True), ("there", True), ("the enemy", False), ("Iraq", False)],
)
def test_is_pronoun(value: str, expected: bool) -> None:
    assert re3d.is_pronoun(re3d.GoldEntity(0, len(value), "Organisation", value, 1)) is expected


# ---------------------------------------------------------------- matching


def _m(text: str, words: str, last: bool = False) -> re3d.Mention:
    start = text.rindex(words) if last else text.index(words)
    return re3d.Mention(start, start + len(words), words, "test")


AAA1_TEXT = (
    "Syrian troops shelled Aleppo on Monday.\nWe condemn it, said Col. John "
    "\u201cJ.D.\u201d Dorrian in the city of Mosul."
)
BBB1_TEXT = "Iraq said ISIL fled. Reuters reported."


@pytest.mark.parametrize(
    ("doc_id", "kind", "words", "counts", "skipped"),
    [
        # (tp, fp, fn) of the kind; skipped: reason -> count
        ("AAA1", "actors", ["Syrian troops", "Dorrian"], (2, 0, 0), {}),
        ("AAA1", "actors", ["Syrian", "troops"], (1, 0, 1), {"split": 1}),
        ("AAA1", "actors", ["We"], (0, 0, 2), {"pronoun": 1}),
        ("AAA1", "actors", ["Aleppo", "Monday"], (0, 0, 2), {"other_type": 2}),
        ("AAA1", "actors", ["shelled", "Syrian troops"], (1, 1, 1), {}),
        ("AAA1", "places", ["Mosul"], (1, 0, 1), {}),  # inside "the city of Mosul"
        ("AAA1", "places", ["Syrian"], (0, 0, 2), {"other_type": 1}),
        ("AAA1", "places", ["condemn"], (0, 1, 2), {}),
        (
            "BBB1",
            "actors",
            ["Reuters", "Iraq", "ISIL"],
            (1, 0, 0),
            {"doubtful": 1, "other_type": 1},
        ),
        ("BBB1", "places", [], (0, 0, 1), {}),
    ],
)
def test_compare_kind_matches_one_to_one_and_skips(
    gold: dict[str, re3d.GoldDocument],
    doc_id: str,
    kind: str,
    words: list[str],
    counts: tuple[int, int, int],
    skipped: dict[str, int],
) -> None:
    document = gold[doc_id]
    found = [_m(document.text, w, last=(w == "Mosul")) for w in words]
    report = Report("re3d")
    re3d.compare_kind(report, document, kind, found, [(0, len(document.text))])
    tally = report.tallies[kind]
    assert (tally.tp, tally.fp, tally.fn) == counts
    got = {k.removeprefix(f"{kind}_skipped_"): int(v) for k, v in report.extra.items()}
    assert got == skipped
    assert len(report.errors) == counts[1] + counts[2]


def test_compare_kind_counts_per_type_and_explains_misses(
    gold: dict[str, re3d.GoldDocument],
) -> None:
    document = gold["AAA1"]
    report = Report("re3d")
    found = [_m(AAA1_TEXT, "Dorrian")]
    re3d.compare_kind(report, document, "actors", found, [(0, 40)])  # first line coded only
    person, organisation = report.tallies["Person"], report.tallies["Organisation"]
    assert (person.tp, person.fn) == (1, 0)
    assert (organisation.tp, organisation.fn) == (0, 1)
    (missed,) = report.errors
    assert (missed.field, missed.expected, missed.got) == ("Organisation", "Syrian troops", "none")
    assert "[[Syrian troops]]" in missed.text
    outside = Report("re3d")
    re3d.compare_kind(outside, document, "actors", [], [(0, 40)])
    assert outside.errors[1].got == "none (outside the coded passages)"
    rejected = Report("re3d")
    re3d.compare_kind(rejected, document, "actors", [], None)
    assert {e.got for e in rejected.errors} == {"document rejected"}


# ---------------------------------------------------------------- sitrep's side


def _actor(text: str, words: str, sector: str | None = None) -> Actor:
    start = text.index(words)
    return Actor(words, words, start, start + len(words), sector=sector, country="SYR")


def _place(text: str, words: str) -> Place:
    start = text.rindex(words)
    return Place(words, words, start, start + len(words), country="IRQ", precision="city")


def _analysis(
    doc_id: str, text: str, actors: Sequence[Actor] = (), places: Sequence[Place] = ()
) -> Analysis:
    base = make_analysis(events=[], doc_id=doc_id, text=text)
    return dataclasses.replace(base, actors=tuple(actors), places=tuple(places))


def test_mentions_read_actors_and_places_in_text_order() -> None:
    analysis = _analysis(
        "AAA1", AAA1_TEXT,
        actors=[_actor(AAA1_TEXT, "Dorrian"), _actor(AAA1_TEXT, "Syrian troops", "MIL")],
        places=[_place(AAA1_TEXT, "Mosul")],
    )  # fmt: skip
    found = re3d.mentions(analysis)
    assert [m.text for m in found["actors"]] == ["Syrian troops", "Dorrian"]
    assert found["actors"][0].reading == "Syrian troops MIL SYR"
    assert [(m.text, m.reading) for m in found["places"]] == [("Mosul", "Mosul IRQ city")]


def _results(documents: Sequence[Document]) -> list[Result]:
    """A fake pipeline: good mentions for AAA1, nothing for AAA2, BBB1 rejected."""
    out: list[Result] = []
    for doc in documents:
        if doc.id == "AAA1":
            analysis = _analysis(
                doc.id, doc.text,
                actors=[_actor(doc.text, "Syrian troops"), _actor(doc.text, "shelled")],
                places=[_place(doc.text, "Aleppo"), _place(doc.text, "Mosul")],
            )  # fmt: skip
            out.append(dataclasses.replace(analysis, document=doc))
        elif doc.id == "BBB1":
            out.append(Rejected(doc.id, "read", "empty", "test"))
        else:
            out.append(_analysis(doc.id, doc.text))
    return out


def test_score_runs_every_document_and_fills_the_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[Document] = []

    def fake(documents: Sequence[Document], settings: Settings | None = None) -> list[Result]:
        seen.extend(documents)
        return _results(documents)

    monkeypatch.setattr(re3d, "run_pipeline", fake)
    report = re3d.score(_write(tmp_path / "re3d"), limit=None, settings=Settings())
    assert [d.id for d in seen] == ["AAA1", "BBB1", "AAA2"]
    assert seen[0].title == "Shelling in Aleppo"
    assert seen[0].published is None
    assert report.items == 3
    metrics = report.metrics()
    assert metrics["actors.p"] == 0.5  # "shelled" overlaps no annotation
    assert metrics["actors.r"] == pytest.approx(1 / 3, abs=1e-4)  # BBB1's ISIL and Dorrian missed
    assert metrics["places.p"] == 1.0
    assert metrics["places.r"] == pytest.approx(2 / 3, abs=1e-4)  # BBB1's Iraq missed
    assert metrics["Organisation.r"] == 0.5
    assert metrics["Person.r"] == 0.0
    assert metrics["Location.r"] == pytest.approx(2 / 3, abs=1e-4)
    support = report.to_dict()["support"]
    assert support == {
        "actors": 3, "places": 3, "Organisation": 2, "Person": 1, "Nationality": 0, "Location": 3,
    }  # fmt: skip
    assert report.extra["rejected"] == 1
    assert report.extra["outside_coded"] == 2  # both gold entities of the rejected BBB1
    assert report.extra["misaligned_gold"] == 1
    assert report.extra["doubtful_gold"] == 2  # "Mosul" and "Reuters", confidence 0
    assert report.extra["pronoun_gold"] == 1
    assert report.extra["nested_gold"] == 1
    assert report.extra["places_skipped_pronoun"] == 0  # every count present, zero or not
    assert report.notes


# ---------------------------------------------------------------- real data


def _real_data() -> Path:
    root = os.environ.get("SITREP_EVAL_DATA") or Path(__file__).parents[3] / "shared" / "data"
    return Path(root) / "re3d"


@pytest.mark.skipif(not _real_data().is_dir(), reason="re3d gold data not available")
def test_end_to_end_on_two_real_documents() -> None:
    folder = _real_data()
    documents = re3d.read_re3d(folder, 2)
    report = re3d.score(folder, limit=2, settings=Settings())
    assert report.items == 2
    metrics = report.metrics()
    for name in ("actors", "places"):
        assert {f"{name}.p", f"{name}.r", f"{name}.f1"} <= metrics.keys()
    for name in re3d.GOLD_KINDS:
        assert f"{name}.r" in metrics
    assert all(0.0 <= v <= 1.0 for k, v in metrics.items() if k.endswith((".p", ".r", ".f1")))
    support = report.to_dict()["support"]
    expected = {kind: sum(len(re3d.gold_of(d, kind)) for d in documents) for kind in re3d.KINDS}
    assert support["actors"] == expected["actors"] > 10
    assert support["places"] == expected["places"] > 3
    assert (
        support["Organisation"] + support["Person"] + support["Nationality"] == expected["actors"]
    )
    assert report.extra["misaligned_gold"] == 0
    assert report.extra["rejected"] == 0
