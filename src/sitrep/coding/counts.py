"""Casualty and detention counts from one sentence.

`find_counts(sentence_text, offset)` reads numbers of people killed, wounded,
captured, arrested, abducted, missing and displaced. It works on words, not on a
parse, in four steps:

1. Split the sentence into tokens (words, numbers, punctuation) with offsets.
2. Find *number phrases*: an optional qualifier ("at least", "more than",
   "about", "up to", "fewer than", ...) and a number: digits ("1,200",
   "1.2 million"), number words ("twenty-five", "two hundred"), vague
   quantities ("dozens" = 24, "hundreds" = 200: the lowest reading, flagged
   `at_least`), "a"/"an" before a noun (1, only as the subject of a passive
   casualty verb: "a soldier was killed"), and "no one"/"nobody"/"no" (0).
   Numbers that are durations, dates, years, ages, times, money, percentages
   or distances are dropped here.
3. Find *cues*: casualty words ("killed", "wounded", "taken prisoner",
   "death toll", ...). A cue may follow its number ("35 militants were
   killed", "80 wounded"), precede it ("killing nine civilians", "death toll
   rose to 35"), or both.
4. Link each number to a cue. A number right after a cue belongs to it;
   otherwise the number takes the nearest following cue within four words, if
   no other number, cue, conjunction ("and", "who", ...) or non-person noun
   ("vehicles") comes between. An "including ..." aside is skipped, so
   "35 people, including 10 children, were killed" gives 35.

Choices a newcomer should know:

- At most one count per kind per sentence: the first in the text wins.
- Coordinated subjects are added up: "a policeman and two civilians were
  wounded" gives 3. A qualifier other than `exact` on any part carries over
  (two different ones give `about`).
- Zero is information: "no one was killed" gives killed 0, "there were no
  casualties" gives killed 0 and wounded 0, "no one was killed or wounded"
  gives both.
- "one of the wounded", "two of them": a part of a group counted elsewhere,
  so no count.
- "casualties" with a number other than zero is not counted: it mixes dead and
  wounded. So is "100 were killed or wounded".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sitrep.coding.lexicon import PERSON_NOUNS
from sitrep.model import Count, CountKind, Qualifier
from sitrep.ontology import COUNT_KINDS

# ---------------------------------------------------------------- tokens

# Numbers first so "1,200" and "1.2" stay whole; "25-year-old" and "3rd" become
# one token each, which is never read as a number.
_TOKEN = re.compile(
    r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:-[A-Za-z]+)*[A-Za-z]*"
    r"|[A-Za-z]+(?:['’\-][A-Za-z]+)*"
    r"|\S"
)
# Bounded: no count of people has more than 12 digits, and a 5,000-digit numeral
# would exceed Python's limit on converting digits to an int.
_MAX_DIGITS = 12
_DIGITS = re.compile(rf"\d{{1,3}}(?:,\d{{3}}){{1,3}}|\d{{1,{_MAX_DIGITS}}}")
_DECIMAL = re.compile(r"\d{1,9}\.\d{1,9}")
# After a number: a clock time, a percentage or an age ("10 a.m.", "10:30", "5%").
_AFTER_NUMBER = re.compile(
    r"\s*(?:[ap]\.m\b|[ap]m\b|:\d|%|-?\s*(?:year|month|week|day)s?[- ]old)", re.I
)


@dataclass(frozen=True, slots=True)
class _Tok:
    text: str
    low: str
    start: int
    end: int

    @property
    def is_word(self) -> bool:
        return self.text[0].isalnum()


def _tokenize(text: str) -> list[_Tok]:
    return [
        _Tok(m.group(), m.group().lower().replace("’", "'"), m.start(), m.end())
        for m in _TOKEN.finditer(text)
    ]


# ---------------------------------------------------------------- word tables

_ONES = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "both": 2,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
_MULTIPLIERS = {"hundred": 100, "thousand": 1000, "million": 1_000_000}

# Vague quantities: the lowest sensible reading, with the qualifier saying so.
_VAGUE: dict[tuple[str, ...], tuple[int, Qualifier]] = {
    ("tens", "of", "thousands"): (20_000, "at_least"),
    ("hundreds", "of", "thousands"): (200_000, "at_least"),
    ("a", "dozen"): (12, "about"),
    ("dozens",): (24, "at_least"),
    ("scores",): (40, "at_least"),
    ("hundreds",): (200, "at_least"),
    ("thousands",): (2_000, "at_least"),
}
_ZEROS = (("no", "one"), ("nobody",), ("none",), ("no",))

_QUALIFIERS: dict[tuple[str, ...], Qualifier] = {
    ("at", "least"): "at_least",
    ("no", "fewer", "than"): "at_least",
    ("more", "than"): "more_than",
    ("over",): "more_than",
    ("about",): "about",
    ("around",): "about",
    ("some",): "about",
    ("nearly",): "about",
    ("almost",): "about",
    ("approximately",): "about",
    ("roughly",): "about",
    ("an", "estimated"): "about",
    ("up", "to"): "up_to",
    ("as", "many", "as"): "up_to",
    ("fewer", "than"): "fewer_than",
    ("less", "than"): "fewer_than",
    ("a", "total", "of"): "exact",
}
# "no fewer than" must be tried before "fewer than".
_QUALIFIERS_LONGEST_FIRST = sorted(_QUALIFIERS.items(), key=lambda kv: -len(kv[0]))
# The words a qualifier, a vague number or a zero can start with: every token of a
# sentence is tried as a number's start, and most start none of these phrases.
_QUALIFIER_FIRST = frozenset(words[0] for words in _QUALIFIERS)
_VAGUE_OR_ZERO_FIRST = frozenset(words[0] for words in (*_VAGUE, *_ZEROS))

_MONTHS = frozenset(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec".split()
)
# Words after a number that make it a duration, distance, amount or time, not people.
_UNITS = frozenset(
    "second seconds minute minutes hour hours day days week weeks month months year years "
    "decade decades century centuries time times km kilometres kilometers kilometre kilometer "
    "mile miles metre metres meter meters percent per cent dollars dollar euros euro pounds "
    "rupees afghanis yuan am pm gmt bc ad o'clock kg kilograms tons tonnes".split()
)
# Words before a number that make it money, an age, a date or a label.
_NOT_COUNT_BEFORE = frozenset("$ £ € us$ aged age ages page number no. resolution route".split())
# Prepositions before a four-digit number that make it a year ("in 2019").
_YEAR_BEFORE = frozenset(
    "in since until till by of during from to before after early late mid spring summer "
    "autumn fall winter".split()
)
# Things, not people: a number counting these is not a casualty count.
_NOT_PEOPLE = frozenset(
    "vehicles vehicle cars trucks tanks tank weapons rifles guns rockets missiles shells "
    "mortars bombs drones aircraft planes helicopters houses homes buildings villages "
    "towns shops rounds talks meetings elections protests rallies kilograms tons "
    "tonnes kilometres miles points positions checkpoints warrants search orders "
    "sentences plans contracts".split()
)
_AUX = frozenset("was were been is are being be".split())
# Words that end a subject: a number does not reach a cue across them.
_BREAK = frozenset(
    "and or nor but while whereas after before when as who whom which that where then "
    "since because than if although though".split()
)
_FUNCTION = (
    _AUX
    | _BREAK
    | frozenset(
        "the a an of in on at to for from by with into its their his her they it this these "
        "those there have has had not no also during near including among other others".split()
    )
)
# After a participle cue used without an auxiliary ("35 militants killed in clashes")
# these show it is passive, not active ("2,000 troops killed the leader").
_AFTER_PASSIVE = frozenset(
    "in on at during near by when after as since while and or but following across "
    "outside inside from last yesterday today overnight earlier this".split()
)
_CLAUSE_OPENERS = frozenset({"including"})


# ---------------------------------------------------------------- cues


@dataclass(frozen=True, slots=True)
class _Cue:
    """A casualty word or phrase and how it may sit next to its number."""

    words: tuple[str, ...]
    kinds: tuple[CountKind, ...]
    before: bool = True  # may follow its number: "35 were killed"
    after: bool = False  # may precede its number: "killing 35"
    verb: bool = False  # a participle also used actively: "troops killed the leader"
    gap: frozenset[str] = frozenset()  # words allowed between cue and a following number
    needs: frozenset[str] = frozenset()  # word that must follow the number: "took 120 prisoners"
    zero_only: bool = False  # "no casualties" only


def _verb(word: str, kind: CountKind) -> _Cue:
    return _Cue((word,), (kind,), before=True, after=True, verb=True)


def _post(phrase: str, kind: CountKind) -> _Cue:
    return _Cue(tuple(phrase.split()), (kind,))


def _pre(phrase: str, kind: CountKind, gap: str = "", needs: str = "") -> _Cue:
    return _Cue(
        tuple(phrase.split()),
        (kind,),
        before=False,
        after=True,
        gap=frozenset(gap.split()),
        needs=frozenset(needs.split()),
    )


_TOLL_GAP = (
    "rose risen has had have climbed reached stood stands was is at to of now increased jumped hit"
)
_PRISONER = "prisoner prisoners captive captives"

_CUES: tuple[_Cue, ...] = (
    # killed
    _verb("killed", "killed"),
    _post("dead", "killed"),
    _post("died", "killed"),
    _post("dies", "killed"),  # headlines: "17-year-old dies after shooting"
    _post("die", "killed"),  # headlines: "4 shot on Columbus Street, 2 die"
    _post("deaths", "killed"),
    _post("fatalities", "killed"),
    _post("bodies", "killed"),
    _post("lives lost", "killed"),
    _post("lives were lost", "killed"),
    _post("lives have been lost", "killed"),
    _post("lost their lives", "killed"),
    _pre("killing", "killed"),
    _pre("kills", "killed"),  # headlines: "shooting kills teen girl, injures 4"
    _pre("death toll", "killed", gap=_TOLL_GAP),
    _pre("toll", "killed", gap=_TOLL_GAP),
    _pre("deaths of", "killed"),
    _pre("bodies of", "killed"),
    _post("shot to death", "killed"),
    _Cue(("shot", "and", "killed"), ("killed",), after=True, verb=True),
    _Cue(("stabbed", "and", "killed"), ("killed",), after=True, verb=True),
    _post("beaten to death", "killed"),
    _post("stabbed to death", "killed"),
    _post("fatally", "killed"),  # "shot six people, one fatally"
    _pre("fatal shootings of", "killed"),
    _pre("shooting deaths of", "killed"),
    _pre("killings of", "killed"),
    _pre("murders of", "killed"),
    # wounded
    _verb("wounded", "wounded"),
    _verb("injured", "wounded"),
    _post("hurt", "wounded"),
    _post("injuries", "wounded"),
    _pre("wounding", "wounded"),
    _pre("injuring", "wounded"),
    _pre("injures", "wounded"),
    # captured
    _verb("captured", "captured"),
    _post("taken prisoner", "captured"),
    _post("taken prisoners", "captured"),
    _post("taken captive", "captured"),
    _post("prisoners were taken", "captured"),
    _pre("capturing", "captured"),
    _pre("took", "captured", needs=_PRISONER),
    _pre("taking", "captured", needs=_PRISONER),
    # arrested
    _verb("arrested", "arrested"),
    _verb("detained", "arrested"),
    _Cue(("rounded", "up"), ("arrested",), after=True, verb=True),
    _post("arrests", "arrested"),
    _post("were held hostage", "abducted"),
    _post("was held hostage", "abducted"),
    _post("were held", "arrested"),
    _post("was held", "arrested"),
    _pre("arrest of", "arrested"),
    _pre("arresting", "arrested"),
    _pre("detaining", "arrested"),
    _pre("detention of", "arrested"),
    # abducted
    _verb("abducted", "abducted"),
    _verb("kidnapped", "abducted"),
    _verb("seized", "abducted"),
    _post("taken hostage", "abducted"),
    _post("held hostage", "abducted"),
    _pre("abducting", "abducted"),
    _pre("kidnapping", "abducted", gap="of"),
    _pre("abduction of", "abducted"),
    _pre("took", "abducted", needs="hostage hostages"),
    _pre("taking", "abducted", needs="hostage hostages"),
    # missing
    _post("missing", "missing"),
    _post("unaccounted for", "missing"),
    # displaced
    _verb("displaced", "displaced"),
    _post("fled their homes", "displaced"),
    _post("fled their houses", "displaced"),
    _post("fled their villages", "displaced"),
    _post("forced to flee", "displaced"),
    _post("refugees", "displaced"),
    _pre("displacing", "displaced"),
    _pre("displacement of", "displaced"),
    # both dead and wounded: only "no casualties" says something definite
    _Cue(("casualties",), ("killed", "wounded"), zero_only=True),
)


@dataclass(frozen=True, slots=True)
class _Hit:
    cue: _Cue
    first: int
    last: int


def _cues_by_first_word() -> dict[str, tuple[_Cue, ...]]:
    """The cues by their first word, longest phrase first: a token is compared only
    with the cues that can start at it."""
    by_first: dict[str, list[_Cue]] = {}
    for cue in sorted(_CUES, key=lambda c: -len(c.words)):
        by_first.setdefault(cue.words[0], []).append(cue)
    return {word: tuple(cues) for word, cues in by_first.items()}


_CUES_BY_FIRST = _cues_by_first_word()


def _find_hits(toks: list[_Tok]) -> dict[int, list[_Hit]]:
    """Cue occurrences by first token index, longest phrase first."""
    hits: dict[int, list[_Hit]] = {}
    covered = -1  # last token of the previous hit: "toll" inside "death toll" is no new cue
    for i in range(len(toks)):
        if i <= covered:
            continue
        # "the wounded", "the dead": the group, not a count ("the death toll" is fine).
        determiner = i > 0 and toks[i - 1].low in {"the", "their", "his", "her"}
        for cue in _CUES_BY_FIRST.get(toks[i].low, ()):
            n = len(cue.words)
            if determiner and cue.before:
                continue
            if tuple(t.low for t in toks[i : i + n]) == cue.words:
                hits.setdefault(i, []).append(_Hit(cue, i, i + n - 1))
        if i in hits:
            covered = max(h.last for h in hits[i])
    return hits


# ---------------------------------------------------------------- numbers


@dataclass(frozen=True, slots=True)
class _Num:
    value: int
    qualifier: Qualifier
    first: int  # first token of the phrase, qualifier included
    last: int  # last token of the number itself
    # "number", "article" ("a soldier"), "zero" ("no one"), "person" (a headline's "Man"),
    # "self" (the killer in "killed two and then himself")
    form: str


def _match(toks: list[_Tok], i: int, words: tuple[str, ...]) -> bool:
    # The first word decides most comparisons; only then build the tuple.
    if i >= len(toks) or toks[i].low != words[0]:
        return False
    return tuple(t.low for t in toks[i : i + len(words)]) == words


def number_value(word: str) -> int | None:
    """The value of one number word or numeral ("two", "twenty-five", "12"), or None."""
    low = word.lower()
    if low.isdecimal():  # not isdigit(): "²" is a digit that int() refuses
        return int(low) if len(low) <= _MAX_DIGITS else None
    return _word_value(low)


def _word_value(word: str) -> int | None:
    if word in _ONES:
        return _ONES[word]
    if word in _TENS:
        return _TENS[word]
    tens, _, ones = word.partition("-")
    if tens in _TENS and _ONES.get(ones, 10) < 10:
        return _TENS[tens] + _ONES[ones]
    return None


def _with_multiplier(toks: list[_Tok], i: int, value: float) -> tuple[int, int]:
    """Apply "hundred", "thousand" or "million" after token i; (value, last index)."""
    nxt = toks[i + 1].low if i + 1 < len(toks) else ""
    if nxt in _MULTIPLIERS:
        return round(value * _MULTIPLIERS[nxt]), i + 1
    return round(value), i


def _bare_number(toks: list[_Tok], i: int) -> tuple[int, Qualifier, int, str] | None:
    """The number starting at token i: (value, own qualifier, last index, form)."""
    if i >= len(toks):
        return None  # a qualifier ends the sentence ("... the toll is over")
    if toks[i].low in _VAGUE_OR_ZERO_FIRST:
        for words, (value, qual) in _VAGUE.items():
            if _match(toks, i, words):
                return value, qual, i + len(words) - 1, "number"
        for words in _ZEROS:
            if _match(toks, i, words):
                last = i + len(words) - 1
                if words == ("no",) and not (last + 1 < len(toks) and toks[last + 1].is_word):
                    return None
                return 0, "exact", last, "zero"
    tok = toks[i]
    if _DIGITS.fullmatch(tok.text):
        value, last = _with_multiplier(toks, i, int(tok.text.replace(",", "")))
        return value, "exact", last, "number"
    if _DECIMAL.fullmatch(tok.text):
        value, last = _with_multiplier(toks, i, float(tok.text))
        return (value, "exact", last, "number") if last > i else None
    word = _word_value(tok.low)
    if word is not None:
        value, last = _with_multiplier(toks, i, word)
        return value, "exact", last, "number"
    if tok.low in {"a", "an"} and i + 1 < len(toks):
        nxt = toks[i + 1]
        if nxt.low in _MULTIPLIERS:
            return _MULTIPLIERS[nxt.low], "exact", i + 1, "number"
        if nxt.is_word and nxt.low not in _FUNCTION:
            return 1, "exact", i, "article"
    return None


def _number_at(toks: list[_Tok], i: int) -> _Num | None:
    """A number phrase starting at token i, its qualifier included."""
    qualifiers = _QUALIFIERS_LONGEST_FIRST if toks[i].low in _QUALIFIER_FIRST else ()
    for words, qual in qualifiers:
        if _match(toks, i, words):
            found = _bare_number(toks, i + len(words))
            if found is not None and found[3] == "number":
                value, own, last, form = found
                # An explicit qualifier wins over the vague word's own one.
                return _Num(value, qual if qual != "exact" else own, i, last, form)
    found = _bare_number(toks, i)
    if found is None:
        return None
    value, own, last, form = found
    return _Num(value, own, i, last, form)


def _is_year(tok: _Tok, before: str) -> bool:
    return (
        len(tok.text) == 4
        and tok.text.isdigit()
        and 1800 <= int(tok.text) <= 2100
        and (before in _YEAR_BEFORE or before in _MONTHS)
    )


def _not_a_count(toks: list[_Tok], text: str, num: _Num) -> bool:
    """True for dates, years, ages, times, money, durations and "one of the"."""
    if num.form != "number":
        return False
    head = toks[num.last]
    before = {toks[k].low for k in (num.first - 1, num.last - 1) if k >= 0}
    nxt = [t.low for t in toks[num.last + 1 : num.last + 3]]
    if before & (_NOT_COUNT_BEFORE | _MONTHS) or any(_is_year(head, b) for b in before):
        return True
    if _after_date_or_clock(toks, num.first):
        return True
    if nxt and (nxt[0] in _UNITS or nxt[0] in _MONTHS):
        return True
    if nxt[:1] == ["of"] and nxt[1:] and nxt[1] in {"the", "them", "those", "whom", "these"}:
        return True
    # "a man, 30, was killed": a bare number between commas is an age; so is
    # "Jackson and Franklin, both 16, were killed".
    if nxt[:1] == [","] and num.first > 0 and toks[num.first - 1].low in {",", "both"}:
        return True
    return bool(_AFTER_NUMBER.match(text, head.end))


def _after_date_or_clock(toks: list[_Tok], first: int) -> bool:
    """ "Dec. 25", "January 9, 2017", "the age of 10", or a video's "0:43" before it."""
    back = [t.low for t in toks[max(first - 3, 0) : first]]
    if (
        back[-2:-1]
        and back[-2].isdigit()
        and back[-1] == ":"
        and toks[first - 1].end == toks[first].start
    ):
        return True  # a clock or a running time: "0:43 Homeless man found dead"
    if back[-2:] == ["age", "of"]:
        return True
    if back[-2:-1] and back[-2] in _MONTHS and back[-1] == ".":
        return True  # "Dec. 25"
    # "January 9, 2017": a year after a month and its day.
    return (
        len(back) == 3
        and back[2] == ","
        and back[1].isdigit()
        and back[0] in _MONTHS
        and toks[first].text.isdigit()
        and len(toks[first].text) == 4
    )


def _find_numbers(toks: list[_Tok], text: str, *, headline: bool = False) -> list[_Num]:
    nums: list[_Num] = []
    i = 0
    while i < len(toks):
        num = _number_at(toks, i)
        start = _headline_person(toks, i) if num is None and headline else None
        if start is not None:
            num = _Num(1, "exact", start, i, "person")
        if num is None:
            i += 1
            continue
        if not _not_a_count(toks, text, num):
            nums.append(num)
        i = num.last + 1
    return nums


_AGE = re.compile(
    r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen"
    r"|fifteen|sixteen|seventeen|eighteen|nineteen)-(?:year|month|week|day)s?-old"
)
#: Words before a person that belong to its phrase: "teen girl", "teenage boy".
_PERSON_MODIFIERS = PERSON_NOUNS | {"teenage"}
#: Words after which a headline's bare person noun starts a phrase of its own.
_HEADLINE_OPENERS = frozenset({"and", "after", "as", "when", "kills", "killing", "injures"})


def _headline_person(toks: list[_Tok], i: int) -> int | None:
    """A headline's bare singular person ("Woman killed in shooting", "17-year-old dies",
    "Man, 18, killed"): one person, as "a woman" is in a sentence. Only at the start
    of a phrase: "suspect" in "Police seek suspect" is no count of its own.
    The index where the person's phrase starts ("teen girl"), or None."""
    tok = toks[i]
    if tok.low not in PERSON_NOUNS and not _AGE.fullmatch(tok.low):
        return None
    if i + 1 < len(toks) and toks[i + 1].low in PERSON_NOUNS:
        return None  # "teen girl": the person is the last noun
    first = i
    while first > 0 and (
        toks[first - 1].low in _PERSON_MODIFIERS or _AGE.fullmatch(toks[first - 1].low)
    ):
        first -= 1  # "teen girl", "11-year-old daughter": the phrase starts at its modifier
    before = toks[first - 1] if first > 0 else None
    opens = before is None or not before.is_word or before.low in _HEADLINE_OPENERS
    return first if opens else None


# ---------------------------------------------------------------- linking


@dataclass(frozen=True, slots=True)
class _Link:
    kinds: tuple[CountKind, ...]
    nums: tuple[_Num, ...]  # more than one when coordinated parts are added up
    start: int  # first token of the count text
    end: int  # last token of the count text


def _trailing(toks: list[_Tok], j: int) -> int:
    """Up to two content words after a number ("killing nine civilians")."""
    end = j
    for k in (j + 1, j + 2):
        tok = toks[k] if k < len(toks) else None
        # Stop at function words and past-tense verbs ("15 activists sparked ...").
        if tok is None or not tok.text.isalpha() or tok.low in _FUNCTION or tok.low.endswith("ed"):
            break
        end = k
    return end


def _link_after_cue(toks: list[_Tok], num: _Num, hits: dict[int, list[_Hit]]) -> _Link | None:
    """Link a number to the cue just before it: "killing 9", "death toll rose to 35"."""
    if num.form not in {"number", "person"}:
        return None
    if num.last + 1 < len(toks) and toks[num.last + 1].low in _NOT_PEOPLE:
        return None
    for first in range(num.first - 1, max(-1, num.first - 8), -1):
        for hit in hits.get(first, []):
            cue = hit.cue
            gap = toks[hit.last + 1 : num.first]
            if not cue.after or hit.last >= num.first or len(gap) > 3:
                continue
            if any(t.low not in cue.gap | _POSSESSIVES for t in gap):
                continue  # "killing his two sons" as "killing two sons"
            # "killing nine civilians" reads best with its noun; "toll rose to 35" has none.
            end = num.last if "toll" in cue.words else _trailing(toks, num.last)
            if cue.needs:
                wanted = [k for k in (num.last + 1, num.last + 2) if k < len(toks)]
                found = [k for k in wanted if toks[k].low in cue.needs]
                if not found:
                    continue
                end = found[0]
            return _Link(cue.kinds, (num,), hit.first, end)
    return None


def _cue_fits(toks: list[_Tok], num: _Num, hit: _Hit, gap: list[_Tok]) -> bool:
    """Whether a cue after the number may take it, given the words between."""
    has_aux = any(t.low in _AUX for t in gap)
    words = [t for t in gap if t.is_word]
    if hit.cue.needs or not hit.cue.before:
        return False
    if hit.cue.zero_only and num.value != 0:
        return False
    if num.form == "article":
        return len(words) <= 3 and (has_aux or hit.cue.words == ("died",))
    if num.form == "person" and len(words) > 3:
        return False
    if num.form == "person" and hit.cue.verb and not has_aux:
        return _passive_after(toks, hit)  # "Man killed in shooting", not "Man killed wife"
    if num.form == "zero":
        return len(words) <= 3 and (not words or has_aux)
    if hit.cue.verb and words and not has_aux:
        # "2,000 troops killed the leader" is active; "35 militants killed in ..." is not.
        return _passive_after(toks, hit)
    return True


def _passive_after(toks: list[_Tok], hit: _Hit) -> bool:
    """Whether what follows a participle cue reads as after a passive, not an object."""
    nxt = hit.last + 1
    return nxt >= len(toks) or not toks[nxt].is_word or toks[nxt].low in _AFTER_PASSIVE


#: Words allowed between a number and its cue: "Five members of a family ... were found
#: shot dead" (an "including ..." aside does not count).
_MAX_GAP_WORDS = 7


def _link_before_cue(
    toks: list[_Tok], num: _Num, hits: dict[int, list[_Hit]], starts: set[int]
) -> _Link | None:
    """Link a number to the nearest cue after it: "35 militants were killed"."""
    words = 0
    aside = False  # inside an "including ..." aside
    gap: list[_Tok] = []
    for j in range(num.last + 1, len(toks)):
        tok = toks[j]
        here = [h for h in hits.get(j, []) if not h.cue.needs]
        if here:
            for hit in here:
                if _cue_fits(toks, num, hit, [t for t in gap if t.low not in _CLAUSE_OPENERS]):
                    return _Link(hit.cue.kinds, (num,), num.first, hit.last)
            return None
        if aside:
            aside = tok.low != ","
            continue
        if tok.low in _CLAUSE_OPENERS:
            aside = True
            continue
        if not tok.is_word and tok.low != ",":
            return None
        if tok.low in _BREAK or tok.low in _NOT_PEOPLE or j in starts:
            return None
        if tok.is_word:
            words += 1
            if words > _MAX_GAP_WORDS:
                return None
        gap.append(tok)
    return None


def _noun_like(tok: _Tok) -> bool:
    low = tok.low
    if _AGE.fullmatch(low):
        return True  # "an 11-month-old baby and a man"
    return (
        tok.text.isalpha()
        and low not in _FUNCTION
        and low not in _NOT_PEOPLE
        and not low.endswith(("ed", "ing"))
    )


#: Words that close a count ("dead"): a number before them is not part of the next one.
_OUTCOME_WORDS = frozenset(
    "dead killed wounded injured hurt missing arrested detained abducted kidnapped "
    "displaced shot".split()
)


def _coordinated(
    toks: list[_Tok], num: _Num, free: dict[int, _Num], *, headline: bool = False
) -> list[_Num]:
    """Unlinked numbers joined to `num` by "and" or commas: "a policeman and two civilians".

    In a sentence a list ends with "and"; a comma alone joins an apposition ("a sixth
    person, a 37-year-old woman, was shot"). Headlines list with commas ("2 adults,
    2 children killed").
    """
    parts: list[_Num] = []
    cur = num
    while True:
        k = cur.first - 1
        if k < 0 or toks[k].low not in {"and", ","}:
            return parts
        if cur is num and toks[k].low == "," and not headline:
            return parts
        if toks[k].low == "and" and k > 0 and toks[k - 1].low == ",":
            k -= 1
        found = free.get(k - 1)  # "Man, baby found dead": a headline's persons
        found = found if found is not None and found.form == "person" else None
        for n_words in (1, 2) if found is None else ():
            m = k - n_words
            if m < 1 or not all(_noun_like(t) for t in toks[m:k]):
                break
            if any(t.low in _OUTCOME_WORDS for t in toks[m:k]):
                return parts  # "a man dead and three injured": two counts, not one
            if m - 1 in free:
                found = free[m - 1]
                break
        if found is None or found.form == "zero":
            return parts
        parts.append(found)
        cur = found


def _add_up(nums: tuple[_Num, ...]) -> tuple[int, Qualifier]:
    """Total of coordinated parts; a non-exact qualifier carries over."""
    quals = {n.qualifier for n in nums} - {"exact"}
    qual: Qualifier = "exact" if not quals else quals.pop() if len(quals) == 1 else "about"
    return sum(n.value for n in nums), qual


def _links(toks: list[_Tok], text: str, *, headline: bool = False) -> list[_Link]:
    hits = _find_hits(toks)
    nums = _find_numbers(toks, text, headline=headline)
    starts = {n.first for n in nums}
    links: dict[int, _Link] = {}
    for num in nums:
        if num.first > 0 and toks[num.first - 1].low in _CLAUSE_OPENERS:
            continue  # "including three children": a part of the toll, not the toll
        link = _link_after_cue(toks, num, hits) or _link_before_cue(toks, num, hits, starts)
        if link is not None:
            links[num.first] = link
    free = {n.last: n for n in nums if n.first not in links}
    result: list[_Link] = []
    for link in links.values():
        num = link.nums[0]
        # "shot six people, one fatally": one of six, not a part to add up.
        subset = (
            toks[link.end].low == "fatally" and link.end == num.last + 1 and num.form == "number"
        )
        parts = (
            _coordinated(toks, num, free, headline=headline)
            if link.start == num.first and not subset
            else []
        )
        if parts:
            link = _Link(link.kinds, (*reversed(parts), num), parts[-1].first, link.end)
        joined = _joined_cues(toks, link, hits)
        if joined is not None:
            result.append(_with_the_killer(toks, joined))
    return sorted(result, key=lambda lk: lk.start)


_SELVES = frozenset({"himself", "herself"})
_POSSESSIVES = frozenset({"his", "her", "their"})


def _with_the_killer(toks: list[_Tok], link: _Link) -> _Link:
    """ "killed three people and then himself": the killer is one more dead."""
    if "killed" not in link.kinds or link.start == link.nums[0].first:
        return link  # only after an active "killed N": "N were killed and himself" is no English
    k = link.end + 1
    if k < len(toks) and toks[k].low == "and":
        k += 1 + (k + 1 < len(toks) and toks[k + 1].low in {"then", "later"})
        if k < len(toks) and toks[k].low in _SELVES:
            killer = _Num(1, "exact", k, k, "self")
            return _Link(link.kinds, (*link.nums, killer), link.start, k)
    return link


def _joined_cues(toks: list[_Tok], link: _Link, hits: dict[int, list[_Hit]]) -> _Link | None:
    """Handle "killed or wounded" after the number.

    A zero covers both ("no one was killed or wounded"); any other number is a
    mixed total ("100 were killed or wounded") and is dropped.
    """
    nxt = link.end + 1
    cue_last = link.start == link.nums[0].first  # the link ends with its cue
    if not cue_last or nxt >= len(toks) or toks[nxt].low not in {"or", "nor", "and"}:
        return link
    for hit in hits.get(nxt + 1, []):
        if hit.cue.before and not hit.cue.needs:
            if sum(n.value for n in link.nums) != 0:
                return None
            kinds = link.kinds + tuple(k for k in hit.cue.kinds if k not in link.kinds)
            return _Link(kinds, link.nums, link.start, hit.last)
    return link


# ---------------------------------------------------------------- public


_MULTIPLES = {"double": 2, "triple": 3, "quadruple": 4}
#: "double homicide", "triple murder", "quadruple slaying": that many dead. (A
#: "double shooting" or "triple murder-suicide" is left alone: the first need not
#: kill and the second counts the killer.)
_MULTIPLE_KILLING = re.compile(
    r"\b(double|triple|quadruple)[- ](?:homicide|murder|slaying|killing)s?\b(?!-)", re.I
)


def find_counts(
    text: str, offset: int = 0, *, headline: bool = False
) -> tuple[tuple[CountKind, Count], ...]:
    """Counts of people killed, wounded, captured, ... in one sentence.

    `text` is the sentence; `offset` is where it starts in the document, so each
    `Count.start`/`end` is a document offset and
    `text[start - offset : end - offset] == count.text`. At most one count per
    kind (the first in the sentence), returned in `ontology.COUNT_KINDS` order.
    With `headline`, a bare singular person starting a phrase is one person
    ("Woman killed in shooting"), as headlines drop their articles.
    """
    toks = _tokenize(text)
    found: dict[CountKind, Count] = {}
    for link in _links(toks, text, headline=headline):
        value, qual = _add_up(link.nums)
        start, end = toks[link.start].start, toks[link.end].end
        count = Count(value, qual, text[start:end], offset + start, offset + end)
        for kind in link.kinds:
            found.setdefault(kind, count)
    multiple = _MULTIPLE_KILLING.search(text)
    if multiple is not None:  # "a double homicide": two dead
        start, end = multiple.span()
        value = _MULTIPLES[multiple.group(1).lower()]
        count = Count(value, "exact", text[start:end], offset + start, offset + end)
        found.setdefault("killed", count)
    return tuple(sorted(found.items(), key=lambda item: COUNT_KINDS.index(item[0])))
