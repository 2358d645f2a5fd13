"""Trigger rules as data: which words report which events, read from TSV files.

The packaged rules are `sitrep/data/coding_rules.tsv`; the setting `rules` adds
files of your own, whose rows are tried first. docs/coding.md ("Rules as data")
explains the format with worked examples. Every row is checked when it is loaded:
an unknown kind, event type, mode, role or CAMEO code, a strength outside 0 to 1,
a missing example, or a word given twice fails at once with a `ConfigError` that
names the file and the line.

A row is a *candidate* meaning. `coding.triggers` still decides from the syntax
whether the sentence says the event took place, and its built-in decisions about
ambiguous words ("fire" a minister or "fire on" a crowd) come before plain rows;
rows with conditions (`when`) are tried before everything else.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Final

from sitrep.coding.lexicon import Cue
from sitrep.errors import ConfigError
from sitrep.ontology import MODES

#: The columns of a rules file, in order.
COLUMNS: Final = ("kind", "words", "when", "type", "mode", "cameo", "strength", "example")
#: What a row can name: a single word, or a verb with its particle or preposition.
KINDS: Final = ("verb", "noun", "phrasal", "prepositional")
#: The roles a condition can test (the argument layer's, `coding.arguments.Role`).
ROLES: Final = (
    "agent causer patient target recipient beneficiary partner between goal source "
    "instrument place time".split()
)
#: Conditions on the syntax rather than the roles: for a verb, `object` (its direct
#: object or passive subject, with the nouns compounded with it: "mediation efforts")
#: and `subject` (its active subject); for an event noun, `host` (the verb that says
#: it took place: "imposed a blockade").
SYNTAX: Final = ("object", "subject", "host")
_NONE = "-"

Key = str | tuple[str, str]


@dataclass(frozen=True, slots=True)
class Condition:
    """One condition of a rule: an argument in `role` whose head's lemma is in `lemmas`."""

    role: str
    lemmas: frozenset[str]


@dataclass(frozen=True, slots=True)
class Rule:
    """One word's meaning from one row, with the conditions it needs."""

    kind: str
    key: Key
    cue: Cue
    when: tuple[Condition, ...]
    example: str
    where: str  # "file:line", for messages


@dataclass(frozen=True)
class Rulebook:
    """The trigger rules in force: plain cues by word, and rules with conditions."""

    verbs: Mapping[str, Cue]
    nouns: Mapping[str, Cue]
    phrasal: Mapping[tuple[str, str], Cue]
    prepositional: Mapping[tuple[str, str], Cue]
    #: (kind, lemma) -> the rules with conditions for that word, in the order tried
    conditional: Mapping[tuple[str, str], tuple[Rule, ...]] = field(default_factory=dict)

    def conditional_rules(self, kind: str, lemma: str) -> tuple[Rule, ...]:
        """The rules with conditions for `lemma` as a `kind` ("verb" or "noun")."""
        return self.conditional.get((kind, lemma), ())


def load_rules(path: str | Path) -> list[Rule]:
    """Every rule of the TSV file at `path`, checked; `ConfigError` naming the line if not."""
    name = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise ConfigError(f"rules file {name!r} cannot be read: {err}. Give a UTF-8 TSV file "
                          "(docs/coding.md, 'Rules as data')") from None  # fmt: skip
    return parse_rules(text, name)


def parse_rules(text: str, name: str) -> list[Rule]:
    """The rules of a rules file's `text`; `name` is used in messages."""
    rules: list[Rule] = []
    header_seen = False
    plain: dict[tuple[str, Key], str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t")]
        where = f"{name}:{number}"
        if not header_seen:
            if tuple(cells) != COLUMNS:
                raise ConfigError(f"{where}: the first row must be the header "
                                  f"{chr(9).join(COLUMNS)!r} (tab-separated)")  # fmt: skip
            header_seen = True
            continue
        for rule in _row(cells, where):
            if not rule.when:
                earlier = plain.setdefault((rule.kind, rule.key), where)
                if earlier != where:
                    raise ConfigError(f"{where}: {rule.kind} {_show(rule.key)!r} is already "
                                      f"given at line {earlier.rsplit(':', 1)[1]}")  # fmt: skip
            rules.append(rule)
    if not header_seen:
        raise ConfigError(f"{name}: no header row; the first row must be "
                          f"{chr(9).join(COLUMNS)!r}")  # fmt: skip
    return rules


def _row(cells: Sequence[str], where: str) -> list[Rule]:
    """The rules of one row: one per word."""
    if len(cells) != len(COLUMNS):
        raise ConfigError(f"{where}: {len(cells)} columns; a row needs {len(COLUMNS)}, "
                          f"separated by tabs: {', '.join(COLUMNS)}")  # fmt: skip
    row = dict(zip(COLUMNS, cells, strict=True))
    kind = _choice(row["kind"], KINDS, "kind", where)
    event_type = _choice(row["type"], tuple(MODES), "type", where)
    mode = None if row["mode"] == _NONE else row["mode"]
    if mode is not None and mode not in MODES[event_type]:
        modes = ", ".join(m for m in MODES[event_type] if m)
        raise ConfigError(f"{where}: {event_type} has no mode {mode!r}; its modes: {modes}")
    cameo = _cameo(row["cameo"], event_type, where)
    strength = _strength(row["strength"], where)
    when = _conditions(row["when"], kind, where)
    words = row["words"].split()
    if not words:
        raise ConfigError(f"{where}: no words")
    keys = [_key(word, kind, where) for word in words]
    _check_example(row["example"], keys, where)
    cue = Cue(event_type, mode, strength, cameo)
    return [Rule(kind, key, cue, when, row["example"], where) for key in keys]


def _choice(value: str, choices: Sequence[str], column: str, where: str) -> str:
    if value not in choices:
        raise ConfigError(f"{where}: unknown {column} {value!r}; one of: {', '.join(choices)}")
    return value


def _cameo(value: str, event_type: str, where: str) -> str | None:
    """A CAMEO code that belongs to `event_type`'s part of CAMEO, or None for '-'."""
    if value == _NONE:
        return None
    roots = sorted({code[:2] for code in MODES[event_type].values() if code})
    if not (value.isdigit() and 2 <= len(value) <= 4) or value[:2] not in roots:
        raise ConfigError(f"{where}: CAMEO code {value!r} is not one of {event_type}'s: "
                          f"codes of 2 to 4 digits starting {' or '.join(roots)}")  # fmt: skip
    return value


def _strength(value: str, where: str) -> float:
    try:
        strength = float(value)
    except ValueError:
        strength = -1.0
    if not 0.0 < strength <= 1.0:
        raise ConfigError(f"{where}: strength {value!r} must be a number above 0, at most 1")
    return strength


def _conditions(value: str, kind: str, where: str) -> tuple[Condition, ...]:
    """`role=lemma|lemma, role=...` as conditions; '-' for none."""
    if value == _NONE:
        return ()
    if kind not in {"verb", "noun"}:
        raise ConfigError(f"{where}: conditions ('when') are for verb and noun rows only")
    conditions = []
    for part in value.split(","):
        role, equals, lemmas = part.strip().partition("=")
        role = role.strip()
        if not equals or role not in (*ROLES, *SYNTAX) or not lemmas.strip():
            raise ConfigError(f"{where}: condition {part.strip()!r} must be ROLE=word|word, "
                              f"ROLE one of: {', '.join((*ROLES, *SYNTAX))}")  # fmt: skip
        if role in {"object", "subject"} and kind != "verb":
            raise ConfigError(f"{where}: condition {role!r} is for verb rows only")
        if role == "host" and kind != "noun":
            raise ConfigError(f"{where}: condition 'host' is for noun rows only")
        words = frozenset(w.strip().lower() for w in lemmas.split("|") if w.strip())
        conditions.append(Condition(role, words))
    return tuple(conditions)


def _key(word: str, kind: str, where: str) -> Key:
    word = word.lower()
    if kind in {"verb", "noun"}:
        if "+" in word:
            raise ConfigError(f"{where}: {word!r}: only phrasal and prepositional rows "
                              "join words with '+'")  # fmt: skip
        return word
    verb, plus, other = word.partition("+")
    if not plus or not verb or not other or "+" in other:
        raise ConfigError(f"{where}: {word!r}: a {kind} entry is VERB+WORD, as 'pull+out'")
    return (verb, other)


def _check_example(example: str, keys: Sequence[Key], where: str) -> None:
    """The example must use one of the row's words (in any form that keeps their
    first letters: 'seized' for 'seize', 'shot' for 'shoot', 'laid' for 'lay')."""
    if example in {"", _NONE}:
        raise ConfigError(f"{where}: no example; give a sentence that uses one of the words")
    said = example.lower()
    for key in keys:
        words = (key,) if isinstance(key, str) else key
        if all(_stem(w) in said for w in words):
            return
    raise ConfigError(f"{where}: the example {example!r} uses none of the row's words")


def _stem(word: str) -> str:
    return word[: max(2, len(word) - 2)]


def _show(key: Key) -> str:
    return key if isinstance(key, str) else "+".join(key)


def build_rulebook(rules: Iterable[Rule]) -> Rulebook:
    """A rulebook from rules in the order tried: for a plain word the first row wins."""
    tables: dict[str, dict[Key, Cue]] = {kind: {} for kind in KINDS}
    conditional: dict[tuple[str, str], list[Rule]] = {}
    for rule in rules:
        if rule.when:
            assert isinstance(rule.key, str)
            conditional.setdefault((rule.kind, rule.key), []).append(rule)
        else:
            tables[rule.kind].setdefault(rule.key, rule.cue)
    return Rulebook(
        verbs={k: c for k, c in tables["verb"].items() if isinstance(k, str)},
        nouns={k: c for k, c in tables["noun"].items() if isinstance(k, str)},
        phrasal={k: c for k, c in tables["phrasal"].items() if isinstance(k, tuple)},
        prepositional={k: c for k, c in tables["prepositional"].items() if isinstance(k, tuple)},
        conditional={key: tuple(found) for key, found in conditional.items()},
    )


@functools.cache
def packaged_rules() -> tuple[Rule, ...]:
    """The rules that come with sitrep."""
    source = resources.files("sitrep") / "data" / "coding_rules.tsv"
    return tuple(parse_rules(source.read_text(encoding="utf-8"), "sitrep/data/coding_rules.tsv"))


@functools.cache
def load_rulebook(user_files: tuple[str, ...] = ()) -> Rulebook:
    """The rulebook of the packaged rules, after the rules of `user_files` (tried first)."""
    mine = [rule for path in user_files for rule in load_rules(path)]
    return build_rulebook([*mine, *packaged_rules()])


#: The rulebook the event coder is coding with, for the helpers deep in the argument
#: layer that ask whether a word is an event noun (set by `EventCoder`).
_IN_FORCE: ContextVar[Rulebook | None] = ContextVar("sitrep_rulebook_in_force", default=None)


@contextlib.contextmanager
def rules_in_force(rules: Rulebook) -> Iterator[None]:
    """Code with `rules` inside the block: `in_force()` returns them there."""
    token = _IN_FORCE.set(rules)
    try:
        yield
    finally:
        _IN_FORCE.reset(token)


def in_force() -> Rulebook:
    """The rulebook in force: the event coder's (packaged rows after the user's own), or
    the packaged one outside any coding."""
    return _IN_FORCE.get() or load_rulebook()
