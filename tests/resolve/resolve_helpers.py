"""The whole pipeline over one text, shared by the end-to-end tests of the resolution stages."""

from __future__ import annotations

from sitrep import Settings, analyze
from sitrep.model import Analysis


def analyzed(text: str, settings: Settings | None = None) -> Analysis:
    """`text` through the whole pipeline, published on 6 March 2024."""
    result = analyze(text, published="2024-03-06", settings=settings)
    assert isinstance(result, Analysis)
    return result
