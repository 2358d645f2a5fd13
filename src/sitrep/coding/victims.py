"""Counts read from the syntax when the words give no number.

"A 25-year-old man was shot dead", "Police arrested the suspect", "Gunmen killed
Hector Oqueli and Gilda Flores": no numeral, yet one, one and two people. When
`counts.find_counts` found nothing of a kind in the sentence, an event whose
verb kills, wounds, arrests or abducts counts its targets that are single
people: a person's name, or a singular noun for a person ("man", "officer").
"Both" is two. Plural nouns without a number ("civilians") stay uncounted:
nothing is invented.
"""

from __future__ import annotations

from ..model import Actor, Count, CountKind, Parse, Token
from .lexicon import PERSON_NOUNS
from .triggers import Trigger

_KILLING = frozenset("kill murder slay execute behead assassinate lynch".split())
_WOUNDING = frozenset("wound injure maim hurt".split())
_ARRESTING = frozenset("arrest detain jail imprison".split())
_ABDUCTING = frozenset("kidnap abduct".split())


def victim_kind(parse: Parse, trigger: Trigger) -> CountKind | None:
    """What happened to the targets of this trigger, if it is one that counts people."""
    lemma = trigger.token.lemma
    if lemma in _KILLING:
        return "killed"
    if lemma in _WOUNDING:
        return "wounded"
    if lemma in _ARRESTING and trigger.type == "COERCE":
        return "arrested"
    if lemma in _ABDUCTING:
        return "abducted"
    if lemma == "shoot":
        return "killed" if _fatal(parse, trigger.token) else "wounded"
    return None


def _fatal(parse: Parse, verb: Token) -> bool:
    """ "shot dead", "fatally shot", "shot and killed"."""
    near = [*parse.children(verb)]
    if verb.dep == "conj":
        near.append(parse.tokens[verb.head])
    return any(c.lemma in {"dead", "fatally", "death"} | _KILLING for c in near)


def implicit_count(
    parse: Parse, trigger: Trigger, targets: tuple[Actor, ...]
) -> tuple[CountKind, Count] | None:
    """(kind, Count) of the single people among the targets, or None."""
    kind = victim_kind(parse, trigger)
    if kind is None:
        return None
    if not targets:
        return _pronoun_victim(parse, trigger.token, kind)
    people = [t for t in targets if _one_person(parse, t) or _both(t)]
    if len(people) != len(targets):
        return None  # "the man and his shop", or a plural: do not guess
    value = sum(2 if _both(t) else 1 for t in people)
    first, last = people[0], people[-1]
    words = " and ".join(t.text for t in people)
    return kind, Count(value=value, qualifier="exact", text=words, start=first.start, end=last.end)


def _pronoun_victim(parse: Parse, verb: Token, kind: CountKind) -> tuple[CountKind, Count] | None:
    """ "He was fatally shot": one person, named earlier."""
    for child in parse.children(verb):
        if child.dep == "nsubjpass" and child.text.lower() in {"he", "she"}:
            return kind, Count(1, "exact", child.text, child.start, child.end)
    return None


def _both(actor: Actor) -> bool:
    return actor.text.lower() in {"both", "both men", "both women", "both victims"}


def _one_person(parse: Parse, actor: Actor) -> bool:
    inside = [t for t in parse.tokens if actor.start <= t.start and t.end <= actor.end]
    if not inside:
        return False
    head = next(
        (t for t in inside if not actor.start <= parse.tokens[t.head].start < actor.end), inside[-1]
    )
    ages = "year-old" in actor.text.lower() or "year old" in actor.text.lower()
    if any(t.like_num for t in inside) and not ages:
        return False  # a number is read by the count rules, not here ("a 19-year-old" is an age)
    if head.ent == "PERSON" or (head.pos == "PROPN" and head.ent not in _NOT_PERSON):
        return True  # the small model often calls an unusual name a PRODUCT or nothing
    return head.tag == "NN" and head.lemma in PERSON_NOUNS


_NOT_PERSON = frozenset({"GPE", "LOC", "FAC", "ORG", "NORP", "DATE", "TIME", "EVENT"})


def sentence_deaths(parse: Parse, sent: int) -> tuple[CountKind, Count] | None:
    """One person's death told without a killing verb: "the teen died", "the death of
    Ana Ruiz", "left a man dead". Counted as killed when the sentence has no number."""
    people: list[Token] = []
    for token in parse.sentence_tokens(sent):
        if _dies(parse, token):  # "the teen died", "a boy is dead after ..."
            people += [c for c in parse.children(token) if c.dep == "nsubj"]
        elif token.lemma in {"pronounce", "declare", "find"} and any(
            c.lemma == "dead" for c in parse.children(token)
        ):  # "Brown was pronounced dead", "police found Rolando Gonzalez dead"
            people += [c for c in parse.children(token) if c.dep in {"nsubjpass", "dobj"}]
        elif token.lemma == "death" and token.pos == "NOUN":
            people += [
                o
                for p in parse.children(token)
                if p.dep == "prep" and p.lemma == "of"
                for o in parse.children(p)
                if o.dep == "pobj"
            ]
        elif token.lemma == "leave":  # "left a man dead" (spaCy: "dead" on the verb or the noun)
            objects = [c for c in parse.children(token) if c.dep == "dobj"]
            dead_on_verb = any(c.lemma == "dead" for c in parse.children(token))
            people += [
                o
                for o in objects
                if dead_on_verb or any(c.lemma == "dead" for c in parse.children(o))
            ]
    singles = [p for p in people if _single(parse, p)]
    if not singles or len(singles) != len(people):
        return None
    first = singles[0]
    return "killed", Count(len(singles), "exact", first.text, first.start, first.end)


def _dies(parse: Parse, token: Token) -> bool:
    if token.lemma in {"die", "succumb"} and token.pos == "VERB":
        return True
    return token.lemma == "be" and any(
        c.lemma == "dead" and c.dep == "acomp" for c in parse.children(token)
    )


def _single(parse: Parse, token: Token) -> bool:
    """A name, a singular person noun or "he"/"she"; not a number or another pronoun."""
    if token.text.lower() in {"he", "she"}:
        return True  # one person, already named: "where he later died"
    if token.like_num or token.pos == "PRON":
        return False
    return token.ent == "PERSON" or (token.tag == "NN" and token.lemma in PERSON_NOUNS)
