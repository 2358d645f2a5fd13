"""The spaCy adapter: the one place where spaCy objects exist.

`SpacyParser.parse_documents` takes, for each document, the coded passages as
`(text, char_offset, passage_index)` and returns one `model.Parse` per
document, with token indices and character offsets into the whole document.
All passages of a batch of documents go through `nlp.pipe` together, which is
what makes the language model fast.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Sequence
from typing import Any

from sitrep.errors import ConfigError
from sitrep.model import Entity, Parse, Sentence, Token

PassageInput = tuple[str, int, int]  # text, character offset, passage index


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

    def parse_documents(self, documents: Sequence[Sequence[PassageInput]]) -> list[Parse]:
        """One Parse per document, from all of its passages."""
        texts = [text for passages in documents for text, _, _ in passages]
        spacy_docs = iter(self._nlp.pipe(texts, batch_size=self._batch_size))
        return [_build_parse(passages, spacy_docs) for passages in documents]


def _build_parse(passages: Sequence[PassageInput], spacy_docs: Iterator[Any]) -> Parse:
    tokens: list[Token] = []
    sentences: list[Sentence] = []
    entities: list[Entity] = []
    for (_, offset, passage_index), spacy_doc in zip(passages, spacy_docs, strict=False):
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
            tokens.extend(_tokens(sent, base, offset, len(sentences) - 1))
        entities.extend(_entities(spacy_doc, base, offset))
    return Parse(tokens=tuple(tokens), sentences=tuple(sentences), entities=tuple(entities))


def _tokens(sent: Any, base: int, offset: int, sent_index: int) -> Iterator[Token]:
    for t in sent:
        yield Token(
            i=base + t.i,
            text=t.text,
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


def _entities(spacy_doc: Any, base: int, offset: int) -> Iterator[Entity]:
    for ent in spacy_doc.ents:
        yield Entity(
            label=ent.label_,
            start=offset + ent.start_char,
            end=offset + ent.end_char,
            text=ent.text,
            first=base + ent.start,
            stop=base + ent.end,
        )
