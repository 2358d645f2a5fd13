"""The argument layer: who does what to whom, for every predicate, verb or event noun.

`frame(parse, token)` gives a predicate its arguments, each with its role, its
head token and the construction it was found through (`Argument.via`), so an
event type never reads the parse for roles itself. The constructions, each
shown by a sentence in tests/coding/test_arguments.py:

Verbs
- active and passive: the subject acts and the object undergoes ("troops
  shelled the town"); a passive's subject undergoes and its `by` phrase acts
  ("the town was shelled by troops");
- control and aspect: a verb under "try", "begin", "continue", "vow", ... to X
  takes its governor's agent ("troops tried to retake the airport"), and under
  "urge", "order", "call on", ... its governor's object ("the UN urged the
  rebels to withdraw");
- coordination: a verb coordinated with another shares its subject ("rebels
  attacked the base and killed two soldiers"), a passive one its passive subject;
- participles and purpose clauses: "..., killing 130 people" and "to demand
  jobs" take the main verb's agent; a noun modified by a past participle
  undergoes it ("the men arrested on Monday"), by a present one does it
  ("gunmen firing on the crowd");
- relative clauses: the relative pronoun stands for the noun it follows
  ("gunmen who stormed the hotel", "the town that rebels captured");
- a verb inside an event's circumstance ("killed in an air strike by the
  coalition") takes that event's agent when it has none of its own;
- a device that explodes or goes off is the instrument, not the agent ("a car
  bomb exploded"; "militants detonated a bomb").

Event nouns
- possessives and modifiers that name a side act ("the army's offensive",
  "Israeli air strikes", "a Taliban attack"), as does a `by` phrase ("an attack
  by gunmen");
- `on` / `against` / `upon` phrases are targets ("an attack on the camp");
- an `of` phrase undergoes a transitive noun ("the capture of the town") and
  does an intransitive one ("the withdrawal of rebel fighters");
- `with` is a partner ("talks with the rebels"), `between` both sides, `to` and
  `for` the recipient or beneficiary ("aid to Sudan", "support for the plan"),
  any other `to` phrase a goal, a place or a party ("sent envoys to Juba"), and
  a `from` phrase the source ("withdrew its troops from Lebanon");
- a light verb lends its arguments to the noun it carries ("M23 launched an
  offensive on Goma", "authorities imposed a curfew on Mandera"), and a verb
  whose subject lived through it makes that subject the target ("the mayor
  survived an assassination attempt").

Places and times: a place entity under a locative preposition, and a date or
time entity or a temporal noun phrase, of the predicate (or of the light verb
carrying a noun).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Literal

from sitrep.annotate.stage import PLACE_LABELS
from sitrep.coding import lexicon as lx
from sitrep.coding.rulebook import in_force
from sitrep.coding.triggers import off_particle
from sitrep.model import Parse, Token

Role = Literal[
    "agent",
    "causer",
    "patient",
    "target",
    "recipient",
    "beneficiary",
    "partner",
    "between",
    "goal",
    "source",
    "instrument",
    "place",
    "time",
]


@dataclass(frozen=True, slots=True)
class Argument:
    """One argument of a predicate: its role, head token and how it was found."""

    role: Role
    head: Token
    via: str  # the construction: "subject", "by", "object", "control:try", "of", ...


@dataclass(frozen=True, slots=True)
class Frame:
    """A predicate (a verb or an event noun) with its arguments."""

    predicate: Token
    arguments: tuple[Argument, ...]

    def heads(self, *roles: Role) -> list[Token]:
        """The heads of the arguments in `roles`, in the order found, without repeats."""
        seen: set[int] = set()
        found = []
        for argument in self.arguments:
            if argument.role in roles and argument.head.i not in seen:
                seen.add(argument.head.i)
                found.append(argument.head)
        return found

    def has(self, role: Role) -> bool:
        """Whether the frame has an argument in `role`."""
        return any(a.role == role for a in self.arguments)


#: Verbs whose object, not subject, does what the verb under them says
#: ("urged the rebels to withdraw", "called on the rebels to disarm").
OBJECT_CONTROL = frozenset(
    "urge ask call tell instruct persuade invite encourage pressure press push appeal "
    "order force compel allow permit authorize authorise direct command help enable".split()
)
#: Of those, the verbs that make the object do it: the subject causes the act and
#: the object undergoes it ("ordered the newspaper to suspend publication": the
#: government suspends it, the `causer`; the newspaper is the one made to).
CAUSATIVE = frozenset(
    "order force compel allow permit authorize authorise direct command help enable".split()
)
#: Event nouns whose `of` phrase does the event ("the withdrawal of rebel fighters"),
#: not undergoes it ("the capture of the town").
INTRANSITIVE_NOUNS = frozenset(
    "withdrawal retreat pullout pullback surrender defection desertion protest demonstration "
    "rally march strike uprising mutiny revolt rebellion resignation visit arrival departure "
    "advance offensive incursion infiltration movement mobilization mobilisation deployment "
    "escalation intervention participation walkout boycott sit-in".split()
)
#: Verbs that hand something over: a `to` phrase is the recipient, `for` the beneficiary.
GIVING_VERBS = frozenset(
    "give send provide supply deliver offer hand grant donate pledge sell ship transfer "
    "extend allocate channel airlift airdrop return release lend loan contribute dispatch".split()
)
#: Verbs whose subject is the device that went off, when they have no object.
_DEVICE_VERBS = frozenset({"explode", "detonate"})
#: Verbs whose object is the device set off, not what it hit.
_SETTING_OFF = frozenset({"explode", "detonate"})
_TARGET_PREPS = frozenset({"on", "against", "upon", "targeting"})
#: "at" names a target only after aiming verbs ("fired at police"); else a place.
_AIMING = frozenset("fire shoot aim throw hurl lob launch".split())
#: Verbs whose "at" names the target in the passive too ("was aimed at civilians"),
#: where "was shot at the market" is a place.
_AIMED = frozenset("aim target direct".split())
_PLACE_PREPS = frozenset(
    "in at near outside inside around across into onto throughout along within off over "
    "toward towards".split()
)
_TIME_LABELS = frozenset({"DATE", "TIME"})
#: Weapons and devices: never a side ("rejected the rocket"), the means of an attack.
WEAPONS = frozenset(
    "bomb mine shell rocket missile mortar grenade device ied gas cannon bullet fire shot round "
    "gunfire explosive dynamite charge gun handgun pistol rifle shotgun firearm weapon "
    "knife shrapnel".split()
)
#: Nouns for the means of an attack: "with rockets" is the instrument, not a partner.
#: Machines are means after "with", though they may act ("killed by helicopters").
INSTRUMENTS = WEAPONS | frozenset(
    "machete drone artillery tank aircraft plane jet helicopter car truck vehicle".split()
)


def frame(parse: Parse, token: Token) -> Frame:
    """The arguments of the predicate `token`: a verb's, or an event noun's."""
    if token.pos in {"NOUN", "PROPN"}:
        return Frame(token, tuple(_noun_arguments(parse, token)))
    return Frame(token, tuple(_verb_arguments(parse, token, depth=0)))


# ---------------------------------------------------------------- verbs


def _verb_arguments(parse: Parse, verb: Token, *, depth: int) -> list[Argument]:
    own = list(_own_verb_arguments(parse, verb))
    shared_by = _shared_by_agent(parse, verb)
    if shared_by:
        # "a soldier killed and decapitated by enemy troops": a reduced passive the
        # parser read as "the soldier killed"; the subject is the one killed
        own = [Argument("patient", a.head, "shared by-agent") if a.role == "agent" else a
               for a in own]  # fmt: skip
        own += shared_by
    if depth < 6 and not any(a.role == "agent" for a in own):
        own += _inherited_agent(parse, verb, own, depth=depth)
    if not any(a.role in {"patient", "agent"} for a in own) or _passive(parse, verb):
        own += _inherited_patient(parse, verb, own)
    if not any(a.role == "patient" for a in own):
        own += _shared_object(parse, verb)
    return own


#: Verbs whose victim is counted by what they did to them (sitrep.coding.victims).
_HURTING = frozenset("shoot stab wound injure hurt kill murder beat".split())


def _shared_object(parse: Parse, verb: Token) -> list[Argument]:
    """The object a verb with none of its own shares with the verb coordinated after
    it: "rebels attacked and burned the village" (both were done to the village)."""
    children = parse.children(verb)
    if verb.lemma in _HURTING or any(
        c.dep in {"dobj", "prep", "prt", "ccomp", "xcomp", "nsubjpass"} for c in children
    ):
        return []  # "shot and killed a man": one victim, whose toll the kill tells
    for conj in children:
        if conj.dep != "conj" or conj.pos != "VERB":
            continue
        mine = parse.children(conj)
        if any(c.dep in {"nsubj", "nsubjpass"} for c in mine):
            continue
        shared = [c for c in mine if c.dep == "dobj"]
        if shared:
            return [Argument("patient", parse.antecedent(o), "coordination") for o in shared]
    return []


def _shared_by_agent(parse: Parse, verb: Token) -> list[Argument]:
    """The by-agent of a passive participle coordinated with `verb`, when `verb` has a
    subject but no object of its own and the participle has neither: "killed and
    decapitated by the troops" shares "by the troops"."""
    children = parse.children(verb)
    if not any(c.dep == "nsubj" for c in children) or any(c.dep == "dobj" for c in children):
        return []
    for conj in children:
        if conj.dep != "conj" or conj.tag != "VBN":
            continue
        mine = parse.children(conj)
        if any(c.dep in {"nsubj", "nsubjpass", "dobj"} for c in mine):
            continue
        agents = [o for c in mine if c.dep == "agent" for o in objects(parse, c)]
        if agents:
            return [Argument("agent", a, "by (coordination)") for a in agents]
    return []


def _own_verb_arguments(parse: Parse, verb: Token) -> Iterator[Argument]:
    went_off = _went_off(parse, verb)
    for child in parse.children(verb):
        dep = child.dep
        if dep == "nsubj":
            role: Role = "instrument" if went_off else "agent"
            yield Argument(role, parse.antecedent(child), "subject")
        elif dep == "nsubjpass" and _stative(parse, verb):
            yield Argument("agent", parse.antecedent(child), "stative passive")
        elif dep == "nsubjpass":
            yield Argument("patient", parse.antecedent(child), "passive subject")
        elif dep == "agent":
            yield from (Argument("agent", o, "by") for o in objects(parse, child))
        elif dep == "dobj":
            role = "instrument" if verb.lemma in _SETTING_OFF else "patient"
            yield Argument(role, parse.antecedent(child), "object")
        elif dep == "dative" and child.pos == "ADP":
            # the parser's "dative" for "sent peacekeepers to South Sudan": the object
            yield from (Argument("recipient", o, child.lemma) for o in objects(parse, child))
        elif dep == "dative":
            yield Argument("recipient", child, "indirect object")
        elif dep == "prep":
            yield from _prep_arguments(parse, verb, child)
        elif dep in {"npadvmod", "tmod"} and child.ent in _TIME_LABELS:
            yield Argument("time", child, "time phrase")


def _prep_arguments(parse: Parse, owner: Token, prep: Token) -> Iterator[Argument]:
    """The arguments a preposition of a verb or noun gives."""
    lemma = prep.lemma
    for obj in objects(parse, prep):
        role = _prep_role(parse, owner, lemma, obj)
        if role is not None:
            yield Argument(role, obj, lemma)


def _prep_role(parse: Parse, owner: Token, prep: str, obj: Token) -> Role | None:
    if obj.ent in _TIME_LABELS and prep in {"on", "in", "at", "during", "since", "until", "by"}:
        return "time"
    if prep in _TARGET_PREPS:
        return "target"
    if prep == "at" and owner.lemma in _AIMING and not _passive(parse, owner):
        return "target"
    if prep == "at" and owner.lemma in _AIMED:
        return "target"  # "bombings targeted at the military", "aimed at civilians"
    is_place = _is_place(parse, obj)
    if prep in _ARRIVAL_PREPS and is_place and _arrives(parse, owner):
        return "goal"  # "arrived in Amman", "troops deployed in Bosnia": where they went
    if prep in _PLACE_PREPS and is_place:
        return "place"
    if prep == "with" and obj.lemma in _MANNERS:
        return None  # "abused them with impunity": how, not with whom
    if prep == "with":
        return "instrument" if obj.lemma in INSTRUMENTS else "partner"
    if prep == "between":
        return "between"
    giving = owner.lemma in _GIVING or _given(parse, owner)
    if prep == "to" and giving:
        return "recipient"
    if prep == "for" and giving:
        return "beneficiary"
    if prep == "to":
        return "goal"  # "sent envoys to Juba", "halted aid to Serbia": where or to whom
    if prep == "from":
        return "source"  # "withdrew from Lebanon", "demands from the rebels"
    if prep == "by" and owner.pos in {"NOUN", "PROPN"}:
        return "agent"
    if prep in {"into", "over", "about"} and owner.lemma in _TOPIC_OWNERS:
        return "patient"  # "an inquiry into the killings", "complained over air raids"
    return None


#: Nouns of manner after "with": never a partner or an instrument.
_MANNERS = frozenset(
    "impunity caution restraint determination ease care contempt brutality precision force".split()
)

#: Participles that tell a stance or a part taken, not something done to the subject:
#: "Israel is opposed to the plan", "Vietnam is committed to reform", "the militia was
#: engaged in ethnic cleansing", "three men were involved in the attack" (no "by" agent).
_STATIVE_PASSIVES = frozenset("oppose commit determine dedicate resolve engage involve".split())


def _stative(parse: Parse, verb: Token) -> bool:
    return verb.lemma in _STATIVE_PASSIVES and not any(
        c.dep == "agent" for c in parse.children(verb)
    )


def _is_place(parse: Parse, token: Token) -> bool:
    """A place by the model's label, the gazetteer's (an entity relabelled a place:
    "in Goma"), or a word for a territory ("the province")."""
    if token.ent in PLACE_LABELS or token.lemma in lx.TERRITORY_WORDS:
        return True
    entity = parse.entity_at(token)
    return entity is not None and entity.label in PLACE_LABELS


def _given(parse: Parse, noun: Token, verbs: frozenset[str] = GIVING_VERBS) -> bool:
    """Whether a noun is what one of `verbs` gives or sends: its phrases are the
    verb's ("provided $70 million for Romania", "deployed peacekeepers in Iraq")."""
    if noun.pos not in {"NOUN", "PROPN", "NUM"} or noun.dep != "dobj":
        return False
    return parse.tokens[noun.head].lemma in verbs


def _arrives(parse: Parse, owner: Token) -> bool:
    """Whether an "in" phrase of `owner` says where someone went: "arrived in Amman",
    "the deployment of troops in Somalia", "deployed peacekeepers in Iraq", "sought
    refuge in Germany"."""
    if owner.lemma in ARRIVING or _given(parse, owner, ARRIVING):
        return True
    # "sought refuge in Germany": where the refuge is sought is where they went
    return owner.pos == "VERB" and any(
        c.dep == "dobj" and c.lemma in _REFUGE for c in parse.children(owner)
    )


_REFUGE = frozenset("refuge asylum sanctuary shelter".split())


#: Verbs and nouns of arriving or being sent somewhere: their "in" or "at" phrase is
#: where they went, not only where something happened.
ARRIVING = frozenset(
    "arrive land deploy redeploy station dock arrival deployment redeployment refuge "
    "asylum sanctuary".split()
)
_ARRIVAL_PREPS = frozenset({"in", "at", "into", "inside"})

#: Predicates whose "into", "over" or "about" phrase is what they are about.
_TOPIC_OWNERS = frozenset(
    "investigation inquiry probe investigate look complain complaint protest concern anger "
    "outrage dispute accuse allegation warn".split()
)


#: Nouns of giving: "aid to Sudan", "support for the plan", "supplies for the camp".
_GIVING_NOUNS = frozenset(
    "aid assistance support supply supplies delivery shipment grant loan donation "
    "funding relief".split()
)
_GIVING = GIVING_VERBS | _GIVING_NOUNS


def _inherited_agent(
    parse: Parse, verb: Token, own: list[Argument], *, depth: int
) -> list[Argument]:
    """The agent a verb without a subject takes from the verb or noun above it."""
    if verb.head == verb.i:
        return []
    governor = parse.tokens[verb.head]
    dep = verb.dep
    if dep == "xcomp" and governor.lemma in OBJECT_CONTROL:
        asked = [c for c in parse.children(governor) if c.dep in {"dobj", "nsubjpass"}]
        asked += [o for p in _children(parse, governor, "prep", "on") for o in objects(parse, p)]
        if asked:  # "urged the rebels to withdraw", "called on the rebels to withdraw"
            found = [Argument("agent", o, f"object control:{governor.lemma}") for o in asked]
            if governor.lemma in CAUSATIVE:
                above = _verb_arguments(parse, governor, depth=depth + 1)
                via = f"causative:{governor.lemma}"
                found += [Argument("causer", a.head, via) for a in above if a.role == "agent"]
            return found
    if _has_subject(parse, verb) and not (dep == "conj" and _passive(parse, verb)):
        return []  # "he left when the bomb exploded": its own subject rules
    if dep == "xcomp" and governor.pos == "ADJ" and governor.dep == "acomp":
        # "Norway is willing to send troops", "the rebels are ready to talk": the
        # subject of the copula does what the adjective's clause says
        copula = parse.tokens[governor.head]
        above = _verb_arguments(parse, copula, depth=depth + 1)
        via = f"control:{governor.lemma}"
        return [Argument("agent", a.head, via) for a in above if a.role == "agent"]
    if dep == "conj" and _passive(parse, governor) and _has_subject(parse, verb):
        return []  # "three were killed and seven others wounded": no one said who
    if dep == "advcl" and verb.tag != "VBG" and not _is_to(parse, verb):
        return []  # "when Romero was killed": a finite clause of its own
    if dep in {"xcomp", "conj", "advcl", "pcomp"} or (dep == "ccomp" and _is_to(parse, verb)):
        if dep == "conj" and _passive(parse, governor):
            if _shares_passive(parse, verb):
                return []  # "was arrested and charged" shares the passive subject
            subjects = [c for c in parse.children(governor) if c.dep == "nsubjpass"]
            # "has been indicted and will resign": the one indicted resigns
            return [Argument("agent", parse.antecedent(s), "coordination") for s in subjects]
        if dep == "pcomp" and governor.lemma in {"of", "for"}:
            accused = _accused(parse, parse.tokens[governor.head])
            if accused is not None:  # "suspected of blowing up a plane": the suspects
                return accused
        if dep == "pcomp" and governor.lemma == "for":
            claimed = responsible_for(parse, governor)
            if claimed:  # "claimed responsibility for killing the general"
                return claimed
        if dep == "pcomp":  # "by shelling the town": the preposition's verb
            governor = parse.tokens[governor.head]
            if governor.pos not in {"VERB", "AUX"}:
                return []
        above = _verb_arguments(parse, governor, depth=depth + 1)
        via = {"xcomp": "control", "conj": "coordination"}.get(dep, "clause")
        return [
            Argument("agent", a.head, f"{via}:{governor.lemma}") for a in above if a.role == "agent"
        ]
    nominal = governor.pos in {"NOUN", "PROPN"}
    if dep == "acl" and nominal and _reporting_tail(parse, verb, governor):
        # "..., a human rights group protested": the parser's participle is the group's verb
        return [Argument("agent", governor, "reporting tail")]
    if dep == "acl" and verb.tag == "VBG" and governor.pos in {"NOUN", "PROPN"}:
        if governor.ent in PLACE_LABELS or governor.lemma in lx.TERRITORY_WORDS:
            return []  # "arrived in the area, firing at ...": a place fires at no one
        return [Argument("agent", governor, "participle")]  # "gunmen firing on the crowd"
    if _passive(parse, verb):
        return _circumstance_agent(parse, verb)
    return []


#: Verbs whose `of` / `for` phrase says what their object or passive subject did:
#: "accused the army of shelling", "arrested for looting", "suspected of bombing".
ACCUSING = frozenset(
    "accuse suspect charge convict blame arrest detain jail sentence indict prosecute "
    "punish condemn criticize criticise praise thank".split()
)


def _accused(parse: Parse, verb: Token) -> list[Argument] | None:
    """Who did what an accusing verb's `of` / `for` phrase says: its object, or its
    passive subject; None when `verb` accuses no one."""
    if verb.lemma not in ACCUSING:
        return None
    found = [c for c in parse.children(verb) if c.dep in {"dobj", "nsubjpass"}]
    if not found and verb.dep == "acl" and verb.tag == "VBN":
        found = [parse.tokens[verb.head]]  # "two men suspected of looting"
    return [Argument("agent", parse.antecedent(f), f"accused:{verb.lemma}") for f in found]


def _circumstance_agent(parse: Parse, verb: Token) -> list[Argument]:
    """ "were killed in IS attacks", "killed in an air strike by the coalition": the
    event noun the verb happened in tells who did it."""
    for prep in parse.children(verb):
        if prep.dep != "prep" or prep.lemma not in lx.CIRCUMSTANCE_PREPS:
            continue
        for noun in objects(parse, prep):
            if noun.lemma in in_force().nouns:
                found = [a for a in _noun_arguments(parse, noun) if a.role == "agent"]
                return [Argument("agent", a.head, f"circumstance:{noun.lemma}") for a in found]
    return []


def _inherited_patient(parse: Parse, verb: Token, own: list[Argument]) -> list[Argument]:
    """The patient a verb takes from the noun it modifies or the verb it is coordinated
    with: "the men arrested on Monday", "were arrested and charged"."""
    if any(a.role == "patient" for a in own) or verb.head == verb.i:
        return []
    governor = parse.tokens[verb.head]
    if (
        verb.dep == "acl"
        and verb.tag == "VBN"
        and governor.pos in {"NOUN", "PROPN", "NUM"}
        and not _reporting_tail(parse, verb, governor)
    ):
        return [Argument("patient", governor, "participle")]
    if verb.dep == "conj" and _passive(parse, governor) and _shares_passive(parse, verb):
        above = [c for c in parse.children(governor) if c.dep == "nsubjpass"]
        return [Argument("patient", parse.antecedent(o), "coordination") for o in above]
    return []


#: Verbs that report what another clause says: "..., a rights group protested".
_REPORTING = lx.SPEECH_VERBS | frozenset("protest charge complain warn accuse".split())


def _reporting_tail(parse: Parse, verb: Token, noun: Token) -> bool:
    """ "..., a human rights group protested here Wednesday": after a comma, a noun
    phrase with a past form of a reporting verb is the sentence's source, which the
    parser may take for a noun with a participle ("the men charged")."""
    first = min(t.i for t in parse.subtree(noun))
    before = parse.tokens[first - 1] if first > 0 else None
    return verb.lemma in _REPORTING and before is not None and before.text == ","


def _shares_passive(parse: Parse, verb: Token) -> bool:
    """ "were arrested and charged": a second participle with no subject of its own
    shares the first one's passive subject."""
    if any(c.dep in {"nsubj", "nsubjpass", "dobj"} for c in parse.children(verb)):
        return False
    return _passive(parse, verb) or verb.tag == "VBN"


# ---------------------------------------------------------------- nouns


def _noun_arguments(parse: Parse, noun: Token) -> list[Argument]:
    own = list(_own_noun_arguments(parse, noun))
    carrier = _carrier(parse, noun)
    if carrier is not None:
        own += _carried(parse, noun, carrier, own)
    if not any(a.role == "agent" for a in own):
        own += _responsible(parse, noun)
    return own


#: Verbs that lay an act at someone's door, and the preposition that names them:
#: "blamed the attack on the rebels", "attributed the bombing to the MRTA".
_LAYING = {"blame": "on", "attribute": "to", "ascribe": "to"}
#: Verbs whose subject takes the responsibility it is the object of.
_TAKING = frozenset("claim admit accept assume bear acknowledge".split())


def _responsible(parse: Parse, noun: Token) -> list[Argument]:
    """Who is said to have done an act told as a noun: "the MRTA claimed responsibility
    for the attack", "the rebels were responsible for the bombing", "police blamed the
    attack on the rebels", "the bombing was attributed to the MRTA"."""
    head = parse.tokens[noun.head]
    if noun.dep in {"dobj", "nsubjpass"} and head.lemma in _LAYING:
        prep = _LAYING[head.lemma]
        found = [o for p in _children(parse, head, "prep", prep) for o in objects(parse, p)]
        return [Argument("agent", o, f"laid:{head.lemma}") for o in found]
    if noun.dep != "pobj":
        return []
    return responsible_for(parse, head)


def responsible_for(parse: Parse, prep: Token) -> list[Argument]:
    """Who takes or bears the responsibility a "for" phrase is about: "the MRTA
    claimed responsibility for (the attack | killing the general)"."""
    if prep.lemma != "for" or prep.head == prep.i:
        return []
    owner = parse.tokens[prep.head]
    if owner.lemma in lx.RESPONSIBILITY - {"responsible"} and owner.head != owner.i:
        taker = parse.tokens[owner.head]  # "claimed responsibility", "its responsibility"
        whose = [c for c in parse.children(owner) if c.dep == "poss"]
        if taker.lemma in _TAKING and owner.dep == "dobj":
            whose += [a.head for a in _verb_arguments(parse, taker, depth=0) if a.role == "agent"]
        return [Argument("agent", parse.antecedent(w), "responsibility") for w in whose]
    if owner.lemma == "responsible" and owner.dep == "amod":
        # "the men responsible for the bombing", "held the rebels responsible for it"
        return [Argument("agent", parse.antecedent(parse.tokens[owner.head]), "responsibility")]
    if owner.lemma == "responsible" and owner.dep in {"acomp", "oprd"}:
        # "the rebels were responsible for the attack", "held the rebels responsible"
        copula = parse.tokens[owner.head]
        held = [c for c in parse.children(copula) if c.dep == "dobj"]
        if held:
            return [Argument("agent", parse.antecedent(h), "responsibility") for h in held]
        subjects = [c for c in parse.children(copula) if c.dep in {"nsubj", "nsubjpass"}]
        return [Argument("agent", parse.antecedent(s), "responsibility") for s in subjects]
    return []


def _own_noun_arguments(parse: Parse, noun: Token) -> Iterator[Argument]:
    for child in parse.children(noun):
        if child.dep == "poss":
            yield Argument("agent", child, "possessive")
        elif child.dep in {"amod", "compound", "nmod"} and _names_a_side(parse, child):
            yield Argument("agent", child, "modifier")
        elif child.dep == "prep" and child.lemma == "of":
            role: Role = "agent" if noun.lemma in INTRANSITIVE_NOUNS else "patient"
            yield from (Argument(role, o, "of") for o in objects(parse, child))
        elif child.dep == "prep":
            yield from _prep_arguments(parse, noun, child)


#: Entity labels of modifiers that name a side: "Israeli strikes", "a Taliban attack".
_SIDE_LABELS = frozenset({"NORP", "ORG", "GPE", "PERSON"})


def _names_a_side(parse: Parse, token: Token) -> bool:
    entity = parse.entity_at(token)
    return entity is not None and entity.label in _SIDE_LABELS


def _carrier(parse: Parse, noun: Token) -> Token | None:
    """The light or surviving verb whose object (or subject) the noun is: "launched an
    attack", "an offensive was launched", "survived an attack", through a noun that
    carries it ("survived an assassination attempt", "launched a series of attacks")."""
    phrase = _vehicle(parse, noun)
    if phrase.head == phrase.i:
        return None
    head = parse.tokens[phrase.head]
    if head.pos not in {"VERB", "AUX"}:
        return None
    carrying = lx.LIGHT_VERBS | lx.SURVIVING
    if phrase.dep in {"dobj", "nsubjpass", "attr"} and head.lemma in carrying:
        return head
    return None


def _vehicle(parse: Parse, noun: Token) -> Token:
    """The noun phrase that stands in the noun's place in its clause: "attempt" for
    "assassination" in "an assassination attempt", "series" for "attacks" in "a series
    of attacks"; the noun itself otherwise."""
    head = parse.tokens[noun.head]
    if noun.dep == "compound" and head.lemma in lx.VEHICLE_NOUNS:
        return head
    if noun.dep == "pobj" and head.lemma == "of" and head.head != head.i:
        counter = parse.tokens[head.head]
        if counter.lemma in lx.SERIES_NOUNS:
            return counter
    return noun


def _carried(parse: Parse, noun: Token, verb: Token, own: list[Argument]) -> list[Argument]:
    """What the carrying verb lends the noun: its agent (a survivor is the target),
    and its targets, recipients, places and times the noun lacks."""
    lent = _verb_arguments(parse, verb, depth=0)
    found: list[Argument] = []
    if verb.lemma in lx.SURVIVING:
        survivors = [a.head for a in lent if a.role == "agent"]
        return [Argument("target", s, f"survived:{verb.lemma}") for s in survivors]
    have = {a.role for a in own}
    for argument in lent:
        if argument.head.i == noun.i or argument.role in {"patient", "instrument"}:
            continue
        if argument.role in have and argument.role not in {"place", "time"}:
            continue
        found.append(Argument(argument.role, argument.head, f"light:{verb.lemma}"))
    return found


# ---------------------------------------------------------------- helpers


def objects(parse: Parse, prep: Token) -> list[Token]:
    """The objects of a preposition or of a "by" agent ("by helicopters")."""
    return [c for c in parse.children(prep) if c.dep == "pobj"]


def _children(parse: Parse, token: Token, dep: str, lemma: str) -> Iterable[Token]:
    return (c for c in parse.children(token) if c.dep == dep and c.lemma == lemma)


def _passive(parse: Parse, verb: Token) -> bool:
    return any(c.dep in {"nsubjpass", "auxpass"} for c in parse.children(verb))


def _has_subject(parse: Parse, verb: Token) -> bool:
    return any(c.dep in {"nsubj", "nsubjpass", "csubj"} for c in parse.children(verb))


def _is_to(parse: Parse, verb: Token) -> bool:
    return any(c.dep == "aux" and c.text.lower() == "to" for c in parse.children(verb))


def _went_off(parse: Parse, verb: Token) -> bool:
    """ "A bomb exploded", "went off": the subject is the device ("rebels exploded a
    bomb": the subject did it)."""
    children = parse.children(verb)
    if any(c.dep == "dobj" for c in children):
        return False
    if verb.lemma == "go":
        return off_particle(parse, verb) is not None
    if verb.lemma == "blow":
        return any(c.dep == "prt" and c.text.lower() == "up" for c in children)
    return verb.lemma in _DEVICE_VERBS
