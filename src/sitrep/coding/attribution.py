"""According to whom: the voice an event is reported in.

The passage sets the default voice: the author's, a quoted writer's, or an
editor's bracketed comment (see `clean`). Inside a sentence, reported speech
overrides it:

* "..., his aides said" / "officials said that ..." → `quoted`, speaker
  "his aides" / "officials";
* "according to the governor" → `quoted`, speaker "the governor";
* a speaker that is an outlet ("Reuters reported", "state television said")
  → `reported`, via the outlet;
* "Reuters quoted the governor as saying ..." → `reported` via Reuters with
  speaker the governor.
"""

from __future__ import annotations

from sitrep.coding import lexicon as lx
from sitrep.coding.roles import noun_phrase_actors
from sitrep.model import Attribution, Parse, Token


def event_attribution(parse: Parse, host: Token, default: Attribution, text: str) -> Attribution:
    """The voice the event hosted by `host` is reported in."""
    speech = _speech_verb(parse, host)
    if speech is not None:
        return _from_speech_verb(parse, speech, default, text)
    according = _according_to(parse, host)
    if according is not None:
        return _voice(parse, according, default, text)
    return default


def _speech_verb(parse: Parse, host: Token) -> Token | None:
    """The speech verb above the host ("officials said it attacked") or beside it."""
    for child in parse.children(host):
        if child.dep in {"parataxis", "advcl"} and child.lemma in lx.SPEECH_VERBS:
            return child  # "The rebels attacked the town, officials said."
    current = host
    for _ in range(6):  # clause nesting is shallow; the bound guards against odd parses
        if current.head == current.i:
            return None
        parent = parse.tokens[current.head]
        if parent.lemma in lx.SPEECH_VERBS and current.dep in {"ccomp", "xcomp", "advcl", "conj"}:
            return parent
        if current.dep not in {"ccomp", "xcomp", "conj", "advcl", "pcomp", "pobj", "prep", "dobj"}:
            return None
        current = parent
    return None


def _from_speech_verb(parse: Parse, speech: Token, default: Attribution, text: str) -> Attribution:
    if speech.lemma == "say" and speech.dep == "pcomp":
        quoted = _quote_frame(parse, speech, text)  # "quoted the governor as saying"
        if quoted is not None:
            return quoted
    subjects = [c for c in parse.children(speech) if c.dep in {"nsubj", "nsubjpass"}]
    if not subjects:
        return default
    return _voice(parse, subjects[0], default, text)


def _quote_frame(parse: Parse, saying: Token, text: str) -> Attribution | None:
    prep = parse.tokens[saying.head]
    verb = parse.tokens[prep.head] if prep.lemma == "as" else None
    if verb is None or verb.lemma != "quote":
        return None
    outlet = next((c for c in parse.children(verb) if c.dep == "nsubj"), None)
    speaker = next((c for c in parse.children(verb) if c.dep == "dobj"), None)
    return Attribution(
        kind="reported",
        speaker=None if speaker is None else _phrase(parse, speaker, text),
        via=None if outlet is None else _phrase(parse, outlet, text),
    )


def _according_to(parse: Parse, host: Token) -> Token | None:
    sentence = parse.sentence_tokens(host.sent)
    for token in sentence:
        if token.lemma == "accord" and token.dep == "prep":
            to = next((c for c in parse.children(token) if c.lemma == "to"), None)
            if to is not None:
                return next((c for c in parse.children(to) if c.dep == "pobj"), None)
    return None


def _voice(parse: Parse, speaker: Token, default: Attribution, text: str) -> Attribution:
    relay = _relay(default)
    if speaker.pos == "PRON":
        return Attribution(kind="quoted", speaker=speaker.text, via=relay)
    phrase = _phrase(parse, speaker, text)
    if is_outlet(parse, speaker):
        return Attribution(kind="reported", speaker=None, via=phrase)
    return Attribution(kind="quoted", speaker=phrase, via=relay)


def _relay(default: Attribution) -> str | None:
    """Who passes a speaker's words on: inside a quoted article, its writer."""
    if default.kind == "quoted" and default.speaker:
        return default.speaker  # "residents said", in Miriam Osei's article
    return default.via


def is_outlet(parse: Parse, token: Token) -> bool:
    """Whether a speaker is a news outlet (Reuters, state television, the agency)."""
    words = {t.lemma for t in parse.subtree(token)} | {token.text.lower()}
    return bool(token.lemma in lx.OUTLET_WORDS or words & lx.KNOWN_OUTLETS)


def _phrase(parse: Parse, head: Token, text: str) -> str:
    actors = noun_phrase_actors(parse, head, text)
    return actors[0].text if actors else head.text
