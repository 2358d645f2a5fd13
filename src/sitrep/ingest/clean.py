"""The cleaning stage: split a report into passages, each with a role and a voice.

A report as read mixes the author's own words with things that must not be coded
as the author's claims: page furniture ("Share this:", cookie notices), bylines,
the wire dateline, articles by other writers quoted in full, editors' bracketed
comments, and paragraphs pasted twice. This stage marks each stretch of text
with a `Passage` so later stages code only `body`, `quote` and `comment`
passages, and know whose voice each one is in.

How the text is read, in order:

1. Paragraphs are runs of non-blank lines. Single lines matter too: a whole
   short line that matches a furniture rule ("Tweet", "Tags: ...", "Posted by
   X at 10:30 AM", "3 comments", a separator "---") is a `furniture` passage;
   a line "By Jane Doe[, Outlet]" is a `byline`. The other lines of a paragraph
   form one text block.
2. Before the first real body paragraph (a headline line does not count), a
   byline is in the author's voice and the first body block may open with a
   wire dateline ("KABUL, March 3 (Reuters) - "), which becomes a `dateline`
   passage; its place, date and outlet are returned as a `Dateline`.
3. A byline after the first body paragraph starts a quoted article: the blocks
   after it are `quote` passages in that writer's voice until a separator line
   ("---", "***", "* * *", "End quote", "[end of quote]") or the end.
4. A block wrapped in quotation marks (or made of "> " lines) directly after a
   block ending in ":" that names a writer ("As Jane Doe wrote in the Herald:")
   is a `quote` by that writer; a block opening with an ellipsis directly after
   a quote continues it.
5. Editors' insertions "[Comment: ...]", "[Editor's note: ...]", "[Ed.: ...]",
   "[Note: ...]" become `comment` passages; the passage around them is split.
6. A body or quote passage equal, after normalising case, white space and
   punctuation (or nearly equal, difflib ratio >= 0.93), to an earlier coded
   passage of 60 characters or more becomes a `repeat` pointing at it; so
   does a run of sentences (40 normalised characters or more each) found
   inside an earlier coded passage, split out of the paragraph around it.
   A short line before the body with no full stop is the `headline`.
7. Everything else is `body` in the author's voice.

Offsets are into the text unchanged; passages are trimmed of white space, in
order, do not overlap, and together cover every non-white-space character.
"""

from __future__ import annotations

import bisect
import dataclasses
import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from sitrep.errors import Reason
from sitrep.model import (
    CODED_KINDS,
    PARSED_KINDS,
    Analysis,
    Attribution,
    Dateline,
    Passage,
    PassageKind,
    Rejected,
    Span,
)

__all__ = ["Cleaner", "split_passages"]

AUTHOR = Attribution("author")
COMMENT_VOICE = Attribution("comment", speaker=None)

# Lines at least this long are never furniture: real sentences may mention "share".
MAX_FURNITURE_LEN = 100
MIN_REPEAT_LEN = 60
MIN_REPEAT_SENTENCE = 40
NEAR_REPEAT_RATIO = 0.93
# Before difflib, passages must share this share of their 4-character pieces;
# a 0.93 difflib match keeps above it (7% of characters edited spoil at most
# 28% of the pieces on each side, leaving a Jaccard overlap of 0.56 or more).
GRAM = 4
GRAM_FLOOR = 0.5
# difflib takes milliseconds per pair; past this many calls in one document only
# exact repeats are found, so a long page of look-alike paragraphs stays fast.
MAX_DIFFLIB_CALLS = 1000
# Each passage is compared with at most this many earlier ones of about its length
# (the nearest in length first), so 5,000 look-alike paragraphs stay linear.
MAX_NEAR_CANDIDATES = 64
# A sentence is searched inside the text of earlier passages while that text is
# shorter than this; past it only whole sentences seen before are found (a set
# look-up), since searching all earlier text for every sentence is quadratic.
MAX_SENTENCE_SEARCH_CHARS = 200_000
# A line this long (or with a full stop) is a paragraph, not a headline.
HEADLINE_MAX_LEN = 100

# ------------------------------------------------------------------ line rules

_FURNITURE_RULES: tuple[tuple[str, str], ...] = (
    (
        "comment widget",
        r"no comments?:?|post a comment:?|leave a (?:reply|comment)(?: cancel reply)?",
    ),
    ("comment count", r"\d+ (?:comments?|responses?|replies)(?: so far)?:?"),
    ("share button", r"share(?: this(?: article| story| post)?)?:?"),
    ("share button", r"share (?:this )?(?:on|to|via) [\w ./+-]{1,40}"),
    ("share button", r"tweet|email this|blogthis!?|print(?: this(?: page| article| story)?)?"),
    ("subscription", r"subscribe\b.*|sign up (?:for|to)\b.*\bnewsletters?\b.*"),
    ("cookie notice", r"(?:this (?:web)?site|we) uses? cookies\b.*|accept (?:all )?cookies\.?"),
    ("link list", r"related(?: \w+)?:.*|read (?:more|also)\b.*|see also:.*"),
    ("follow link", r"follow us\b.*|click here\b.*"),
    ("advertisement", r"advertisement|sponsored(?: content)?"),
    ("copyright", r"(?:©|\(c\)|copyright\b).*|all rights reserved\.?"),
    ("tag list", r"(?:tags|labels|categories|filed under):.*"),
    ("post footer", r"posted by .{1,60}? at \d{1,2}:\d{2}(?:\s*[ap]\.?m\.?)?"),
    # A video playlist: its running time, then the title of another story.
    ("video list", r"\d{1,2}:\d{2} (?![ap]\.?m\b)\w.{0,90}"),
)
_FURNITURE = tuple((rule, re.compile(pattern, re.IGNORECASE)) for rule, pattern in _FURNITURE_RULES)

_SEPARATOR = re.compile(
    r"-{3,}|\*{3,}|_{3,}|(?:\*\s*){3,}|end (?:of )?quote\.?|\[end (?:of )?quote\]",
    re.IGNORECASE,
)

# A capitalised word; names and places are runs of these.
_CAP = r"[A-Z][\w'’.\-]*"
_PARTICLE = r"(?:de|da|del|der|van|von|al|bin|ibn|el|la|le)"
_NAME = rf"{_CAP}(?:[ ]+(?:{_CAP}|{_PARTICLE})){{0,4}}"
_BYLINE = re.compile(
    rf"(?:By|BY)[ ]+(?P<names>{_NAME}(?:[ ]+and[ ]+{_NAME})*)"
    rf"(?:[ ]*,[ ]*(?P<outlet>[A-Z][\w&.'’ -]{{0,40}}))?"
)

# ------------------------------------------------------------------ datelines

_WORD = r"[A-Z][A-Za-z'’.\-]*"
_MONTH = (
    r"(?i:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
# "March 3", "Mar. 3, 2024", "3 March", "3 March 2024", and old wire copy's "3 JAN 90".
_DATE = rf"{_MONTH}[ ]\d{{1,2}}(?:,?[ ]\d{{4}})?|\d{{1,2}}[ ]{_MONTH}(?:[ ](?:\d{{4}}|\d{{2}}\b))?"
# Region names may hold small words: "Democratic Republic of the Congo".
_REGION = rf"{_WORD}(?:[ ](?:{_WORD}|of|the|and|de|du)){{0,5}}"
_DATELINE = re.compile(
    rf"(?P<place>{_WORD}(?:[ ]{_WORD}){{0,3}})"
    rf"(?P<regions>(?:,[ ]*{_REGION}){{0,2}}?)"
    rf"(?:,[ ]*(?P<date>{_DATE}))?"
    r"(?:[ ]*\((?P<outlet>[A-Z][^()\n]{0,29})\))?"
    r"[ ]*(?P<sep>[—–:]|--?)"
)

# ------------------------------------------------------------------ quotes

_WRITER_VERB = re.compile(
    rf"(?P<name>(?:{_CAP}[ ]+){{0,3}}{_CAP})[ ]+(?:wrote|writes|said|says|notes|noted)\b"
)
_AS_WRITER = re.compile(rf"\bAs[ ]+(?P<name>{_CAP}(?:[ ]+{_CAP}){{0,3}})")
# Capitalised only because they open a sentence; never part of a writer's name.
_LEAD_WORDS = frozenset({"As", "And", "But", "Then", "Here", "Now", "So", "When", "Today"})
_PRONOUNS = frozenset({"He", "She", "They", "It", "We", "I", "You", "Who", "This", "That"})
_ELLIPSIS = ("...", "…")
_CLOSE_QUOTE = {'"': '"', "“": "”"}
_MAX_QUOTE_TAIL = 80

_COMMENT = re.compile(
    r"\[\s*(?:comment|editor['’]?s note|ed\.?|note)\s*:[^\[\]]*\]",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?][\"”’')]*(?:\s|$)")
# A full stop that ends a short word or an initial, not a sentence: "St. Louis", "U.S.".
_ABBREVIATION = re.compile(
    r"(?:\b(?:st|mt|ft|dr|mr|mrs|ms|jr|sr|lt|sgt|gov|sen|rep|gen|col|capt|vs|inc|co)|"
    r"\b[a-z](?:\.[a-z])*)\.$",
    re.IGNORECASE,
)
_ABBREVIATION_REACH = 24  # characters before a full stop that can belong to an abbreviation
_PUNCT = re.compile(r"[^\w\s]")
_SPACES = re.compile(r"\s+")


# ------------------------------------------------------------------ segments


@dataclass(frozen=True, slots=True)
class _Line:
    """A non-blank line, trimmed: [start, end) in the text."""

    start: int
    end: int


@dataclass(slots=True)
class _Draft:
    """A passage before repeats are found (mutable while the stage works)."""

    start: int
    end: int
    kind: PassageKind
    voice: Attribution = AUTHOR
    note: str | None = None
    repeat_key: str | None = None  # normalised first sentence of a run of repeated sentences


def _trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    """[start, end) without surrounding white space, or None if nothing is left."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def _paragraphs(text: str) -> Iterator[list[_Line]]:
    """Runs of non-blank lines, each line trimmed of white space."""
    run: list[_Line] = []
    pos = 0
    for raw in text.split("\n"):
        span = _trimmed(text, pos, pos + len(raw))
        pos += len(raw) + 1
        if span is None:
            if run:
                yield run
            run = []
        else:
            run.append(_Line(*span))
    if run:
        yield run


def furniture_rule(line: str) -> str | None:
    """The name of the furniture rule a whole line matches, or None."""
    line = line.strip()
    if len(line) >= MAX_FURNITURE_LEN:
        return None
    if _SEPARATOR.fullmatch(line):
        return "separator"
    for rule, pattern in _FURNITURE:
        if pattern.fullmatch(line):
            return rule
    return None


def _byline_names(line: str) -> str | None:
    """The writer name(s) of a byline line such as "By Jane Doe, Reuters"."""
    if len(line) >= MAX_FURNITURE_LEN:
        return None
    match = _BYLINE.fullmatch(line.strip())
    return match.group("names") if match else None


def _is_single_line_passage(line: str) -> bool:
    """Whether a line is a passage on its own: furniture, separator or byline."""
    return furniture_rule(line) is not None or _byline_names(line) is not None


# ------------------------------------------------------------------ the walk


@dataclass(slots=True)
class _Walk:
    """State of the walk through the text, block by block."""

    text: str
    drafts: list[_Draft] = dataclasses.field(default_factory=list)
    seen_body: bool = False
    dateline: Dateline | None = None
    article_speaker: str | None = None  # inside a quoted article by this writer
    intro_speaker: str | None = None  # previous block was "X wrote:"
    last_quote: Attribution | None = None  # previous block was a quote in this voice

    def line(self, line: _Line) -> None:
        """Handle a furniture or byline line (see `_is_single_line_passage`)."""
        content = self.text[line.start : line.end]
        rule = furniture_rule(content)
        if rule is not None:
            self.drafts.append(_Draft(line.start, line.end, "furniture", note=rule))
            if rule == "separator":
                self.article_speaker = None
                self.last_quote = None
            return
        names = _byline_names(content) or ""
        if self.seen_body:
            voice = Attribution("quoted", speaker=names)
            self.article_speaker = names
            self.drafts.append(_Draft(line.start, line.end, "byline", voice, "quoted article"))
        else:
            self.drafts.append(_Draft(line.start, line.end, "byline", Attribution("author", names)))
        self.intro_speaker = None
        self.last_quote = None

    def block(self, start: int, end: int) -> None:
        """Classify one block of ordinary text lines."""
        content = self.text[start:end]
        voice = self._quote_voice(content)
        intro = _intro_speaker(content)
        if voice is not None:
            self.drafts.append(_Draft(start, end, "quote", voice))
            self.last_quote = voice
            self.intro_speaker = intro
            return
        self.last_quote = None
        self.intro_speaker = intro
        if not self.seen_body:
            start = self._take_headline(start, end)
            if start >= end:
                return
        if not self.seen_body and self.dateline is None:
            start = self._take_dateline(start, end)
        self.drafts.append(_Draft(start, end, "body"))
        if _has_full_stop(content) or len(content) >= HEADLINE_MAX_LEN:
            self.seen_body = True

    def _quote_voice(self, content: str) -> Attribution | None:
        """The voice of a block if it is quoted material, else None."""
        if self.article_speaker is not None:
            return Attribution("quoted", speaker=self.article_speaker)
        if self.intro_speaker is not None and _looks_quoted(content):
            return Attribution("quoted", speaker=self.intro_speaker)
        if self.last_quote is not None and (
            content.startswith(_ELLIPSIS) or _all_lines_marked(content)
        ):
            return self.last_quote
        return None

    def _take_headline(self, start: int, end: int) -> int:
        """Mark a headline line (short, no full stop) before the body; return what is left."""
        newline = self.text.find("\n", start, end)
        line_end = end if newline < 0 else newline
        line = self.text[start:line_end].rstrip()
        if _has_full_stop(line) or len(line) >= HEADLINE_MAX_LEN:
            return start
        if _match_dateline(self.text, start, end) is not None:
            return start  # "BEIRUT — Gunmen ..." is a dateline, not a headline
        self.drafts.append(_Draft(start, start + len(line), "headline", note="headline"))
        rest = _trimmed(self.text, line_end, end)
        return end if rest is None else rest[0]

    def _take_dateline(self, start: int, end: int) -> int:
        """Split a wire dateline off the block; return where the body starts."""
        found = _match_dateline(self.text, start, end)
        if found is None:
            return start
        self.dateline, prefix_end, body_start = found
        self.drafts.append(_Draft(start, prefix_end, "dateline", note="wire dateline"))
        return body_start


def _match_dateline(text: str, start: int, end: int) -> tuple[Dateline, int, int] | None:
    """A dateline at text[start:], with where its prefix ends and the body starts."""
    match = _DATELINE.match(text, start, end)
    if match is None:
        return None
    sep = match.group("sep")
    after = match.end()
    if sep not in "—–" and (after >= end or text[after] not in " \t"):
        return None  # "-" and ":" need a space after them, as in real datelines
    body = _trimmed(text, after, end)
    if body is None:
        return None
    has_more = bool(match.group("regions") or match.group("date") or match.group("outlet"))
    if sep == ":" and not (match.group("regions") or match.group("date")):
        return None  # "Update: ..." is not a dateline
    if not has_more and not match.group("place").isupper():
        return None  # a lone capitalised word before a dash is too weak
    outlet = match.group("outlet")
    dateline = Dateline(
        place=_span(match, "place"),
        date_text=_span(match, "date"),
        outlet=outlet.strip() if outlet else None,
    )
    return dateline, match.end("sep"), body[0]


def _span(match: re.Match[str], group: str) -> Span | None:
    """The Span of a named group, or None if it did not take part."""
    if match.group(group) is None:
        return None
    return Span(match.start(group), match.end(group), match.group(group))


def _intro_speaker(content: str) -> str | None:
    """The writer named by a block ending in ":" ("Jane Doe writes:"), or None."""
    if not content.rstrip().endswith(":"):
        return None
    found = list(_WRITER_VERB.finditer(content)) or list(_AS_WRITER.finditer(content))
    if not found:
        return None
    words = found[-1].group("name").split()
    while words and words[0] in _LEAD_WORDS:
        words.pop(0)
    if not words or (len(words) == 1 and words[0] in _PRONOUNS):
        return None  # "He wrote:" names nobody
    return " ".join(words)


def _all_lines_marked(content: str) -> bool:
    """Whether every line of the block is an e-mail style "> " quotation."""
    return all(line.lstrip().startswith(">") for line in content.splitlines() if line.strip())


def _looks_quoted(content: str) -> bool:
    """Whether a block is wrapped in quotation marks (maybe with a short attribution)."""
    if _all_lines_marked(content):
        return True
    close = _CLOSE_QUOTE.get(content[:1])
    if close is None:
        return False
    last = content.rfind(close, 1)
    if last < 1:
        return False
    tail = content[last + 1 :].strip()
    return len(tail) <= _MAX_QUOTE_TAIL and not any(mark in tail for mark in _CLOSE_QUOTE)


# ------------------------------------------------------------------ comments and repeats


def _split_comments(text: str, draft: _Draft) -> Iterator[_Draft]:
    """The draft split around editors' bracketed comments inside it."""
    if draft.kind not in CODED_KINDS:
        yield draft
        return
    pos = draft.start
    for match in _COMMENT.finditer(text, draft.start, draft.end):
        before = _trimmed(text, pos, match.start())
        if before is not None:
            yield dataclasses.replace(draft, start=before[0], end=before[1])
        yield _Draft(match.start(), match.end(), "comment", COMMENT_VOICE, "editor's insertion")
        pos = match.end()
    rest = _trimmed(text, pos, draft.end)
    if rest is not None:
        yield dataclasses.replace(draft, start=rest[0], end=rest[1])


def _normalise(passage_text: str) -> str:
    """Lower case, punctuation removed, white space collapsed: for spotting repeats."""
    return _SPACES.sub(" ", _PUNCT.sub("", passage_text.lower())).strip()


@dataclass(frozen=True, slots=True)
class _Seen:
    """An earlier coded passage that later ones may repeat."""

    index: int
    norm: str
    grams: frozenset[str]


def _grams(norm: str) -> frozenset[str]:
    """The set of 4-character pieces of a normalised passage."""
    return frozenset(norm[i : i + GRAM] for i in range(max(1, len(norm) - GRAM + 1)))


@dataclass(slots=True)
class _Budget:
    """How many more difflib comparisons one document may make."""

    calls: int = MAX_DIFFLIB_CALLS


def _near(norm: str, grams: frozenset[str], seen: _Seen, budget: _Budget) -> float | None:
    """The similarity of two passages if they nearly repeat each other, else None."""
    if abs(len(seen.norm) - len(norm)) > 0.1 * max(len(seen.norm), len(norm)):
        return None  # lengths too different to be the same paragraph
    # Cheap filter first: difflib is slow, and any two English paragraphs of one
    # length share most letters, so its own quick ratios let too much through.
    shared = len(grams & seen.grams)
    if shared < GRAM_FLOOR * (len(grams) + len(seen.grams) - shared) or budget.calls <= 0:
        return None
    budget.calls -= 1
    ratio = difflib.SequenceMatcher(None, seen.norm, norm, autojunk=False).ratio()
    return ratio if ratio >= NEAR_REPEAT_RATIO else None


def _has_full_stop(line: str) -> bool:
    """Whether a line ends a sentence somewhere: a headline does not ("St. Louis man
    shot" has a full stop, but after an abbreviation; "Man killed in SW..." is cut
    short by its site, not ended)."""
    line = line.rstrip()
    for ellipsis in _ELLIPSIS:
        line = line.removesuffix(ellipsis)
    return any(
        match.group()[0] != "." or not _is_abbreviation(line, match.start())
        for match in _SENTENCE_END.finditer(line + " ")
    )


def _is_abbreviation(text: str, stop: int) -> bool:
    """Whether the full stop at `stop` ends an abbreviation or an initial. Only the
    words just before it are searched: from the start of the text, a paragraph of
    thousands of full stops took time in the square of its length."""
    return _ABBREVIATION.search(text, max(0, stop - _ABBREVIATION_REACH), stop + 1) is not None


def _sentence_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The sentences of text[start:end], trimmed, by full stops followed by space."""
    spans: list[tuple[int, int]] = []
    pos = start
    for match in _SENTENCE_END.finditer(text, start, end):
        piece = _trimmed(text, pos, match.end())
        if piece is not None:
            spans.append(piece)
        pos = match.end()
    rest = _trimmed(text, pos, end)
    if rest is not None:
        spans.append(rest)
    return spans


def _split_repeated_sentences(text: str, drafts: list[_Draft]) -> list[_Draft]:
    """Split out sentences pasted again from an earlier passage, as `repeat` drafts.

    A paragraph may repeat only part of an earlier one ("My view: ... <pasted
    sentence>"), which whole-paragraph comparison cannot see. A sentence of at
    least MIN_REPEAT_SENTENCE normalised characters found inside an earlier
    coded passage (after normalising case, spaces and punctuation) is a repeat.
    """
    earlier = _Earlier()
    out: list[_Draft] = []
    for draft in drafts:
        if draft.kind not in ("body", "quote"):
            out.append(draft)
            continue
        runs = _repeat_runs(text, draft, earlier)
        out.extend(runs)
        for run in runs:
            if run.kind != "repeat":
                earlier.add(text, run)
    return out


@dataclass(slots=True)
class _Earlier:
    """The normalised text of earlier passages, and each of their sentences."""

    passages: list[str] = field(default_factory=list)
    sentences: set[str] = field(default_factory=set)
    length: int = 0

    def add(self, text: str, draft: _Draft) -> None:
        norm = _normalise(text[draft.start : draft.end])
        self.passages.append(norm)
        self.length += len(norm)
        spans = _sentence_spans(text, draft.start, draft.end)
        self.sentences.update(_normalise(text[start:end]) for start, end in spans)

    def holds(self, sentence: str) -> bool:
        """Whether normalised `sentence` was said in an earlier passage."""
        if sentence in self.sentences:
            return True
        return self.length < MAX_SENTENCE_SEARCH_CHARS and any(
            sentence in passage for passage in self.passages
        )


def _repeat_runs(text: str, draft: _Draft, earlier: _Earlier) -> list[_Draft]:
    """The draft cut into runs of new sentences and runs of repeated ones."""
    runs: list[_Draft] = []
    for start, end in _sentence_spans(text, draft.start, draft.end):
        norm = _normalise(text[start:end])
        repeated = len(norm) >= MIN_REPEAT_SENTENCE and earlier.holds(norm)
        kind: PassageKind = "repeat" if repeated else draft.kind
        if runs and runs[-1].kind == kind:
            runs[-1].end = end
        else:
            note = "repeats sentences of an earlier passage" if repeated else draft.note
            runs.append(_Draft(start, end, kind, draft.voice, note, norm if repeated else None))
    return runs


def _with_repeats(text: str, drafts: list[_Draft]) -> tuple[Passage, ...]:
    """Final passages, with body and quote paragraphs seen before marked repeat."""
    passages: list[Passage] = []
    exact: dict[str, int] = {}
    seen = _SeenByLength()  # coded passages long enough to be repeated
    coded: list[tuple[int, str]] = []  # every coded passage, for sentence repeats
    budget = _Budget()
    for index, draft in enumerate(drafts):
        content = text[draft.start : draft.end]
        norm = _normalise(content)
        grams = _grams(norm)
        kind, repeat_of, note = draft.kind, None, draft.note
        if kind in ("body", "quote", "repeat"):
            copy = _copy_of(norm, grams, exact, seen, budget)
            if copy is not None:
                kind, (repeat_of, note) = "repeat", copy
            elif draft.repeat_key is not None:  # sentences found inside an earlier passage
                key = draft.repeat_key
                repeat_of = next((i for i, earlier in coded if key in earlier), None)
        passages.append(Passage(draft.start, draft.end, kind, draft.voice, repeat_of, note))
        if kind in CODED_KINDS and norm:
            coded.append((index, norm))
            if len(content) >= MIN_REPEAT_LEN:
                exact.setdefault(norm, index)
                seen.add(_Seen(index, norm, grams))
    return tuple(passages)


@dataclass(slots=True)
class _SeenByLength:
    """Earlier coded passages in order of length, to find those of about a length."""

    lengths: list[int] = field(default_factory=list)
    passages: list[_Seen] = field(default_factory=list)

    def add(self, seen: _Seen) -> None:
        at = bisect.bisect_right(self.lengths, len(seen.norm))
        self.lengths.insert(at, len(seen.norm))
        self.passages.insert(at, seen)

    def near_in_length(self, length: int) -> list[_Seen]:
        """Up to MAX_NEAR_CANDIDATES passages within 10% of `length` (the nearest in
        length when there are more), in the order they came."""
        low = bisect.bisect_left(self.lengths, length - 0.1 * length)
        high = bisect.bisect_right(self.lengths, length + 0.1 * length)
        centre = bisect.bisect_left(self.lengths, length, low, high)
        reach = MAX_NEAR_CANDIDATES
        window = self.passages[max(low, centre - reach) : min(high, centre + reach)]
        window.sort(key=lambda s: abs(len(s.norm) - length))
        return sorted(window[:MAX_NEAR_CANDIDATES], key=lambda s: s.index)


def _copy_of(
    norm: str, grams: frozenset[str], exact: dict[str, int], seen: _SeenByLength, budget: _Budget
) -> tuple[int, str] | None:
    """The earlier passage this one repeats whole (exactly or nearly), with a note."""
    if norm in exact:
        return exact[norm], f"repeats passage {exact[norm]}"
    for earlier in seen.near_in_length(len(norm)):
        ratio = _near(norm, grams, earlier, budget)
        if ratio is not None:
            return earlier.index, f"nearly repeats passage {earlier.index} (similarity {ratio:.2f})"
    return None


# ------------------------------------------------------------------ public


def split_passages(text: str) -> tuple[tuple[Passage, ...], Dateline | None]:
    """Split `text` into passages with kinds and voices, and read its dateline.

    Pure and deterministic: the same text always gives the same passages. The
    passages are in text order, do not overlap, and cover every character that
    is not white space; offsets are into `text` as given.
    """
    walk = _Walk(text)
    for paragraph in _paragraphs(text):
        run: list[_Line] = []
        for line in paragraph:
            if _is_single_line_passage(text[line.start : line.end]):
                _flush(walk, run)  # the text before the line comes first
                run = []
                walk.line(line)
            else:
                run.append(line)
        _flush(walk, run)
    drafts = [part for draft in walk.drafts for part in _split_comments(text, draft)]
    return _with_repeats(text, _split_repeated_sentences(text, drafts)), walk.dateline


def _flush(walk: _Walk, run: list[_Line]) -> None:
    """Hand a run of ordinary lines to the walk as one block."""
    if run:
        walk.block(run[0].start, run[-1].end)


class Cleaner:
    """Pipeline stage: fill `passages` and `dateline` from the document text."""

    name = "clean.rules.v1"
    requires = frozenset({"document"})
    provides = frozenset({"passages", "dateline"})

    def __call__(self, analysis: Analysis) -> Analysis | Rejected:
        """Split the document; reject it when nothing codable is left.

        A headline over nothing but page furniture is kept: on many crawled pages it
        is the only report there is ("Toddler dies from gunshot wound")."""
        passages, dateline = split_passages(analysis.document.text)
        if not any(p.kind in PARSED_KINDS for p in passages):
            return Rejected(
                analysis.document.id,
                "clean",
                Reason.EMPTY.value,
                "only page furniture, no report text",
                analysis.document.origin,
            )
        return dataclasses.replace(analysis, passages=passages, dateline=dateline)
