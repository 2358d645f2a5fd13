"""Trigger rules as data: the packaged file, the checks made when a file is loaded,
and rules of a user's own file."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import get_args

import pytest
from coding_helpers import stages

from sitrep.annotate import Annotator
from sitrep.coding.arguments import Role
from sitrep.coding.rulebook import (
    COLUMNS,
    ROLES,
    Rule,
    build_rulebook,
    load_rulebook,
    packaged_rules,
    parse_rules,
)
from sitrep.coding.stage import EventCoder
from sitrep.config import load_settings
from sitrep.errors import ConfigError
from sitrep.model import Analysis, Document, Event, Passage

HEADER = "\t".join(COLUMNS)


def _file(*rows: str) -> str:
    return "\n".join([HEADER, *rows]) + "\n"


def _code(text: str, coder: EventCoder) -> list[Event]:
    annotator: Annotator = stages()[0]
    analysis = Analysis(Document(id="t", text=text), passages=(Passage(0, len(text), "body"),))
    result = coder(annotator(analysis))
    assert isinstance(result, Analysis)
    return list(result.events)


# ---------------------------------------------------------------- the packaged rules


def test_conditions_name_the_argument_layers_roles() -> None:
    assert set(ROLES) == set(get_args(Role))


def _row_examples() -> list[tuple[str, str, str]]:
    """(where, type, example) for each row of the packaged file."""
    seen: dict[str, tuple[str, str, str]] = {}
    for rule in packaged_rules():
        seen.setdefault(rule.where, (rule.where, rule.cue.type, rule.example))
    return list(seen.values())


@functools.cache
def _packaged_coder() -> EventCoder:
    return EventCoder(load_rulebook())


@pytest.mark.parametrize(("where", "event_type", "example"), _row_examples())
def test_every_packaged_example_is_coded_with_its_rows_type(
    where: str, event_type: str, example: str
) -> None:
    events = _code(example, _packaged_coder())
    assert event_type in {e.type for e in events}, (
        where,
        [(e.type, e.trigger.text) for e in events],
    )


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # easing administrative restrictions is CAMEO 081, economic ones RETREAT ease
        ("The governor lifted the curfew in the city.", ("CONCEDE", None, "081")),
        ("Washington lifted sanctions on the country.", ("RETREAT", "ease", "085")),
        ("The army sent troops to the border.", ("MOBILIZE", "troops", "154")),
        ("The army sent food to the border towns.", ("AID", "humanitarian", "073")),
        # what a measure holds is what is sent, lifted or cancelled
        ("The UN sent 25,000 tons of food aid to the refugees.", ("AID", "humanitarian", "073")),
        ("The government lifted the state of emergency.", ("CONCEDE", None, "081")),
        ("The two countries restored diplomatic ties.", ("SUPPORT", "recognize", "054")),
    ],
)
def test_a_packaged_row_with_a_condition_reads_the_object(
    sentence: str, expected: tuple[str, str | None, str]
) -> None:
    assert expected in {(e.type, e.mode, e.cameo) for e in _code(sentence, _packaged_coder())}


# ---------------------------------------------------------------- checks on loading

GOOD = "verb\tfirebomb\t-\tASSAULT\texplosives\t-\t0.7\tYouths firebombed the police station."


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("verb\tfirebomb\t-\tASSAULT\n", "the first row must be the header"),
        (_file("verb\tfirebomb\t-\tASSAULT\texplosives\t-\t0.7"), "7 columns; a row needs 8"),
        (_file(GOOD.replace("verb", "adverb")), "unknown kind 'adverb'"),
        (_file(GOOD.replace("ASSAULT", "ATTACK")), "unknown type 'ATTACK'"),
        (_file(GOOD.replace("explosives", "napalm")), "ASSAULT has no mode 'napalm'"),
        (_file(GOOD.replace("0.7", "7")), "strength '7' must be a number above 0"),
        (_file(GOOD.replace("\t-\t0.7", "\t0311\t0.7")), "CAMEO code '0311' is not one of ASSAULT"),
        (_file(GOOD.replace("Youths firebombed the police station.", "-")), "no example"),
        (_file(GOOD.replace("firebombed", "attacked")), "uses none of the row's words"),
        (_file(GOOD.replace("verb\tfirebomb", "verb\tfire+bomb")), "only phrasal and prep"),
        (_file(GOOD.replace("verb\tfirebomb", "phrasal\tfirebomb")), "is VERB+WORD"),
        (_file(GOOD.replace("\t-\tASSAULT", "\tvictim=police\tASSAULT")), "must be ROLE=word"),
        (
            _file(GOOD.replace("verb\tfirebomb\t-", "phrasal\tfirebomb+up\tpatient=car")),
            "for verb and noun rows only",
        ),
        (_file(GOOD, GOOD), "verb 'firebomb' is already given at line 2"),
        (
            _file(GOOD.replace("verb\tfirebomb\t-", "noun\tfirebomb\tobject=car")),
            "condition 'object' is for verb rows only",
        ),
        (
            _file(GOOD.replace("verb\tfirebomb\t-", "verb\tfirebomb\thost=launch")),
            "condition 'host' is for noun rows only",
        ),
    ],
)
def test_a_bad_row_fails_at_once_naming_the_file_and_line(text: str, message: str) -> None:
    with pytest.raises(ConfigError, match=r"mine\.tsv:") as raised:
        parse_rules(text, "mine.tsv")
    assert message in str(raised.value)


@pytest.mark.parametrize("text", ["", "\n# only a comment\n"])
def test_an_empty_rules_file_fails_naming_the_header_it_needs(text: str) -> None:
    with pytest.raises(ConfigError, match=r"mine\.tsv: no header row"):
        parse_rules(text, "mine.tsv")


def test_a_rules_file_that_is_not_text_fails_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "rules.tsv"
    path.write_bytes(b"\xff\xfe\x00binary")
    with pytest.raises(ConfigError, match="cannot be read"):
        load_rulebook((str(path),))


def test_a_word_with_and_without_conditions_is_not_given_twice() -> None:
    conditional = GOOD.replace("\t-\tASSAULT", "\tpatient=car\tASSAULT")
    assert len(parse_rules(_file(GOOD, conditional), "mine.tsv")) == 2


# ---------------------------------------------------------------- a user's own rules


def _coder(tmp_path: Path, *rows: str) -> EventCoder:
    path = tmp_path / "mine.tsv"
    path.write_text(_file(*rows), encoding="utf-8")
    return EventCoder(load_rulebook((str(path),)))


def test_a_users_row_adds_a_word(tmp_path: Path) -> None:
    sentence = "Youths firebombed the police station in Nairobi."
    assert not [e for e in _code(sentence, _packaged_coder()) if e.type == "ASSAULT"]
    (event,) = _code(sentence, _coder(tmp_path, GOOD))
    assert (event.type, event.mode, event.trigger.text) == ("ASSAULT", "explosives", "firebombed")


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The army allowed aid trucks into the besieged town.", ("AID", "075")),
        ("The junta allowed the opposition to hold a rally.", ("CONCEDE", "080")),
    ],
)
def test_a_users_conditional_row_reads_the_arguments(
    tmp_path: Path, sentence: str, expected: tuple[str, str]
) -> None:
    # An analyst's frame: letting aid through is aid, with a CAMEO code of their choice.
    row = "verb\tallow\tpatient=truck|convoy\tAID\t-\t075\t0.6\tThe army allowed convoys in."
    events = _code(sentence, _coder(tmp_path, row))
    assert expected in {(e.type, e.cameo) for e in events}


def test_a_users_event_noun_is_an_event_noun_throughout_the_argument_layer(
    tmp_path: Path,
) -> None:
    # A word the user's row makes an event noun is no side, while the coder codes with
    # their rules: "the sortie killed six soldiers" names no one who killed them.
    sentence = "The sortie killed six soldiers."
    row = "noun\tsortie\t-\tASSAULT\t-\t-\t0.6\tThe rebels made a sortie from the town."
    (killing,) = _code(sentence, _coder(tmp_path, row))
    assert killing.actors == ()
    (packaged,) = _code(sentence, _packaged_coder())
    assert [a.name for a in packaged.actors] == ["sortie"]  # a word sitrep does not know


def test_a_users_plain_row_comes_before_the_packaged_one() -> None:
    mine = parse_rules(_file(GOOD.replace("firebomb", "raid").replace("firebombed", "raided")), "m")
    book = build_rulebook([*mine, *packaged_rules()])
    assert book.verbs["raid"].mode == "explosives"
    assert load_rulebook().verbs["raid"].mode is None


@pytest.mark.parametrize(
    ("config", "environ"),
    [
        ('rules = ["a.tsv", "b.tsv"]\n', {}),
        ("", {"SITREP_RULES": "a.tsv:b.tsv"}),
    ],
)
def test_the_rules_setting_lists_files(
    tmp_path: Path, config: str, environ: dict[str, str]
) -> None:
    path = tmp_path / "sitrep.toml"
    path.write_text(config, encoding="utf-8")
    settings = load_settings(config_file=path, environ=environ)
    assert settings.rules == ("a.tsv", "b.tsv")


def test_a_missing_rules_file_fails_naming_it() -> None:
    with pytest.raises(ConfigError, match=r"rules file .no/such\.tsv. cannot be read"):
        load_rulebook(("no/such.tsv",))


def test_rules_are_rules() -> None:
    assert all(isinstance(r, Rule) for r in packaged_rules())
