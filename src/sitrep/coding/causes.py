"""Who or what a report says is behind an event: "on the orders of the governor",
"a truce brokered by Qatar", "the group claimed responsibility", "blamed on rebels".

`CauseFinder` gives each event the cause its own sentence states, if any. A cause
is a cue (a fixed phrase, or "claim responsibility" / "blame" read from the
parse) and the words it points at: after a cue like "ordered by", the words up
to the end of the clause (at most `MAX_WORDS` words); for "X claimed
responsibility", the subject X; for "X blamed Y for it" or "blamed it on Y", Y.
When a sentence states several, the one nearest the event's trigger wins.

Two reports that give different causes for one event are a disagreement
(`sitrep.merge`); a cause is never guessed from anything but the words.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from typing import get_args

from sitrep.model import Analysis, Cause, CauseKind, Event, Parse, Sentence, Token

#: The words a cause may run to after its cue, at most.
MAX_WORDS = 10

_CUES: tuple[tuple[CauseKind, str], ...] = (
    ("ordered_by", r"(?:ordered|commanded|directed|authori[sz]ed) by"),
    ("ordered_by", r"on (?:the )?(?:direct )?(?:orders?|instructions?|command) of"),
    ("ordered_by", r"at the (?:behest|request) of"),
    ("brokered_by", r"(?:brokered|mediated|negotiated|facilitated|arranged) by"),
    ("brokered_by", r"(?:through|with|under) the mediation of"),
    ("claimed_by", r"(?:responsibility|credit) (?:was|has been) claimed by"),
    ("claimed_by", r"claimed by"),
    ("blamed_on", r"(?:was |were |is |are |has been |have been )?(?:blamed on|attributed to)"),
    ("in_response_to", r"in (?:retaliation|response|revenge|reprisal) (?:for|to|against)"),
    ("in_response_to", r"to avenge"),
    ("because_of", r"(?:sparked|triggered|prompted|provoked|caused) by"),
    ("because_of", r"in protest (?:at|against|over)"),
    ("because_of", r"because of|due to"),
)
_CUE = re.compile(
    "|".join(rf"(?P<c{i}>\b{pattern}\b)" for i, (_, pattern) in enumerate(_CUES)), re.IGNORECASE
)
#: Where the words a cue points at stop: the end of the clause.
_STOP = re.compile(
    r"[,;:.!?()\[\]\"“”]|\s(?:who|which|that|after|before|when|while|as|and said|but|"
    r"according|officials?|police|witnesses)\b",
    re.IGNORECASE,
)
#: Prepositions that start what is said of the cause, not part of its name.
_CLAUSE_PREPS = frozenset({"for", "over", "after", "before", "on", "in", "at", "during", "since"})
assert {kind for kind, _ in _CUES} == set(get_args(CauseKind))


class CauseFinder:
    """Stage: the cause each event's sentence gives for it (module docstring)."""

    name = "causes.cues.v1"
    requires = frozenset({"events", "parse"})
    provides = frozenset({"events.cause"})

    def __call__(self, analysis: Analysis) -> Analysis:
        """Give every event of one document the cause its sentence states, if any."""
        parse = analysis.parse
        if parse is None or not analysis.events:
            return analysis
        text = analysis.document.text
        stated: dict[int, list[tuple[int, Cause]]] = {}  # sentence -> its causes, read once
        events = []
        for event in analysis.events:
            index = parse.sentence_at(event.trigger.start)
            if index not in stated:
                stated[index] = list(causes_in(parse.sentences[index], parse, text))
            events.append(_with_cause(event, stated[index]))
        return dataclasses.replace(analysis, events=tuple(events))


def _with_cause(event: Event, stated: list[tuple[int, Cause]]) -> Event:
    """The event with the cause of its sentence nearest its trigger, if any."""
    # A cue that is the event's own trigger ("brokered" of a truce being brokered,
    # "blamed" of an accusation) names the event's actors or targets, not its cause.
    found = [
        (cue, cause) for cue, cause in stated
        if not event.trigger.start <= cue < event.trigger.end
    ]  # fmt: skip
    if not found:
        return event
    _, nearest = min(found, key=lambda c: (abs(c[0] - event.trigger.start), c[0]))
    return dataclasses.replace(event, cause=nearest)


def causes_in(sentence: Sentence, parse: Parse, text: str) -> Iterator[tuple[int, Cause]]:
    """Every cause one sentence states, by its cues and its parse, with where its cue starts."""
    words = text[sentence.start : sentence.end]
    tokens = parse.tokens[sentence.first : sentence.stop]
    for match in _CUE.finditer(words):
        kind = _CUES[int(next(k for k, v in match.groupdict().items() if v)[1:])][0]
        cue_start, cue_end = sentence.start + match.start(), sentence.start + match.end()
        last = next((t for t in tokens if t.start < cue_end <= t.end), None)
        head = _object_of(last, parse) if last is not None else None
        if head is not None:
            yield cue_start, _phrase(kind, head, parse, text, cue=match.group(0))
            continue
        found = _words_after(words, match.end(), sentence.start)
        if found is not None:
            yield cue_start, Cause(kind, found[0], found[1], found[2], match.group(0))
    for token in tokens:
        yield from ((token.start, c) for c in _from_parse(token, parse, text))


def _object_of(token: Token, parse: Parse) -> Token | None:
    """The object the cue's last word governs ("by" → "Qatar", "of" → "commander")."""
    return next((t for t in parse.children(token) if t.dep in {"pobj", "dobj"}), None)


def _words_after(words: str, at: int, offset: int) -> tuple[str, int, int] | None:
    """The words from `at` to the end of the clause (at most MAX_WORDS), with their
    document offsets; None when nothing follows the cue."""
    rest = words[at:]
    stop = _STOP.search(rest)
    clause = rest[: stop.start()] if stop else rest
    kept = clause.split()[:MAX_WORDS]
    if not kept:
        return None
    start = at + clause.index(kept[0])
    end = start
    for word in kept:
        end = words.index(word, end) + len(word)
    return words[start:end], offset + start, offset + end


def _from_parse(token: Token, parse: Parse, text: str) -> Iterator[Cause]:
    """ "X claimed responsibility (for)" → claimed_by X; "X blamed Y (for it)" and
    "X blamed it on Y" → blamed_on Y."""
    if token.lemma not in {"claim", "blame"}:
        return
    children = parse.children(token)
    if token.lemma == "claim" and any(
        c.dep == "dobj" and c.lemma in {"responsibility", "credit"} for c in children
    ):
        subject = next((c for c in children if c.dep == "nsubj"), None)
        if subject is not None:
            yield _phrase("claimed_by", subject, parse, text, cue=token.text)
    if token.lemma == "blame" and token.pos == "VERB":
        thing = next((c for c in children if c.dep == "dobj"), None)
        # "blamed it on Y": the parser hangs "on Y" on the verb or on "it".
        heads = {token.i} | ({thing.i} if thing is not None else set())
        on = next(
            (t for h in sorted(heads) for t in parse.children(parse.tokens[h])
             if t.dep == "prep" and t.text.lower() == "on"),
            None,
        )  # fmt: skip
        target = _object_of(on, parse) if on is not None else thing
        if target is not None:
            yield _phrase("blamed_on", target, parse, text, cue=token.text)


def _phrase(kind: CauseKind, head: Token, parse: Parse, text: str, *, cue: str) -> Cause:
    """The cause named by the phrase `head` heads (its subtree, without a clause)."""
    first, last = head.i, head.i
    for token in parse.tokens[head.i + 1 :]:
        if not _under(token, head, parse) or token.dep in {"relcl", "acl", "punct"}:
            break
        if token.dep == "prep" and token.text.lower() in _CLAUSE_PREPS:
            break  # "blamed rebels | for the massacre", "... | on Monday"
        last = token.i
    for token in reversed(parse.tokens[: head.i]):
        if not _under(token, head, parse) or token.dep == "punct":
            break
        first = token.i
    start, end = parse.tokens[first].start, parse.tokens[last].end
    return Cause(kind, text[start:end], start, end, cue)


def _under(token: Token, head: Token, parse: Parse) -> bool:
    """Whether `token` is in the subtree of `head`."""
    seen = 0
    while token.i != head.i and token.head != token.i and seen < 64:
        token = parse.tokens[token.head]
        seen += 1
    return token.i == head.i
