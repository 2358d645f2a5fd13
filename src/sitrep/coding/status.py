"""Did it happen? The status of an event from negation, modality and governing verbs.

Rules, first match wins, from the trigger's own clause outwards:

1. A negation on the host verb ("did not attack") or a "no" on an event noun
   ("no clashes were reported"): `negated`.
2. A governing verb, climbing through complement clauses: "denied (that) ..."
   → `denied`; "called off", "cancelled", "prevented", "banned" → `cancelled`;
   "threatened", "warned", "vowed" → `threatened`; "plans", "intends",
   "prepares", "decided" → `planned`; "feared" → `hypothetical`; "failed to"
   → `negated`. Speech verbs ("said") are climbed through: they attribute, they
   do not change what happened.
3. A conditional threat: a clause with a modal after "or"/"unless"
   ("... or he may end the truce") → `threatened`.
4. Future auxiliaries ("will", "is to", "is going to") or a "planned"
   modifier on an event noun → `planned`; other modals ("may", "could",
   "would") and "if" clauses → `hypothetical`.
5. Otherwise `occurred`.
"""

from __future__ import annotations

import dataclasses

from sitrep.coding import lexicon as lx
from sitrep.coding.triggers import Trigger, light_phrasal, told_by_participant
from sitrep.model import EventStatus, Parse, Token

# Not "advcl": "called off after police warned" does not cancel the warning.
_CLIMB_DEPS = frozenset({"xcomp", "ccomp", "pcomp", "pobj", "prep", "dobj", "acl"})


def event_status(parse: Parse, trigger: Trigger) -> EventStatus:
    """The status of the event reported by `trigger`."""
    if _negated(parse, trigger):
        return "negated"
    # "Police seek the suspect in the shooting": seeking a suspect says nothing of the
    # shooting, which took place.
    told = trigger.token.i == trigger.host.i and told_by_participant(parse, trigger.token)
    governed = None if told else _governed_status(parse, trigger)
    if governed == "cancelled" and _happened_before_host(parse, trigger):
        governed = None  # "called off after talks": the talks still took place
    if governed == "planned" and _called_off_later(parse, trigger.host):
        return "cancelled"  # "had planned a march, but it was called off"
    if governed is not None:
        return governed
    if is_conditional_threat(parse, trigger.host):
        return "threatened"
    if _planned_subject(parse, trigger.host):
        return "planned"  # "a draft bill would ban ...", "the proposed law will ..."
    return _modality(parse, trigger)


def _happened_before_host(parse: Parse, trigger: Trigger) -> bool:
    """A noun hosted through "after"/"following"/"despite": it is not what was cancelled."""
    token = trigger.token
    if token.dep != "pobj" or token.i == trigger.host.i:
        return False
    return parse.tokens[token.head].lemma in {"after", "following", "despite", "amid"}


def _called_off_later(parse: Parse, host: Token) -> bool:
    """A later clause cancels what the host planned: "..., but it was called off"."""
    for clause in parse.children(host):
        if clause.dep != "conj" or not _is_cancel_verb(parse, clause):
            continue
        subjects = [c for c in parse.children(clause) if c.dep in {"nsubj", "nsubjpass"}]
        if any(s.pos == "PRON" for s in subjects):
            return True
    return False


def _planned_subject(parse: Parse, host: Token) -> bool:
    return any(
        c.dep in {"nsubj", "nsubjpass"} and _noun_planned(parse, c) for c in parse.children(host)
    )


def _negated(parse: Parse, trigger: Trigger) -> bool:
    own_verb = trigger.token.i == trigger.host.i  # "nobody was hurt in the blast": blast stays
    host_negated = any(
        c.dep == "neg"
        or (c.lemma in {"never"} and c.dep == "advmod")
        or (own_verb and _nobody(parse, c))
        for c in parse.children(trigger.host)
    )
    copula = parse.tokens[trigger.host.head]
    if own_verb and trigger.host.dep == "acomp" and copula.lemma == "be":
        # "NO ONE WAS INJURED" parsed with "injured" as the complement of "was"
        host_negated = host_negated or any(_nobody(parse, c) for c in parse.children(copula))
    noun_negated = trigger.token.pos == "NOUN" and any(
        c.dep == "det" and c.lemma == "no" for c in parse.children(trigger.token)
    )
    return host_negated or noun_negated


def _nobody(parse: Parse, child: Token) -> bool:
    """ "No one was injured", "nobody was hurt": the subject denies the act."""
    if child.dep not in {"nsubj", "nsubjpass"}:
        return False
    if child.lemma in {"nobody", "none"}:
        return True
    return child.lemma == "one" and any(c.lemma == "no" for c in parse.children(child))


def _governed_status(parse: Parse, trigger: Trigger) -> EventStatus | None:
    host = current = trigger.host
    if host.i != trigger.token.i:  # the host verb itself plans or cancels a noun's event
        status = _status_of_governor(parse, host)
        if status is not None:
            return status
    for _ in range(6):  # clause nesting is shallow; the bound guards against odd parses
        if current.dep not in _CLIMB_DEPS:
            return None
        current = parse.tokens[current.head]
        status = _status_of_governor(parse, current)
        if status is not None:
            return status
    return None


def _status_of_governor(parse: Parse, verb: Token) -> EventStatus | None:
    lemma = verb.lemma
    if lemma in lx.DENYING:
        return "denied"
    if _is_cancel_verb(parse, verb):
        return "cancelled"
    if lemma in lx.THREATENING:
        return "threatened"
    if lemma in lx.PLANNING and not light_phrasal(parse, verb):
        return "planned"
    if lemma in lx.SPECULATING:
        return "hypothetical"
    if lemma == "fail":
        return "negated"
    if lemma == "refuse":
        return "negated"
    return None


def _is_cancel_verb(parse: Parse, verb: Token) -> bool:
    if verb.lemma in lx.CANCELLING:
        return True
    return verb.lemma == "call" and any(
        c.dep == "prt" and c.lemma == "off" for c in parse.children(verb)
    )


def is_conditional_threat(parse: Parse, verb: Token) -> bool:
    """A modal clause after "or", or one with an "unless" condition: a threat."""
    if verb.pos not in {"VERB", "AUX"}:
        return False
    children = parse.children(verb)
    modal = any(c.dep == "aux" and c.text.lower() in lx.MODAL_AUX | lx.FUTURE_AUX for c in children)
    if not modal:
        return False
    after_or = verb.dep == "conj" and any(
        c.dep == "cc" and c.lemma == "or" for c in parse.children(parse.tokens[verb.head])
    )
    unless = any(
        c.dep == "advcl" and any(m.lemma == "unless" for m in parse.children(c)) for c in children
    )
    return after_or or unless


def _modality(parse: Parse, trigger: Trigger) -> EventStatus:
    host = trigger.host
    children = parse.children(host)
    for child in children:
        word = child.text.lower()
        if child.dep in {"aux", "auxpass"} and word in lx.FUTURE_AUX:
            return "planned"
        if child.dep == "aux" and word == "would" and _reported(parse, host):
            return "planned"  # "the governor said the army would send reinforcements"
        if child.dep == "aux" and word in lx.MODAL_AUX:
            return "hypothetical"
        if child.dep == "mark" and word == "if":
            return "hypothetical"
    if _is_to_be_planned(parse, host) or _noun_planned(parse, trigger.token):
        return "planned"
    if _judged_in_general(parse, host):
        return "hypothetical"
    if _is_purpose(parse, host):
        if trigger.type == "PROTEST" and host.dep == "advcl":
            # "stopped work to protest the law": the act done is the protest, and it
            # happened as the act did
            return _modality(parse, dataclasses.replace(trigger, host=parse.tokens[host.head]))
        return "planned"  # "operations to capture the criminals": the aim, not the deed
    return "occurred"


def _judged_in_general(parse: Parse, host: Token) -> bool:
    """ "Removing the sanctions is out of the question", "negotiating with them is
    unacceptable": a gerund subject of "be" names an act in general, done by no one yet."""
    if host.dep != "csubj" or host.tag != "VBG" or host.head == host.i:
        return False
    return parse.tokens[host.head].lemma == "be"


def _is_purpose(parse: Parse, host: Token) -> bool:
    """ "operations to capture them", "sent troops to retake the town": an aim.

    Not after verbs that say the act took place ("began to shell", "managed to flee").
    """
    has_to = any(c.dep == "aux" and c.text.lower() == "to" for c in parse.children(host))
    if not has_to or host.dep not in {"advcl", "acl", "xcomp"}:
        return False
    return host.dep != "xcomp" or parse.tokens[host.head].lemma not in _ASPECTUAL


_ASPECTUAL = frozenset(
    "begin start continue keep resume manage proceed go come help dare fail refuse be "
    "have use try attempt".split()
)


def _reported(parse: Parse, host: Token) -> bool:
    """Whether the clause is what someone said: "would" is then the future of the past."""
    return host.dep == "ccomp" and parse.tokens[host.head].lemma in lx.SPEECH_VERBS


def _is_to_be_planned(parse: Parse, host: Token) -> bool:
    """ "is to hold talks", "are going to march": the be/go + to construction."""
    if host.dep != "xcomp":
        return False
    governor = parse.tokens[host.head]
    return governor.lemma == "be" or (governor.lemma == "go" and governor.tag == "VBG")


def _noun_planned(parse: Parse, noun: Token) -> bool:
    return noun.pos == "NOUN" and any(
        c.lemma in lx.PLANNED_MODIFIERS and c.dep in {"amod", "acl", "compound"}
        for c in parse.children(noun)
    )
