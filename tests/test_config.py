"""Settings: declared once, layered file < environment < flags, bad values fail at once."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sitrep.config import SETTINGS, Settings, load_settings, settings_field_names
from sitrep.errors import ConfigError

DOCS = Path(__file__).resolve().parents[1] / "docs" / "settings.md"


def test_every_declared_setting_is_a_field_with_the_same_default() -> None:
    assert [s.name for s in SETTINGS] == settings_field_names()
    defaults = Settings()
    for setting in SETTINGS:
        assert getattr(defaults, setting.name) == setting.default, setting.name


def test_every_setting_is_documented() -> None:
    text = DOCS.read_text(encoding="utf-8")
    missing = [s.name for s in SETTINGS if f"`{s.name}`" not in text]
    assert not missing


def test_layers_override_in_order(tmp_path: Path) -> None:
    config = tmp_path / "sitrep.toml"
    config.write_text('workers = 3\ndb = "file.db"\nbatch_size = 8\n', encoding="utf-8")
    settings = load_settings(
        config_file=config,
        environ={"SITREP_DB": "env.db", "SITREP_BATCH_SIZE": "4"},
        overrides={"batch_size": 2, "published": None},
    )
    assert (settings.workers, settings.db, settings.batch_size) == (3, "env.db", 2)


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"SITREP_WORKERS": "0"}, "setting 'workers' has bad value '0'"),
        ({"SITREP_WORKERS": "two"}, "setting 'workers' has bad value 'two'"),
        ({"SITREP_STRICT": "maybe"}, "must be true or false"),
        ({"SITREP_PUBLISHED": "11/03/2024"}, "setting 'published'"),
    ],
)
def test_bad_values_fail_with_the_setting_named(environ: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        load_settings(environ=environ)


def test_unknown_setting_in_file_names_valid_ones(tmp_path: Path) -> None:
    config = tmp_path / "c.toml"
    config.write_text("wokers = 2\n", encoding="utf-8")
    with pytest.raises(
        ConfigError, match=r"unknown setting 'wokers'\. Valid settings: actors_file, batch_size"
    ):
        load_settings(config_file=config, environ={})


def test_missing_config_file_fails(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        load_settings(config_file=tmp_path / "nope.toml", environ={})


def test_published_parses_to_a_date() -> None:
    settings = load_settings(environ={"SITREP_PUBLISHED": "2024-03-11"})
    assert settings.published == dt.date(2024, 3, 11)


def test_settings_doc_is_generated_from_the_declarations() -> None:
    from sitrep.config import settings_markdown

    assert DOCS.read_text(encoding="utf-8") == settings_markdown(), (
        "docs/settings.md is stale: run `python -m sitrep.config > docs/settings.md`"
    )
