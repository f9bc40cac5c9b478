"""Start-up: a check loads what a check needs. The other commands' modules are loaded when those
commands are looked up, and standard modules that only some paths need (the TOML parser, difflib
for suggestions, pkgutil for the zoo) when those paths run; the kinds a spec does not use are not
imported. This repository's own pyproject.toml names convcalc without a [tool.convcalc] table,
so a check run here must pass it over unparsed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import click

from convcalc.cli import main

ROOT = Path(__file__).resolve().parents[2]
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


def _loaded_by(*arguments: str) -> str:
    script = (
        "import sys\n"
        "from convcalc.cli.main import main\n"
        "try:\n"
        f"    main({list(arguments)!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        f"sys.stderr.write(repr([m for m in {NOT_FOR_A_CHECK!r} if m in sys.modules]))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    return result.stderr


def test_a_json_check_loads_nothing_only_other_paths_need() -> None:
    assert _loaded_by("check", "--format", "json", "specs/torchvision/resnet50.yaml") == "[]"


def test_the_lazy_commands_are_listed_and_found() -> None:
    context = click.Context(main)
    assert isinstance(main, click.Group)
    names = main.list_commands(context)
    assert {"draw", "report", "sweep", "solve"} <= set(names)
    assert names == sorted(names)
    for name in names:
        command = main.get_command(context, name)
        assert command is not None and command.name == name
