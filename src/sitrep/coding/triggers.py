"""Find the words that report an event, using lemmas and the dependency parse.

A word from the lexicon is only a candidate. The syntax decides:

* an event noun ("attack", "talks", "truce") is coded only where the sentence
  says the event took place, was planned or was called off: as the object of a
  verb that asserts it ("launched an attack", "held talks", "signed a truce"),
  the subject of an occurrence verb ("fighting erupted"), the circumstance of
  another event ("killed in an air strike"), or the subject of a cancellation
  ("the march was called off"). "A call for calm" and "end the truce" code no
  protest and no ceasefire.
* ambiguous words are resolved from their neighbours: "strikes" by air or by
  workers; "captured" a town or fighters; "fired on" a crowd or "fired" a
  minister; "blocked" by protesters or by police.
* what a request, refusal, threat or agreement embeds ("urged troops to
  withdraw") is not an event of its own; it refines the speech act's mode.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass

from sitrep.coding import lexicon as lx
from sitrep.coding.rulebook import Rule, Rulebook, in_force, load_rulebook
from sitrep.model import Parse, Token


@dataclass(frozen=True, slots=True)
class Trigger:
    """A word that reports an event, with what the syntax made of it."""

    token: Token
    type: str
    mode: str | None
    strength: float
    host: Token  # the verb whose clause carries status and roles (the word itself for verbs)
    words: tuple[Token, ...]  # the trigger's words, e.g. "called" + "off", "air" + "strike"
    cameo: str | None = None  # a rule's own CAMEO code, kept while type and mode are its own


def find_triggers(
    parse: Parse, sent: int, *, headline: bool = False, rules: Rulebook | None = None
) -> list[Trigger]:
    """Every event trigger of sentence `sent`, embedded speech-act content removed
    (`headline`: the sentence is the document's headline, `headline_participle`;
    `rules`: the trigger rules in force, by default the packaged ones)."""
    rules = rules or load_rulebook()
    candidates = [
        _imperative_as_request(parse, t)
        for t in _candidates(parse, sent, headline=headline, rules=rules)
    ]
    candidates = _with_reported_demands(parse, sent, candidates)
    by_token = {c.token.i: c for c in candidates}
    # "began a hunger strike to demand ...": the protest's verb carries the demand too
    by_token |= {
        c.host.i: c for c in candidates if c.type == "PROTEST" and c.host.i not in by_token
    }
    kept = []
    for trigger in candidates:
        governor = _embedding_governor(parse, trigger, by_token)
        if governor is None:
            kept.append(trigger)
    return [_refine_mode_from_embedded(parse, t, candidates) for t in kept]


def _candidates(parse: Parse, sent: int, *, headline: bool, rules: Rulebook) -> Iterator[Trigger]:
    for token in parse.sentence_tokens(sent):
        if token.pos in {"VERB", "AUX"} and token.dep not in {"amod", "aux", "auxpass"}:
            trigger = None if _people_word(parse, token) else _verb_trigger(parse, token, rules)
        elif headline and headline_participle(parse, token):
            trigger = _participle_trigger(token, rules)
        elif token.pos in {"NOUN", "PROPN"}:
            trigger = _noun_trigger(parse, token, rules)
        else:
            trigger = None
        if trigger is not None and trigger.type == "MOBILIZE" and _peacekeeping(parse, token):
            trigger = dataclasses.replace(trigger, type="AID", mode="peacekeeping", cameo=None)
        if trigger is not None:
            yield trigger


#: Words that make a deployment peacekeeping: "deployed peacekeepers", "sent troops as a
#: peacekeeping force", "the deployment of NATO peacekeeping troops".
_PEACEKEEPING = frozenset({"peacekeeper", "peacekeeping", "peace-keeping", "peace-keeper"})


def _peacekeeping(parse: Parse, token: Token) -> bool:
    """Whether a deployment sends peacekeepers (AID peacekeeping, CAMEO 074): what is
    sent, or what it is sent as or to, is named so."""
    sent: list[Token] = []
    for child in parse.children(token):
        if child.dep in {"dobj", "nsubjpass"}:
            sent.append(child)
        elif child.dep == "prep" and child.lemma in {"of", "as", "to", "with"}:
            sent += [c for c in parse.children(child) if c.dep == "pobj"]
    return any(
        w.lemma in _PEACEKEEPING or w.text.lower() in _PEACEKEEPING
        for head in sent
        for w in (head, *parse.children(head))
    )


def _people_word(parse: Parse, token: Token) -> bool:
    """ "evacuated the wounded", "buried the dead": a participle with an article,
    where a noun goes, names the people it happened to; it reports no new event."""
    return (
        token.tag == "VBN"
        and token.dep in {"dobj", "nsubj", "nsubjpass", "pobj"}
        and any(c.dep == "det" and c.lemma == "the" for c in parse.children(token))
    )


#: Past participles of harming verbs that the parser often takes for nouns in a
#: headline ("Four shot at sports bar", "Teenager Shot In Duquesne"), with their verb.
HEADLINE_PARTICIPLES = {
    "shot": "shoot",
    "killed": "kill",
    "slain": "slay",
    "stabbed": "stab",
    "wounded": "wound",
    "injured": "injure",
    "murdered": "murder",
    "kidnapped": "kidnap",
    "abducted": "abduct",
}
#: What a noun "shot" has and a participle has not: "a shot", "his shot".
_NOUN_MARKS = frozenset({"det", "poss"})


def headline_participle(parse: Parse, token: Token) -> bool:
    """Whether a headline word the parser took for a noun is a harming verb's past
    participle, a passive without its "was": "Four shot at sports bar", "Three-year-old
    fatally shot in Anchorage", "Teenager Shot In Duquesne".

    Headlines drop articles, so a real noun "shot" comes with one ("a shot", "his
    shot") or with a noun before it ("warning shot", "flu shot") that is not a person;
    the participle has a number, a person or "fatally" before it, or is the root.
    """
    if token.pos not in {"NOUN", "PROPN"} or token.text.casefold() not in HEADLINE_PARTICIPLES:
        return False
    children = parse.children(token)
    if any(c.dep in _NOUN_MARKS for c in children):
        return False
    before = [c for c in children if c.i < token.i and c.dep in {"compound", "amod", "nmod"}]
    if not all(_a_person(parse, c) for c in before):
        return False  # "warning shot", "flu shot", "big shot"
    return (
        token.dep == "ROOT"
        or bool(before)
        or any(c.dep in {"nummod", "nsubj", "advmod"} for c in children)
    )


def _participle_trigger(token: Token, rules: Rulebook) -> Trigger | None:
    """The trigger of a headline participle the parser took for a noun: the word read
    as the verb it is (lemma "shoot", a past participle), so that its victims, roles
    and status are those of "Four were shot"."""
    lemma = HEADLINE_PARTICIPLES[token.text.casefold()]
    verb = dataclasses.replace(token, lemma=lemma, pos="VERB", tag="VBN")
    cue = rules.verbs.get(lemma)
    return None if cue is None else _make(verb, cue, verb, (verb,))


def headline_subjects(parse: Parse, verb: Token) -> list[Token]:
    """The people a headline participle read as a verb was done to: its subject, or
    the persons, numbers and ages the parser hung before it as a noun's modifiers
    ("Four shot", "Teenager Shot", "Three-year-old fatally shot")."""
    return [
        c
        for c in parse.children(verb)
        if c.dep == "nsubj" or (c.i < verb.i and c.dep in _PARTICIPLE_SUBJECTS)
    ]


_PARTICIPLE_SUBJECTS = frozenset({"compound", "amod", "nmod", "nummod"})


def _a_person(parse: Parse, token: Token) -> bool:
    """A person, a number of people or an age ("Teenager", "Four", "Three-year-old")."""
    word = token.text.casefold()
    return _names_people(parse, token) or word in lx.PERSON_NOUNS or word == "old"


# ---------------------------------------------------------------- verbs


def _with_reported_demands(parse: Parse, sent: int, candidates: list[Trigger]) -> list[Trigger]:
    """ "Russia said Sudan must return the helicopter" reports a demand, not a return."""
    demands = [
        # The demand is the speaker's act: its host is the reporting verb (or the verb
        # itself when the sentence is the demand: "Sudan must return the helicopter").
        Trigger(verb, "REQUEST", None, 0.55, _reporting_host(parse, verb), (verb,))
        for verb in parse.sentence_tokens(sent)
        if _is_reported_must(parse, verb)
    ]
    if not demands:
        return candidates
    demanded = {d.token.i for d in demands}
    kept = [c for c in candidates if c.host.i not in demanded]
    return sorted([*kept, *demands], key=lambda t: t.token.i)


def _reporting_host(parse: Parse, verb: Token) -> Token:
    if verb.dep in {"ccomp", "acl"}:
        return parse.tokens[verb.head]
    return verb


def _is_reported_must(parse: Parse, verb: Token) -> bool:
    if verb.pos not in {"VERB", "AUX"} or verb.dep not in {"ccomp", "ROOT", "conj", "acl"}:
        return False
    children = parse.children(verb)
    if not any(c.dep == "aux" and c.lemma == "must" for c in children):
        return False
    if any(c.dep == "neg" for c in children):
        return False
    governor = parse.tokens[verb.head]
    return verb.dep == "ROOT" or governor.lemma in lx.SPEECH_VERBS | _INSISTING


#: Besides speech verbs, words that report a demand: "reiterated that Libya must ...",
#: "a stern reminder that it must ...".
_INSISTING = frozenset(
    "reiterate repeat stress conclude remind warn insist argue maintain emphasize emphasise "
    "reminder warning demand call statement message".split()
)


def _imperative_as_request(parse: Parse, trigger: Trigger) -> Trigger:
    """ "Release the prisoners!" demands a release; it does not report one."""
    verb = trigger.token
    if verb.tag != "VB" or verb.dep not in {"ROOT", "conj", "ccomp"} or trigger.type == "REQUEST":
        return trigger
    children = parse.children(verb)
    if any(c.dep in {"nsubj", "nsubjpass", "aux", "auxpass", "mark"} for c in children):
        return trigger
    if verb.dep == "conj" and parse.tokens[verb.head].tag != "VB":
        return trigger
    mode = _EMBEDDED_MODE.get(("REQUEST", trigger.type))
    return Trigger(verb, "REQUEST", mode, 0.6, trigger.host, trigger.words)


#: Refusing to say something is a statement, not a rejection of anyone's demand.
_DECLINING = frozenset({"decline", "refuse"})
_WITHHELD_WORDS = frozenset(
    "comment elaborate confirm specify disclose identify say speculate".split()
)


def _verb_trigger(parse: Parse, verb: Token, rules: Rulebook) -> Trigger | None:
    ruled = _conditional(parse, verb, rules.conditional_rules("verb", verb.lemma))
    if ruled is not None:
        return _make(verb, ruled, verb, (verb,))
    children = parse.children(verb)
    if verb.lemma == "fire" and {c.lemma for c in children if c.dep == "dobj"} & _CROWD_CONTROL:
        # Tear gas, water cannon: repression, not armed assault ("fired tear gas at").
        return _make(verb, lx.Cue("COERCE", None, 0.6), verb, (verb,))
    for child in children:
        # spaCy often parses the particle of "sealed off the road" as a preposition,
        # and of "turned back the buses" or "turned away voters" as an adverb; only
        # pairs listed as phrasal verbs count.
        particle = child.dep in {"prt", "prep", "advmod"}
        pair = (verb.lemma, child.lemma)
        if (particle or child.dep == "dobj") and pair in rules.phrasal:
            return _make(verb, rules.phrasal[pair], verb, (verb, child))
        if child.dep == "prep" and pair in rules.prepositional and not _names_a_time(parse, child):
            return _make(verb, rules.prepositional[pair], verb, (verb, child))
    if verb.lemma == "shoot" and any(c.dep == "dobj" and c.lemma in _FILMED for c in children):
        return None  # "shooting video footage of the damage": filming
    if verb.lemma in _DECLINING and any(
        c.dep == "xcomp" and c.lemma in _WITHHELD_WORDS for c in children
    ):
        return None  # "declined to comment": no comment (CAMEO 011), no rejection
    if (
        verb.lemma == "burn"
        and not any(c.dep in {"dobj", "nsubjpass", "auxpass"} for c in children)
        and verb.dep not in {"acl", "relcl"}
    ):
        return None  # "barricades were still burning", "the cake burns": no one burned them
    special = _special_verb(parse, verb, children, rules)
    if special is not None:
        return special
    if verb.lemma == "commit" and any(o.lemma in _DEEDS for o in verb_objects(parse, verb)):
        return None  # "committed suicide", "committed the crime": no pledge
    if _cancels(parse, verb) and verb.lemma not in rules.verbs:
        return None  # "called off" cancels another event; it is not one itself
    cue = rules.verbs.get(verb.lemma)
    if cue is None or verb.lemma in _NEEDS_CONTEXT:
        return None
    return _make(verb, cue, verb, (verb,))


#: What one shoots with a camera.
_FILMED = frozenset("video footage film photo photograph picture movie documentary scene".split())
#: What one commits that is a deed, not a pledge ("committed to talks" is AGREE).
_DEEDS = frozenset("suicide crime murder homicide robbery offence offense act fraud".split())
#: Verbs whose object took place: reactions to it, and claims of it ("Hamas claimed
#: the attack").
_PRESUPPOSING = lx.REACTING | {"claim"}
_VIOLENT_DEATH = frozenset("shoot shooting stab stabbing beat beating gun".split())
#: What a wound was made with, when it tells that someone was attacked.
_WOUNDING_WEAPONS = frozenset("gunshot bullet gun stab knife machete".split())
#: Violent nouns whose victim is named ("the killing of Ana Ruiz") presuppose the act.
_VICTIM_NOUNS = frozenset("killing murder shooting stabbing assassination death".split())
_NEEDS_CONTEXT = frozenset(
    {"strike", "fire", "capture", "seize", "block", "barricade", "disperse", "march", "rally"}
)
_CAPTURING = frozenset({"capture", "seize", "retake", "recapture"})
_CLAIMS = frozenset("claim accusation allegation report charge responsibility involvement".split())


#: What the police or army destroy in a drug operation: law enforcement, not an attack.
_CONTRABAND = frozenset(
    "cocaine drug narcotic marijuana heroin opium coca poppy laboratory lab airstrip "
    "plantation crop contraband".split()
)


def _contraband(parse: Parse, objects: list[Token]) -> bool:
    """Whether the objects are drugs, crops or drug laboratories ("destroyed 1,200 kg
    of cocaine", "burned coca crops", "destroyed 52 clandestine airstrips")."""
    return any(t.lemma in _CONTRABAND for o in objects for t in parse.subtree(o))


def verb_objects(parse: Parse, verb: Token) -> list[Token]:
    """What a verb is done to: its direct object or passive subject, or for a
    relative clause or a past participle without one, the noun it describes ("the
    prisoners they seized", "crimes committed by the militia")."""
    children = parse.children(verb)
    objects = [c for c in children if c.dep in {"dobj", "nsubjpass", "oprd", "attr"}]
    describes = verb.dep == "relcl" or (verb.dep == "acl" and verb.tag == "VBN")
    if describes and not objects and verb.head != verb.i:
        objects = [parse.tokens[verb.head]]
    return objects


def object_words(parse: Parse, objects: list[Token]) -> set[str]:
    """The lemmas of `objects` and of the nouns compounded with them ("ended
    mediation efforts": the modifier names what was ended), and what a measure or
    a state holds ("25,000 tons of food aid", "a state of emergency")."""
    held = [
        o
        for head in objects
        if head.lemma in lx.MEASURE_NOUNS
        for p in parse.children(head)
        if p.dep == "prep" and p.lemma == "of"
        for o in parse.children(p)
        if o.dep == "pobj"
    ]
    found = [*objects, *held]
    words = {o.lemma for o in found}
    return words | {c.lemma for o in found for c in parse.children(o) if c.dep == "compound"}


def _special_verb(
    parse: Parse, verb: Token, children: tuple[Token, ...], rules: Rulebook
) -> Trigger | None:
    """Verbs whose meaning depends on their subject or object."""
    objects = verb_objects(parse, verb)
    object_lemmas = object_words(parse, objects)
    subject_lemmas = {c.lemma for c in children if c.dep == "nsubj"}
    lemma = verb.lemma
    words = (verb,)
    if lemma in {"destroy", "burn"} and _contraband(parse, objects):
        return _make(verb, lx.Cue("COERCE", "seize", 0.5), verb, words)
    if lemma == "burn" and object_lemmas & {"flag", "effigy", "portrait", "tire", "tyre"}:
        mode = "obstruct" if object_lemmas & {"tire", "tyre"} else "demo"
        return _make(verb, lx.Cue("PROTEST", mode, 0.6), verb, words)  # "burned U.S. flags"
    if lemma in _GOING_OFF and _a_device_went_off(parse, verb, children):
        off = off_particle(parse, verb)
        return _make(verb, lx.Cue("ASSAULT", "explosives"), verb, (verb, off) if off else words)
    if lemma in {"strike", "fire"}:
        return _strike_or_fire(verb, objects, subject_lemmas)
    if lemma in _CAPTURING:
        return _capture(parse, verb, objects)
    if lemma == "protest" and (any(c.dep == "ccomp" for c in children) or verb.dep == "parataxis"):
        return _make(verb, lx.Cue("ACCUSE", "disapprove", 0.6), verb, words)  # said in protest
    if lemma == "deny" and object_lemmas & _CLAIMS:
        return _make(verb, lx.Cue("REJECT", None, 0.6), verb, words)  # "denied the claim"
    if lemma in {"block", "barricade", "disperse", "march"}:
        authority = bool(subject_lemmas & lx.AUTHORITY_WORDS)
        if lemma == "march":
            cue: lx.Cue | None = (
                lx.Cue("MOBILIZE", "troops", 0.5) if authority else rules.verbs.get("march")
            )
        elif authority or lemma == "disperse":
            cue = lx.Cue("COERCE", "restrict", 0.6)
        else:
            cue = lx.Cue("PROTEST", "obstruct", 0.55)
        return None if cue is None else _make(verb, cue, verb, words)
    if lemma == "rally":
        cue = lx.Cue("SUPPORT", None, 0.5) if objects else rules.verbs.get("rally")
        return None if cue is None else _make(verb, cue, verb, words)
    return None


#: Verbs that tell a device went off: "two bombs exploded", "a car bomb went off".
_GOING_OFF = frozenset({"explode", "go"})
#: What explodes in an attack (a gas tank or a volcano does not).
_DEVICES = frozenset(
    "bomb car-bomb explosive dynamite device charge grenade mine ied artifact package "
    "petard".split()
)


def _a_device_went_off(parse: Parse, verb: Token, children: tuple[Token, ...]) -> bool:
    """Whether an explosive device exploded ("a bomb exploded", "terrorists exploded a
    bomb", "a car bomb went off", "a car loaded with dynamite exploded"): a device
    word is in its subject's or object's phrase."""
    if verb.lemma == "go" and not off_particle(parse, verb):
        return False
    nouns = [c for c in children if c.dep in {"nsubj", "nsubjpass", "dobj"}]
    if verb.dep == "relcl":  # "the bomb that exploded"
        nouns.append(parse.tokens[verb.head])
    return any(t.lemma in _DEVICES for noun in nouns for t in parse.subtree(noun))


def off_particle(parse: Parse, verb: Token) -> Token | None:
    """The "off" of "went off" (spaCy may parse it as a particle or a preposition)."""
    return next(
        (c for c in parse.children(verb) if c.dep in {"prt", "prep"} and c.lemma == "off"), None
    )


_RELIEF = frozenset({"aid", "relief", "humanitarian", "food", "medical", "un"})
_CROWD_CONTROL = frozenset({"gas", "cannon", "canister", "grenade"})


def _strike_or_fire(verb: Token, objects: list[Token], subjects: set[str]) -> Trigger | None:
    if verb.lemma == "fire":
        fired = {o.lemma for o in objects}
        if fired & {"shot", "rocket", "missile", "mortar", "shell", "bullet", "round"}:
            return _make(verb, lx.Cue("ASSAULT", "firearms"), verb, (verb,))
        return None  # "fired the minister", "fired up the crowd"
    if subjects & lx.LABOUR_WORDS or not objects:
        return _make(verb, lx.Cue("PROTEST", "boycott", 0.5), verb, (verb,))
    return _make(verb, lx.Cue("ASSAULT", None, 0.65), verb, (verb,))


def _capture(parse: Parse, verb: Token, objects: list[Token]) -> Trigger:
    """Taking territory is COERCE seize; taking people is ASSAULT abduct, or an arrest
    when the police, army or guards take them ("guards captured the attackers")."""
    if _by_authority(parse, verb) and any(_names_people(parse, o) for o in objects):
        return _make(verb, lx.Cue("COERCE", "arrest", 0.6), verb, (verb,))
    for obj in objects:
        ent = parse.entity_at(obj)
        if obj.lemma in lx.TERRITORY_WORDS or (
            ent is not None and ent.label in {"GPE", "LOC", "FAC"}
        ):
            return _make(verb, lx.Cue("COERCE", "seize", 0.65), verb, (verb,))
        if (
            obj.lemma in lx.PEOPLE_WORDS
            or obj.like_num
            or (ent is not None and ent.label == "PERSON")
        ):
            return _make(verb, lx.Cue("ASSAULT", "abduct", 0.65), verb, (verb,))
    if verb.lemma == "seize":
        return _make(verb, lx.Cue("COERCE", "seize", 0.5), verb, (verb,))
    return _make(verb, lx.Cue("ASSAULT", "abduct", 0.45), verb, (verb,))


def _by_authority(parse: Parse, verb: Token) -> bool:
    """Whether the verb's doer (subject, or "by" agent) is the police, army or guards."""
    doers = [c for c in parse.children(verb) if c.dep == "nsubj"]
    if not doers and verb.dep in {"xcomp", "advcl", "conj"}:  # "police moved to capture them"
        doers = [c for c in parse.children(parse.tokens[verb.head]) if c.dep == "nsubj"]
    doers += [
        o
        for a in parse.children(verb)
        if a.dep == "agent"
        for o in parse.children(a)
        if o.dep == "pobj"
    ]
    return any(d.lemma in lx.AUTHORITY_WORDS for d in doers)


def _names_people(parse: Parse, token: Token) -> bool:
    ent = parse.entity_at(token)
    return (
        token.lemma in lx.PEOPLE_WORDS
        or token.lemma in _SUSPECTS
        or token.like_num
        or (ent is not None and ent.label == "PERSON")
    )


_SUSPECTS = frozenset("attacker suspect criminal terrorist gunman assailant kidnapper".split())


# ---------------------------------------------------------------- nouns


def _noun_trigger(parse: Parse, noun: Token, rules: Rulebook) -> Trigger | None:
    cue = _noun_cue(parse, noun, rules)
    if cue is None:
        return None
    if noun.lemma in _EXERCISES and cue.type == "MOBILIZE" and _joint(parse, noun):
        cue = lx.Cue("COOPERATE", "military", cue.strength)
    host = _noun_host(parse, noun)
    if host is None:
        return None
    words = tuple(c for c in parse.children(noun) if c.dep == "compound" and c.i == noun.i - 1)
    return _make(noun, cue, host, (*words, noun))


def _hyphenated_lemma(parse: Parse, noun: Token) -> str:
    """ "cease-fire", "sit-in": the word the tokenizer split at its hyphen, whose first
    part modifies the noun ("" when the noun is no such part)."""
    if noun.i < 2 or parse.tokens[noun.i - 1].text != "-":
        return ""
    first = parse.tokens[noun.i - 2]
    if first.head != noun.i or first.end != parse.tokens[noun.i - 1].start:
        return ""
    return f"{first.lemma}-{noun.lemma}"


#: Words for a deed that someone can be responsible for: an attack when claimed.
_ANSWERED_FOR = frozenset({"incident", "act", "action", "operation"})


def _claimed(parse: Parse, noun: Token) -> bool:
    """ "claimed responsibility for the incident", "are held responsible for this
    action": the deed someone is said to answer for, in conflict reporting an attack."""
    if noun.dep != "pobj" or noun.head == noun.i:
        return False
    prep = parse.tokens[noun.head]
    owner = parse.tokens[prep.head] if prep.head != prep.i else prep
    return prep.lemma == "for" and owner.lemma in lx.RESPONSIBILITY


#: What makes an "act" or an "action" an attack.
_TERRORIST = frozenset({"terrorist", "terror"})

#: Military exercises, and the words that make one a joint undertaking.
_EXERCISES = frozenset({"exercise", "drill", "manoeuvre", "maneuver"})
_JOINT = frozenset({"joint", "bilateral", "combined", "multinational", "trilateral"})


def _joint(parse: Parse, noun: Token) -> bool:
    """ "joint military exercises", "drills with the US navy": done together."""
    return any(
        (c.dep == "amod" and c.lemma in _JOINT) or (c.dep == "prep" and c.lemma == "with")
        for c in parse.children(noun)
    )


def _noun_cue(parse: Parse, noun: Token, rules: Rulebook) -> lx.Cue | None:
    ruled = _conditional(parse, noun, rules.conditional_rules("noun", noun.lemma))
    if ruled is not None:
        return ruled
    modifiers = {c.lemma for c in parse.children(noun) if c.dep in {"compound", "amod", "nmod"}}
    if noun.lemma == "strike":
        return _strike_noun(parse, noun, modifiers)
    if noun.lemma == "death" and modifiers & _VIOLENT_DEATH:  # "the shooting death of ..."
        mode = "firearms" if modifiers & {"shoot", "shooting", "gun"} else None
        return lx.Cue("ASSAULT", mode, 0.6)
    if noun.lemma == "wound" and modifiers & _WOUNDING_WEAPONS:  # "died of a gunshot wound"
        mode = "firearms" if modifiers & {"gunshot", "bullet", "gun"} else None
        return lx.Cue("ASSAULT", mode, 0.6)
    if noun.lemma in {"act", "action"} and modifiers & _TERRORIST:
        return lx.Cue("ASSAULT", None, 0.6)  # "the terrorist act", "a terrorist action"
    if noun.lemma in _ANSWERED_FOR and _claimed(parse, noun):
        return lx.Cue("ASSAULT", None, 0.5)  # "the rebels are held responsible for the incident"
    cue = rules.nouns.get(_hyphenated_lemma(parse, noun)) or rules.nouns.get(noun.lemma)
    if cue is None:
        return None
    if cue.type == "ASSAULT" and cue.mode is None:
        mode = next((lx.MODE_WORDS[m] for m in sorted(modifiers) if m in lx.MODE_WORDS), None)
        return cue if mode is None else lx.Cue(cue.type, mode, cue.strength)
    if noun.lemma == "march" and (modifiers & {"military", "troop"} or noun.ent == "DATE"):
        return None  # a troop march, or the month: "shot in March"
    if noun.lemma in {"explosion", "blast"} and _figurative_explosion(parse, noun):
        return None
    if cue.type == "AID" and not modifiers & _RELIEF:
        return None  # a military or wedding convoy is not aid
    return cue


def _figurative_explosion(parse: Parse, noun: Token) -> bool:
    """ "An explosion of freedom", "a blast of cold air": "of" names no device."""
    of = _of_objects(parse, noun)
    return bool(of) and not any(t.lemma in _DEVICES for o in of for t in parse.subtree(o))


def _of_objects(parse: Parse, noun: Token) -> list[Token]:
    """The objects of the noun's "of" phrases: "the killing of Ana Ruiz"."""
    return [
        o
        for p in parse.children(noun)
        if p.dep == "prep" and p.lemma == "of"
        for o in parse.children(p)
        if o.dep == "pobj"
    ]


def _strike_noun(parse: Parse, noun: Token, modifiers: set[str]) -> lx.Cue | None:
    if modifiers & {"hunger"}:
        return lx.Cue("PROTEST", "hunger", 0.7)
    if modifiers & {"general", "labour", "labor", "national", "nationwide", "teacher", "worker"}:
        return lx.Cue("PROTEST", "boycott", 0.7)
    if modifiers & {"air", "drone", "missile", "aerial", "rocket"}:
        return lx.Cue("ASSAULT", "aerial", 0.75)
    sentence = {t.lemma for t in parse.sentence_tokens(noun.sent)}
    if sentence & lx.LABOUR_WORDS or "on" in {t.lemma for t in parse.children(noun)}:
        return lx.Cue("PROTEST", "boycott", 0.5)
    if sentence & (set(lx.MODE_WORDS) | lx.AUTHORITY_WORDS | {"militant", "rebel", "target"}):
        return lx.Cue("ASSAULT", None, 0.55)
    return None


def _noun_host(parse: Parse, noun: Token) -> Token | None:
    """The verb that asserts, plans or cancels the noun's event, or None if nothing does.

    A noun root of a sentence (a headline) hosts itself.
    """
    if noun.dep == "ROOT":
        return noun
    head_noun = parse.tokens[noun.head]
    if noun.dep == "compound" and head_noun.lemma in lx.VEHICLE_NOUNS:
        return _noun_host(parse, head_noun)  # "launched a mediation effort"
    if noun.lemma == "murder" and noun.dep == "compound" and head_noun.lemma == "suicide":
        return noun  # "found dead in a murder-suicide": the word tells a killing
    if noun.dep == "conj":
        first = parse.tokens[noun.head]
        return _noun_host(parse, first) if first.pos in {"NOUN", "PROPN"} else None
    head = parse.tokens[noun.head]
    if noun.lemma == "wound" and _suffered(parse, noun):
        return noun  # "died from a gunshot wound": someone was shot
    if noun.dep == "pobj":
        through = _host_through_preposition(parse, noun, head)
        return through or (noun if _presupposed(parse, noun) else None)
    if noun.dep in {"dobj", "nsubjpass", "attr"} and head.lemma in lx.LIGHT_VERBS:
        return head
    if noun.dep in {"dobj", "nsubjpass"} and light_phrasal(parse, head):
        return head  # "set up checkpoints"
    if noun.dep in {"nsubj", "nsubjpass"} and head.lemma in lx.OCCURRENCE_VERBS:
        return head
    if noun.dep in {"nsubj", "nsubjpass", "dobj"} and _cancels(parse, head):
        return head
    if noun.dep == "dobj" and head.lemma in lx.PLANNING:
        return head  # "planned a march": the status comes from the verb
    if noun.dep == "dobj" and head.lemma in _PRESUPPOSING | lx.SURVIVING:
        return head  # "investigating a shooting", "survived an attack": it took place
    if noun.dep == "attr" and head.lemma == "be" and _has_child(parse, head, "expl"):
        return head  # "there were clashes"
    if _planned_modifier(parse, noun):
        return head if head.pos in {"VERB", "AUX"} else noun
    if noun.lemma in _VICTIM_NOUNS and _names_victim(parse, noun):
        return noun  # "police are investigating the shooting death of a 14-year-old boy"
    if _presupposed(parse, noun):
        return noun  # "the victim of Saturday's fatal shooting": it took place
    return None


#: Modifiers that say an attack took place: only a real shooting is fatal or accidental.
_TOOK_PLACE = frozenset("fatal deadly accidental mass double triple quadruple".split())
#: Those who take part in an attack: "a suspect in the shooting", "victims of the blast".
_PARTICIPANTS = frozenset(
    "victim suspect survivor witness shooter gunman killer attacker bomber".split()
)
_DAY_NAMES = frozenset(
    "yesterday monday tuesday wednesday thursday friday saturday sunday weekend".split()
)


def light_phrasal(parse: Parse, verb: Token) -> bool:
    """A verb with a particle that asserts the noun it carries: "set up checkpoints"
    (while "set" alone plans: "the march is set for Friday")."""
    particles = {c.lemma for c in parse.children(verb) if c.dep in {"prt", "prep", "advmod"}}
    return any((verb.lemma, p) in lx.LIGHT_PHRASALS for p in particles)


def _presupposed(parse: Parse, noun: Token) -> bool:
    """Whether an attack noun's own words say the attack took place: "a fatal shooting",
    "Saturday's shooting", "the suspect in the shooting", "victims of the blast", "two
    dead in a shooting". Checked only when no verb asserts, plans or cancels it; a verb
    above it still sets its status ("to prevent a deadly attack"), except above a
    participant (`told_by_participant`)."""
    cue = in_force().nouns.get(noun.lemma)
    if cue is None or cue.type != "ASSAULT":
        return False
    modifiers = [c for c in parse.children(noun) if c.dep in {"amod", "compound", "poss", "nmod"}]
    if noun.tag != "NNS" and any(m.text.casefold() in _TOOK_PLACE | _DAY_NAMES for m in modifiers):
        return True  # not plural: "fatal shootings by police rose" is a statistic
    if told_by_participant(parse, noun):
        return True
    if _anchored(parse, noun, modifiers):
        return True
    if noun.dep != "pobj":
        return False
    prep = parse.tokens[noun.head]
    governor = parse.tokens[prep.head]
    return prep.lemma in lx.CIRCUMSTANCE_PREPS and governor.lemma == "dead"


def _anchored(parse: Parse, noun: Token, modifiers: list[Token]) -> bool:
    """A definite attack noun pinned to one particular event, which it presupposes:
    "the Orlando massacre", "the 1915 massacre", "the four-day battle", "the
    massacre of 1.5 million Armenians", "the airstrikes by the coalition". A bare
    or indefinite noun ("a coup", "massacres") may be any or none."""
    if not any(c.dep == "det" and c.lemma == "the" for c in parse.children(noun)):
        return False
    for modifier in modifiers:
        entity = parse.entity_at(modifier)
        if entity is not None and entity.label in _ANCHORS and modifier.i < noun.i:
            return True  # "the Orlando massacre", "the 1915 massacre", "the four-day battle"
    named = [
        obj
        for child in parse.children(noun)
        if child.dep == "prep" and child.lemma in {"of", "by"}
        for obj in parse.children(child)
        if obj.dep == "pobj"
    ]
    # "the massacre of 1.5 million Armenians", "the airstrikes by the coalition"
    return any(
        word.ent in _ANCHORS or word.pos == "PROPN" or word.like_num
        for obj in named
        for word in (obj, *parse.children(obj))
    )


#: Entity labels that pin an attack noun to one event: its place, date, or duration.
_ANCHORS = frozenset({"GPE", "LOC", "FAC", "DATE", "TIME", "CARDINAL", "ORG", "NORP"})


def told_by_participant(parse: Parse, noun: Token) -> bool:
    """ "The suspect in Sunday's shooting", "victims of the blast", "a man wanted in the
    shooting": an attack that has a suspect or victims, or that someone is charged or
    sought in, took place, whatever is done to them ("police seek the suspect")."""
    if noun.dep != "pobj":
        return False
    prep = parse.tokens[noun.head]
    governor = parse.tokens[prep.head]
    if prep.lemma not in {"of", "in"}:
        return False
    if governor.pos == "VERB":  # "wanted in the shooting", "charged in the killing of"
        # "convicted of murder" names a crime, not the report of one
        return prep.lemma == "in" and governor.lemma in _PURSUING
    word = governor.lemma.casefold()  # "victims", "witnesses"; a title-case "Suspects"
    return word in _PARTICIPANTS or word.removesuffix("s") in _PARTICIPANTS


#: What the police and courts do to a person "in" an attack, which took place.
_PURSUING = frozenset(
    "want seek charge arrest indict convict sentence jail question identify acquit "
    "book hold detain plead".split()
)


#: Verbs (and "dead") that say a person has, or died of, a wound.
_WOUND_VERBS = frozenset("die succumb dead find suffer sustain receive treat hospitalize".split())


def _suffered(parse: Parse, wound: Token) -> bool:
    """Whether a person is said to have, or to have died of, the wound ("died of a
    gunshot wound", "found dead with gunshot wounds", "suffered a gunshot wound")."""
    head = parse.tokens[wound.head]
    if wound.dep == "dobj":
        return head.lemma in _WOUND_VERBS
    if wound.dep == "pobj" and head.lemma in {"from", "of", "with", "for"}:
        governor = parse.tokens[head.head]
        return governor.lemma in _WOUND_VERBS
    return False


def _names_victim(parse: Parse, noun: Token) -> bool:
    """Whether "of" names the person the violence was done to."""
    objects = _of_objects(parse, noun)
    return any(
        _names_people(parse, t) or t.lemma in lx.PERSON_NOUNS
        for o in objects
        for t in parse.subtree(o)
    )


#: "in connection with", "in relation to": the noun after them is the event's.
_LINKING = frozenset({"connection", "relation"})


#: Verbs whose "with" phrase is what they hand over: "presented them with demands".
_PRESENTING = frozenset("present serve issue provide supply hand".split())


def _host_through_preposition(parse: Parse, noun: Token, prep: Token) -> Token | None:
    governor = parse.tokens[prep.head]
    if told_by_participant(parse, noun):
        return noun  # "a man wanted in the shooting": the police's act is not the shooting's
    if prep.lemma in lx.CIRCUMSTANCE_PREPS and governor.pos in {"VERB", "AUX"}:
        return governor
    if prep.lemma in lx.CIRCUMSTANCE_PREPS and governor.dep == "ROOT" and governor.pos == "ADJ":
        return governor  # a headline without a verb: "Boy stable after accidental shooting"
    if prep.lemma in {"with", "to"} and governor.lemma in _LINKING and governor.dep == "pobj":
        # "arrested in connection with a fatal shooting": the arrest presupposes it
        return _host_through_preposition(parse, governor, parse.tokens[governor.head])
    if prep.lemma == "to" and governor.lemma in {"agree", "commit", "return", "respond"}:
        return governor  # "police responded to a shooting": it happened
    if prep.lemma == "from" and governor.pos == "ADJ" and governor.dep == "acomp":
        governor = parse.tokens[governor.head]  # "emerged unscathed from": emerged
    if prep.lemma == "from" and governor.lemma in lx.SURVIVING:
        return governor  # "escaped unhurt from a dynamite attack"
    if prep.lemma in {"in", "into"} and governor.lemma in {"take", "join", "participate"}:
        return governor
    if prep.lemma == "on" and governor.lemma in {"go", "be", "stay", "remain", "put", "place"}:
        return governor  # "went on strike", "remained on alert"
    if prep.lemma == "on" and governor.lemma in {"arrive", "travel", "come", "fly", "leave"}:
        return governor  # "arrived in Amman on a visit"
    if _claimed(parse, noun):
        return noun  # "claimed responsibility for the attack": it took place
    if prep.lemma == "with" and governor.lemma in _PRESENTING:
        return governor  # "presented the government with a list of demands"
    if prep.lemma == "of" and governor.lemma in lx.SERIES_NOUNS:
        # "launched a series of attacks", "presented a list of demands": the series' host
        return _noun_host(parse, governor)
    return None


def _names_a_time(parse: Parse, prep: Token) -> bool:
    """ "on Thursday", "at dawn": a preposition that only says when."""
    return any(
        c.dep == "pobj" and (c.ent in {"DATE", "TIME"} or c.lemma in _TIME_WORDS)
        for c in parse.children(prep)
    )


_TIME_WORDS = frozenset("dawn dusk night morning evening afternoon noon midnight".split())


def _cancels(parse: Parse, verb: Token) -> bool:
    if verb.lemma in lx.CANCELLING:
        return True
    return verb.lemma == "call" and any(
        c.dep == "prt" and c.lemma == "off" for c in parse.children(verb)
    )


def _planned_modifier(parse: Parse, noun: Token) -> bool:
    return any(
        c.lemma in lx.PLANNED_MODIFIERS and c.dep in {"amod", "acl", "compound"}
        for c in parse.children(noun)
    )


def _has_child(parse: Parse, token: Token, dep: str) -> bool:
    return any(c.dep == dep for c in parse.children(token))


# ---------------------------------------------------------------- embedding


def _embedding_governor(
    parse: Parse, trigger: Trigger, by_token: dict[int, Trigger]
) -> Trigger | None:
    """The request, refusal, threat or agreement that embeds this trigger, if any."""
    current = trigger.host
    hosting = by_token.get(current.i)
    if (
        hosting is not None
        and hosting is not trigger
        and hosting.type in lx.EMBEDDING_TYPES
        and not _presupposes(hosting, trigger)
    ):
        return hosting  # "agreed to a truce": the noun is what was agreed
    for _ in range(6):  # clauses nest shallowly; the bound guards against odd parses
        if current.dep not in {"xcomp", "ccomp", "pcomp", "pobj", "prep", "dobj", "advcl"}:
            return None
        current = parse.tokens[current.head]
        governor = by_token.get(current.i)
        if governor is not None and governor is not trigger:
            if governor.type == "PROTEST" and trigger.type == "REQUEST":
                return governor  # "rallied to demand jobs": the demand is the protest's aim
            if _presupposes(governor, trigger):
                return None  # "condemned the killing of X": the killing took place
            return governor if governor.type in lx.EMBEDDING_TYPES else None
    return None


def _presupposes(governor: Trigger, trigger: Trigger) -> bool:
    """Condemning or investigating an act (a noun) takes for granted that it happened;
    accusing someone of it does not."""
    return (
        governor.type == "ACCUSE"
        and governor.mode in {"disapprove", "investigate"}
        and (trigger.token.pos in {"NOUN", "PROPN"} or trigger.token.tag == "VBG")
    )


def _refine_mode_from_embedded(
    parse: Parse, trigger: Trigger, candidates: list[Trigger]
) -> Trigger:
    """A speech act takes its mode from what it embeds: "threatened to attack" is violence."""
    if trigger.type not in lx.EMBEDDING_TYPES or trigger.mode is not None:
        return trigger
    embedded = [
        c
        for c in candidates
        if c is not trigger
        and (c.host.i == trigger.token.i or _is_below(parse, c.host, trigger.host))
    ]
    if not embedded:
        return trigger
    mode = _EMBEDDED_MODE.get((trigger.type, embedded[0].type))
    if mode == "ceasefire" and embedded[0].mode != "ceasefire":
        return trigger  # agreeing to hand over prisoners is not a ceasefire
    if mode is None:
        return trigger
    return Trigger(trigger.token, trigger.type, mode, trigger.strength, trigger.host, trigger.words)


_EMBEDDED_MODE: dict[tuple[str, str], str] = {
    ("THREATEN", "ASSAULT"): "violence",
    ("THREATEN", "SANCTION"): "relations",
    ("THREATEN", "COERCE"): "restrict",
    ("REQUEST", "RETREAT"): "yield",
    ("REQUEST", "CONSULT"): "meet",
    ("REQUEST", "AID"): "assist",
    ("REQUEST", "CONCEDE"): "change",
    ("REJECT", "CONSULT"): "meet",
    ("REJECT", "RETREAT"): "yield",
    ("REJECT", "AID"): "assist",
    ("AGREE", "RETREAT"): "ceasefire",
}


def _is_below(parse: Parse, token: Token, ancestor: Token) -> bool:
    current = token
    for _ in range(12):
        if current.head == current.i:
            return False
        current = parse.tokens[current.head]
        if current.i == ancestor.i:
            return True
    return False


def _conditional(parse: Parse, token: Token, rules: tuple[Rule, ...]) -> lx.Cue | None:
    """The cue of the first rule whose conditions the token's arguments meet."""
    if not rules:
        return None
    words: dict[str, set[str]] = {}

    def lemmas(role: str) -> set[str]:
        # Each kind of argument is found once, and only if a rule asks for it.
        if role not in words:
            if role == "object":
                words[role] = object_words(parse, verb_objects(parse, token))
            elif role == "subject":
                words[role] = {c.lemma for c in parse.children(token) if c.dep == "nsubj"}
            elif role == "host":
                host = _noun_host(parse, token)
                words[role] = set() if host is None or host.i == token.i else {host.lemma}
            else:
                from sitrep.coding.arguments import frame  # the layer builds on this module

                heads = frame(parse, token).heads(role)  # type: ignore[arg-type]
                words[role] = {head.lemma for head in heads}
        return words[role]

    for rule in rules:
        if all(lemmas(c.role) & c.lemmas for c in rule.when):
            return rule.cue
    return None


def _make(token: Token, cue: lx.Cue, host: Token, words: tuple[Token, ...]) -> Trigger:
    return Trigger(token, cue.type, cue.mode, cue.strength, host, words, cue.cameo)
