"""Every command reports an expected failure as one line (exit 1), and lazy groups load on use."""

from __future__ import annotations

import sys
import types

import click
import pytest
from click.testing import CliRunner

from rules.errors import GrenswachtError
from streams.commandgroup import Group, LazyGroup


@click.group(cls=Group)
def outer() -> None:
    """A group with a subgroup."""


@outer.group()
def inner() -> None:
    """Subgroups get the same class."""


@inner.command()
def fail() -> None:
    raise GrenswachtError("the list file sdn.csv:3 has no name")


@inner.command()
def crash() -> None:
    raise RuntimeError("a bug")


def test_a_grenswacht_error_deep_in_a_group_is_one_line_and_exit_1() -> None:
    result = CliRunner().invoke(outer, ["inner", "fail"])
    assert result.exit_code == 1
    assert result.output.strip() == "Error: the list file sdn.csv:3 has no name"
    assert isinstance(inner, Group) and isinstance(inner.commands["fail"], click.Command)


def test_an_unexpected_error_is_not_dressed_up() -> None:
    result = CliRunner().invoke(outer, ["inner", "crash"])
    assert isinstance(result.exception, RuntimeError)


def test_a_lazy_command_loads_on_use_and_a_missing_module_hides_only_its_command(
        monkeypatch: pytest.MonkeyPatch) -> None:
    module = types.ModuleType("lazy_sample_commands")
    module.hello = click.Command("hello", callback=lambda: click.echo("hello"))     # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "lazy_sample_commands", module)
    group = LazyGroup("top", lazy={"hello": "lazy_sample_commands:hello", "gone": "no_such_module_here:gone"})
    assert group.list_commands(click.Context(group)) == ["gone", "hello"]
    assert CliRunner().invoke(group, ["hello"]).output == "hello\n"
    missing = CliRunner().invoke(group, ["gone"])
    assert missing.exit_code == 2 and "No such command 'gone'" in missing.output
