"""Who did it, and to whom: actors and targets from the dependency parse.

* Active verbs: the subject acts, the direct object is the target
  ("troops shelled the village").
* Passives: the `by` phrase acts, the passive subject is the target
  ("killed by helicopters": the helicopters' side acts).
* Controlled verbs take the subject of their governor ("rebels threatened to
  attack": the rebels act).
* A participle of a verb that harms people, after a noun, has that noun as its
  target ("a teen killed in a shooting", "the men arrested on Monday").
* Headlines drop the "was" of a passive: in a headline, "Woman killed in
  shooting" has the woman as the target of a verb that harms a person.
* Event nouns: possessives, adjectives and compounds naming a side act ("the
  army's offensive", "Israeli air strikes", "a Taliban attack"); `by` phrases
  act; `on`/`against` phrases are targets; a light verb's subject acts
  ("rebels launched an attack").
* Coordination gives several actors: "police and soldiers" is two actors, and
  "Kenyan and Somali troops" is two actors (Kenyan troops, Somali troops) over
  the same words.
* Pronouns and bare numbers are not actors: we do not guess who "they" were.
"""

from __future__ import annotations

from dataclasses import dataclass

from sitrep.coding import lexicon as lx
from sitrep.coding.triggers import Trigger, headline_subjects, off_particle
from sitrep.coding.victims import HARM_VERBS, SELVES, is_age, listed_before
from sitrep.model import Actor, Parse, Token

_SKIP_HEADS = frozenset({"PRON", "NUM", "DET"})
_TARGET_PREPS = frozenset({"on", "against", "upon", "targeting"})
#: "at" names a target only after aiming verbs ("fired at police"); else a place
#: ("arrested 14 men at a checkpoint").
_AIMING = frozenset("fire shoot aim throw hurl lob launch".split())
# Numbers stay out of actor spans: "35 militants" is a count of militants (see counts).
_SPAN_DEPS = frozenset({"det", "amod", "compound", "poss", "nmod", "case", "npadvmod"})
_ACTOR_MODIFIER_LABELS = frozenset({"NORP", "ORG", "GPE", "PERSON"})


@dataclass(frozen=True, slots=True)
class Roles:
    """The actors and targets of one trigger."""

    actors: tuple[Actor, ...]
    targets: tuple[Actor, ...]


def find_roles(parse: Parse, trigger: Trigger, text: str, *, headline: bool = False) -> Roles:
    """Actors and targets of the event reported by `trigger` (`text`: the document's;
    `headline`: the trigger is in the document's headline)."""
    passive = _passive_host(parse, trigger.token) if headline else None
    if passive is not None:
        actor_heads, target_heads = _passive_roles(parse, passive)
    else:
        actor_heads, target_heads = _role_heads(parse, trigger)
    return Roles(
        actors=tuple(a for head in actor_heads for a in noun_phrase_actors(parse, head, text)),
        targets=tuple(a for head in target_heads for a in noun_phrase_actors(parse, head, text)),
    )


def _role_heads(parse: Parse, trigger: Trigger) -> tuple[list[Token], list[Token]]:
    actors: list[Token] = []
    targets: list[Token] = []
    if trigger.type == "MOBILIZE":
        verb_actors, _ = _verb_roles(parse, trigger.host)  # what is deployed is one's own side
        return _expand(parse, verb_actors), []
    if trigger.token.pos in {"NOUN", "PROPN"}:
        actors, targets = _noun_roles(parse, trigger.token)
    through_host = trigger.host.i != trigger.token.i
    if through_host and trigger.host.lemma in lx.SURVIVING:
        # "the mayor survived an assassination attempt": the subject was its target
        survivors = [c for c in parse.children(trigger.host) if c.dep == "nsubj"]
        return _expand(parse, actors), _expand(parse, targets or survivors)
    onlooker = through_host and trigger.host.lemma in _ONLOOKERS
    if not onlooker and (trigger.host.i != trigger.token.i or trigger.token.pos in {"VERB", "AUX"}):
        verb_actors, verb_targets = _verb_roles(parse, trigger.host)
        actors = actors or verb_actors
        if trigger.token.pos in {"VERB", "AUX"}:
            targets = targets or verb_targets
    if trigger.type == "REQUEST" and _reported_demand(trigger):
        # "the minister reiterated that Libya must hand over ...": Libya is the one asked
        targets = [c for c in parse.children(trigger.token) if c.dep == "nsubj"] or targets
    if trigger.mode == "mediate":  # "mediation between X and Y": X and Y are mediated
        between = _between(parse, trigger)
        actors = [a for a in actors if a not in between]
        targets = [*targets, *between]
    if trigger.type in _GIVING:
        recipients = _recipients(parse, trigger.host)
        targets = recipients or targets  # "sent arms to Pakistan": Pakistan, not the arms
    return _expand(parse, actors), _expand(parse, targets)


#: Verbs whose subject reacts to an event, not takes part: "police responded to a shooting".
_ONLOOKERS = frozenset("respond investigate probe condemn denounce mourn decry".split())

#: Types whose target is the recipient ("to X"), not the thing given or withheld.
_GIVING = frozenset({"AID", "SANCTION"})


def _headline_passive(parse: Parse, verb: Token) -> bool:
    """ "Woman killed, 3 wounded": a past form of a harming verb with a subject, no
    object and no auxiliary is, in a headline, a passive without its "was"."""
    if verb.pos != "VERB" or verb.tag not in {"VBD", "VBN"} or verb.lemma not in HARM_VERBS:
        return False
    children = parse.children(verb)
    if any(c.dep == "prep" and c.lemma == "at" and _aimed_at_people(parse, c) for c in children):
        return False  # "Gunman shot at a dozen people": aimed, so active
    deps = {c.dep for c in children}
    if any(c.dep == "conj" and _has_object(parse, c) for c in children):
        return False  # "Girl accidentally shot, killed brother": both verbs are active
    subject = bool(headline_subjects(parse, verb))
    return subject and deps.isdisjoint({"dobj", "aux", "auxpass", "nsubjpass", "ccomp"})


def _aimed_at_people(parse: Parse, at: Token) -> bool:
    """ "shot at a dozen people", "shot at police": "at" names whom, not where ("Four
    shot at sports bar")."""
    return any(
        o.like_num
        or o.lemma in lx.PEOPLE_WORDS | lx.AUTHORITY_WORDS | lx.PERSON_NOUNS
        or o.ent in {"PERSON", "NORP"}
        for o in _objects(parse, at)
    )


def _passive_host(parse: Parse, verb: Token) -> Token | None:
    """The headline passive whose roles the verb has: its own, or, for a second verb
    with no subject of its own, its first verb's ("Man shot and killed in Ohio")."""
    if _headline_passive(parse, verb):
        return verb
    if verb.dep != "conj" or verb.lemma not in HARM_VERBS:
        return None
    if any(c.dep in {"nsubj", "nsubjpass", "dobj"} for c in parse.children(verb)):
        return None
    first = parse.tokens[verb.head]
    return first if _headline_passive(parse, first) else None


def _has_object(parse: Parse, verb: Token) -> bool:
    """An object, or a reflexive the parser did not call one ("killed self")."""
    return any(c.dep == "dobj" or c.text.lower() in _REFLEXIVES for c in parse.children(verb))


_REFLEXIVES = SELVES | {"themselves"}


def _passive_roles(parse: Parse, verb: Token) -> tuple[list[Token], list[Token]]:
    """A headline passive: the subject is the target, a "by" phrase acts."""
    children = parse.children(verb)
    targets = headline_subjects(parse, verb)
    actors = [o for c in children if c.dep == "agent" for o in _objects(parse, c)]
    return _expand(parse, actors), _expand(parse, targets)


def _objects(parse: Parse, prep: Token) -> list[Token]:
    """The objects of a preposition or of a "by" agent ("by helicopters")."""
    return [c for c in parse.children(prep) if c.dep == "pobj"]


def _reported_demand(trigger: Trigger) -> bool:
    return trigger.token.i != trigger.host.i and trigger.token.pos in {"VERB", "AUX"}


def _passive(parse: Parse, verb: Token) -> bool:
    """ "He was shot at a party": with a passive subject, "at" is where, not at whom."""
    return any(c.dep in {"nsubjpass", "auxpass"} for c in parse.children(verb))


def _between(parse: Parse, trigger: Trigger) -> list[Token]:
    head = parse.tokens[trigger.token.head]  # "a mediation effort between X and Y"
    owners = {t.i: t for t in (trigger.token, trigger.host, head)}
    preps = [
        c
        for owner in owners.values()
        for c in parse.children(owner)
        if c.dep == "prep" and c.lemma == "between"
    ]
    return [o for p in preps for o in _objects(parse, p)]


def _recipients(parse: Parse, verb: Token) -> list[Token]:
    """The "to" objects of the verb or of its direct object ("halted aid to Serbia")."""
    owners = [verb, *(c for c in parse.children(verb) if c.dep == "dobj")]
    preps = [c for o in owners for c in parse.children(o) if c.dep == "prep" and c.lemma == "to"]
    return [o for p in preps for o in _objects(parse, p)]


def _verb_roles(parse: Parse, verb: Token) -> tuple[list[Token], list[Token]]:
    actors: list[Token] = []
    targets: list[Token] = []
    for child in parse.children(verb):
        if child.dep == "nsubj" and _went_off(parse, verb):
            continue  # "a car bomb exploded": the bomb did not do it
        if child.dep == "nsubj":
            actors.append(child)
        elif child.dep == "agent":
            actors.extend(_objects(parse, child))
        elif child.dep == "dobj" and verb.lemma in _SETTING_OFF:
            continue  # "exploded a series of bombs": the bombs were not attacked
        elif child.dep in {"dobj", "nsubjpass"}:
            targets.append(parse.antecedent(child))  # "Dervic, who was killed": Dervic
        elif child.dep == "prep" and (
            child.lemma in _TARGET_PREPS | {"with"}
            or (child.lemma == "at" and verb.lemma in _AIMING and not _passive(parse, verb))
        ):
            targets.extend(_objects(parse, child))
        elif child.dep == "prep" and child.lemma == "between":
            actors.extend(_objects(parse, child))  # both sides
    if (
        not actors
        and (verb.dep in {"xcomp", "conj"} or _is_purpose(parse, verb))
        and (verb.head != verb.i)
    ):
        governor = parse.tokens[verb.head]  # "rebels threatened to attack", "attacked and killed"
        actors = [c for c in parse.children(governor) if c.dep == "nsubj"]
    if _participle_of(parse, verb):
        targets = [parse.tokens[verb.head], *targets]  # "a teen killed in a shooting"
    return actors, targets


#: Verbs whose object is the device set off, not what it hit.
_SETTING_OFF = frozenset({"explode", "detonate"})


def _went_off(parse: Parse, verb: Token) -> bool:
    """ "A bomb exploded", "went off": the subject is the device ("rebels exploded a
    bomb": the subject did it)."""
    if any(c.dep == "dobj" for c in parse.children(verb)):
        return False
    if verb.lemma == "go":
        return off_particle(parse, verb) is not None
    return verb.lemma == "explode"


def _participle_of(parse: Parse, verb: Token) -> bool:
    """A past participle of a harming verb modifying a noun: "the men arrested on Monday".
    (Not any participle: "weapons seized from peacekeepers" names what, not whom.)"""
    if verb.dep != "acl" or verb.tag != "VBN" or verb.lemma not in HARM_VERBS:
        return False
    head = parse.tokens[verb.head]
    return head.pos in {"NOUN", "PROPN"} or is_age(parse, head)  # "5-year-old killed in"


def _is_purpose(parse: Parse, verb: Token) -> bool:
    """ "rallied ... to demand jobs": the rally's subject is the one demanding."""
    return verb.dep == "advcl" and any(
        c.dep == "aux" and c.text.lower() == "to" for c in parse.children(verb)
    )


def _noun_roles(parse: Parse, noun: Token) -> tuple[list[Token], list[Token]]:
    actors: list[Token] = []
    targets: list[Token] = []
    for child in parse.children(noun):
        if (child.dep == "poss" and child.pos not in {"PRON"}) or (
            child.dep in {"amod", "compound", "nmod"} and _names_a_side(parse, child)
        ):
            actors.append(child)
        elif child.dep == "prep" and child.lemma == "by":
            actors.extend(_objects(parse, child))
        elif child.dep == "prep" and child.lemma in _TARGET_PREPS | {"of", "with"}:
            targets.extend(_objects(parse, child))
        elif child.dep == "prep" and child.lemma == "between":
            actors.extend(_objects(parse, child))  # both sides
    return actors, targets


def _names_a_side(parse: Parse, token: Token) -> bool:
    entity = parse.entity_at(token)
    return entity is not None and entity.label in _ACTOR_MODIFIER_LABELS


_OWN_WORDS = frozenset({"det", "poss"})


def _expand(parse: Parse, heads: list[Token]) -> list[Token]:
    """The heads and their coordinated nouns ("police and soldiers"), lists the parser
    read as appositions included."""
    out: list[Token] = []
    for head in (_through_quantity(parse, h) for h in heads):
        first = listed_before(parse, head)  # "Girl, man killed": both
        if first is not None:
            out.append(first)
        out.append(head)
        out.extend(_conjuncts(parse, head))
        out.extend(_listed_after(parse, head))
    return [t for t in out if _can_be_actor(parse, t)]


def _conjuncts(parse: Parse, head: Token) -> list[Token]:
    """The nouns coordinated with `head`: "soldiers" of "police and soldiers"."""
    return [c for c in parse.conjuncts(head) if c.pos in {"NOUN", "PROPN"}]


def _listed_after(parse: Parse, head: Token) -> list[Token]:
    """ "his wife, son and daughter": the small model makes "son" an apposition of
    "wife" with "daughter" coordinated to it. An apposition that starts a
    coordination is a list: its coordinated nouns are members, and so is the
    apposition itself unless it is a name or has its own article ("his fiancee,
    Jaime Salazar, and their son": Salazar is the fiancee; "Goma, the provincial
    capital, and Bukavu": the capital is Goma). After such a description, only a
    name or a noun with its own article or possessive is another member ("Rhoades,
    a former leader and chairwoman": one person)."""
    members: list[Token] = []
    for appos in (c for c in parse.children(head) if c.dep == "appos"):
        coordinated = _conjuncts(parse, appos)
        if not coordinated:
            continue  # a plain apposition names the same people
        if appos.pos == "NOUN" and not _determined(parse, appos, {"det"}):
            members.append(appos)  # "son", not "the provincial capital" (Goma's description)
            members.extend(coordinated)
        else:  # "Rhoades, a former leader and chairwoman": the chairwoman is Rhoades too
            members.extend(c for c in coordinated if c.pos == "PROPN" or _determined(parse, c))
    return members


def _determined(parse: Parse, noun: Token, deps: frozenset[str] | set[str] = _OWN_WORDS) -> bool:
    """Whether a noun has an article or possessive of its own ("the capital", "her son")."""
    return any(c.dep in deps for c in parse.children(noun))


def _can_be_actor(parse: Parse, token: Token) -> bool:
    """Event nouns ("air strike", "deal"), dates, numbers and pronouns are not sides;
    an age is a person ("a 5-year-old", which the tagger may call a DATE)."""
    if is_age(parse, token):
        return True
    if token.lemma in lx.NOUNS or token.lemma in _INSTRUMENTS | _UTTERANCES:
        return False
    if token.tag in _RELATIVES:
        return False
    if token.text.lower() in _RELATIVE_WORDS and token.pos != "PROPN":
        return False
    entity = parse.entity_at(token)
    if entity is not None and entity.label in _NOT_SIDES:
        return False
    return token.pos not in _SKIP_HEADS or _has_noun_child(parse, token)


_INSTRUMENTS = frozenset(
    "bomb mine shell rocket missile mortar grenade device ied gas cannon bullet fire shot round "
    "gunfire explosive dynamite charge gun handgun pistol rifle shotgun firearm weapon "
    "knife".split()
)
#: What is said, not who: "rejected the figures", "denied the claim".
_UTTERANCES = frozenset(
    "claim accusation allegation report charge figure statement proposal offer plan demand "
    "call request idea".split()
)
_RELATIVES = frozenset({"WDT", "WP", "WP$"})  # "the exchange that both sides agreed"
_RELATIVE_WORDS = frozenset({"that", "which", "who", "whom", "what"})
_NOT_SIDES = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"})
#: Quantity nouns whose "of" phrase names the people: "dozens of students".
_QUANTITY_NOUNS = frozenset(
    "dozen hundred thousand score million number group crowd handful couple few".split()
)


def _through_quantity(parse: Parse, token: Token) -> Token:
    """ "dozens of students" → "students"; anything else unchanged."""
    if token.lemma not in _QUANTITY_NOUNS and not token.like_num:
        return token
    for prep in parse.children(token):
        if prep.dep == "prep" and prep.lemma == "of":
            objects = _objects(parse, prep)
            if objects:
                return objects[0]
    return token


def _has_noun_child(parse: Parse, token: Token) -> bool:
    return any(c.pos in {"NOUN", "PROPN"} for c in parse.children(token))


def noun_phrase_actors(parse: Parse, head: Token, doc_text: str) -> list[Actor]:
    """The actor(s) a noun phrase names; split coordinated adjectives into several."""
    words = _phrase_tokens(parse, head)
    if not words:
        return []
    start, end = words[0].start, words[-1].end
    text = doc_text[start:end]
    split = _split_coordinated_modifiers(parse, head, words)
    if split:
        return [Actor(name=name, text=text, start=start, end=end) for name in split]
    return [Actor(name=text, text=text, start=start, end=end)]


def _phrase_tokens(parse: Parse, head: Token) -> list[Token]:
    """The head noun with its close modifiers, without determiners or clauses."""
    keep = {head.i}
    frontier = [head]
    while frontier:
        token = frontier.pop()
        for child in parse.children(token):
            if child.dep in _SPAN_DEPS or (child.dep in {"cc", "conj"} and child.i < head.i):
                keep.add(child.i)
                frontier.append(child)
    if is_age(parse, head):  # "5-year-old", split by the tokenizer into 5 - year - old
        keep |= {t.i for t in parse.subtree(head) if t.i <= head.i}
    tokens = [t for t in parse.sentence_tokens(head.sent) if t.i in keep]
    tokens = _contiguous_around(tokens, head)
    while tokens and (tokens[0].dep == "det" or tokens[0].pos == "PUNCT"):
        tokens = tokens[1:]
    while tokens and (tokens[-1].pos == "PUNCT" or tokens[-1].dep == "case"):
        tokens = tokens[:-1]
    return tokens


def _contiguous_around(tokens: list[Token], head: Token) -> list[Token]:
    """Keep the unbroken run of token indices that contains the head."""
    index = next(i for i, t in enumerate(tokens) if t.i == head.i)
    lo = index
    while lo > 0 and tokens[lo - 1].i == tokens[lo].i - 1:
        lo -= 1
    hi = index
    while hi + 1 < len(tokens) and tokens[hi + 1].i == tokens[hi].i + 1:
        hi += 1
    return tokens[lo : hi + 1]


def _split_coordinated_modifiers(parse: Parse, head: Token, words: list[Token]) -> list[str]:
    """ "Kenyan and Somali troops" → ["Kenyan troops", "Somali troops"]."""
    modifiers = [t for t in words if t.dep == "amod" and t.head == head.i]
    if not modifiers:
        return []
    first = modifiers[0]
    conjuncts = [t for t in words if t.dep == "conj" and t.head == first.i]
    if not conjuncts:
        return []
    return [f"{m.text} {head.text}" for m in [first, *conjuncts]]
