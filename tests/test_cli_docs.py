"""Every command of the `sitrep` group explains itself: `--help` with a runnable
example, and a section of docs/cli.md that shows the command and every option.

The commands are read from the click group itself, so a new command cannot
slip past these checks.
"""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from sitrep.cli import main

DOC = (Path(__file__).resolve().parents[1] / "docs" / "cli.md").read_text(encoding="utf-8")
COMMANDS = sorted(main.commands)


def section(command: str) -> str:
    """The text of docs/cli.md under the heading ``## `sitrep COMMAND` ``."""
    match = re.search(rf"^## `sitrep {re.escape(command)}`\n(.*?)(?=^## |\Z)", DOC, re.M | re.S)
    assert match, f"docs/cli.md has no section '## `sitrep {command}`'"
    return match.group(1)


def options(command: str) -> list[str]:
    """The long option names of `command` (not --help)."""
    found = main.commands[command].params
    names = [o for p in found if isinstance(p, click.Option) for o in p.opts if o.startswith("--")]
    return [n for n in names if n != "--help"]


@pytest.mark.parametrize("command", COMMANDS)
def test_help_shows_an_example_of_the_command(command: str) -> None:
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Example" in result.output
    assert re.search(rf"^\s+sitrep {re.escape(command)}\b", result.output, re.M), result.output


@pytest.mark.parametrize("command", COMMANDS)
def test_docs_have_a_section_with_an_example(command: str) -> None:
    text = section(command)
    assert re.search(rf"^sitrep {re.escape(command)}\b", text, re.M), text[:300]


@pytest.mark.parametrize("command", COMMANDS)
def test_docs_name_every_option(command: str) -> None:
    text = section(command)
    missing = [o for o in options(command) if o not in text]
    assert not missing, f"docs/cli.md, sitrep {command}: no mention of {missing}"


def test_the_commands_at_a_glance_list_every_command() -> None:
    glance = DOC.split("## The commands at a glance", 1)[1].split("\n## ", 1)[0]
    missing = [c for c in COMMANDS if f"(#sitrep-{c})" not in glance]
    assert not missing, f"docs/cli.md 'The commands at a glance' lacks {missing}"
