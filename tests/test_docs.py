"""The README stays honest (as sqlite-utils keeps its docs): the command line it shows, the
settings it lists and the exit codes it explains are those of the code."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from indexer.config import ENV_PREFIX, Settings
from search_api.cli.main import EXIT_CODES, OTHER_ERROR, parser
from search_api.web.settings import ServerSettings

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def _section(title: str) -> str:
    start = README.index(f"\n## {title}\n")
    end = README.find("\n## ", start + 1)
    return README[start:end]


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    action = next(a for a in parser()._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def _flags(sub: argparse.ArgumentParser) -> set[str]:
    return {o for a in sub._actions for o in a.option_strings if o.startswith("--")} - {"--help"}


def test_every_flag_is_shown_and_every_shown_flag_exists() -> None:
    """GIVEN the parser WHEN reading the README's `vnstd` lines THEN each subcommand's flags
    all appear on its lines, and no line shows a flag the subcommand lacks."""
    lines = re.findall(r"^vnstd (\w+) (.*)$", README, re.M)
    assert {cmd for cmd, _ in lines} == set(_subcommands())
    for name, sub in _subcommands().items():
        shown = {f for cmd, rest in lines if cmd == name for f in re.findall(r"--[\w-]+", rest)}
        assert shown == _flags(sub), name


def test_the_settings_table_lists_exactly_the_settings() -> None:
    """GIVEN both settings classes WHEN reading the README's settings table THEN it has one
    row per setting, named VNSTD_<NAME>, and no other."""
    names = set(Settings.model_fields) | set(ServerSettings.model_fields)
    documented = set(re.findall(r"^\| `(VNSTD_\w+)` \|", _section("Settings"), re.M))
    assert documented == {ENV_PREFIX + n.upper() for n in names}


def test_the_settings_table_gives_the_defaults() -> None:
    """GIVEN the settings' defaults WHEN reading the table THEN each row's default is the code's."""
    rows = re.findall(r"^\| `VNSTD_(\w+)` \| [^|]* \| `([^`]*)` \|", _section("Settings"), re.M)
    for name, default in rows:
        field = (Settings.model_fields | ServerSettings.model_fields)[name.lower()]
        value = field.default
        assert str(int(value) if isinstance(value, bool) else value) == default, name


def test_the_exit_code_table_is_the_code() -> None:
    """GIVEN EXIT_CODES WHEN reading the README's exit code table THEN it explains 0, the
    catch-all code and every code an error maps to, and nothing else."""
    documented = {int(c) for c in re.findall(r"^\| (\d+) \|", README, re.M)}
    assert documented == {0, OTHER_ERROR, *EXIT_CODES.values()}
