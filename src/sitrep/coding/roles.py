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
from sitrep.coding.arguments import (
    ARRIVING,
    GIVING_VERBS,
    WEAPONS,
    Frame,
    Role,
    frame,
    objects,
)
from sitrep.coding.rulebook import in_force
from sitrep.coding.triggers import Trigger, headline_subjects
from sitrep.coding.victims import HARM_VERBS, SELVES, is_age, listed_before
from sitrep.model import Actor, Parse, Token

_SKIP_HEADS = frozenset({"PRON", "NUM", "DET"})
# Numbers stay out of actor spans: "35 militants" is a count of militants (see counts).
_SPAN_DEPS = frozenset({"det", "amod", "compound", "poss", "nmod", "case", "npadvmod"})


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
    actors = [a for head in actor_heads for a in noun_phrase_actors(parse, head, text)]
    targets = [a for head in target_heads for a in noun_phrase_actors(parse, head, text)]
    return Roles(actors=_outermost(actors), targets=_outermost(targets))


def _outermost(actors: list[Actor]) -> tuple[Actor, ...]:
    """The actors without those whose words lie inside another's: several heads of
    one name ("Hamad ... al-Thani" read as two subjects) give one actor."""
    return tuple(
        a
        for a in actors
        if not any(
            b is not a
            and b.start <= a.start
            and a.end <= b.end
            and (b.end - b.start) > (a.end - a.start)
            for b in actors
        )
    )


def _role_heads(parse: Parse, trigger: Trigger) -> tuple[list[Token], list[Token]]:
    """The heads of the actors and targets, read from the argument layer: the
    trigger's own frame first, then its host's (the verb that asserts a noun or
    carries a reported demand), unless the host only looks on."""
    own = frame(parse, trigger.token)
    through_host = trigger.host.i != trigger.token.i
    host = frame(parse, trigger.host) if through_host else own
    if trigger.type == "MOBILIZE" or trigger.mode == "peacekeeping":
        # what is deployed is one's own side, peacekeepers too
        # "the deployment of NATO troops": the troops are the side that moves
        sides = next(
            (found for found in (_actors(parse, host), _actors(parse, own)) if found),
            [h for h in own.heads("patient") if _names_a_party(parse, h)],
        )
        # "deployed troops in Bosnia": the party where they went, if any is named
        goals = [h for h in _recipients(parse, own) if _names_a_party(parse, h)]
        goals = goals or [h for h in host.heads("goal") if _names_a_party(parse, h)]
        return _expand(parse, sides), _expand(parse, goals)
    if through_host and trigger.host.lemma in lx.SURVIVING:
        # "the mayor survived an assassination attempt": the subject was its target
        survivors = host.heads("agent")
        return _expand(parse, own.heads("agent")), _expand(
            parse, _targets(parse, own, trigger.type) or survivors
        )
    actors, targets = _actors(parse, own), _targets(parse, own, trigger.type)
    is_verb = trigger.token.pos in {"VERB", "AUX"}
    if trigger.type == "REQUEST" and _reported_demand(trigger):
        # "the minister reiterated that Libya must hand over ...": the minister asks
        # and Libya is the one asked
        asked = [c for c in parse.children(trigger.token) if c.dep == "nsubj"]
        return _expand(parse, _actors(parse, host)), _expand(parse, asked or targets)
    host_acts = trigger.host.lemma not in lx.PREVENTING  # "police prevented the march"
    # whether the host's subject did the event: "the union called off its strike"
    shared = (
        through_host
        and trigger.host.lemma not in _ONLOOKERS
        and host_acts
        and not _beside(parse, trigger.token, trigger.host)
    )
    if shared:
        actors = actors or _actors(parse, host)
    if through_host and trigger.host.lemma not in _ONLOOKERS:
        if is_verb:
            targets = targets or _targets(parse, host, trigger.type)
        elif trigger.host.pos in {"VERB", "AUX"}:
            # "arrived in Amman on a visit", "sent a protest note to Beijing": where
            # the carrying verb went is whom the event is aimed at
            targets = targets or [h for h in host.heads("goal") if _names_a_party(parse, h)]
    # "their withdrawal", "he ordered": a pronoun, resolved later to whom it refers
    # (sitrep.resolve.coreference), only when no side is named
    actors = actors or _actors(parse, own, pronouns=True)
    if shared:  # "it has called off a strike"
        actors = actors or _actors(parse, host, pronouns=True)
    if trigger.mode == "mediate":  # "mediation between X and Y": X and Y are mediated
        between = _between(parse, trigger)
        actors = [a for a in actors if a not in between]
        targets = [*targets, *between]
    if trigger.type in _GIVING:
        # "sent arms to Pakistan", "halted aid to Serbia": the recipient, not what is given
        targets = _recipients(parse, host) or targets
    return _expand(parse, actors), _expand(parse, targets)


#: Prepositions that put an event beside another, not inside it: "imposed a curfew
#: after the clashes", "fired during the protest" (the clashes' sides and the
#: protesters are not those who imposed or fired).
_BESIDE = frozenset({"after", "following", "since", "amid", "during", "before"})


def _beside(parse: Parse, noun: Token, host: Token) -> bool:
    """Whether an event noun is told as a circumstance of its host verb's event, with
    no sign that the host's subject took part: "after talks with the ministry" and
    "after clashes with protesters" name the other side, so the subject was there."""
    if noun.dep != "pobj" or noun.head == noun.i:
        return False
    prep = parse.tokens[noun.head]
    return prep.lemma in _BESIDE and prep.head == host.i and not frame(parse, noun).has("partner")


def _actors(parse: Parse, found: Frame, *, pronouns: bool = False) -> list[Token]:
    """Who does the event: whoever makes another do it ("ordered the paper to close"),
    else its agents and the sides "between" which it happens. Only heads that name
    a side count, so "their" in "completed their withdrawal" leaves the actor to
    the verb that carries the noun; with `pronouns`, only referring pronouns."""
    heads = found.heads("causer") or found.heads("agent", "between")
    if pronouns:
        return [h for h in heads if refers(h)]
    heads = [i for h in heads for i in _issuers(parse, h)]
    return [h for h in heads if _can_be_actor(parse, _through_quantity(parse, h))]


def _issuers(parse: Parse, head: Token) -> list[Token]:
    """Who acts through a text: "parliament passed a law that bars the party": the
    parliament; any other head stands for itself."""
    if head.lemma not in _UTTERANCES or head.dep not in {"dobj", "nsubjpass"}:
        return [head]
    verb = parse.tokens[head.head]
    return frame(parse, verb).heads("agent") if verb.pos in {"VERB", "AUX"} else []


def refers(token: Token) -> bool:
    """Whether a token is a pronoun that refers to an actor named elsewhere."""
    return token.pos == "PRON" and token.text.lower() in lx.REFERRING_PRONOUNS


def _targets(parse: Parse, found: Frame, event_type: str, *, depth: int = 0) -> list[Token]:
    """Whom an event is done to, the one made to do it first ("ordered the newspaper
    to suspend publication").

    A physical event (an attack, a seizure, a blockade) is done to people, places and
    things alike: its patient, target and partner. Any other is done to a party:
    the recipient of what is given ("offered its troops to Lebanon's president"),
    else a patient or partner that names a party, else the party the thing done
    names ("lifted the ban on the FIS", "accepted demands from the rebels", "praised
    Haiti's efforts"), else the party it goes to or comes from ("withdrew from
    Lebanon"). A thing ("lifted the ban", "offered concessions") is never a party,
    and neither is the place an event happens in ("talks in Jeddah"), which is its
    location, nor one of the event's own actors ("signed a deal"). Failing all
    those, a promise, demand, refusal or threat is aimed at whom the action it
    embeds is done to ("promised to continue aid to Mozambique").
    """
    made = found.heads("agent") if found.has("causer") else []
    done_to = found.heads("patient", "target", "partner")
    if event_type in _PHYSICAL:
        return [*made, *(done_to or _restricted_places(parse, found, found.predicate))]
    # "conceded to demands from UNITA": what it answers names the party too
    answered = [t for t in found.heads("goal") if t.pos == "NOUN"]
    things = [frame(parse, t) for t in (*done_to, *answered) if not _names_a_party(parse, t)]
    # "the army and the RSF signed a deal": the deal is theirs, not done to them
    doers = {h.i for h in found.heads("agent", "causer", "between")}
    restricted = [p for t in done_to for p in _restricted_places(parse, found, t)]
    for candidates in (
        _asked(parse, found.predicate) if event_type == "REQUEST" else [],
        # "sent troops to Bosnia", "deployed peacekeepers in Iraq": where, not what
        _recipients(parse, found) if _sends(found.predicate) else [],
        # "withdrew its inspectors from Iraq": whom they leave, not whom they take along
        found.heads("source") if found.predicate.lemma in _WITHDRAWING else [],
        done_to,
        [h for f in things for h in f.heads(*_party_roles(event_type))],
        restricted,
        found.heads("recipient", "beneficiary", "goal", "source"),
    ):
        parties = [h for h in candidates if _names_a_party(parse, h) and h.i not in doers]
        if parties:
            return [*made, *parties]
    if made or depth >= 3:
        return made
    # "promised to continue military aid to Mozambique", "offered to hand the suspects
    # over to Britain": a commitment or a demand is aimed at whom what it embeds is
    for embedded in _embedded_actions(parse, found.predicate):
        inner = frame(parse, embedded)
        parties = [
            h for h in _targets(parse, inner, event_type, depth=depth + 1) if h.i not in doers
        ]
        if parties:
            return parties
    return []


#: Verbs and nouns of taking one's own people or forces away from a place.
_WITHDRAWING = frozenset("withdraw pull recall evacuate withdrawal pullout evacuation".split())


def _sends(predicate: Token) -> bool:
    return predicate.lemma in GIVING_VERBS or predicate.lemma in ARRIVING


def _asked(parse: Parse, predicate: Token) -> list[Token]:
    """Who is asked by a demand told as a clause: "demanded that the US cancel the
    sale", "its demand that Israel ease restrictions": the clause's subject."""
    return [
        subject
        for clause in parse.children(predicate)
        # a "that" clause is a clause even where the tagger took its verb for a noun
        # ("demanded that the governor resign")
        if clause.dep == "ccomp" or (clause.dep == "acl" and clause.pos in {"VERB", "AUX"})
        for subject in parse.children(clause)
        if subject.dep in {"nsubj", "nsubjpass"}
    ]


#: Restrictions put on a place: "lifted the curfew in Montenegro" is done to Montenegro.
RESTRICTIONS = frozenset(
    "curfew emergency restriction measure lockdown ban sanction embargo blockade siege "
    "closure cordon".split()
)


def _restricted_places(parse: Parse, found: Frame, thing: Token) -> list[Token]:
    """The places (countries, regions, towns) a restriction is put on or lifted from:
    the "in" phrase of the restriction, or of the verb that imposes or lifts it."""
    if thing.lemma not in RESTRICTIONS:
        return []
    own = frame(parse, thing) if thing.i != found.predicate.i else found
    places = own.heads("place") or found.heads("place")
    if not places and thing.i == found.predicate.i and thing.head != thing.i:
        places = frame(parse, parse.tokens[thing.head]).heads("place")  # "imposed a curfew in"
    return [p for p in places if p.ent == "GPE"]


def _embedded_actions(parse: Parse, predicate: Token) -> list[Token]:
    """The actions a verb embeds: "agreed to provide aid", "is willing to send troops"."""
    found = []
    for child in parse.children(predicate):
        if child.dep == "xcomp" and child.pos in {"VERB", "AUX"}:
            found.append(child)
        elif child.dep == "acomp":  # "is willing to send": the adjective's clause
            found += [c for c in parse.children(child) if c.dep == "xcomp" and c.pos == "VERB"]
    return found


#: Events done to people, places and things alike.
_PHYSICAL = frozenset({"ASSAULT", "COERCE", "PROTEST"})
#: The roles through which a thing done names the party it is done to.
_PARTY_ROLES: tuple[Role, ...] = (
    "target",
    "recipient",
    "beneficiary",
    "goal",
    "source",
    "partner",
    "patient",
    "agent",  # "praised Haiti's efforts", "protested against Sweden's decision"
)


def _party_roles(event_type: str) -> tuple[Role, ...]:
    """The roles through which a thing names its party: for an accusation, an
    inquiry or a condemnation, whoever did the deed ("investigated crimes by the
    militia against civilians" is aimed at the militia)."""
    if event_type == "ACCUSE":
        return ("agent", *(r for r in _PARTY_ROLES if r != "agent"))
    return _PARTY_ROLES


def _names_a_party(parse: Parse, token: Token) -> bool:
    """Whether a noun names a party (a person, group, institution, country), not a
    thing: "the FIS", "Lebanon", "the rebels", not "the ban" or "concessions"."""
    head = _through_quantity(parse, token)
    if refers(head):
        return True  # "him", "their": resolved to the party they stand for
    if not _can_be_actor(parse, head):
        return False
    if head.ent in {"PERSON", "ORG", "GPE", "NORP"} or head.pos == "PROPN":
        return True
    return head.lemma in _PARTIES


def _recipients(parse: Parse, found: Frame) -> list[Token]:
    """The recipients or beneficiaries of a giving verb or of the noun it gives."""
    given = [frame(parse, t) for t in found.heads("patient") if t.pos in {"NOUN", "PROPN"}]
    return [h for f in (found, *given) for h in f.heads("recipient", "beneficiary", "goal")]


#: Verbs whose subject reacts to an event, not takes part: "police responded to a shooting".
_ONLOOKERS = lx.REACTING | {"respond"}

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
        for o in objects(parse, at)
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
#: Nouns that carry an event, never a side: "a wave of shooting broke out".
_CARRIERS = (lx.SERIES_NOUNS | lx.VEHICLE_NOUNS) - {"number"}
_PARTIES = lx.PARTY_NOUNS | lx.PEOPLE_WORDS | lx.AUTHORITY_WORDS | lx.PERSON_NOUNS | lx.LABOUR_WORDS


def _passive_roles(parse: Parse, verb: Token) -> tuple[list[Token], list[Token]]:
    """A headline passive: the subject is the target, a "by" phrase acts."""
    children = parse.children(verb)
    targets = headline_subjects(parse, verb)
    actors = [o for c in children if c.dep == "agent" for o in objects(parse, c)]
    return _expand(parse, actors), _expand(parse, targets)


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
    return [o for p in preps for o in objects(parse, p)]


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
    return [t for t in out if _can_be_actor(parse, t) or refers(t)]


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
    if token.lemma in lx.PLACED_EVENTS:
        return True  # "attacked the checkpoint"
    if token.lemma in in_force().nouns or token.lemma in WEAPONS | _UTTERANCES | _CARRIERS:
        return False
    if token.tag in _RELATIVES:
        return False
    if token.text.lower() in _RELATIVE_WORDS and token.pos != "PROPN":
        return False
    entity = parse.entity_at(token)
    if entity is not None and entity.label in _NOT_SIDES:
        return False
    return token.pos not in _SKIP_HEADS or _has_noun_child(parse, token)


#: What is said, not who: "rejected the figures", "denied the claim".
_UTTERANCES = frozenset(
    "claim accusation allegation report charge figure statement proposal offer plan demand "
    "call request idea declaration resolution letter communique message note decree law bill "
    "legislation ruling verdict intention aim goal purpose objective".split()
)
_RELATIVES = frozenset({"WDT", "WP", "WP$"})  # "the exchange that both sides agreed"
_RELATIVE_WORDS = frozenset({"that", "which", "who", "whom", "what"})
_NOT_SIDES = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"})
#: Quantity nouns whose "of" phrase names the people: "dozens of students".
_QUANTITY_NOUNS = frozenset(
    "dozen hundred thousand score million number group crowd handful couple few column "
    "squad band".split()
)


def _through_quantity(parse: Parse, token: Token) -> Token:
    """ "dozens of students" → "students"; anything else unchanged."""
    if token.lemma not in _QUANTITY_NOUNS and not token.like_num:
        return token
    for prep in parse.children(token):
        if prep.dep == "prep" and prep.lemma == "of":
            found = objects(parse, prep)
            if found:
                return found[0]
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
            if child.dep == "amod" and child.i > token.i:
                continue  # "the men responsible for the bombing": a clause, not a name
            if child.dep in _SPAN_DEPS or (child.dep in {"cc", "conj"} and child.i < head.i):
                keep.add(child.i)
                frontier.append(child)
    if is_age(parse, head):  # "5-year-old", split by the tokenizer into 5 - year - old
        keep |= {t.i for t in parse.subtree(head) if t.i <= head.i}
    keep |= _of_the_group(parse, head)
    tokens = [t for t in parse.sentence_tokens(head.sent) if t.i in keep]
    tokens = _contiguous_around(tokens, head)
    if head.pos == "PROPN":
        tokens = _whole_name(parse, tokens)
    while tokens and (tokens[0].dep == "det" or tokens[0].pos == "PUNCT"):
        tokens = tokens[1:]
    while tokens and (tokens[-1].pos == "PUNCT" or tokens[-1].dep in {"case", "prep", "det"}):
        tokens = tokens[:-1]
    return tokens


#: Nouns for people who act for a group: "leaders of the opposition coalition" act
#: for the coalition, so the actor's words run on through the group's name.
MEMBER_NOUNS = frozenset(
    "leader member official representative delegate delegation spokesman spokeswoman "
    "envoy fighter supporter activist militant commander officer head chief guerrilla "
    "rebel soldier troop unit cell commando gunman militiaman".split()
)


def _of_the_group(parse: Parse, head: Token) -> set[int]:
    """The words of the "of" phrase naming the group a member noun belongs to."""
    if head.lemma not in MEMBER_NOUNS:
        return set()
    found: set[int] = set()
    for prep in parse.children(head):
        if prep.dep != "prep" or prep.lemma != "of":
            continue
        for group in objects(parse, prep):
            if _names_a_party(parse, group) and group.lemma not in MEMBER_NOUNS:
                # everything before the group's noun: "the Azadliq (Freedom) opposition"
                found |= {prep.i, *(t.i for t in parse.subtree(group) if t.i <= group.i)}
    return found


#: Particles inside personal names: "Osama bin Laden", "Hassan al-Turabi", "Abu Bakr".
NAME_PARTICLES = frozenset("al el bin ibn bint abu ben van von de der du da dos das di".split())
#: Titles that open a name the tagger may leave outside its entity: "Sheikh Hamad".
NAME_TITLES = frozenset(
    "sheikh shaikh emir king prince princess queen sultan mullah ayatollah imam".split()
)


def _joins(token: Token) -> bool:
    """Whether a token joins the parts of a name: a hyphen or a name particle."""
    return token.text == "-" or token.text.lower() in NAME_PARTICLES


def _whole_name(parse: Parse, tokens: list[Token]) -> list[Token]:
    """A proper name with the rest of its run of name words, which the parser often
    splits ("Hassan al-Turabi" read as three subjects, "Abu Bakr al-Baghdadi" as
    "Baghdadi" with loose words before it)."""
    sentence = parse.sentences[tokens[0].sent]

    def in_name(i: int) -> bool:
        if not sentence.first <= i < sentence.stop:
            return False
        token = parse.tokens[i]
        if token.ent in {"", "DATE", "TIME"}:
            return False  # a name word the tagger puts in no entity may be a headline's
        return token.pos == "PROPN" or _joins(token)

    def joins_name(i: int) -> bool:
        token = parse.tokens[i]
        return sentence.first <= i < sentence.stop and token.text.lower() in NAME_TITLES

    start, stop = tokens[0].i, tokens[-1].i
    first, last = start, stop
    while in_name(first - 1) or joins_name(first - 1):
        first -= 1
    # to the right only through a joining word: "al - Turabi", "bin Laden"
    while in_name(last + 1) and (_joins(parse.tokens[last + 1]) or _joins(parse.tokens[last])):
        last += 1
    # what is added starts and ends with a name word, not "-" or "al" alone
    while first < start and parse.tokens[first].pos != "PROPN":
        first += 1
    while last > stop and parse.tokens[last].pos != "PROPN":
        last -= 1
    return list(parse.tokens[first : last + 1])


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
