"""`convcalc draw` and `convcalc report` as commands: where the output goes (whole or not at
all), exit codes, usage errors without a traceback, and `--format` from the registry."""

from __future__ import annotations

import os
from pathlib import Path

import click
import pytest
from conftest import invoke

from convcalc.cli import main
from convcalc.report import DRAWERS

ROOT = Path(__file__).resolve().parents[2]
ALEXNET = str(ROOT / "specs/alexnet.yaml")
SMALL = "input: [8, 8, 3]\nlayers:\n  - {type: conv, name: c1, filters: 4, kernel: 3}\n"


def test_format_choices_are_the_registrys() -> None:
    assert isinstance(main, click.Group)
    draw = main.get_command(click.Context(main), "draw")  # loaded when asked for
    assert draw is not None
    option = next(p for p in draw.params if p.name == "output_format")
    assert isinstance(option.type, click.Choice)
    assert list(option.type.choices) == list(DRAWERS) == ["svg", "mermaid", "dot"]


@pytest.mark.parametrize("command", ["draw", "report"])
def test_standard_output_by_default_and_with_dash(command: str) -> None:
    plain = invoke(command, ALEXNET)
    dashed = invoke(command, ALEXNET, "-o", "-")
    assert plain.exit_code == dashed.exit_code == 0
    assert plain.stdout == dashed.stdout
    start = "<?xml" if command == "draw" else "<!DOCTYPE html>"
    assert plain.stdout.startswith(start)


@pytest.mark.parametrize("command", ["draw", "report"])
def test_a_file_is_written_whole(command: str, tmp_path: Path) -> None:
    target = tmp_path / "out"
    assert invoke(command, ALEXNET, "-o", str(target)).exit_code == 0
    assert target.read_text(encoding="utf-8") == invoke(command, ALEXNET).stdout
    assert [p.name for p in tmp_path.iterdir()] == ["out"]  # no temporary file left


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--rf", "nope"], "--rf nope: no such layer"),
        (["--rf", "fc8"], "--rf fc8: the layer has no receptive field: its output is flat"),
        (["--set", "nope.stride=2"], "nope"),
    ],
)
def test_a_usage_error_leaves_the_old_file(args: list[str], message: str, tmp_path: Path) -> None:
    target = tmp_path / "net.svg"
    target.write_text("old", encoding="utf-8")
    result = invoke("draw", ALEXNET, "-o", str(target), *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["net.svg"]


def test_an_unwritable_place_is_a_usage_error(tmp_path: Path) -> None:
    result = invoke("draw", ALEXNET, "-o", str(tmp_path / "missing" / "net.svg"))
    assert result.exit_code == 2
    assert "cannot write" in result.stderr


def test_the_spec_is_never_overwritten(write_spec: object, tmp_path: Path) -> None:
    spec = tmp_path / "net.yaml"
    spec.write_text(SMALL, encoding="utf-8")
    result = invoke("report", str(spec), "-o", str(spec))
    assert result.exit_code == 2
    assert "does not overwrite its inputs" in result.stderr
    assert spec.read_text(encoding="utf-8") == SMALL


def test_errors_are_drawn_marked_and_exit_1(tmp_path: Path) -> None:
    target = tmp_path / "net.svg"
    spec = str(ROOT / "tests/examples/negative/kernel_exceeds_input.yaml")
    result = invoke("draw", spec, "-o", str(target))
    assert result.exit_code == 1
    assert "CC101 error conv1" in result.stderr
    assert 'data-status="error"' in target.read_text(encoding="utf-8")


def test_a_spec_that_does_not_load_draws_nothing(tmp_path: Path) -> None:
    target = tmp_path / "net.svg"
    result = invoke(
        "draw", str(ROOT / "tests/examples/negative/yaml_syntax.yaml"), "-o", str(target)
    )
    assert result.exit_code == 1
    assert "CC001" in result.stderr and "nothing drawn" in result.stderr
    assert not target.exists()


def test_standard_input_is_a_spec() -> None:
    result = invoke("draw", "-", "--format", "mermaid", stdin=SMALL)
    assert result.exit_code == 0
    assert '-->|"8×8×3"|' in result.stdout


@pytest.mark.parametrize(
    "args", [["draw"], ["draw", "--format", "mermaid"], ["draw", "--format", "dot"], ["report"]]
)
def test_a_file_name_that_is_not_utf8_is_written_escaped(args: list[str], tmp_path: Path) -> None:
    spec = os.path.join(os.fsencode(tmp_path), b"bad\xff.yaml")
    with open(spec, "w", encoding="utf-8") as file:
        file.write(SMALL)
    target = tmp_path / "out"
    result = invoke(*args, os.fsdecode(spec), "-o", str(target))
    assert result.exit_code == 0
    text = target.read_text(encoding="utf-8")  # whole UTF-8: no lone surrogate written
    shown = {
        "mermaid": None,  # Mermaid shows no file name
        "dot": "bad\\\\xff.yaml",  # a DOT string escapes its backslash: it reads `bad\xff.yaml`
    }.get(args[-1], "bad\\xff.yaml")
    assert shown is None or shown in text
