"""Shell completion (click's) of commands, options, layer names and fields; help examples."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest
from click.shell_completion import ShellComplete
from click.testing import CliRunner
from conftest import invoke

from convcalc.cli import main

SPEC = """\
input: [32, 32, 3]
blocks:
  unit:
    layers:
      - {type: conv, name: conv, filters: 8, kernel: 3, padding: 1}
layers:
  - {type: conv, name: conv1, filters: 8, kernel: 3, padding: 1}
  - {type: conv, name: conv2, filters: 8, kernel: 3, padding: 1}
  - {type: maxpool, name: pool, kernel: 2}
  - {type: unit, name: stage, repeat: 2}
"""
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def spec(tmp_path: Path) -> str:
    path = tmp_path / "net.yaml"
    path.write_text(SPEC, encoding="utf-8")
    return str(path)


def complete(args: list[str], incomplete: str) -> list[str]:
    completer = ShellComplete(main, {}, "convcalc", "_CONVCALC_COMPLETE")
    return [item.value for item in completer.get_completions(args, incomplete)]


def test_commands_and_options() -> None:
    assert {"sweep", "solve"} <= set(complete([], "s"))
    assert "--kernel" in complete(["solve"], "--ke")
    assert "--vary" in complete(["sweep", "x.yaml"], "--va")
    assert {"--set", "--no-diff"} <= set(complete(["check", "x.yaml"], "--"))


def test_layer_names_then_fields_for_check(spec: str) -> None:
    assert complete(["check", spec, "--set"], "con") == ["conv1.", "conv2."]
    fields = complete(["check", spec, "--set"], "conv1.")
    assert "conv1.stride" in fields and "conv1.kernel" in fields
    assert complete(["check", spec, "--set"], "conv1.st") == ["conv1.stride"]
    assert complete(["check", spec, "--set"], "pool.k") == ["pool.kernel"]


def test_explain_completes_layer_names(spec: str) -> None:
    assert complete(["explain", spec], "con") == ["conv1", "conv2"]
    calc = ["calc", "--input", "8x8x3", "conv:filters=4,kernel=3", "relu", "--explain"]
    assert complete(calc, "re") == ["relu1"]


def test_block_instances_complete_one_level_at_a_time(spec: str) -> None:
    assert complete(["check", spec, "--set"], "sta") == ["stage."]
    # The use's count (its block has no arguments) first, then its instances.
    assert complete(["check", spec, "--set"], "stage.") == ["stage.repeat", "stage.0.", "stage.1."]
    assert "stage.1.conv.stride" in complete(["check", spec, "--set"], "stage.1.conv.")


def test_input_paths(spec: str) -> None:
    assert complete(["check", spec, "--set"], "in") == ["input", "input.size", "input.channels"]


def test_sweep_vary_and_calc_set(spec: str) -> None:
    assert complete(["sweep", spec, "--vary"], "conv2.fil") == ["conv2.filters"]
    calc = ["calc", "--input", "32x32x3", "conv:filters=8,kernel=3", "relu", "--set"]
    assert complete(calc, "conv") == [
        "conv1.filters",
        "conv1.kernel",
        "conv1.stride",
        "conv1.padding",
        "conv1.dilation",
        "conv1.groups",
        "conv1.bias",
        "conv1.activation",
        "conv1.in_channels",
        "conv1.padding_mode",
    ]


def test_values_a_field_takes_as_words(spec: str) -> None:
    assert complete(["check", spec, "--set"], "conv1.padding=") == [
        "conv1.padding=valid",
        "conv1.padding=same",
        "conv1.padding=full",
        "conv1.padding=causal",
    ]
    assert complete(["check", spec, "--set"], "conv1.bias=f") == ["conv1.bias=false"]
    assert complete(["check", spec, "--set"], "conv1.padding_mode=r") == [
        "conv1.padding_mode=reflect",
        "conv1.padding_mode=replicate",
    ]
    assert complete(["check", spec, "--set"], "conv1.stride=") == []  # numbers are typed
    assert complete(["check", spec, "--set"], "nosuch.stride=") == []


def test_nothing_to_offer_is_quiet(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("layers: [", encoding="utf-8")
    assert complete(["check", str(broken), "--set"], "c") == []
    assert complete(["check", str(tmp_path / "missing.yaml"), "--set"], "c") == []
    assert complete(["check", "--set"], "c") == []  # no spec named yet
    assert complete(["check", str(tmp_path), "--set"], "c") == []  # a directory


def test_the_environment_variable_protocol(spec: str) -> None:
    # What the bash script sends: the words so far and the index of the word being completed.
    words = f"convcalc check {spec} --set conv1.st"
    result = CliRunner().invoke(
        main,
        [],
        prog_name="convcalc",
        env={
            "_CONVCALC_COMPLETE": "bash_complete",
            "COMP_WORDS": words,
            "COMP_CWORD": str(len(shlex.split(words)) - 1),
        },
    )
    assert result.exit_code == 0
    assert result.output.splitlines() == ["plain,conv1.stride"]


def test_bash_source_script() -> None:
    result = CliRunner().invoke(
        main, [], prog_name="convcalc", env={"_CONVCALC_COMPLETE": "bash_source"}
    )
    assert result.exit_code == 0
    assert "_CONVCALC_COMPLETE=bash_complete" in result.output


# --- help ends with real examples ------------------------------------------------------------

COMMANDS = ["check", "calc", "rules", "kinds", "schema", "sweep", "solve"]


def _examples(command: str) -> list[str]:
    """The examples at the end of `--help`, after the options; continued lines joined."""
    text = invoke(command, "--help").output
    at = text.rfind("Examples:")
    assert at > text.find("Options:") > 0, text
    examples: list[str] = []
    for line in text[at:].splitlines()[1:]:
        if examples and examples[-1].endswith("\\"):
            examples[-1] = examples[-1][:-1] + line.strip()
        elif line.strip():
            examples.append(line.strip())
    return examples


@pytest.mark.parametrize("command", COMMANDS)
def test_help_ends_with_examples_that_run(command: str, monkeypatch: pytest.MonkeyPatch) -> None:
    examples = _examples(command)
    assert len(examples) >= 2
    monkeypatch.chdir(ROOT)
    for example in examples:
        if any(mark in example for mark in "|>*") or not example.startswith("convcalc "):
            continue  # needs a shell; the rest run here
        words = shlex.split(example)
        result = invoke(*words[1:])
        assert result.exit_code in (0, 1), (example, result.output)


@pytest.mark.parametrize("command", ["sweep", "solve"])
def test_whatif_commands_have_two_or_three_examples(command: str) -> None:
    assert 2 <= len(_examples(command)) <= 3


@pytest.mark.parametrize("command", ["check", "calc"])
def test_help_shows_an_override_example(command: str) -> None:
    assert any("--set " in example for example in _examples(command))


def test_draw_rf_completes_layer_names() -> None:
    alexnet = str(ROOT / "specs/alexnet.yaml")
    assert complete(["draw", alexnet, "--rf"], "po") == ["pool1", "pool2", "pool5"]
