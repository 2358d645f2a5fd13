"""The event-coding stage: sentences in, events with roles, status, counts and voice out.

Per sentence: find the triggers (`triggers`), turn a modal clause after "or"
or with "unless" into a THREATEN event (what it threatens is not an event),
give each trigger its status (`status`), actors and targets (`roles`) and voice
(`attribution`), then merge triggers of the same type and status within the
sentence into one event ("35 were killed, 80 wounded and 120 taken prisoner
in clashes" is one ASSAULT with three counts). Counts (`counts`) go to the
ASSAULT (or COERCE, for arrests) of their sentence; without a number, the
single people an event kills, wounds, arrests or abducts are counted
(`victims`).

`confidence` is a heuristic score in [0, 1], not a calibrated probability:
the trigger word's prior (how often the word marks this event type), plus 0.1
when an actor was found, 0.05 for a target and 0.05 for a count, capped at 0.95.
It ranks events from best to least supported; docs/schema.md says the same.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from sitrep.coding.attribution import event_attribution
from sitrep.coding.counts import find_counts
from sitrep.coding.lexicon import MODE_WORDS
from sitrep.coding.roles import find_roles
from sitrep.coding.rulebook import Rulebook, load_rulebook, rules_in_force
from sitrep.coding.status import event_status, is_conditional_threat
from sitrep.coding.triggers import Trigger, find_triggers
from sitrep.coding.victims import (
    implicit_count,
    sentence_deaths,
    with_killer_death,
    without_the_dead,
)
from sitrep.model import (
    Actor,
    Analysis,
    Attribution,
    Count,
    CountKind,
    Document,
    Event,
    EventStatus,
    Parse,
    Sentence,
    Source,
    Span,
)
from sitrep.ontology import APPEALING, COUNT_KINDS, appeal_code, cameo_code, is_mode


@dataclass(frozen=True, slots=True)
class Draft:
    """One trigger's reading before same-sentence merging."""

    trigger: Trigger
    status: EventStatus
    actors: tuple[Actor, ...]
    targets: tuple[Actor, ...]
    attribution: Attribution
    #: The people this trigger's own targets count, without a number (`victims`).
    implicit: tuple[tuple[CountKind, Count], ...] = ()


class EventCoder:
    """Stage: code the events of every annotated sentence."""

    name = "coding.rules.v1"
    requires = frozenset({"passages", "parse"})
    provides = frozenset({"events"})

    def __init__(self, rules: Rulebook | None = None) -> None:
        """`rules`: the trigger rules in force (`rulebook.load_rulebook`); by default
        the packaged ones."""
        self.rules = rules or load_rulebook()

    def __call__(self, analysis: Analysis) -> Analysis:
        """Code one document."""
        with rules_in_force(self.rules):
            return self._code(analysis)

    def _code(self, analysis: Analysis) -> Analysis:
        parse = analysis.parse
        if parse is None:
            return analysis
        body = self._events(analysis, parse, headline=False)
        headline = [
            e for e in self._events(analysis, parse, headline=True) if e.status == "occurred"
        ]
        events = _with_headline_counts(analysis, body, headline)
        told = {e.type for e in events if e.status == "occurred"}
        # A headline is coded only for what the body does not tell: a page whose text
        # is site furniture under "Three dead in shooting" still reports a shooting.
        events += [e for e in headline if e.type not in told]
        events.sort(key=lambda e: (e.evidence.start, e.trigger.start))
        return dataclasses.replace(analysis, events=tuple(events))

    def _events(self, analysis: Analysis, parse: Parse, *, headline: bool) -> list[Event]:
        """The events of the body's sentences, or of the headline's."""
        source = _source(analysis.document)
        text = analysis.document.text
        events: list[Event] = []
        # The last occurred ASSAULT told in each voice: (sentence, event index).
        last_assault: dict[Attribution, tuple[int, int]] = {}
        # A toll told before any assault in its voice: (sentence, counts), for the next one.
        waiting: dict[Attribution, tuple[int, tuple[tuple[CountKind, Count], ...]]] = {}
        for index, sentence in enumerate(parse.sentences):
            if (analysis.passages[sentence.passage].kind == "headline") != headline:
                continue
            voice = analysis.passages[sentence.passage].voice
            drafts = _drafts(parse, index, text, voice, headline=headline, rules=self.rules)
            merged = _merge(drafts, text)
            counts = find_counts(
                text[sentence.start : sentence.end], sentence.start, headline=headline
            )
            deaths = sentence_deaths(parse, index, text)
            counts = _with_deaths(counts, deaths)
            if not merged and counts:
                if voice in last_assault:
                    # A person's death told on its own ("Lovette died at the hospital")
                    # ends the story of the shooting before it, however far back.
                    only_a_death = counts == (deaths,)
                    _add_counts_to_recent(
                        events, last_assault[voice], index, counts, any_distance=only_a_death
                    )
                else:
                    waiting[voice] = (index, counts)
            for event in _events_with_counts(
                parse, merged, counts, analysis.document, source, sentence
            ):
                if event.type == "ASSAULT" and voice in last_assault:
                    # "A bomb exploded ... The attack killed two": the attack is the bombing
                    told, at = last_assault[voice]
                    if index - told <= _BACK_SENTENCES:
                        event = _told_again(parse, event, events[at])
                if event.type == "ASSAULT" and event.status == "occurred":
                    if voice in waiting and voice not in last_assault:
                        # "A boy died on Friday." / "He had been shot in the chest."
                        told, toll = waiting.pop(voice)
                        if index - told <= _COUNT_CARRY_SENTENCES:
                            event = _with_counts(event, toll)
                    last_assault[voice] = (index, len(events))
                events.append(event)
        return events


def _with_deaths(
    counts: tuple[tuple[CountKind, Count], ...], deaths: tuple[CountKind, Count] | None
) -> tuple[tuple[CountKind, Count], ...]:
    """A sentence's counts with the deaths its parse tells, when its words give no
    killed count: numbers in words win ("left one man dead and six others wounded" is
    one dead, whatever the parse joins to the man)."""
    if deaths is None or "killed" in {kind for kind, _ in counts}:
        return counts
    return (*counts, deaths)


def _headline_toll(analysis: Analysis, headline: list[Event]) -> list[tuple[CountKind, Count]]:
    """The counts a headline gives: its numbers, the deaths it tells without one ("man
    dies in shooting"), then what its events count ("Teen shot to death": one killed)."""
    text = analysis.document.text
    toll = [
        kc
        for passage in analysis.passages
        if passage.kind == "headline"
        for kc in find_counts(text[passage.start : passage.end], passage.start, headline=True)
    ]
    # "Hope man dies in reported accidental shooting": a death, and no event
    toll = list(_with_deaths(tuple(toll), _headline_deaths(analysis)))
    have = {kind for kind, _ in toll}
    for event in headline:
        for kind, count in event.counts:
            if kind not in have:
                toll.append((kind, count))
                have.add(kind)
    return toll


def _headline_deaths(analysis: Analysis) -> tuple[CountKind, Count] | None:
    """The first death a headline tells without a number ("man dies in shooting")."""
    parse = analysis.parse
    if parse is None:
        return None
    text = analysis.document.text
    for index, sentence in enumerate(parse.sentences):
        if analysis.passages[sentence.passage].kind == "headline":
            deaths = sentence_deaths(parse, index, text)
            if deaths is not None:
                return deaths
    return None


def _with_headline_counts(
    analysis: Analysis, events: list[Event], headline: list[Event]
) -> list[Event]:
    """ "4 shot, 1 dead in Pine Bluff shooting": the headline's toll, for the body's lead event.

    A toll is often given only in the headline, or there in full while the body
    goes into parts ("one victim died at the scene"). Each count kind the headline
    gives (`_headline_toll`: its numbers, then what its own events count) goes to
    the body's first occurred ASSAULT (arrests to its first COERCE), in place of any
    count of the kind it has, unless some event of the body already gives as many
    or more.
    """
    have: set[str] = set()  # kinds given by the headline already
    for kind, count in _headline_toll(analysis, headline):
        wanted = "COERCE" if kind == "arrested" else "ASSAULT"
        owner = next(
            (i for i, e in enumerate(events) if e.type == wanted and e.status == "occurred"),
            None,
        )
        if kind in have or owner is None:
            continue
        told = [c.value for e in events for k, c in e.counts if k == kind]
        if told and max(told) >= count.value:
            continue  # the body gives the toll (or more): its words, with their source
        event = events[owner]
        ordered = sorted(
            (*((k, c) for k, c in event.counts if k != kind), (kind, count)),
            key=lambda kc: COUNT_KINDS.index(kc[0]),
        )
        # "Man dies in shooting" over "a man was shot": the one shot is the one who died.
        counts = without_the_dead(_is_shooting(event), tuple(ordered))
        events[owner] = dataclasses.replace(event, counts=counts)
        have.add(kind)
    return events


def _add_counts_to_recent(
    events: list[Event],
    recent: tuple[int, int] | None,
    sent: int,
    counts: tuple[tuple[CountKind, Count], ...],
    *,
    any_distance: bool = False,
) -> None:
    """ "Troops shelled the town. Twelve people died." — the toll belongs to the shelling.

    Counts in a sentence with no event of its own go to the occurred ASSAULT of the
    previous sentence told in the same voice, for count kinds it does not have yet.
    The previous sentence may end the paragraph before: news paragraphs are often
    a single sentence ("The bullet hit her head." / "She died of her injuries.").
    """
    if recent is None or (sent - recent[0] > _COUNT_CARRY_SENTENCES and not any_distance):
        return
    events[recent[1]] = _with_counts(events[recent[1]], counts)


def _with_counts(event: Event, counts: tuple[tuple[CountKind, Count], ...]) -> Event:
    """The ASSAULT with the count kinds it lacks (not arrests) taken from `counts`;
    the wounded of a shooting are then those shot less those killed."""
    have = {kind for kind, _ in event.counts}
    extra = tuple((kind, c) for kind, c in counts if kind not in have and kind != "arrested")
    if not extra:
        return event
    merged = tuple(sorted((*event.counts, *extra), key=lambda kc: COUNT_KINDS.index(kc[0])))
    return dataclasses.replace(event, counts=without_the_dead(_is_shooting(event), merged))


def _is_shooting(event: Event) -> bool:
    return event.trigger.text.lower().startswith(("shot", "shoot"))


_COUNT_CARRY_SENTENCES = 1


def _drafts(
    parse: Parse, sent: int, text: str, voice: Attribution, *, headline: bool, rules: Rulebook
) -> list[Draft]:
    found = find_triggers(parse, sent, headline=headline, rules=rules)
    triggers = _with_conditional_threats(parse, sent, found)
    drafts = []
    for trigger in triggers:
        roles = find_roles(parse, trigger, text, headline=headline)
        implicit = implicit_count(parse, trigger, roles.targets, text)
        drafts.append(
            Draft(
                trigger=trigger,
                status="occurred"
                if trigger.mode == "conditional"
                else event_status(parse, trigger),
                actors=roles.actors,
                targets=roles.targets,
                attribution=event_attribution(parse, trigger.host, voice, text),
                implicit=(implicit,) if implicit is not None else (),
            )
        )
    return [_clean_mode(d, parse) for d in drafts]


def _clean_mode(draft: Draft, parse: Parse) -> Draft:
    trigger = draft.trigger
    if trigger.type == "ASSAULT" and trigger.mode in {None, "destroy"}:
        # "destroyed by a bomb explosion": the means says more than the damage
        mode = assault_mode(parse, trigger, draft.targets)
        trigger = dataclasses.replace(trigger, mode=mode or trigger.mode)
    if trigger.mode == "conditional" or not is_mode(trigger.type, trigger.mode):
        trigger = dataclasses.replace(trigger, mode=None)
    if trigger.mode != draft.trigger.mode:
        trigger = dataclasses.replace(trigger, cameo=None)  # a rule's code is for its mode
    return dataclasses.replace(draft, trigger=trigger)


def assault_mode(parse: Parse, trigger: Trigger, targets: Sequence[Actor] = ()) -> str | None:
    """How force was used, from the words of the trigger's clause ("by helicopters"),
    not from the words naming what was hit ("the headquarters of the air force")."""
    hit = {
        below.i
        for target in targets
        for word in parse.tokens_within(target.start, target.end)
        for below in parse.subtree(word)
    }
    for token in parse.subtree(trigger.host):
        if token.i in hit:
            continue
        mode = MODE_WORDS.get(token.lemma)
        if mode is not None and token.dep != "ROOT":
            return mode
    return None


def _with_conditional_threats(parse: Parse, sent: int, triggers: list[Trigger]) -> list[Trigger]:
    """ "... or he may end the truce": the clause is a threat; what it names did not happen."""
    threats = [
        Trigger(token, "THREATEN", "conditional", 0.6, token, (token,))
        for token in parse.sentence_tokens(sent)
        if is_conditional_threat(parse, token)
    ]
    if not threats:
        return triggers
    threat_hosts = {t.host.i for t in threats}
    kept = [
        t
        for t in triggers
        if t.host.i not in threat_hosts and not _below_any(parse, t, threat_hosts)
    ]
    return sorted([*kept, *threats], key=lambda t: t.token.i)


def _below_any(parse: Parse, trigger: Trigger, hosts: set[int]) -> bool:
    current = trigger.host
    for _ in range(8):
        if current.head == current.i:
            return False
        current = parse.tokens[current.head]
        if current.i in hosts:
            return True
    return False


def _merge(drafts: list[Draft], text: str) -> list[Draft]:
    """One event per (type, status) in a sentence; a cancelled plan cancels its twin."""
    cancelled_types = {d.trigger.type for d in drafts if d.status == "cancelled"}
    groups: dict[tuple[str, str], list[Draft]] = {}
    for draft in drafts:
        status = draft.status
        if status == "planned" and draft.trigger.type in cancelled_types:
            status = "cancelled"  # "a march planned for Friday ... was called off"
        groups.setdefault((draft.trigger.type, status), []).append(
            dataclasses.replace(draft, status=status)
        )
    return [_merge_group(group, text) for group in groups.values()]


#: The mode a type's plain words give, which a more specific word of the same event
#: replaces when they are merged.
_GENERIC_MODES = {"PROTEST": "demo"}


def _merge_group(group: list[Draft], text: str) -> Draft:
    main = max(group, key=lambda d: (d.trigger.strength, d.trigger.token.pos == "VERB"))
    mode = main.trigger.mode
    if mode is None or mode == _GENERIC_MODES.get(main.trigger.type):
        # "began a hunger strike to protest": the hunger strike says how
        specific = [d.trigger.mode for d in group if d.trigger.mode not in {None, mode}]
        mode = specific[0] if specific else mode
    return Draft(
        trigger=dataclasses.replace(
            main.trigger, mode=mode, cameo=main.trigger.cameo if mode == main.trigger.mode else None
        ),
        status=main.status,
        actors=_unique(a for d in group for a in d.actors),
        targets=_unique(a for d in group for a in d.targets),
        attribution=main.attribution,
        implicit=_joined_implicit(group, text),
    )


def _joined_implicit(group: list[Draft], text: str) -> tuple[tuple[CountKind, Count], ...]:
    """The people each merged trigger counts, added up per kind: "Ana was killed and
    Luis was shot dead" is two killed. Words read by one trigger are not read again
    by another ("shot and killed" counts its victim once), and a pronoun is someone
    already counted ("shot another teen, killing him")."""
    by_kind: dict[CountKind, list[Count]] = {}
    for kind, count in sorted((kc for d in group for kc in d.implicit), key=lambda kc: kc[1].start):
        told = by_kind.setdefault(kind, [])
        if told and count.text.lower() in _PERSONAL_PRONOUNS:
            continue
        if not any(c.start < count.end and count.start < c.end for c in told):
            told.append(count)
    return tuple((kind, _sum_counts(counts, text)) for kind, counts in by_kind.items())


_PERSONAL_PRONOUNS = frozenset({"he", "she", "him", "her"})


def _sum_counts(counts: list[Count], text: str) -> Count:
    """One count of all `counts` (in text order), its words from the first to the last."""
    if len(counts) == 1:
        return counts[0]
    start, end = counts[0].start, counts[-1].end
    return Count(sum(c.value for c in counts), "exact", text[start:end], start, end)


def _unique(actors: Iterator[Actor] | list[Actor]) -> tuple[Actor, ...]:
    seen: dict[tuple[int, int, str], Actor] = {}
    for actor in actors:
        seen.setdefault((actor.start, actor.end, actor.name), actor)
    return tuple(seen.values())


def _events_with_counts(
    parse: Parse,
    drafts: list[Draft],
    counts: tuple[tuple[CountKind, Count], ...],
    document: Document,
    source: Source,
    sentence: Sentence,
) -> Iterator[Event]:
    owners = _count_owners(drafts, counts)
    found = {kind for kind, _ in counts}
    for index, draft in enumerate(drafts):
        mine = tuple((kind, count) for kind, count in counts if owners.get(kind) == index)
        # Numbers in words win, and words already read as a count are not read again
        # ("Three people were shot dead").
        for kind, count in draft.implicit:
            if kind not in found and not _read(count, counts):
                mine = (*mine, (kind, count))
                found.add(kind)
        mine = with_killer_death(parse, draft.trigger, mine, document.text)
        # Those a verb shot and those another verb killed, each counted by name, are
        # different people ("shot a student and then killed herself").
        apart = {k for k, _ in draft.implicit} >= {"killed", "wounded"}
        mine = without_the_dead(draft.trigger.token.lemma == "shoot" and not apart, mine)
        yield _event(draft, mine, document, source, sentence)


def _read(count: Count, counts: tuple[tuple[CountKind, Count], ...]) -> bool:
    """Whether the words of `count` overlap those of one of `counts`."""
    return any(c.start < count.end and count.start < c.end for _, c in counts)


def _count_owners(
    drafts: list[Draft], counts: tuple[tuple[CountKind, Count], ...]
) -> dict[CountKind, int]:
    """Arrests go to a COERCE event, other counts to the ASSAULT; else the first of either."""
    by_type = {d.trigger.type: i for i, d in reversed(list(enumerate(drafts)))}
    owners: dict[CountKind, int] = {}
    for kind, _ in counts:
        preference = (
            ("COERCE", "ASSAULT") if kind == "arrested" else ("ASSAULT", "COERCE", "PROTEST")
        )
        owner = next((by_type[t] for t in preference if t in by_type), None)
        if owner is not None:
            owners[kind] = owner
    return owners


def _event(
    draft: Draft,
    counts: tuple[tuple[CountKind, Count], ...],
    document: Document,
    source: Source,
    sentence: Sentence,
) -> Event:
    trigger = draft.trigger
    start = min(w.start for w in trigger.words)
    end = max(w.end for w in trigger.words)
    sent_start, sent_end = sentence.start, sentence.end
    ordered = tuple(sorted(counts, key=lambda kc: COUNT_KINDS.index(kc[0])))
    return Event(
        id=event_id(document.id, start, trigger.type),
        doc_id=document.id,
        type=trigger.type,
        mode=trigger.mode,
        cameo=_cameo(trigger),
        status=draft.status,
        actors=draft.actors,
        targets=draft.targets,
        location=None,
        date=None,
        counts=ordered,
        attribution=draft.attribution,
        source=source,
        evidence=Span(sent_start, sent_end, document.text[sent_start:sent_end]),
        trigger=Span(start, end, document.text[start:end]),
        confidence=_confidence(draft, counts),
    )


def _confidence(draft: Draft, counts: tuple[tuple[CountKind, Count], ...]) -> float:
    score = draft.trigger.strength
    score += 0.1 if draft.actors else 0.0
    score += 0.05 if draft.targets else 0.0
    score += 0.05 if counts else 0.0
    return round(min(score, 0.95), 2)


def event_id(doc_id: str, trigger_start: int, event_type: str) -> str:
    """A stable id: the same document and trigger always give the same id."""
    digest = hashlib.sha256(f"{doc_id}\x1f{trigger_start}\x1f{event_type}".encode())
    return digest.hexdigest()[:16]


def _source(document: Document) -> Source:
    return Source(
        doc_id=document.id,
        title=document.title,
        url=document.url,
        outlet=document.outlet,
        published=document.published,
    )


def _cameo(trigger: Trigger) -> str | None:
    """The event's CAMEO code: the rule's own, else its type and mode's; a request
    told by an asking word ("urged", "called for") is an appeal, CAMEO 02."""
    code = trigger.cameo or cameo_code(trigger.type, trigger.mode)
    if trigger.type == "REQUEST" and trigger.token.lemma in APPEALING:
        return appeal_code(code)
    return code


#: How many sentences back "the attack" may refer to the attack told before.
_BACK_SENTENCES = 3
#: Determiners of an event noun that refers back to an event told before.
_BACK = frozenset({"the", "this", "that", "these", "those"})


def _told_again(parse: Parse, event: Event, before: Event) -> Event:
    """An attack told again by a definite noun with no means of its own ("the attack",
    "this attack") after one whose means is known ("a bomb exploded"): the same
    attack, so it takes that means (its mode and CAMEO code)."""
    if event.mode is not None or before.mode is None or before.type != "ASSAULT":
        return event
    words = parse.tokens_within(event.trigger.start, event.trigger.end)
    if not words or words[-1].pos not in {"NOUN", "PROPN"}:
        return event
    if not any(c.dep == "det" and c.lemma in _BACK for c in parse.children(words[-1])):
        return event
    return dataclasses.replace(event, mode=before.mode, cameo=before.cameo)
