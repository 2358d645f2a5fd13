"""Annotation: sentences, tokens, lemmas, the dependency parse and entities.

The spaCy adapter (`spacy_adapter`) is the only module that touches spaCy
objects; it turns them into `model.Parse` records. `Annotator` is the stage.
"""

from __future__ import annotations

from sitrep.annotate.stage import Annotator, Parser

__all__ = ["Annotator", "Parser"]
