"""Actors followed through the report: whom "he", "their" or "the group" stand for.

`antecedent(parse, start, end)` finds the named actor an actor's words refer to,
looking back from them: earlier in the same sentence, then up to
`LOOKBACK_SENTENCES` sentences before it, nearest first. What may be referred to:

- "he", "him", "his", "she", "her": a person (a PERSON entity);
- "they", "them", "their": a named group or people (an ORG or NORP entity, or a
  plural noun naming a party, such as "the rebels");
- "it", "its": an organisation or a state (an ORG or GPE entity);
- a definite description with no name of its own ("the group", "the militia",
  "the ministry", "the commander", "the cleric"): the nearest entity of the kind
  its head noun names (`DESCRIPTIONS`). "The government", "the army" or "the
  police" are not followed: the actor lexicon names them, with the country of
  the report.

A candidate inside the referring words, or one that is itself a pronoun, is
skipped. Nothing is guessed beyond that: with no compatible antecedent in reach,
a pronoun names no actor (the resolver drops it) and a description stays as it is.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from sitrep.model import Parse, Span, Token

#: How many sentences before the referring words an antecedent may be.
LOOKBACK_SENTENCES = 3

PERSON_PRONOUNS = frozenset("he him his she her hers".split())
GROUP_PRONOUNS = frozenset("they them their theirs".split())
BODY_PRONOUNS = frozenset({"it", "its"})

#: The head nouns of definite descriptions, and the entity labels they refer to.
DESCRIPTIONS: dict[str, frozenset[str]] = {
    **dict.fromkeys(
        "group movement organisation organization militia faction party outfit network "
        "alliance coalition front insurgency".split(),
        frozenset({"ORG"}),
    ),
    **dict.fromkeys(
        "ministry agency council body company firm union commission committee".split(),
        frozenset({"ORG"}),
    ),
    **dict.fromkeys(
        "commander leader cleric president minister general spokesman spokeswoman "
        "official chief premier prime envoy ambassador colonel warlord".split(),
        frozenset({"PERSON"}),
    ),
}
#: Plural nouns that "they" may stand for when no group is named.
_PARTY_PLURALS = frozenset(
    "rebels fighters militants insurgents troops soldiers forces police protesters "
    "demonstrators gunmen attackers militiamen guerrillas officials authorities leaders "
    "residents villagers civilians refugees workers students".split()
)


def is_referring(parse: Parse, start: int, end: int) -> bool:
    """Whether the words at [start, end) refer to an actor named elsewhere."""
    return _kind(parse, start, end) is not None


def antecedent(parse: Parse, start: int, end: int, *, depth: int = 0) -> Span | None:
    """The words of the named actor that the words at [start, end) refer to, or None.

    The nearest sentence holding a compatible actor wins, and in it a subject
    before anything else ("The ministry calls on all parties ... It urges":
    the ministry); a description found on the way ("the ministry") is followed to
    the name it stands for."""
    wanted = _kind(parse, start, end)
    if wanted is None:
        return None
    labels, plurals = wanted
    if "ORG" in labels:
        labels = labels | {"DESCRIPTION"}  # "the ministry", itself followed to its name
    fitting = [c for c in _candidates(parse, start, plurals=plurals) if c.label in labels]
    if not fitting:
        return None
    nearest = max(c.sent for c in fitting)
    best = max((c for c in fitting if c.sent == nearest), key=lambda c: (c.subject, c.span.start))
    if best.label == "DESCRIPTION" and depth < 2:
        return antecedent(parse, best.span.start, best.span.end, depth=depth + 1) or best.span
    return best.span


@dataclass(frozen=True, slots=True)
class _Candidate:
    label: str  # an entity label, "PARTY" (a plural party noun) or "DESCRIPTION"
    span: Span
    sent: int
    subject: bool


def possessor(parse: Parse, start: int, end: int) -> Span | None:
    """The named actor a possessive pronoun inside the words at [start, end) stands
    for ("their forces", "his men"), or None."""
    for token in parse.tokens_within(start, end):
        if token.dep == "poss" and token.pos == "PRON":
            return antecedent(parse, token.start, token.end)
    return None


def _kind(parse: Parse, start: int, end: int) -> tuple[frozenset[str], bool] | None:
    """The entity labels the words may refer to, and whether a plural party noun may do;
    None when the words name an actor themselves."""
    tokens = parse.tokens_within(start, end)
    if len(tokens) == 1 and tokens[0].pos == "PRON":
        word = tokens[0].text.lower()
        if word in PERSON_PRONOUNS:
            return frozenset({"PERSON"}), False
        if word in GROUP_PRONOUNS:
            return frozenset({"ORG", "NORP", "PARTY"}), True
        if word in BODY_PRONOUNS:
            return frozenset({"ORG", "GPE"}), False
        return None
    head = _description_head(parse, tokens)
    return (DESCRIPTIONS[head.lemma], False) if head is not None else None


def _description_head(parse: Parse, tokens: Sequence[Token]) -> Token | None:
    """The head of "the group", "the militia's commander": a common noun of
    `DESCRIPTIONS` after "the", with no name among the words."""
    if not tokens or any(t.ent or t.pos == "PROPN" for t in tokens):
        return None
    head = tokens[-1]
    if head.lemma not in DESCRIPTIONS or head.tag != "NN":
        return None
    before = parse.tokens[tokens[0].i - 1] if tokens[0].i > 0 else None
    determiner = tokens[0] if tokens[0].dep == "det" else before
    if determiner is None or determiner.text.lower() != "the":
        return None
    return head


def _candidates(parse: Parse, start: int, *, plurals: bool) -> Iterator[_Candidate]:
    """The actors named before `start`, in the same sentence or up to
    `LOOKBACK_SENTENCES` before it."""
    after = parse.token_from(start)
    if after is None:
        return
    at, here = after.i, after.sent
    first = max(0, here - LOOKBACK_SENTENCES)
    reach = parse.sentences[first]
    # Only the entities and tokens in reach: linear in the report, not quadratic.
    for entity in parse.entities_in(reach.start, start):
        head = _entity_head(parse, entity.first, entity.stop)
        if first <= head.sent <= here and entity.end <= start:
            words = [t for t in parse.tokens[entity.first : entity.stop] if t.dep != "det"]
            if not words:  # an "entity" of determiners alone, in garbled text
                continue
            span = Span(words[0].start, entity.end, entity.text[words[0].start - entity.start :])
            yield _Candidate(entity.label, span, head.sent, _is_subject(head))
    for token in parse.tokens[reach.first : at]:
        if token.end > start:
            continue
        if plurals and _party_plural(token):
            phrase = _with_modifiers(parse, token)
            yield _Candidate("PARTY", phrase, token.sent, _is_subject(token))
        described = _description_head(parse, [token])
        if described is not None and DESCRIPTIONS[described.lemma] & {"ORG"}:
            label = "DESCRIPTION"
            yield _Candidate(label, _span(token), token.sent, _is_subject(token))


def _entity_head(parse: Parse, first: int, stop: int) -> Token:
    """The token of an entity whose head lies outside it (its syntactic head)."""
    inside = parse.tokens[first:stop]
    return next((t for t in inside if not first <= t.head < stop), inside[-1])


def _is_subject(token: Token) -> bool:
    return token.dep in {"nsubj", "nsubjpass"}


def _span(token: Token) -> Span:
    return Span(token.start, token.end, token.text)


#: Modifiers that belong to a party's name: "Fijian rebels", "Afghan rebel leaders".
_NAME_MODIFIERS = frozenset({"amod", "compound", "nmod"})


def _with_modifiers(parse: Parse, noun: Token) -> Span:
    """The noun with the modifiers right before it that name whose it is ("the Fijian
    rebels": "Fijian rebels"), so the actor lexicon can tell its country."""
    first = noun
    while first.i > 0:
        before = parse.tokens[first.i - 1]
        if before.sent != noun.sent or before.dep not in _NAME_MODIFIERS or before.head < first.i:
            break
        first = before
    words = parse.tokens[first.i : noun.i + 1]
    # Between two tokens of a phrase lies only white space: keep its length, so the
    # text is as long as the span it names.
    text = "".join(w.text + " " * (n.start - w.end) for w, n in itertools.pairwise(words))
    return Span(first.start, noun.end, text + noun.text)


def _party_plural(token: Token) -> bool:
    """A plural common noun that "they" may stand for: a party noun ("the rebels"), or
    any plural subject of a clause ("Organisers said they will march")."""
    if token.ent or token.tag != "NNS":
        return False
    return token.text.lower() in _PARTY_PLURALS or _is_subject(token)
