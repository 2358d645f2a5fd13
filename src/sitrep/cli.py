"""The `sitrep` command: a thin face over the library (`api`, `runner`, `store`, `query`).

Every command translates sitrep's errors once (`_fail`): the message goes to
stderr and the exit code is the error's `exit_code` (docs/cli.md lists them).
Machine-readable output goes to stdout; progress and summaries go to stderr,
so `sitrep extract docs/ > events.jsonl` stays clean.
"""

from __future__ import annotations

import datetime as dt
import glob
import json
import os
import sys
import traceback
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, NoReturn, TextIO

import click

from sitrep.api import process, sample_report_paths, sample_reports_dir
from sitrep.config import ENGINES, Settings, load_settings, parse_iso_date
from sitrep.errors import NotFoundError, SitrepError, UsageError
from sitrep.export import CSV_COLUMNS, check_request, export_store, row, write_csv, write_jsonl
from sitrep.ingest.read import read_paths
from sitrep.merge import MergedEvent
from sitrep.model import Analysis, Event, Rejected, Result
from sitrep.runner import RunSummary, run_paths
from sitrep.store import Store
from sitrep.store.backend import redact
from sitrep.store.filters import REVIEW_STATES, EventFilter
from sitrep.store.query import (
    find_events,
    find_merged,
    find_merged_event,
    find_reviewed,
    summarize,
)
from sitrep.version import __version__

FORMATS = ("jsonl", "csv")
WRITERS: dict[str, Callable[..., int]] = {
    "jsonl": write_jsonl,
    "csv": write_csv,
}
TABLE_COLUMNS = ("date_start", "type", "mode", "status", "actors", "targets", "place", "killed")


def _date(_ctx: click.Context, _param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return parse_iso_date(value)
    except SitrepError as exc:
        raise click.BadParameter(str(exc)) from None


def _settings(ctx: click.Context, **overrides: Any) -> Settings:
    config = ctx.find_root().params.get("config")
    return load_settings(config_file=Path(config) if config else None, overrides=overrides)


#: `run` and `extract` finished, but some inputs were rejected (reported and counted).
REJECTED_EXIT_CODE = 6
#: Interrupted with Ctrl-C (128 + SIGINT, as shells report it).
INTERRUPTED_EXIT_CODE = 130


def _fail(action: Callable[[], None]) -> None:
    """Run a command body, turning every error into one line on stderr and an exit code
    (docs/cli.md lists them); a traceback only with SITREP_DEBUG=1."""
    try:
        action()
    except SitrepError as exc:
        _die(f"sitrep: error: {exc}", exc.exit_code)
    except OSError as exc:  # an output file or folder that cannot be written, a full disk
        where = f"{exc.filename}: " if exc.filename else ""
        _die(f"sitrep: error: {where}{exc.strerror or exc}", UsageError.exit_code)
    except KeyboardInterrupt:
        _die("sitrep: interrupted; the store keeps every batch saved", INTERRUPTED_EXIT_CODE)
    except Exception as exc:
        _die(
            f"sitrep: internal error: {type(exc).__name__}: {exc}. This is a bug in sitrep; "
            "please report it (set SITREP_DEBUG=1 to see the traceback).",
            SitrepError.exit_code,
        )


def _die(message: str, code: int) -> NoReturn:
    if os.environ.get("SITREP_DEBUG"):
        traceback.print_exc()
    click.echo(message, err=True)
    sys.exit(code)


def _check_paths(paths: tuple[str, ...]) -> None:
    if not paths:
        raise UsageError("give at least one file or folder (or - for standard input)")


def _expanded(paths: tuple[str, ...]) -> list[str]:
    """`paths` with quoted glob patterns (``"archive/**/*.txt"``) expanded here, in name
    order, for lists of files too long for a shell; a pattern matching nothing stays,
    to be reported as unreadable."""
    found: list[str] = []
    for path in paths:
        matches = (
            sorted(glob.glob(path, recursive=True))
            if glob.has_magic(path) and not os.path.exists(path)
            else []
        )
        found += matches or [path]
    return found


db_option = click.option(
    "--db", default=None, metavar="FILE|URL",
    help="SQLite file, or postgresql://USER:PASSWORD@HOST:PORT/DB [default: sitrep.db].",
)  # fmt: skip
published_option = click.option(
    "--published", callback=_date, metavar="YYYY-MM-DD",
    help="Publication date for documents that do not carry one.",
)  # fmt: skip
workers_option = click.option(
    "--workers", type=click.IntRange(min=1), default=None,
    help="Worker processes (use 2 or more for large inputs) [default: 1].",
)  # fmt: skip


def filter_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The event filters shared by `events`, `export` and `report`."""
    options = [
        click.option("--type", "types", multiple=True, metavar="TYPE",
                     help="PLOVER event type, e.g. ASSAULT (repeatable)."),
        click.option("--status", "statuses", multiple=True, metavar="STATUS",
                     help="occurred, planned, threatened, cancelled, ... (repeatable)."),
        click.option("--since", callback=_date, metavar="YYYY-MM-DD",
                     help="Events whose date range reaches this day or later."),
        click.option("--until", callback=_date, metavar="YYYY-MM-DD",
                     help="Events whose date range starts on or before this day."),
        click.option("--place", metavar="TEXT", help="Place name contains TEXT, or country code."),
        click.option("--actor", metavar="TEXT", help="An actor or target contains TEXT."),
        click.option("--limit", type=click.IntRange(min=0), help="At most this many events."),
        click.option("--review", "reviews", multiple=True,
                     type=click.Choice((*REVIEW_STATES, "all")),
                     help="Review state (repeatable) [default: all but rejected]."),
    ]  # fmt: skip
    for option in reversed(options):
        command = option(command)
    return command


def _filter(**kwargs: Any) -> EventFilter:
    return EventFilter(
        types=tuple(kwargs["types"]), statuses=tuple(kwargs["statuses"]),
        since=kwargs["since"], until=kwargs["until"], place=kwargs["place"],
        actor=kwargs["actor"], limit=kwargs["limit"],
        reviews=REVIEW_STATES if "all" in kwargs["reviews"] else tuple(kwargs["reviews"]),
    )  # fmt: skip


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="sitrep")
@click.option("--config", type=click.Path(dir_okay=False), help="A sitrep.toml settings file.")
def main(config: str | None) -> None:
    """Turn reports on political conflict into structured, sourced PLOVER events.

    \b
    Examples:
      sitrep extract report.txt --published 2024-03-06
      sitrep run reports/ --db sitrep.db
      sitrep events --db sitrep.db --type ASSAULT --place Kandahar
      sitrep demo
      sitrep eval plover_gsr

    Settings come from sitrep.toml, SITREP_* environment variables and options
    (docs/settings.md). Run `sitrep COMMAND --help` for each command.
    """


@main.command()
@click.argument("paths", nargs=-1)
@published_option
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="jsonl", show_default=True)
@workers_option
@click.pass_context
def extract(
    ctx: click.Context, paths: tuple[str, ...], published: dt.date | None, fmt: str,
    workers: int | None,
) -> None:  # fmt: skip
    """Print the events of files, folders or - (stdin), one record per line; no database.

    \b
    Examples:
      sitrep extract report.txt --published 2024-03-06
      sitrep extract reports/ --format csv > events.csv
      cat feed.jsonl | sitrep extract -

    Rejected inputs are counted on stderr (use `sitrep run` to store them).
    """

    def body() -> None:
        _check_paths(paths)
        settings = _settings(ctx, published=published, workers=workers)
        inputs = _expanded(paths)
        rejected: Counter[str] = Counter()
        results = process(
            read_paths(inputs, published=settings.published, max_chars=settings.max_chars),
            settings=settings,
        )
        events = _events_counting(results, rejected)
        written = WRITERS[fmt](events, sys.stdout)
        reasons = ", ".join(f"{r}: {n}" for r, n in sorted(rejected.items()))
        click.echo(f"{written} events; rejected {sum(rejected.values())}"
                   + (f" ({reasons})" if reasons else ""), err=True)  # fmt: skip
        if rejected:
            sys.exit(REJECTED_EXIT_CODE)

    _fail(body)


def _events_counting(results: Iterable[Result], rejected: Counter[str]) -> Iterator[Event]:
    for result in results:
        if isinstance(result, Rejected):
            rejected[result.reason] += 1
            click.echo(f"rejected {result.origin or result.doc_id}: {result.reason}: "
                       f"{result.detail}", err=True)  # fmt: skip
        else:
            yield from result.events


@main.command()
@click.argument("paths", nargs=-1)
@db_option
@published_option
@workers_option
@click.option(
    "--engine",
    type=click.Choice(ENGINES),
    default=None,
    help="local: processes on this machine; dask: a Dask cluster [default: local].",
)
@click.option("--scheduler", metavar="ADDRESS", default=None,
              help="Dask scheduler, e.g. tcp://HOST:8786 [default: a local cluster of "
                   "--workers processes].")  # fmt: skip
@click.pass_context
def run(
    ctx: click.Context, paths: tuple[str, ...], db: str | None, published: dt.date | None,
    workers: int | None, engine: str | None, scheduler: str | None,
) -> None:  # fmt: skip
    """Read, extract and store into SQLite or PostgreSQL; running it twice changes nothing.

    \b
    Examples:
      sitrep run reports/ --db sitrep.db
      sitrep run feed.jsonl --published 2024-03-06 --workers 2
      sitrep run archive/ --db postgresql://me:pw@dbhost/news --engine dask \\
        --scheduler tcp://scheduler:8786

    Prints a summary (documents, events, rejections by reason) at the end.
    """

    def body() -> None:
        _check_paths(paths)
        settings = _settings(ctx, db=db, published=published, workers=workers, engine=engine,
                             scheduler=scheduler)  # fmt: skip
        if settings.scheduler and settings.engine != "dask":
            raise UsageError("--scheduler is for --engine dask; add --engine dask")
        summary = _run_with_progress(_expanded(paths), settings)
        click.echo(summary.render(), err=True)
        if summary.rejections:
            sys.exit(REJECTED_EXIT_CODE)

    _fail(body)


def _run_with_progress(paths: tuple[str, ...] | list[str], settings: Settings) -> RunSummary:
    """`run_paths` with a progress line on stderr when it is a terminal."""
    show = sys.stderr.isatty()
    done = {"documents": 0, "events": 0}

    def tick(result: Result) -> None:
        done["documents"] += 1
        done["events"] += len(result.events) if isinstance(result, Analysis) else 0
        if show and done["documents"] % 10 == 0:
            click.echo(f"\r{done['documents']} documents, {done['events']} events", err=True,
                       nl=False)  # fmt: skip

    with Store.open(settings.db) as store:
        summary = run_paths(list(paths), settings=settings, store=store, on_result=tick)
    if show and done["documents"] >= 10:
        click.echo("", err=True)
    return summary


@main.command()
@db_option
@filter_options
@click.option("--format", "fmt", type=click.Choice(("table", *FORMATS)), default="table",
              show_default=True)  # fmt: skip
@click.option("--merged", is_flag=True,
              help="One line per real-world event, merged across reports.")  # fmt: skip
@click.pass_context
def events(ctx: click.Context, /, db: str | None, fmt: str, merged: bool, **filters: Any) -> None:
    """Show stored events, filtered (or merged across reports with --merged).

    \b
    Examples:
      sitrep events --type ASSAULT --since 2024-03-01
      sitrep events --status planned --status threatened
      sitrep events --place AFG --actor Taliban --format jsonl
      sitrep events --merged --type ASSAULT
    """

    def body() -> None:
        settings = _settings(ctx, db=db)
        flt = _filter(**filters)
        if merged:
            _write_merged(_merged(settings, flt), fmt)
            return
        found, reviews = _query_reviewed(settings, flt)
        out = sys.stdout
        if fmt == "table":
            _write_table(found, out)
            click.echo(summarize(found).render(), err=True)
        else:
            WRITERS[fmt](found, out, reviews=reviews)

    _fail(body)


def _merged(settings: Settings, flt: EventFilter) -> list[MergedEvent]:
    _require_db(settings)
    with Store.open(settings.db) as store:
        return find_merged(store, flt)


def _write_merged(found: list[MergedEvent], fmt: str) -> None:
    if fmt == "csv":
        raise UsageError("--merged writes a table or jsonl; csv cannot hold the reports")
    if fmt == "jsonl":
        for item in found:
            click.echo(json.dumps(item.to_dict(), ensure_ascii=False))
        return
    header = ("id", "type", "status", "date", "place", "killed", "reports", "disputed")
    lines = [header, *(_merged_row(m) for m in found)]
    widths = [min(28, max(len(line[i]) for line in lines)) for i in range(len(header))]
    for line in lines:
        click.echo("  ".join(v[:w].ljust(w) for v, w in zip(line, widths, strict=True)).rstrip())
    reports = sum(len(m.members) for m in found)
    click.echo(f"{len(found)} merged events from {reports} reports", err=True)


def _merged_row(event: MergedEvent) -> tuple[str, ...]:
    killed = dict(event.counts).get("killed")
    toll = "" if killed is None else f"{killed.low}/{killed.best}/{killed.high}"
    when = "" if event.start is None else event.start.isoformat()
    if event.end and event.end != event.start:
        when += f"..{event.end.isoformat()}"
    return (
        event.id, event.type, event.status, when,
        event.location.name if event.location else "", toll,
        str(len({e.doc_id for e in event.members})),
        ",".join(d.field for d in event.disagreements),
    )  # fmt: skip


@main.command(name="event")
@click.argument("event_id")
@db_option
@click.pass_context
def event_command(ctx: click.Context, event_id: str, db: str | None) -> None:
    """Show one event with every report of it, as JSON.

    EVENT_ID is a merged event's id (from `sitrep events --merged`) or one
    report's event id; either way you get the merged event that holds it, with
    each report's evidence and source.

    \b
    Example:
      sitrep event m3f2a9c1d0b4e5f6
    """

    def body() -> None:
        settings = _settings(ctx, db=db)
        _require_db(settings)
        with Store.open(settings.db) as store:
            found = find_merged_event(store, event_id)
        if found is None:
            raise NotFoundError(f"no event {event_id!r}; see `sitrep events --merged` for ids")
        data = found.to_dict() | {"reports": [e.to_dict() for e in found.members]}
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))

    _fail(body)


@main.command()
@db_option
@filter_options
@click.pass_context
def disagreements(ctx: click.Context, /, db: str | None, **filters: Any) -> None:
    """Where do my sources disagree? Merged events whose reports differ, and how.

    \b
    Examples:
      sitrep disagreements
      sitrep disagreements --type ASSAULT --since 2024-03-01

    For each merged event: every disputed field (killed, wounded, actors,
    status, date, location) with each value and the documents that give it.
    """

    def body() -> None:
        settings = _settings(ctx, db=db)
        found = [m for m in _merged(settings, _filter(**filters)) if m.disagreements]
        for item in found:
            click.echo(" ".join(filter(None, _merged_row(item)[:5])))
            for disagreement in item.disagreements:
                claims = "; ".join(
                    f"{c.value} ({', '.join(c.doc_ids)})" for c in disagreement.values
                )
                click.echo(f"  {disagreement.field}: {claims}")
        click.echo(f"{len(found)} merged events with disagreements", err=True)

    _fail(body)


def _require_db(settings: Settings) -> None:
    """Refuse to read a database that does not exist (opening it would create an empty one)."""
    if not Store.exists(settings.db):
        shown = redact(settings.db)
        raise UsageError(f"no database at {shown}; run `sitrep run PATH --db {shown}`")


def _query(settings: Settings, flt: EventFilter) -> list[Event]:
    _require_db(settings)
    with Store.open(settings.db) as store:
        return find_events(store, flt)


def _query_reviewed(
    settings: Settings, flt: EventFilter
) -> tuple[list[Event], dict[str, dict[str, Any]]]:
    """The reviewed events passing `flt`, and the review of each reviewed one by id."""
    _require_db(settings)
    with Store.open(settings.db) as store:
        found = find_reviewed(store, flt)
    reviews = {r.event.id: r.to_dict()["review"] for r in found if r.review is not None}
    return [r.event for r in found], reviews


def _write_table(found: list[Event], out: TextIO) -> None:
    """A plain aligned table of the main fields, for reading in a terminal."""
    rows = [[row(event)[c] for c in TABLE_COLUMNS] for event in found]
    widths = [
        min(28, max([len(c)] + [len(r[i]) for r in rows])) for i, c in enumerate(TABLE_COLUMNS)
    ]
    for line in [list(TABLE_COLUMNS), *rows]:
        cells = [value[:width].ljust(width) for value, width in zip(line, widths, strict=True)]
        out.write("  ".join(cells).rstrip() + "\n")


@main.command()
@db_option
@filter_options
@click.option(
    "--format",
    "fmt",
    default="jsonl",
    show_default=True,
    metavar="FORMAT",
    help="jsonl, csv, geojson, parquet, acled, ucdp or plover (docs/export.md).",
)
@click.option(
    "-o",
    "--output",
    required=True,
    metavar="FILE",
    help="File to write (a folder with --tables all).",
)
@click.option(
    "--merged",
    is_flag=True,
    help="One record per real-world event, with its reports"
    " (jsonl, geojson, parquet, acled; ucdp always).",
)
@click.option(
    "--tables",
    metavar="all",
    help="With parquet: every table (events, merged, documents, rejections),"
    " one file each, into the folder -o.",
)
@click.option(
    "--keep-unmapped",
    is_flag=True,
    help="acled, ucdp: write events with no category, with an empty type.",
)
@click.pass_context
def export(
    ctx: click.Context, /, db: str | None, fmt: str, output: str, merged: bool,
    tables: str | None, keep_unmapped: bool, **filters: Any,
) -> None:  # fmt: skip
    """Write stored events to a file: JSON Lines, CSV, GeoJSON, Parquet, ACLED- or
    UCDP-style CSV, or PLOVER JSON.

    \b
    Examples:
      sitrep export --format csv -o events.csv
      sitrep export --type PROTEST --format jsonl -o protests.jsonl
      sitrep export --merged -o merged.jsonl
      sitrep export --format geojson -o events.geojson
      sitrep export --format parquet --tables all -o tables/
      sitrep export --format acled --merged -o acled.csv
    """

    def body() -> None:
        settings = _settings(ctx, db=db)
        # A bad request fails before the database is read.
        check_request(fmt, merged=merged, tables=tables, keep_unmapped=keep_unmapped)
        _require_db(settings)
        with Store.open(settings.db) as store:
            summary = export_store(
                store, fmt, output, flt=_filter(**filters), merged=merged, tables=tables,
                keep_unmapped=keep_unmapped,
            )  # fmt: skip
        click.echo(summary.render(), err=True)

    _fail(body)


@main.command()
@db_option
@filter_options
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
              default="report.html", show_default=True, help="HTML file to write.")  # fmt: skip
@click.option("--title", default="Situation report", show_default=True,
              help="The report's heading.")  # fmt: skip
@click.pass_context
def report(ctx: click.Context, /, db: str | None, output: str, title: str, **filters: Any) -> None:
    """Write the situation report: one HTML file with a map, a timeline and the events.

    \b
    Examples:
      sitrep report -o report.html
      sitrep report --type ASSAULT --since 2024-03-01 --place SDN -o sudan.html

    The file is self-contained (no network when opened) and shows every
    event with the words it was read from and its source.
    """

    def body() -> None:
        settings = _settings(ctx, db=db)
        _require_db(settings)
        with Store.open(settings.db) as store:
            shown = _write_report(store, _filter(**filters), output, title)
        click.echo(f"wrote {output}: {shown} events", err=True)

    _fail(body)


def _write_report(store: Store, flt: EventFilter, output: str, title: str) -> int:
    from sitrep.report import write_report  # imported here: only this command needs Jinja2

    return len(write_report(store, flt, output, title=title).events)


@main.command()
@db_option
@click.pass_context
def rejections(ctx: click.Context, db: str | None) -> None:
    """List the stored rejections: what could not be read, where, and why.

    \b
    Example:
      sitrep rejections --db sitrep.db
    """

    def body() -> None:
        settings = _settings(ctx, db=db)
        _require_db(settings)
        with Store.open(settings.db) as store:
            for item in store.rejections():
                click.echo(f"{item.origin or item.doc_id}\t{item.stage}\t{item.reason}\t"
                           f"{item.detail}")  # fmt: skip
            counts = store.rejection_counts()
        reasons = ", ".join(f"{r}: {n}" for r, n in sorted(counts.items()))
        click.echo(f"{sum(counts.values())} rejections {reasons}".rstrip(), err=True)

    _fail(body)


@main.command(name="reviews")
@db_option
@click.option("--format", "fmt", type=click.Choice(("table", "jsonl")), default="table",
              show_default=True)  # fmt: skip
@click.pass_context
def reviews_command(ctx: click.Context, db: str | None, fmt: str) -> None:
    """List the reviews: who confirmed, rejected or corrected which event, when, and why.

    \b
    Examples:
      sitrep reviews --db sitrep.db
      sitrep reviews --format jsonl > reviews.jsonl

    Oldest first. A review whose event is no longer stored (its document was
    coded differently by a newer sitrep) is marked "detached".
    """

    def body() -> None:
        settings = _settings(ctx, db=db)
        _require_db(settings)
        with Store.open(settings.db) as store:
            found = store.reviews()
        for review, attached in found:
            if fmt == "jsonl":
                click.echo(json.dumps(review.to_dict() | {"attached": attached},
                                      ensure_ascii=False))  # fmt: skip
                continue
            changes = "; ".join(f"{c.field} {c.old} -> {c.new}" for c in review.changes)
            click.echo("\t".join([review.at, review.reviewer, review.action, review.event_id,
                                  changes, review.note or "",
                                  "" if attached else "detached"]).rstrip())  # fmt: skip
        click.echo(f"{len(found)} reviews", err=True)

    _fail(body)


@main.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; anything but 127.0.0.1 exposes the store.")  # fmt: skip
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option(
    "--token-file",
    type=click.Path(dir_okay=False),
    default=None,
    help="File holding the write token [default: $SITREP_TOKEN; none: read-only].",
)
@click.pass_context
def serve(ctx: click.Context, db: str | None, host: str, port: int,
          token_file: str | None) -> None:  # fmt: skip
    """Serve the review desk and the REST API over a store (docs/serve.md).

    \b
    Examples:
      sitrep serve --db demo-output/sitrep.db
      SITREP_TOKEN=$(cat ~/.sitrep-token) sitrep serve --db sitrep.db --port 8080

    Open http://127.0.0.1:8000/ for the desk; the API is under /api/ and
    described at /api/openapi.json. Without a token the server is read-only.
    """

    def body() -> None:
        from sitrep.serve import require_extra

        require_extra()
        from sitrep.serve.run import serve_forever  # needs the serve extra

        settings = _settings(ctx, db=db)
        _require_db(settings)
        serve_forever(settings, host=host, port=port, token_file=token_file)

    _fail(body)


@main.command()
@click.option("--out", default="demo-output", show_default=True, type=click.Path(file_okay=False),
              help="Folder for the database and exports.")  # fmt: skip
@click.pass_context
def demo(ctx: click.Context, out: str) -> None:
    """Run the whole job on the sample reports bundled with sitrep.

    \b
    Example:
      sitrep demo --out demo-output

    Stores everything in OUT/sitrep.db, writes OUT/events.jsonl,
    OUT/events.csv and the situation report OUT/report.html, and prints a
    summary of what was found.
    """

    def body() -> None:
        folder = Path(out)
        folder.mkdir(parents=True, exist_ok=True)
        settings = _settings(ctx, db=str(folder / "sitrep.db"))
        samples = sample_report_paths()
        click.echo(
            f"sitrep {__version__}: reading the {len(samples)} sample reports in "
            f"{sample_reports_dir()}",
            err=True,
        )
        summary = _run_with_progress([str(p) for p in samples], settings)
        click.echo(summary.render())
        found = _query(settings, EventFilter())
        for fmt, writer in WRITERS.items():
            with open(folder / f"events.{fmt}", "w", encoding="utf-8", newline="") as handle:
                writer(found, handle)
        with Store.open(settings.db) as store:
            report = str(folder / "report.html")
            _write_report(store, EventFilter(), report, "sitrep sample reports")
        click.echo("\n" + summarize(found).render())
        click.echo("\nfirst events:")
        _write_table(found[:12], sys.stdout)
        click.echo(f"\noutputs: {folder / 'sitrep.db'}, {folder / 'events.jsonl'}, "
                   f"{folder / 'events.csv'}, {folder / 'report.html'} (open it in a browser)"
                   f"\nnext: sitrep events --db {folder / 'sitrep.db'} --type ASSAULT")  # fmt: skip

    _fail(body)


@main.command(name="eval")
@click.argument("dataset")
@click.option("--data", "data_dir", type=click.Path(file_okay=False), default=None,
              help="Folder holding one folder per gold set [default: $SITREP_EVAL_DATA "
                   "or ../shared/data].")  # fmt: skip
@click.option("--limit", type=click.IntRange(min=1), default=None,
              help="Score only the first N documents or items.")  # fmt: skip
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("--errors", "worst", type=click.IntRange(min=0), default=15, show_default=True,
              help="How many errors to list.")  # fmt: skip
@workers_option
@click.pass_context
def evaluate(
    ctx: click.Context, dataset: str, data_dir: str | None, limit: int | None, as_json: bool,
    worst: int, workers: int | None,
) -> None:  # fmt: skip
    """Measure sitrep against a public gold set: precision, recall, F1 and errors.

    \b
    Examples:
      sitrep eval plover_gsr
      sitrep eval muc4 --limit 200 --workers 2
      sitrep eval gva --json > gva.json

    DATASET is one of: plover_gsr, muc4, gva, tempeval3, geoparsing, wikievents,
    rams, re3d, gva_merge, conflibert_cameo (docs/evaluation.md). Gold data is
    never bundled with sitrep; point --data at a folder that holds it.
    """

    def body() -> None:
        from sitrep import evaluation  # late: only this command needs the scorers

        settings = _settings(ctx, workers=workers)
        report = evaluation.run(dataset, _eval_data_dir(data_dir), limit=limit, settings=settings)
        if as_json:
            click.echo(json.dumps(report.to_dict(worst), indent=2, ensure_ascii=False))
        else:
            click.echo(report.render(worst))

    _fail(body)


def _eval_data_dir(given: str | None) -> Path:
    """--data, else $SITREP_EVAL_DATA, else ../shared/data (the project's layout)."""
    return Path(given or os.environ.get("SITREP_EVAL_DATA") or Path("..") / "shared" / "data")


__all__ = ["CSV_COLUMNS", "main"]
