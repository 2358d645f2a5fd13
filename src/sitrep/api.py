"""The library's front door: build the pipeline and extract events.

The CLI, and later the REST API and the report, call these functions; they
hold no logic of their own beyond wiring the stages with their resources.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable, Iterator
from importlib import resources
from pathlib import Path

from sitrep.annotate import Annotator
from sitrep.annotate.spacy_adapter import SpacyParser
from sitrep.coding.causes import CauseFinder
from sitrep.coding.rulebook import load_rulebook
from sitrep.coding.stage import EventCoder
from sitrep.config import Settings, parse_iso_date
from sitrep.engines import load_dask
from sitrep.errors import Reason, UsageError
from sitrep.ingest.clean import Cleaner
from sitrep.ingest.read import document_id, repair_surrogates
from sitrep.model import Document, Event, Rejected, Result
from sitrep.pipeline import Pipeline, Stage, process_parallel
from sitrep.resolve import ActorResolver, DateResolver, PlaceMentions, PlaceResolver
from sitrep.resolve.actor_lexicon import load_actor_lexicon
from sitrep.resolve.gazetteer import load_gazetteer


def build_stages(settings: Settings) -> tuple[Stage, ...]:
    """The default stages, with their resources loaded once."""
    gazetteer = load_gazetteer()
    lexicon = load_actor_lexicon(settings.actors_file)
    return (
        Cleaner(),
        Annotator(
            SpacyParser.from_name(settings.model),
            is_place_name=gazetteer.is_place_name,
            is_known_place=gazetteer.knows,
            is_proper_name=lambda text: gazetteer.is_place_name(text) or lexicon.is_name(text),
            could_be_place=gazetteer.is_place_word,
        ),
        EventCoder(load_rulebook(settings.rules)),
        PlaceMentions(gazetteer, country_of_word=lexicon.country_of, capital_of=lexicon.capital_of),
        ActorResolver(lexicon, country_of_place=gazetteer.country_of),
        PlaceResolver(gazetteer, context_sentences=settings.context_sentences),
        DateResolver(),
        CauseFinder(),
    )


@functools.lru_cache(maxsize=4)
def build_pipeline(settings: Settings) -> Pipeline:
    """The default pipeline for `settings` (built once per process and settings)."""
    return Pipeline(
        build_stages(settings),
        strict=settings.strict,
        batch_size=settings.batch_size,
        time_budget=settings.time_budget,
    )


def pipeline_factory(settings: Settings) -> Callable[[], Pipeline]:
    """A picklable function that builds the pipeline inside a worker process."""
    return functools.partial(build_pipeline, settings)


def process(items: Iterable[Document | Rejected], *, settings: Settings) -> Iterator[Result]:
    """Run the pipeline over documents: on a Dask cluster with engine `dask`, else in
    worker processes when `settings.workers > 1`, else here."""
    if settings.engine == "dask":
        results: Iterator[Result] = load_dask().process_dask(
            pipeline_factory(settings), items, scheduler=settings.scheduler,
            workers=settings.workers, batch_size=settings.batch_size,
        )  # fmt: skip
        return results
    if settings.workers > 1:
        return process_parallel(
            pipeline_factory(settings), items, workers=settings.workers,
            batch_size=settings.batch_size,
        )  # fmt: skip
    return build_pipeline(settings).process(items)


def make_document(
    text: str,
    *,
    published: dt.date | None = None,
    title: str | None = None,
    doc_id: str | None = None,
    url: str | None = None,
    outlet: str | None = None,
) -> Document:
    """A Document from a string; its id is a content hash unless one is given.

    Unpaired surrogates (no encoding can store them) become U+FFFD, as when reading."""
    text, repaired = repair_surrogates(text)
    notes = (f"text: {repaired} unpaired surrogate code point(s) replaced by U+FFFD",)
    return Document(
        id=repair_surrogates(doc_id)[0] if doc_id else document_id(text),
        text=text,
        title=repair_surrogates(title)[0] if title else None,
        url=url,
        outlet=outlet,
        published=published,
        notes=notes if repaired else (),
    )


def extract(
    text: str,
    *,
    published: dt.date | str | None = None,
    title: str | None = None,
    doc_id: str | None = None,
    settings: Settings | None = None,
) -> list[Event]:
    """Events reported in one text, as records (`event.to_dict()` gives the JSON shape).

    A text that cannot be processed (empty, say) raises UsageError with the reason;
    use `analyze` to get the rejection as a value instead.

    >>> events = extract("Troops shelled the town on Monday.", published="2024-03-06")
    """
    result = analyze(text, published=published, title=title, doc_id=doc_id, settings=settings)
    if isinstance(result, Rejected):
        raise UsageError(f"the text was rejected ({result.reason}): {result.detail}")
    return list(result.events)


def analyze(
    text: str,
    *,
    published: dt.date | str | None = None,
    title: str | None = None,
    doc_id: str | None = None,
    settings: Settings | None = None,
) -> Result:
    """Everything sitrep reads in one text: passages, parse and events, or a Rejected."""
    day = parse_iso_date(published) if isinstance(published, str) else published
    document = make_document(text, published=day, title=title, doc_id=doc_id)
    if not text.strip():
        return Rejected(document.id, "read", Reason.EMPTY, "the text is empty or only white space")
    return build_pipeline(settings or Settings()).process_batch([document])[0]


def sample_reports_dir() -> Path:
    """The folder of sample reports bundled with sitrep (written by its authors)."""
    return Path(str(resources.files("sitrep") / "samples"))


def sample_report_paths() -> list[Path]:
    """The bundled sample reports, in name order (the folder's README is not one)."""
    folder = sample_reports_dir()
    return sorted(p for p in folder.iterdir() if p.is_file() and p.name != "README.md")
