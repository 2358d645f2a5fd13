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

from sitrep.coding import lexicon as lx
from sitrep.coding.counts import number_value
from sitrep.coding.lexicon import PERSON_NOUNS
from sitrep.coding.triggers import Trigger
from sitrep.model import Actor, Count, CountKind, Parse, Token

_KILLING = frozenset("kill murder slay execute behead assassinate lynch".split())
_WOUNDING = frozenset("wound injure maim hurt".split())
_ARRESTING = frozenset("arrest detain jail imprison".split())
_ABDUCTING = frozenset("kidnap abduct".split())
#: Verbs whose object is the person harmed, held or taken: "Woman killed in shooting"
#: (a headline's elided passive) has the victim as its subject.
HARM_VERBS = _KILLING | _WOUNDING | _ARRESTING | _ABDUCTING | {"shoot", "stab"}
#: Event nouns of violence to a person, and the adjectives that make them deadly:
#: "the fatal shooting of a 13-year-old boy" tells one death.
_ATTACK_NOUNS = frozenset({"shooting", "stabbing"})
_DEADLY = frozenset({"fatal", "deadly"})


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
    if _attack_noun(trigger.token):
        deadly = _deadly_word(parse, trigger.token) is not None
        return "killed" if deadly else None  # a shooting's victim may be unhurt: no guess
    return None


def _fatal(parse: Parse, verb: Token) -> bool:
    """ "shot dead", "fatally shot", "shot and killed"."""
    near = [*parse.children(verb)]
    if verb.dep == "conj" and not any(c.dep in {"dobj", "nsubjpass"} for c in near):
        near.append(parse.tokens[verb.head])  # "was shot and killed", not "killed A and shot B"
    if any(c.lemma in {"dead", "fatally", "death"} for c in near):
        return True
    if any(c.lemma in _KILLING and not _own_victim(parse, c) for c in near):
        return True  # "shot and killed", not "shot a student and then killed herself"
    if any(c.dep == "conj" and _dies_or_pronounced(parse, c) for c in parse.children(verb)):
        return True  # "was shot in the head and died", "... and was pronounced dead"
    return any(  # "shot to death"
        c.dep == "prep" and c.lemma == "to" and any(o.lemma == "death" for o in parse.children(c))
        for c in near
    )


def implicit_count(
    parse: Parse, trigger: Trigger, targets: tuple[Actor, ...], text: str
) -> tuple[CountKind, Count] | None:
    """(kind, Count) of the people among the targets, or None; `text` is the document's."""
    kind = victim_kind(parse, trigger)
    if kind is None:
        return None
    # "killed her": a pronoun is counted from the syntax, as when no target is named
    targets = tuple(t for t in targets if t.text.lower() not in lx.REFERRING_PRONOUNS)
    if not targets:
        return (
            _pronoun_victim(parse, trigger.token, kind)
            or _numbered_victims(parse, trigger.token, kind)
            or _deadly_attack(parse, trigger.token, text)
        )
    # A target lies in its trigger's sentence: look for its words there, not in the
    # whole document (a long report has thousands of targets).
    sentence = parse.sentence_tokens(trigger.token.sent)
    words = [[w for w in sentence if t.start <= w.start and w.end <= t.end] for t in targets]
    numbers = [_plural_number(parse, w[-1]) if w else None for w in words]
    values = [_people_in(parse, t, w, n) for t, w, n in zip(targets, words, numbers, strict=True)]
    if None in values:
        return None  # "the man and his shop", or a plural without a number: do not guess
    first = min(
        min(t.start, n.start) if n else t.start for t, n in zip(targets, numbers, strict=True)
    )
    last = max(t.end for t in targets)
    value = sum(v for v in values if v is not None)
    return kind, Count(value=value, qualifier="exact", text=text[first:last], start=first, end=last)


def _people_in(parse: Parse, actor: Actor, inside: list[Token], number: Token | None) -> int | None:
    """How many people a target (its tokens `inside`) is: one person, "both", or a
    plural with its `number` ("his wife and two young sons": the number is outside
    the target's words, the numeral of its head noun)."""
    if _both(actor):
        return 2
    if _one_person(parse, actor, inside):
        return 1
    return number_value(number.text) if number is not None else None


def _deadly_attack(parse: Parse, noun: Token, text: str) -> tuple[CountKind, Count] | None:
    """ "a fatal shooting outside a nightclub": someone died, how many is not said;
    at least one, in the words "fatal shooting"."""
    if not _attack_noun(noun):
        return None
    deadly = _deadly_word(parse, noun)
    if deadly is None:
        return None
    return "killed", Count(1, "at_least", text[deadly.start : noun.end], deadly.start, noun.end)


def _attack_noun(token: Token) -> bool:
    """ "shooting", "stabbing" as a noun (a title-case headline's "Shooting" too)."""
    return token.pos in {"NOUN", "PROPN"} and token.text.lower() in _ATTACK_NOUNS


def _deadly_word(parse: Parse, noun: Token) -> Token | None:
    """The "fatal" or "deadly" of "a fatal shooting" (or "fatal Grove City shooting",
    where the parser hangs it on the name); not of "a non-fatal shooting"."""
    for child in parse.subtree(noun):
        if child.text.lower() in _DEADLY and child.i < noun.i:
            before = [t.text.lower() for t in parse.tokens[max(child.i - 2, 0) : child.i]]
            return None if "non" in before else child
    return None


def _pronoun_victim(parse: Parse, verb: Token, kind: CountKind) -> tuple[CountKind, Count] | None:
    """ "He was fatally shot", "killed her", "killed herself": one person, named earlier."""
    for child in parse.children(verb):
        if (child.dep, child.text.lower()) in _ONE_PERSON_PRONOUNS:
            return kind, Count(1, "exact", child.text, child.start, child.end)
    return None


def _numbered_victims(parse: Parse, verb: Token, kind: CountKind) -> tuple[CountKind, Count] | None:
    """ "Four were shot at a bar", a headline's "Four shot at sports bar": a bare number
    as the passive subject of a harming verb is that many people."""
    if verb.pos != "VERB":
        return None
    for child in parse.children(verb):
        subject = child.dep == "nsubjpass" or (child.dep == "nummod" and child.i < verb.i)
        value = number_value(child.text) if subject and child.pos == "NUM" else None
        if value is not None and not parse.children(child):
            return kind, Count(value, "exact", child.text, child.start, child.end)
    return None


#: One person's reflexive ("fatally shoots self" in a headline).
SELVES = frozenset({"himself", "herself", "self"})
_ONE_PERSON_PRONOUNS = frozenset(
    {("nsubjpass", "he"), ("nsubjpass", "she"), ("dobj", "him"), ("dobj", "her")}
    # "then killed herself", "accidentally shot, killed self" (the parser's npadvmod)
    | {(dep, word) for dep in ("dobj", "npadvmod") for word in SELVES}
)


def _both(actor: Actor) -> bool:
    return actor.text.lower() in {"both", "both men", "both women", "both victims"}


def _one_person(parse: Parse, actor: Actor, inside: list[Token]) -> bool:
    if not inside:
        return False
    head = next(
        (t for t in inside if not actor.start <= parse.tokens[t.head].start < actor.end), inside[-1]
    )
    ages = "year-old" in actor.text.lower() or "year old" in actor.text.lower()
    ages = ages or any(is_age(parse, t) for t in inside)
    if any(t.like_num for t in inside) and not ages:
        return False  # a number is read by the count rules, not here ("a 19-year-old" is an age)
    if ages and (head.tag in {"NN", "NNP"} or is_age(parse, head)):
        return True  # "2-year-old Nova Marie Gallman": an age makes a person, whatever NER says
    if head.text.lower() in SELVES:
        return True  # "Child accidentally shoots, kills self"
    if head.ent == "PERSON" or (head.pos == "PROPN" and head.ent not in _NOT_PERSON):
        return True  # the small model often calls an unusual name a PRODUCT or nothing
    return head.tag == "NN" and head.lemma in PERSON_NOUNS


_NOT_PERSON = frozenset({"GPE", "LOC", "FAC", "ORG", "NORP", "DATE", "TIME", "EVENT"})


#: The words each way of telling a death below starts from.
_DEATH_LEMMAS = frozenset(
    {"die", "succumb", "be", "pronounce", "declare", "find", "death", "claim", "take",
     "cost", "leave", "victim", "dead"}
)  # fmt: skip


def sentence_deaths(parse: Parse, sent: int, text: str) -> tuple[CountKind, Count] | None:
    """One person's death told without a killing verb: "the teen died", "the death of
    Ana Ruiz", "left a man dead", "claimed the life of a 9-year-old". Counted as
    killed when the sentence has no number."""
    people: list[Token] = []
    for token in parse.sentence_tokens(sent):
        if token.lemma not in _DEATH_LEMMAS or _unreal(parse, token):
            continue  # "if the man had died", "so he wouldn't die", "could have been dead"
        if _dies(parse, token):  # "the teen died", "a boy is dead after ..."
            people += [
                _person_of(parse, parse.antecedent(c))
                for c in parse.children(token)
                if c.dep == "nsubj"
            ]
        elif _pronounced_dead(parse, token):
            # "Brown was pronounced dead", "police found Rolando Gonzalez dead"
            people += [c for c in parse.children(token) if c.dep in {"nsubjpass", "dobj"}]
            if token.dep == "acl":  # "Mother, 2 children found dead": the noun it follows
                people.append(parse.tokens[token.head])
        elif token.lemma == "death" and token.pos == "NOUN":
            people += _whose(parse, token)  # "the death of Ana Ruiz", "the child's death"
        elif token.lemma in {"claim", "take", "cost"} and token.pos == "VERB":
            people += _lives_of(parse, token)  # "a shooting that claimed the life of a boy"
        elif token.lemma == "leave":  # "left a man dead" (spaCy: "dead" on the verb or the noun)
            objects = [c for c in parse.children(token) if c.dep == "dobj"]
            dead_on_verb = any(c.lemma == "dead" for c in parse.children(token))
            people += [
                o
                for o in objects
                if dead_on_verb or any(c.lemma == "dead" for c in parse.children(o))
            ]
        elif token.lemma == "victim" and any(
            c.lemma in {"homicide", "murder"} for c in parse.children(token)
        ):  # "police identify 15-year-old boy as homicide victim"
            people.append(token)
        elif token.lemma == "dead" and token.dep == "ROOT" and token.pos == "ADJ":
            # a headline without its verb: "Belgrade boy dead after accidental shooting"
            people += [c for c in parse.children(token) if c.dep in {"nsubj", "npadvmod"}]
        elif token.lemma == "dead" and token.dep == "amod" and not _hyphenated(parse, token):
            head = parse.tokens[token.head]  # "a dead man", "Juvenile dead from gunshot wound"
            if head.pos in {"NOUN", "PROPN"} and _how_many(parse, head) is not None:
                people.append(head)
    people = [q for p in people for q in (p, *parse.conjuncts(p))]  # "a father and two sons"
    people = [q for p in people for q in (listed_before(parse, p), p) if q is not None]
    people = list({p.i: p for p in people}.values())  # "left a man dead": one rule each
    values = [_how_many(parse, p) for p in people]
    if not people or None in values:
        return None
    first, last = people[0], people[-1]
    # "a 9-year-old" comes in pieces: its words are those of the whole phrase.
    words = parse.subtree(first) if first.text.lower() == "old" else (first,)
    begin, stop = (
        min(words[0].start, _start_with_number(parse, first)),
        max(words[-1].end, last.end),
    )
    value = sum(v for v in values if v is not None)
    return "killed", Count(value, "exact", text[begin:stop], begin, stop)


#: Words under a verb that make its death unreal: a condition, a purpose, a denial.
_UNREAL_AUX = frozenset({"would", "could", "might", "may", "should", "'d", "wo", "ca"})
_UNREAL_MARKS = frozenset({"if", "whether", "unless", "so"})


def _unreal(parse: Parse, verb: Token) -> bool:
    """Whether a death word is denied, hypothetical or only feared: "not able to say if
    the man had died", "so he wouldn't die", "she could've been dead"."""
    for child in parse.children(verb):
        if child.dep == "neg":
            return True
        if child.dep == "aux" and child.text.lower() in _UNREAL_AUX:
            return True
        if child.dep == "mark" and child.text.lower() in _UNREAL_MARKS:
            return True
    return False


def _hyphenated(parse: Parse, token: Token) -> bool:
    """ "brain-dead": a word joined to the one before it by a hyphen."""
    return token.i > 0 and parse.tokens[token.i - 1].text == "-"


def listed_before(parse: Parse, noun: Token) -> Token | None:
    """The first member of a headline's list without "and" that the parser made an
    apposition: "Girl" of "Girl, man killed in shooting", "Mother" of "Mother, 2
    children found dead". Only a bare person noun before a comma and a bare common noun
    after it: "her sister, Erica Dervic" and "Rhoades, a former leader" are one person."""
    if noun.dep != "appos" or noun.head >= noun.i or noun.pos != "NOUN":
        return None  # "Boy, 16, charged": an age; "sister, Erica Dervic": her name
    first = parse.tokens[noun.head]
    between = parse.tokens[first.i + 1 : noun.i]
    if [t.text for t in between] != [","] and not _numbered(parse, noun, between):
        return None
    if any(c.dep in {"det", "poss"} for c in (*parse.children(noun), *parse.children(first))):
        return None  # "her younger sister, a student": one person described twice
    if first.text.lower() not in PERSON_NOUNS:
        return None
    return first


def _numbered(parse: Parse, noun: Token, between: tuple[Token, ...]) -> bool:
    """A comma, then only the number and age words of `noun` ("Mom, 11-month-old son")."""
    return (
        bool(between)
        and between[0].text == ","
        and all(
            t.head == noun.i or parse.tokens[t.head].head == noun.i or t.text == "-"
            for t in between[1:]
        )
    )


def _person_of(parse: Parse, subject: Token) -> Token:
    """The subject of "died" itself, or the person of a harming participle the parser
    made the subject: "Teen shot in Wichita has died" (subject "shot", of "Teen")."""
    if subject.pos != "VERB" or subject.lemma not in HARM_VERBS:
        return subject
    return next((c for c in parse.children(subject) if c.dep in {"nsubj", "nsubjpass"}), subject)


def _how_many(parse: Parse, token: Token) -> int | None:
    """One for a single person; the number of "two teenage daughters"; else None."""
    if _single(parse, token):
        return 1
    number = _plural_number(parse, token)
    return number_value(number.text) if number is not None else None


def _plural_number(parse: Parse, token: Token) -> Token | None:
    """The numeral counting a plural noun ("two" of "two young sons"), if any."""
    if token.tag not in {"NNS", "NNPS"}:
        return None
    return next(
        (c for c in parse.children(token) if c.dep == "nummod" and number_value(c.text)), None
    )


def _start_with_number(parse: Parse, token: Token) -> int:
    number = _plural_number(parse, token)
    return number.start if number is not None else token.start


def _lives_of(parse: Parse, verb: Token) -> list[Token]:
    """The people whose life the verb says was claimed, taken or cost ("the life of a
    boy", "one man's life")."""
    return [
        person
        for life in parse.children(verb)
        if life.dep == "dobj" and life.lemma == "life"
        for person in _whose(parse, life)
    ]


def _whose(parse: Parse, noun: Token) -> list[Token]:
    """Whose life or death a noun is: the object of its "of", or its possessor."""
    found = [c for c in parse.children(noun) if c.dep == "poss" and c.pos in {"NOUN", "PROPN"}]
    return found + [
        person
        for of in parse.children(noun)
        if of.dep == "prep" and of.lemma == "of"
        for person in parse.children(of)
        if person.dep == "pobj"
    ]


def _own_victim(parse: Parse, verb: Token) -> bool:
    """Whether a verb has a victim of its own ("killed herself"); "killing him" is the
    one just shot."""
    return any(
        c.dep in {"dobj", "nsubjpass"} and c.text.lower() not in {"him", "her", "them"}
        for c in parse.children(verb)
    )


def _dies_or_pronounced(parse: Parse, token: Token) -> bool:
    """ "died", "is dead", or "was pronounced (declared) dead"."""
    return _dies(parse, token) or _pronounced_dead(parse, token)


def _pronounced_dead(parse: Parse, token: Token) -> bool:
    return token.lemma in {"pronounce", "declare", "find"} and any(
        c.lemma == "dead" for c in parse.children(token)
    )


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
    if token.pos == "PRON":
        return False
    if token.text.lower().endswith(("year-old", "month-old")):
        return True  # "a 9-year-old" as one token ("9-year-olds" does not end so)
    if is_age(parse, token):
        return True  # "a 9-year-old", split by the tokenizer into 9 - year - old
    if token.like_num:
        return False
    if token.tag in {"NN", "NNP"} and any(is_age(parse, c) for c in parse.children(token)):
        return True  # "13 year old Shaquez Brunner", whatever NER calls the name
    if token.tag in {"NN", "NNP"} and token.text.lower() in PERSON_NOUNS:
        return True  # "Juvenile dead from gunshot wound": a capital does not make a name
    # The small model often calls an unusual name a PRODUCT or nothing ("Holden's death").
    return token.ent == "PERSON" or (token.pos == "PROPN" and token.ent not in _NOT_PERSON)


def is_age(parse: Parse, token: Token) -> bool:
    """The "old" of "9-year-old", which the tokenizer splits into 9 - year - old: a
    person, in "a 9-year-old was shot"."""
    return token.text.lower() == "old" and any(
        c.lemma in {"year", "month"} for c in parse.children(token)
    )


_SELF_HARM = frozenset({"kill", "shoot", "turn"})


def with_killer_death(
    parse: Parse, trigger: Trigger, counts: tuple[tuple[CountKind, Count], ...], text: str
) -> tuple[tuple[CountKind, Count], ...]:
    """ "killed four of his family members before killing himself": five dead.

    A killer who then takes his own life is one of the dead too. When this
    event's killing has victims (a count of people killed by its trigger) and
    the same sentence says the killer then killed or shot himself, turned the
    gun on himself or took his own life, the killed count grows by one, and its
    words run from the count to the words of the suicide.
    """
    killed = dict(counts).get("killed")
    verb = trigger.token
    if killed is None or verb.lemma not in _KILLING | {"shoot", "open", "fire"}:
        return counts
    suicide = _suicide(parse, verb)
    if suicide is None or suicide.start < killed.end:
        return counts
    grown = Count(killed.value + 1, killed.qualifier, text[killed.start : suicide.end],
                  killed.start, suicide.end)  # fmt: skip
    return tuple((kind, grown if kind == "killed" else c) for kind, c in counts)


def _suicide(parse: Parse, verb: Token) -> Token | None:
    """The word that tells the killer took his own life in the verb's sentence, or None.

    Not when the reflexive is the trigger's only victim ("he shot himself"): that is
    the event itself, already counted.
    """
    for token in parse.sentence_tokens(verb.sent):
        if token.lemma == "suicide" and parse.tokens[token.head].lemma == "commit":
            return token  # "... and then committed suicide"
        if token.text.lower() in SELVES and not _surrenders(parse, token):
            governor = _governor(parse, token)
            if governor is not None and governor.i != verb.i:
                return token
            if governor is not None and token.dep == "conj":
                return token  # "kills 7-year-old daughter, himself"
        if token.lemma == "life" and any(c.lemma == "own" for c in parse.children(token)):
            head = parse.tokens[token.head]
            if head.lemma in {"take", "end"}:
                return token
    return None


def _surrenders(parse: Parse, reflexive: Token) -> bool:
    """ "turned himself in": a surrender to the police, not a suicide."""
    verb = parse.tokens[reflexive.head]
    return verb.lemma == "turn" and any(
        c.dep == "prt" and c.lemma == "in" for c in parse.children(verb)
    )


def _governor(parse: Parse, token: Token) -> Token | None:
    """The killing, shooting or "turned the gun on" verb at most three steps above."""
    for _ in range(3):
        if token.head == token.i:
            return None
        token = parse.tokens[token.head]
        if token.lemma in _SELF_HARM and token.pos == "VERB":
            return token
    return None


def without_the_dead(
    shooting: bool, counts: tuple[tuple[CountKind, Count], ...]
) -> tuple[tuple[CountKind, Count], ...]:
    """ "Four teenagers were shot, one fatally": one killed and three wounded.

    The people a shooting hit include those it killed; killed and wounded are
    counted apart, so the wounded are those shot less those killed (none left: no
    wounded count). Only for a shooting (`shooting`: its trigger is "shoot") whose
    wounded count is not a number of its own ("three others were wounded" is
    already apart), and only once: a count already below the number its words
    give ("4" counted as 3) has had the dead taken out.
    """
    found = dict(counts)
    killed, hit = found.get("killed"), found.get("wounded")
    if not shooting or killed is None or hit is None:
        return counts
    if killed.value > hit.value or "wound" in hit.text.lower() or "injur" in hit.text.lower():
        return counts
    if hit.value < (number_value(hit.text) or 0):
        return counts  # "4" counted as 3: the dead are taken out already
    left = hit.value - killed.value
    if left == 0:
        return tuple((kind, c) for kind, c in counts if kind != "wounded")
    apart = Count(left, hit.qualifier, hit.text, hit.start, hit.end)
    return tuple((kind, apart if kind == "wounded" else c) for kind, c in counts)
