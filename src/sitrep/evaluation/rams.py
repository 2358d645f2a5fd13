"""RAMS 1.0 (Ebner et al. 2020), dev split: one event per five-sentence window.

Gold: `dev.jsonlines`, 924 news windows of five tokenised sentences, each with
one AIDA event (type, trigger span) and its arguments, spans given as
*inclusive* token offsets into the flattened window; `aida_ontology_cleaned.csv`
names the roles ("evt089arg01victim": event 089, argument 1, victim).

Only windows whose event is of a type in `AIDA_TYPES` are run (the others add
nothing to any figure), each window as a document of its own: the tokens are
joined with light detokenising (no space before "," or "'s"...), the sentences
with a space, so the window is one paragraph and no line is taken for a
headline. Event alignment and argument matching are those of the WikiEvents
scorer (`wikievents.compare_event`): trigger overlap, else a compatible event
in the trigger's sentence; head-word match per role; `roles` is micro over all
roles. RAMS has no coreference, so a gold argument matches only through its
own words.

RAMS annotates one event per window, so a sitrep event answering none is not
a false positive: `trigger` precision is not measured here (read `trigger.r`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sitrep.config import Settings
from sitrep.evaluation.core import Report
from sitrep.evaluation.wikievents import (
    GoldArgument,
    GoldDocument,
    GoldEvent,
    family_of,
    role_notes,
    score_documents,
)

#: AIDA event-type prefix -> (family, the roles of ours that type can carry).
#: A fact about the AIDA ontology (aida_ontology_cleaned.csv).
AIDA_TYPES: dict[str, tuple[str, tuple[str, ...]]] = {
    "conflict.attack": ("conflict", ("attacker", "target", "place")),
    "life.die": ("death", ("attacker", "victim", "place")),
    "life.injure": ("injury", ("attacker", "victim", "place")),
    "justice.arrestjaildetain": ("arrest", ("detainee", "place")),
}

#: AIDA subtypes left out although their prefix is listed: deaths and harm that
#: are not violence (illness, hunger), which sitrep rightly does not code.
AIDA_EXCLUDED: tuple[str, ...] = (
    "life.die.nonviolentdeath",
    "life.injure.illnessdegradationhungerthirst",
    "life.injure.illnessdegradationphysical",
    "life.injure.illnessdegredationsickness",  # sic, the ontology's spelling
)

#: AIDA role name (after "evtNNNargNN") -> our role. A fact about two
#: vocabularies: the killer or injurer is sitrep's attacker. Unlisted roles
#: (jailer, instrument, crime, medicalissue...) are not scored.
AIDA_ROLES: dict[str, str] = {
    "attacker": "attacker",
    "killer": "attacker",
    "injurer": "attacker",
    "target": "target",
    "victim": "victim",
    "place": "place",
    "detainee": "detainee",
}

_ROLE_PREFIX = re.compile(r"^evt\d+arg\d+")

# Detokenising: tokens written without a space before them, or after them.
_NO_SPACE_BEFORE = frozenset(",.:;!?)]}%") | frozenset(
    {"'s", "'S", "n't", "'re", "'ve", "'ll", "'d", "'m", "''", "...", "’s"}
)
_NO_SPACE_AFTER = frozenset({"(", "[", "{", "$", "``", "#"})


@dataclass(frozen=True)
class Window:
    """A RAMS window as text: character spans of its tokens and sentences."""

    text: str
    tokens: tuple[tuple[int, int], ...]
    sentences: tuple[tuple[int, int], ...]


def role_name(label: str) -> str:
    """The plain role of a RAMS argument label ("evt089arg01victim" -> "victim")."""
    return _ROLE_PREFIX.sub("", label.strip())


def detokenize(sentences: Sequence[Sequence[str]]) -> Window:
    """The window as one paragraph, with the character span of every token and sentence."""
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    bounds: list[tuple[int, int]] = []
    size = 0
    glue = True  # no space before the very first token
    for sentence in sentences:
        first = len(spans)
        for token in sentence:
            if not glue and token not in _NO_SPACE_BEFORE:
                parts.append(" ")
                size += 1
            spans.append((size, size + len(token)))
            parts.append(token)
            size += len(token)
            glue = token in _NO_SPACE_AFTER
        if len(spans) > first:
            bounds.append((spans[first][0], size))
    return Window("".join(parts), tuple(spans), tuple(bounds))


def _span(window: Window, first: int, last: int) -> tuple[int, int]:
    """Characters of the inclusive token range [first, last]."""
    return window.tokens[first][0], window.tokens[last][1]


def _sentence_of(window: Window, offset: int) -> tuple[int, int]:
    """The sentence span holding character `offset`."""
    return next((s for s in window.sentences if s[0] <= offset < s[1]), (0, len(window.text)))


def parse_window(row: Mapping[str, Any]) -> GoldDocument | None:
    """One RAMS window as a GoldDocument, or None when its event is not scored."""
    start, end, labels = row["evt_triggers"][0]
    event_type = str(labels[0][0])
    found = family_of(event_type, AIDA_TYPES, AIDA_EXCLUDED)
    if found is None:
        return None
    family, roles = found
    window = detokenize(row["sentences"])
    trigger = _span(window, int(start), int(end))
    arguments: list[GoldArgument] = []
    for _, (a_start, a_end), label in row["gold_evt_links"]:
        role = AIDA_ROLES.get(role_name(str(label)))
        if role is None or role not in roles:
            continue
        a, b = _span(window, int(a_start), int(a_end))
        arguments.append(GoldArgument(role, window.text[a:b]))
    event = GoldEvent(
        event_id=str(row["doc_key"])[:16], gold_type=event_type, family=family, roles=roles,
        trigger=trigger, trigger_text=window.text[trigger[0] : trigger[1]],
        sentence=_sentence_of(window, trigger[0]), arguments=tuple(arguments),
    )  # fmt: skip
    return GoldDocument(str(row["doc_key"]), window.text, (event,))


def read_windows(path: Path, limit: int | None = None) -> list[GoldDocument]:
    """The first `limit` windows whose event is scored, in file order."""
    docs: list[GoldDocument] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if limit is not None and len(docs) >= limit:
            break
        if line.strip():
            doc = parse_window(json.loads(line))
            if doc is not None:
                docs.append(doc)
    return docs


def score(folder: Path, *, limit: int | None, settings: Settings) -> Report:
    """Score sitrep on the first `limit` scored RAMS dev windows."""
    docs = read_windows(folder / "dev.jsonlines", limit)
    report = Report("rams", items=len(docs))
    score_documents(report, docs, settings, count_spurious=False)
    report.notes += [
        "types: "
        + ", ".join(f"{k}* -> {v[0]}" for k, v in AIDA_TYPES.items())
        + "; excluded: "
        + ", ".join(AIDA_EXCLUDED),
        "each window is its own document (tokens detokenised, sentences joined by a space); "
        "windows of other types are not run",
        *role_notes(),
        "one annotated event per window: trigger false positives are not counted, so "
        "trigger.p is meaningless; read trigger.r",
    ]
    return report
