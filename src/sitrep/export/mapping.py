"""From PLOVER to ACLED's and UCDP's categories: the packaged mapping tables.

The tables are data (`sitrep/export/data/acled.csv` and `ucdp.csv`), one row per
case with the reason for it, read once and checked against the ontology at load:
an unknown type, mode or kind of side fails at once naming the file and row.

A row matches an event by its PLOVER type, its mode and the *kind* of its actors
and of its targets (`side_kind`): ACLED tells a battle from an attack on civilians
by who was attacked, and UCDP's type of violence is a matter of who fought whom.
The first matching row wins; every table ends each type with a catch-all, so
every event meets exactly one row, which may say "no category, because ...".
"""

from __future__ import annotations

import csv
import functools
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources

from sitrep.errors import ConfigError
from sitrep.model import Actor
from sitrep.ontology import EVENT_TYPES, MODES

#: Sectors by the kind of side they make; other sectors (IGO, CRM, UNK) are of unknown kind.
STATE_SECTORS = frozenset({"GOV", "MIL", "COP"})
NONSTATE_SECTORS = frozenset({"REB"})
CIVILIAN_SECTORS = frozenset({"CVL", "MED", "NGO", "REL", "BUS", "PTY", "OPP", "ELI", "JUD", "LEG"})
#: What a table's actors/targets cell may say, and which kinds each admits.
SIDE_PATTERNS: dict[str, frozenset[str]] = {
    "*": frozenset({"state", "nonstate", "civilian", "unknown"}),
    "state": frozenset({"state"}),
    "nonstate": frozenset({"nonstate"}),
    "armed": frozenset({"state", "nonstate"}),
    "civilian": frozenset({"civilian"}),
    "unknown": frozenset({"unknown"}),
}


def side_kind(actors: Iterable[Actor]) -> str:
    """`state`, `nonstate`, `civilian` or `unknown`: the kind of one side of an event.

    A side with several actors takes the most armed kind among them (state forces
    before armed groups before civilians): troops and the villagers with them are a
    side that can fight.
    """
    sectors = {a.sector for a in actors}
    if sectors & STATE_SECTORS:
        return "state"
    if sectors & NONSTATE_SECTORS:
        return "nonstate"
    if sectors & CIVILIAN_SECTORS:
        return "civilian"
    return "unknown"


@dataclass(frozen=True, slots=True)
class Rule:
    """One row of a mapping table: a condition and the category it gives ({} for none)."""

    type: str
    mode: str
    actors: str
    targets: str
    category: tuple[tuple[str, str], ...]  # (column, value) pairs; empty: no category
    why: str
    line: int

    def matches(self, event_type: str, mode: str | None, actors: str, targets: str) -> bool:
        """Whether the rule covers an event of this type and mode between these kinds of side."""
        return (
            self.type in ("*", event_type)
            and self.mode in ("*", mode)
            and actors in SIDE_PATTERNS[self.actors]
            and targets in SIDE_PATTERNS[self.targets]
        )


@dataclass(frozen=True, slots=True)
class Table:
    """A mapping table: its rules in order and the columns of the category it gives."""

    name: str
    columns: tuple[str, ...]
    rules: tuple[Rule, ...]

    def rule_for(
        self, event_type: str, mode: str | None, actors: Sequence[Actor], targets: Sequence[Actor]
    ) -> Rule:
        """The first rule that covers an event (every table ends with catch-alls)."""
        kinds = (side_kind(actors), side_kind(targets))
        for rule in self.rules:
            if rule.matches(event_type, mode, *kinds):
                return rule
        raise LookupError(f"{self.name}: no row for {event_type} {mode} {kinds}")

    def markdown(self) -> str:
        """The table as Markdown, for docs/export.md (a test keeps the two the same)."""
        head = ["type", "mode", "actors", "targets", *self.columns, "why"]
        lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        for rule in self.rules:
            values = dict(rule.category)
            # "any" for the wildcard: a bare * would be read as emphasis in Markdown.
            cells = [
                c.replace("*", "any") for c in (rule.type, rule.mode, rule.actors, rule.targets)
            ]
            cells += [values.get(c, "") or "—" for c in self.columns] + [rule.why]
            lines.append("| " + " | ".join(cells) + " |")
        return "\n".join(lines) + "\n"


@functools.cache
def table(name: str) -> Table:
    """The packaged table `name` (`acled` or `ucdp`), read and checked once."""
    path = resources.files("sitrep") / "export" / "data" / f"{name}.csv"
    text = path.read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.startswith("#")]
    reader = csv.DictReader(io.StringIO("\n".join(lines)))
    fields = list(reader.fieldnames or [])
    columns = tuple(fields[4:-1])
    rules = tuple(_rule(f"{name}.csv", n, row, columns) for n, row in enumerate(reader, 2))
    return Table(name, columns, rules)


def _rule(where: str, line: int, row: dict[str, str], columns: tuple[str, ...]) -> Rule:
    """One row, checked: a bad cell fails naming the file, the row and the choices."""
    kind, mode = row["type"], row["mode"]
    if kind != "*" and kind not in EVENT_TYPES:
        raise ConfigError(f"{where} row {line}: unknown type {kind!r}; choose from {EVENT_TYPES}")
    if mode != "*" and (kind == "*" or mode not in MODES[kind]):
        raise ConfigError(f"{where} row {line}: {mode!r} is no mode of {kind}")
    for side in ("actors", "targets"):
        if row[side] not in SIDE_PATTERNS:
            raise ConfigError(
                f"{where} row {line}: {side} {row[side]!r}; choose from {sorted(SIDE_PATTERNS)}"
            )
    category = tuple((c, row[c]) for c in columns) if row[columns[-1]] else ()
    return Rule(kind, mode, row["actors"], row["targets"], category, row["why"], line)
