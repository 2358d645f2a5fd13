"""The Multi-CoPED (ConfliBERT) CAMEO scorer: reading and joining the two files,
the class of an event, span matching, and the figures of a tiny fake run.

The fixture files are written into tmp_path in the gold's own formats (a
tab-separated file with CRLF line ends; CoNLL with blank lines between
sentences) with made-up sentences; sitrep's output is faked with hand-built
events. One end-to-end run on three real sentences when the gold data is at hand.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Sequence
from pathlib import Path

import pytest

from conftest import make_analysis, make_event
from sitrep.config import Settings
from sitrep.evaluation import DATASETS, conflibert_cameo, core
from sitrep.model import Actor, Document, Event, Rejected, Result, Span
from sitrep.ontology import EVENT_TYPES, MODES

ATTACK = "Rebels attacked a police post in Gao."
MEETING = "The minister\u2019s envoy met Kenyan officials."
ARREST = "Police detained two activists, officials said."
DENIAL = "The army denied shelling the village."

# Class file: CRLF line ends, a blank line; the third and fourth sentences have
# no NER sentence with their words.
CLASS_TSV = f"{ATTACK}\t4\r\n{MEETING}\t1\r\n\r\n{ARREST}\t4\r\n{DENIAL}\t0\r\n"

# NER file, in another order: the meeting (mutual actors, the apostrophe
# straightened and split off), an edited copy of the denial (matches nothing),
# and the attack, whose source starts with I- and which ends without a newline.
NER_TXT = (
    "The B-R\nminister I-R\n's I-R\nenvoy I-R\nmet O\nKenyan B-R\nofficials I-R\n. O\n\n\n"
    "The B-S\narmy I-S\ndenied O\nshelling O\n. O\n\n"
    "Rebels I-S\nattacked O\na B-T\npolice I-T\npost I-T\nin O\nGao O\n. O"
)


def _write(folder: Path) -> Path:
    (folder / "cameo_class").mkdir(parents=True)
    (folder / "cameo_ner").mkdir()
    (folder / conflibert_cameo.CLASS_FILE).write_bytes(CLASS_TSV.encode("utf-8"))
    (folder / conflibert_cameo.NER_FILE).write_text(NER_TXT, encoding="utf-8")
    return folder


@pytest.fixture
def gold_dir(tmp_path: Path) -> Path:
    return _write(tmp_path / "conflibert_cameo")


def _span(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return (start, start + len(words))


# ---------------------------------------------------------------- reading


def test_registered() -> None:
    assert DATASETS["conflibert_cameo"] == "conflibert_cameo"


def test_read_classes_strips_crlf_and_skips_blank_lines(gold_dir: Path) -> None:
    rows = conflibert_cameo.read_classes(gold_dir / conflibert_cameo.CLASS_FILE)
    assert rows == [(ATTACK, "4"), (MEETING, "1"), (ARREST, "4"), (DENIAL, "0")]


def test_read_conll_splits_on_blank_lines(gold_dir: Path) -> None:
    sentences = conflibert_cameo.read_conll(gold_dir / conflibert_cameo.NER_FILE)
    assert [len(s) for s in sentences] == [8, 5, 8]  # repeated blank lines, no final newline
    assert sentences[2][0] == ("Rebels", "I-S")


@pytest.mark.parametrize(
    ("text", "tokens", "expected"),
    [
        ("Rebels hit Gao.", ["Rebels", "hit", "Gao", "."], [(0, 6), (7, 10), (11, 14), (14, 15)]),
        # the tokeniser split and straightened "minister’s"
        ("the minister\u2019s envoy", ["the", "minister", "'s", "envoy"],
         [(0, 3), (4, 12), (12, 14), (15, 20)]),
        ("a \u201cwar crime\u201d", ["a", '"', "war", "crime", '"'],
         [(0, 1), (2, 3), (3, 6), (7, 12), (12, 13)]),
        ("JOD43.7 million", ["JOD43", ".", "7", "million"], [(0, 5), (5, 6), (6, 7), (8, 15)]),
        ("Erdo\u011fan met", ["Erdogan", "met"], None),  # another spelling: another sentence
        ("a b c", ["a", "b"], None),  # the tokens stop short
        ("a b", ["a", "b", "c"], None),  # the tokens run on
        ("a b", ["a", "", "b"], None),
    ],
)  # fmt: skip
def test_token_offsets(
    text: str, tokens: list[str], expected: list[tuple[int, int]] | None
) -> None:
    assert conflibert_cameo.token_offsets(text, tokens) == expected


@pytest.mark.parametrize(
    ("tags", "expected"),
    [
        ("B-S I-S O B-T I-T", [("S", "Iraqi troops"), ("T", "ISIS fighters")]),
        ("I-S I-S O B-T O", [("S", "Iraqi troops"), ("T", "ISIS")]),  # I- opens a phrase
        ("B-S B-S O O O", [("S", "Iraqi"), ("S", "troops")]),  # B- always opens one
        ("B-S I-T O O O", [("S", "Iraqi"), ("T", "troops")]),  # another role opens one
        ("B-R I-R O B-R I-R", [("R", "Iraqi troops"), ("R", "ISIS fighters")]),
        ("O O O O O", []),
        ("O O O O B-T", [("T", "fighters")]),
    ],
)
def test_tag_spans(tags: str, expected: list[tuple[str, str]]) -> None:
    text = "Iraqi troops attacked ISIS fighters"
    tagged = tuple(zip(text.split(), tags.split(), strict=True))
    spans = conflibert_cameo.tag_spans(text, tagged)
    assert spans is not None
    assert [(s.role, s.text) for s in spans] == expected
    assert all(text[s.start : s.end] == s.text for s in spans)


def test_tag_spans_of_other_words_is_none() -> None:
    assert (
        conflibert_cameo.tag_spans("Iraqi troops", (("Kurdish", "B-S"), ("troops", "I-S"))) is None
    )


def test_read_gold_joins_the_files_by_their_words(gold_dir: Path) -> None:
    gold, ner_unaligned = conflibert_cameo.read_gold(gold_dir)
    assert [(g.id, g.label) for g in gold] == [
        ("cameo-0001", "4"), ("cameo-0002", "1"), ("cameo-0003", "4"), ("cameo-0004", "0"),
    ]  # fmt: skip
    attack, meeting, arrest, denial = gold
    assert [(s.role, s.text) for s in attack.spans or ()] == [
        ("S", "Rebels"),
        ("T", "a police post"),
    ]
    assert [(s.role, s.text) for s in meeting.spans or ()] == [
        ("R", "The minister\u2019s envoy"), ("R", "Kenyan officials"),
    ]  # fmt: skip
    assert arrest.spans is None  # no NER sentence
    assert denial.spans is None  # only an edited copy, which is not guessed at
    assert ner_unaligned == 1
    assert attack.of_role("T")[0].span == _span(ATTACK, "a police post")


def test_read_gold_limit_keeps_the_whole_file_count(gold_dir: Path) -> None:
    gold, ner_unaligned = conflibert_cameo.read_gold(gold_dir, limit=2)
    assert [g.id for g in gold] == ["cameo-0001", "cameo-0002"]
    assert ner_unaligned == 1


def test_a_sentence_given_twice_gets_one_ner_copy_each() -> None:
    rows = [("Troops fired.", "4"), ("Troops fired.", "4"), ("Troops fired.", "4")]
    tagged = ((("Troops", "B-S"), ("fired", "O"), (".", "O")),) * 2
    gold, ner_unaligned = conflibert_cameo.align(rows, tagged)
    assert [g.spans is not None for g in gold] == [True, True, False]
    assert ner_unaligned == 0


# ---------------------------------------------------------------- the class of an event


def test_tables_cover_the_vocabularies() -> None:
    assert set(conflibert_cameo.TYPE_CLASS) == set(EVENT_TYPES)
    assert set(conflibert_cameo.ROOT_CLASS) == {f"{n:02d}" for n in range(1, 21)}
    assert set(conflibert_cameo.ROOT_CLASS.values()) == set(conflibert_cameo.CLASSES)
    # every code sitrep writes falls in the class of its type
    for kind, modes in MODES.items():
        for code in filter(None, modes.values()):
            assert conflibert_cameo.ROOT_CLASS[code[:2]] == conflibert_cameo.TYPE_CLASS[kind], code


@pytest.mark.parametrize(
    ("kind", "cameo", "status", "expected"),
    [
        ("ASSAULT", "193", "occurred", "4"),
        ("PROTEST", "142", "occurred", "4"),  # hunger strike: material conflict
        ("MOBILIZE", "154", "occurred", "4"),
        ("SANCTION", "166", "occurred", "3"),  # expel: reduce relations is verbal conflict
        ("ACCUSE", "090", "occurred", "3"),  # investigate
        ("REQUEST", "100", "occurred", "3"),
        ("RETREAT", "0841", "occurred", "2"),  # release
        ("AID", "073", "occurred", "2"),
        ("CONSULT", "042", "occurred", "1"),
        ("RETREAT", None, "occurred", "2"),  # resign: no CAMEO code, the type's roots
        ("SANCTION", None, "occurred", "3"),  # ban
        ("MOBILIZE", None, "occurred", "4"),  # militia
        ("AID", "070", "planned", "1"),  # express intent to provide aid (033)
        ("CONSULT", "040", "planned", "1"),
        ("ASSAULT", "190", "planned", "3"),  # threaten (13)
        ("ASSAULT", "190", "threatened", "3"),
        ("CONSULT", "042", "cancelled", "3"),  # "cancelled a planned visit"
        ("PROTEST", "143", "cancelled", "2"),  # "called off the strike": yield (08)
        ("AGREE", "030", "negated", "3"),  # refused cooperation: reject (12)
        ("ASSAULT", "190", "negated", "4"),  # no CAMEO root for an attack not made
        ("ASSAULT", "190", "denied", "0"),  # deny responsibility (016)
        ("CONSULT", "040", "hypothetical", "1"),
    ],
)
def test_event_class(kind: str, cameo: str | None, status: str, expected: str) -> None:
    event = make_event(type=kind, cameo=cameo, status=status)
    assert conflibert_cameo.event_class(event) == expected


def _at(text: str, trigger: str, **fields: object) -> Event:
    start, end = _span(text, trigger)
    return make_event(trigger=Span(start, end, trigger), **fields)


def test_choose_event_takes_the_first_trigger_then_confidence() -> None:
    text = "Erdogan blamed Damascus for an attack that killed dozens."
    attack = _at(text, "attack", confidence=0.9)
    blame = _at(text, "blamed", type="ACCUSE", cameo="112", confidence=0.5)
    assert conflibert_cameo.choose_event([attack, blame]) is blame
    also = _at(text, "blamed", type="REJECT", cameo="120", confidence=0.6)
    assert conflibert_cameo.choose_event([attack, blame, also]) is also
    assert conflibert_cameo.choose_event([]) is None


# ---------------------------------------------------------------- span matching

SENTENCE = "Iraqi troops and Kurdish fighters shelled the town of Sinjar."


def _actors(*words: str) -> tuple[Actor, ...]:
    return tuple(Actor(w, w, *_span(SENTENCE, w)) for w in words)


def _gold(role: str, *words: str) -> list[conflibert_cameo.GoldSpan]:
    return [conflibert_cameo.GoldSpan(role, *_span(SENTENCE, w), w) for w in words]


@pytest.mark.parametrize(
    ("predicted", "gold", "expected"),
    [
        (("Iraqi troops",), ("Iraqi troops",), (1, 0, 0, 0)),
        (("troops",), ("Iraqi troops",), (1, 0, 0, 0)),  # overlap is enough
        (("Iraqi troops and Kurdish fighters",), ("Iraqi troops", "Kurdish fighters"), (1, 0, 1, 0)),
        (("Iraqi", "troops"), ("Iraqi troops",), (1, 0, 0, 1)),  # one phrase read as two
        (("Iraqi troops", "Sinjar"), ("Iraqi troops",), (1, 1, 0, 0)),
        ((), ("Iraqi troops",), (0, 0, 1, 0)),
        (("the town",), (), (0, 1, 0, 0)),
    ],
)  # fmt: skip
def test_compare_spans(
    predicted: tuple[str, ...], gold: tuple[str, ...], expected: tuple[int, int, int, int]
) -> None:
    report = core.Report("conflibert_cameo")
    sentence = conflibert_cameo.GoldSentence("s", SENTENCE, "4", tuple(_gold("S", *gold)))
    conflibert_cameo.compare_spans(
        report, "source", _actors(*predicted), sentence.of_role("S"), sentence
    )
    tally = report.tally("source")
    assert (tally.tp, tally.fp, tally.fn, report.extra["source_split"]) == expected
    assert bool(report.errors) == (expected[1] > 0 or expected[2] > 0)


def test_mutual_spans_take_actors_and_targets_and_leave_source_alone() -> None:
    gold = conflibert_cameo.GoldSentence(
        "s", SENTENCE, "4", tuple(_gold("R", "Iraqi troops", "Kurdish fighters"))
    )
    event = make_event(actors=_actors("Iraqi troops"), targets=_actors("Kurdish fighters", "town"))
    report = core.Report("conflibert_cameo")
    conflibert_cameo.compare_roles(report, gold, event)
    tally = report.tally("reciprocal")
    assert (tally.tp, tally.fp, tally.fn) == (2, 1, 0)
    assert "source" not in report.tallies
    assert "target" not in report.tallies


# ---------------------------------------------------------------- a tiny fake run


def _actor(text: str, words: str) -> Actor:
    return Actor(words, words, *_span(text, words))


def _events(text: str) -> list[Event]:
    """The attack and the meeting coded right (the attack first of two), the denial denied."""
    if text == ATTACK:
        actors, targets = (_actor(text, "Rebels"),), (_actor(text, "police post"),)
        attack = _at(text, "attacked", cameo="190", actors=actors, targets=targets)
        return [_at(text, "Gao", type="CONSULT", cameo="040"), attack]
    if text == MEETING:
        envoy = (_actor(text, "minister\u2019s envoy"),)
        kenyans = (_actor(text, "Kenyan"), _actor(text, "officials"))  # one gold phrase
        return [_at(text, "met", type="CONSULT", cameo="040", actors=envoy, targets=kenyans)]
    return [_at(text, "shelling", cameo="190", status="denied")]


def _results(documents: Sequence[Document]) -> list[Result]:
    """A fake pipeline: the arrest is rejected, the rest gets `_events`."""
    out: list[Result] = []
    for doc in documents:
        if doc.text == ARREST:
            out.append(Rejected(doc.id, "read", "empty", "test"))
            continue
        analysis = make_analysis(_events(doc.text), doc_id=doc.id, text=doc.text)
        out.append(dataclasses.replace(analysis, document=doc))
    return out


def test_score_fills_the_report(gold_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[Document] = []

    def fake(documents: Sequence[Document], settings: Settings | None = None) -> list[Result]:
        seen.extend(documents)
        return _results(documents)

    monkeypatch.setattr(core, "run_pipeline", fake)
    report = conflibert_cameo.score(gold_dir, limit=None, settings=Settings())
    assert [d.id for d in seen] == ["cameo-0001", "cameo-0002", "cameo-0003", "cameo-0004"]
    assert all(d.published is None for d in seen)
    assert report.items == 4
    metrics = report.metrics()
    assert metrics["class.acc"] == 0.75  # the rejected arrest is NONE
    assert metrics["class_any.acc"] == 0.75
    # per class F1: 4 -> 2/3 (one of two found), 1 -> 1, 0 -> 1
    assert metrics["class.macro_f1"] == pytest.approx((2 / 3 + 1 + 1) / 3, abs=1e-4)
    assert (metrics["source.p"], metrics["source.r"]) == (1.0, 1.0)
    assert (metrics["target.p"], metrics["target.r"]) == (1.0, 1.0)
    assert (metrics["reciprocal.p"], metrics["reciprocal.r"]) == (1.0, 1.0)
    assert report.extra["reciprocal_split"] == 1  # "Kenyan" and "officials" for one phrase
    assert report.extra["no_event"] == 0.25
    assert report.extra["rejected"] == 1
    assert report.extra["spans_unaligned"] == 2
    assert report.extra["ner_unaligned"] == 1
    assert [(e.field, e.item, e.got) for e in report.errors] == [("class", "cameo-0003", "NONE")]
    confusion = [n for n in report.notes if n.startswith("confusion")]
    assert confusion == [
        "confusion 4 (2) -> 4 1, NONE 1",
        "confusion 0 (1) -> 0 1",
        "confusion 1 (1) -> 1 1",
    ]


def test_a_wrong_class_names_what_sitrep_said(gold_dir: Path) -> None:
    sentence = conflibert_cameo.read_gold(gold_dir)[0][0]
    report = core.Report("conflibert_cameo")
    event = _at(ATTACK, "attacked", type="REQUEST", cameo="100")
    assert conflibert_cameo.compare(report, sentence, [event]) == "3"
    error = next(e for e in report.errors if e.field == "class")
    assert (error.expected, error.got) == (
        "4 (material conflict)",
        "3 (REQUEST/100 occurred: attacked)",
    )


# ---------------------------------------------------------------- real data


def _real_data() -> Path:
    root = os.environ.get("SITREP_EVAL_DATA") or Path(__file__).parents[3] / "shared" / "data"
    return Path(root) / "conflibert_cameo"


@pytest.mark.skipif(not _real_data().is_dir(), reason="conflibert_cameo gold data not available")
def test_real_files_join_as_documented() -> None:
    gold, ner_unaligned = conflibert_cameo.read_gold(_real_data())
    assert len(gold) == 1349
    assert {g.label for g in gold} == set(conflibert_cameo.CLASSES)
    assert sum(g.spans is not None for g in gold) == 923  # docs/evaluation.md
    assert ner_unaligned == 230
    spans = [s for g in gold for s in g.spans or ()]
    assert {s.role for s in spans} == {"S", "T", "R"}
    assert all(s.text and s.text == s.text.strip() for s in spans)


@pytest.mark.skipif(not _real_data().is_dir(), reason="conflibert_cameo gold data not available")
def test_end_to_end_on_three_real_sentences() -> None:
    report = conflibert_cameo.score(_real_data(), limit=3, settings=Settings())
    assert report.items == 3
    metrics = report.metrics()
    assert {"class.acc", "class.macro_f1", "source.f1", "target.f1"} <= metrics.keys()
    assert all(0.0 <= v <= 1.0 for k, v in metrics.items() if k.endswith((".acc", ".f1")))
    assert report.accuracy("class").total == 3
