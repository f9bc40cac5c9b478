"""Start-up: a check loads what a check needs. The other commands' modules are loaded when those
commands are looked up, and standard modules that only some paths need (the TOML parser, difflib
for suggestions, pkgutil for the zoo) when those paths run; the kinds a spec does not use are not
imported. This repository's own pyproject.toml names convcalc without a [tool.convcalc] table,
so a check run here must pass it over unparsed."""

from __future__ import annotations

import click
from conftest import loaded_by_run

from convcalc.cli import main

NOT_FOR_A_CHECK = (
    "convcalc.cli.draw",
    "convcalc.cli.whatif",
    "convcalc.report.draw",
    "convcalc.commands.sweep",
    "convcalc.kinds.embeddings",  # a kind ResNet-50 does not use and no rule imports
    "convcalc.kinds.rearrange",
    "tomllib",
    "difflib",
    "pkgutil",
)


def test_a_json_check_loads_nothing_only_other_paths_need() -> None:
    arguments = ["check", "--format", "json", "specs/torchvision/resnet50.yaml"]
    assert loaded_by_run(arguments, NOT_FOR_A_CHECK) == []


def test_the_lazy_commands_are_listed_and_found() -> None:
    context = click.Context(main)
    assert isinstance(main, click.Group)
    names = main.list_commands(context)
    assert {"draw", "report", "sweep", "solve"} <= set(names)
    assert names == sorted(names)
    for name in names:
        command = main.get_command(context, name)
        assert command is not None and command.name == name
