"""The command line: commands, formats, options, exit codes and the JSON contract.

Expected numbers come from the textbook formula (W − F + 2P)/S + 1 worked by hand in the
comments, or from the articles' worked examples; never from convcalc's own output.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from conftest import invoke as run_convcalc

ANSI = re.compile(r"\x1b\[[0-9;]*m")
# SGR colour parameters: 30-37, 90-97 foreground, 38;… extended (not bold 1, dim 2 or reset 0).
COLOUR_SGR = re.compile(r"\x1b\[(?:[0-9;]*;)?(?:3[0-8]|9[0-7])(?:;[0-9;]*)?m")

ALEXNET_CONV1_227 = (
    "input: [227, 227, 3]\nlayers:\n  - {type: conv, filters: 96, kernel: 11, stride: 4}\n"
)
ALEXNET_CONV1_224 = (
    "input: [224, 224, 3]\nlayers:\n  - {type: conv, filters: 96, kernel: 11, stride: 4}\n"
)
RESNET_STEM = (
    "input: [224, 224, 3]\nlayers:\n"
    "  - {type: conv, filters: 64, kernel: 7, stride: 2, padding: 3}\n"
)
ALEXNET_CONV1_CHW = (
    "layout: chw\ninput: [3, 227, 227]\nlayers:\n"
    "  - {type: conv, filters: 96, kernel: 11, stride: 4}\n"
)
CEIL_POOL = "input: [7, 7, 8]\nlayers:\n  - {type: maxpool, kernel: 2, ceil_mode: true}\n"
KERNEL_TOO_BIG = "input: [4, 4, 3]\nlayers:\n  - {type: conv, filters: 8, kernel: 5}\n"


def invoke(*args: str, stdin: str | bytes | None = None, **env: str | None) -> Result:
    """conftest's `invoke`, except that `check` without `--format` gets `--format table`: these
    tests are about the table a terminal shows; the piped default (concise) is tested in
    tests/report/test_formats.py."""
    arguments = list(args)
    if arguments[:1] == ["check"] and not any(a.startswith("--format") for a in arguments):
        arguments[1:1] = ["--format", "table"]
    return run_convcalc(*arguments, stdin=stdin, **env)


def reports(*args: str, stdin: str | None = None) -> list[dict[str, Any]]:
    result = invoke(*args, "--format", "json", stdin=stdin)
    payload = json.loads(result.stdout)
    assert isinstance(payload, list)
    return payload


@pytest.fixture
def spec(tmp_path: Path):
    """Write a spec file and return its path as text."""

    def write(text: str, name: str = "net.yaml") -> str:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return str(path)

    return write


# --- top-level commands -------------------------------------------------------------------


def test_version_prints_the_installed_version() -> None:
    result = invoke("--version")
    assert result.exit_code == 0
    assert version("convcalc") in result.stdout


def test_short_help_lists_every_command() -> None:
    result = invoke("-h")
    assert result.exit_code == 0
    for command in ("check", "calc", "rules", "kinds"):
        assert re.search(rf"^\s+{command}\s", result.stdout, re.MULTILINE), command


def test_short_help_works_on_a_subcommand() -> None:
    result = invoke("check", "-h")
    assert result.exit_code == 0
    assert "--strict" in result.stdout


def test_rules_lists_codes_and_marks_the_strict_ones() -> None:
    result = invoke("rules")
    assert result.exit_code == 0
    lines = {line.split()[0]: line for line in result.stdout.splitlines() if line.strip()}
    for code in ("CC103", "CC104", "CC105"):
        assert "error with --strict" in lines[code]
    assert "error with --strict" not in lines["CC101"]
    assert {"CC001", "CC005", "CC008", "CC101", "CC204"} <= set(lines)


def test_rules_code_explains_one_rule() -> None:
    result = invoke("rules", "CC103")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == "CC103 unread-input (warning)"
    assert "Example:" in result.stdout


def test_rules_code_is_case_insensitive() -> None:
    assert invoke("rules", "cc104").stdout.startswith("CC104 ")


def test_rules_unknown_code_exits_2() -> None:
    result = invoke("rules", "CC999")
    assert result.exit_code == 2
    assert "CC999" in result.stderr


def test_kinds_lists_kinds_with_their_aliases_and_fields() -> None:
    result = invoke("kinds")
    assert result.exit_code == 0
    text = result.stdout
    assert re.search(r"^conv: ", text, re.MULTILINE)
    assert re.search(r"^dense: ", text, re.MULTILINE)
    assert "conv2d" in text
    assert "linear" in text
    assert re.search(r"^\s+kernel \(required\).*kernel_size", text, re.MULTILINE)


# --- exit codes ---------------------------------------------------------------------------


def test_clean_spec_exits_0(spec) -> None:
    assert invoke("check", spec(ALEXNET_CONV1_227)).exit_code == 0


def test_warnings_only_exit_0(spec) -> None:
    result = invoke("check", spec(ALEXNET_CONV1_224))
    assert result.exit_code == 0
    assert "CC103 warning" in result.stdout


def test_any_error_exits_1(spec) -> None:
    assert invoke("check", spec(KERNEL_TOO_BIG)).exit_code == 1


def test_one_bad_file_among_good_ones_exits_1(spec) -> None:
    good = spec(ALEXNET_CONV1_227, "good.yaml")
    bad = spec(KERNEL_TOO_BIG, "bad.yaml")
    assert invoke("check", good, bad).exit_code == 1


def test_missing_file_exits_2_with_a_message(tmp_path: Path) -> None:
    missing = str(tmp_path / "nope.yaml")
    result = invoke("check", missing)
    assert result.exit_code == 2
    assert "nope.yaml" in result.stderr
    assert "Traceback" not in result.output


def test_missing_file_still_reports_the_others_and_exits_2(spec, tmp_path: Path) -> None:
    good = spec(ALEXNET_CONV1_227, "good.yaml")
    result = invoke("check", str(tmp_path / "nope.yaml"), good)
    assert result.exit_code == 2
    assert "good.yaml" in result.stdout
    assert "55×55×96" in result.stdout


def test_directory_exits_2(tmp_path: Path) -> None:
    result = invoke("check", str(tmp_path))
    assert result.exit_code == 2
    assert "directory" in result.stderr


def test_no_arguments_exits_2() -> None:
    assert invoke().exit_code == 2


def test_check_without_files_exits_2() -> None:
    assert invoke("check").exit_code == 2


def test_bad_option_exits_2(spec) -> None:
    assert invoke("check", "--bogus", spec(ALEXNET_CONV1_227)).exit_code == 2


def test_bad_format_choice_exits_2(spec) -> None:
    assert invoke("check", "--format", "xml", spec(ALEXNET_CONV1_227)).exit_code == 2


def test_calc_without_input_exits_2() -> None:
    result = invoke("calc", "conv:filters=8,kernel=3")
    assert result.exit_code == 2
    assert "--input" in result.stderr


# --- check: table format ------------------------------------------------------------------


def test_table_shows_alexnet_conv1_shape_and_params(spec) -> None:
    # (227 − 11 + 0)/4 + 1 = 55; weights 11·11·3·96 = 34,848, + 96 biases = 34,944
    out = invoke("check", "--wide", spec(ALEXNET_CONV1_227)).stdout
    assert "55×55×96" in out
    assert "34,848" in out
    assert "34,944" in out


def test_table_has_a_totals_row(spec) -> None:
    out = invoke("check", spec(ALEXNET_CONV1_227)).stdout
    (total,) = [line for line in out.splitlines() if line.split()[:1] == ["total"]]
    assert "55×55×96" in total
    assert "34,944" in total


def test_table_diagnostic_line_and_hint_format(spec) -> None:
    path = spec(ALEXNET_CONV1_224)
    lines = invoke("check", path).stdout.splitlines()
    # The layer mapping starts at line 3, column 5 (after "  - ").
    prefix = f"{path}:3:5 CC103 warning conv1: "
    (index,) = [i for i, line in enumerate(lines) if line.startswith(prefix)]
    # The source line with a caret under column 5 (tests/report/test_table.py), then the hint.
    assert lines[index + 2].startswith(" 3 |   - {type: conv")
    assert lines[index + 4].startswith("    hint: ")


def test_table_long_diagnostic_is_not_wrapped_when_piped(spec) -> None:
    path = spec(ALEXNET_CONV1_224)
    # No COLUMNS at all: a console that guessed a width would fall back to 80 here.
    lines = invoke("check", path, COLUMNS=None).stdout.splitlines()
    (line,) = [line for line in lines if " CC103 " in line]
    assert len(line) > 80
    assert line.startswith(f"{path}:3:5 CC103 warning conv1: ")
    assert line.rstrip().endswith("never read")


def test_table_shows_the_224_remainder_as_a_warning_about_unread_input(spec) -> None:
    # (224 − 11 + 0)/4 + 1 = 54.25 -> 54: the last row and column are never read
    out = invoke("check", spec(ALEXNET_CONV1_224)).stdout
    assert "54×54×96" in out
    assert "54.25" in out


def test_table_resnet_stem_remainder_is_info_not_warning(spec) -> None:
    # (224 − 7 + 6)/2 + 1 = 112.5 -> 112: what the floor drops is only padding
    path = spec(RESNET_STEM)
    out = invoke("check", path).stdout
    assert "112×112×64" in out
    assert f"{path}:3:5 CC104 info conv1: " in out
    assert not re.search(r" CC\d{3} warning ", out)
    assert "0 errors, 0 warnings, 1 info" in out


def test_layer_name_with_markup_is_shown_literally(spec) -> None:
    text = (
        "input: [8, 8, 3]\nlayers:\n"
        '  - {type: conv, name: "[bold]", filters: 2, kernel: 3}\n'
        '  - {type: conv, name: "[red]x[/red]", filters: 2, kernel: 30}\n'
    )
    out = invoke("check", spec(text), NO_COLOR="1").stdout
    assert "[bold]" in out
    assert "[red]x[/red]" in out
    assert " CC101 error [red]x[/red]: " in out


def test_unknown_kind_with_markup_is_shown_literally(spec) -> None:
    text = 'input: [8, 8, 3]\nlayers:\n  - {type: "[red]x[/red]"}\n'
    out = invoke("check", spec(text), NO_COLOR="1").stdout
    assert "`[red]x[/red]`" in out


def test_spec_name_with_markup_is_shown_literally(spec) -> None:
    text = 'name: "[bold]net"\ninput: [8, 8, 3]\nlayers: [relu]\n'
    assert "[bold]net" in invoke("check", spec(text), NO_COLOR="1").stdout


def test_several_files_are_each_reported_with_a_summary(spec) -> None:
    first = spec(ALEXNET_CONV1_227, "first.yaml")
    second = spec(KERNEL_TOO_BIG, "second.yaml")
    out = invoke("check", first, second).stdout
    assert out.index("first.yaml") < out.index("second.yaml")
    assert "in 1 of 2 files" in out


# --- check: JSON format -------------------------------------------------------------------


def test_json_is_an_array_of_reports_with_the_documented_keys(spec) -> None:
    (report,) = reports("check", spec(ALEXNET_CONV1_224))
    assert {"file", "name", "layout", "input", "layers", "totals", "diagnostics"} <= set(report)
    (layer,) = report["layers"]
    assert {"name", "type", "output", "weights", "biases", "params", "buffers"} <= set(layer)
    assert set(layer["receptive_field"]) == {"size", "jump", "padding", "global"}
    (diagnostic,) = report["diagnostics"]
    assert {"code", "severity", "layer", "message", "hint", "line", "column"} <= set(diagnostic)


def test_json_values_for_alexnet_conv1(spec) -> None:
    (report,) = reports("check", spec(ALEXNET_CONV1_227))
    assert report["input"] == [227, 227, 3]
    assert report["layout"] == "hwc"
    (layer,) = report["layers"]
    assert (layer["name"], layer["type"]) == ("conv1", "conv")
    assert layer["output"] == [55, 55, 96]
    assert (layer["weights"], layer["biases"], layer["params"]) == (34_848, 96, 34_944)
    # The first layer's receptive field is its kernel; the jump is its stride.
    assert layer["receptive_field"] == {
        "size": [11, 11],
        "jump": [4, 4],
        "padding": [0, 0],
        "global": False,
    }
    assert report["diagnostics"] == []


def test_json_diagnostic_location_is_1_based(spec) -> None:
    (report,) = reports("check", spec(ALEXNET_CONV1_224))
    (diagnostic,) = report["diagnostics"]
    assert (diagnostic["code"], diagnostic["severity"], diagnostic["layer"]) == (
        "CC103",
        "warning",
        "conv1",
    )
    assert (diagnostic["line"], diagnostic["column"]) == (3, 5)
    assert diagnostic["hint"]


def test_json_params_are_weights_plus_biases(spec) -> None:
    text = (
        "input: [32, 32, 1]\nlayers:\n"
        "  - {type: conv, filters: 6, kernel: 5}\n"
        "  - {type: conv, filters: 4, kernel: 3, bias: false}\n"
        "  - batchnorm\n  - flatten\n  - {type: dense, units: 10}\n"
    )
    (report,) = reports("check", spec(text))
    for layer in report["layers"]:
        assert layer["params"] == layer["weights"] + layer["biases"], layer["name"]
    totals = report["totals"]
    assert totals["params"] == totals["weights"] + totals["biases"]


def test_json_receptive_field_is_absent_after_flatten(spec) -> None:
    text = "input: [8, 8, 3]\nlayers:\n  - {type: conv, filters: 2, kernel: 3}\n  - flatten\n"
    (report,) = reports("check", spec(text))
    conv, flatten = report["layers"]
    assert "receptive_field" in conv
    assert "receptive_field" not in flatten
    # flatten: (8 − 3)/1 + 1 = 6, so 6·6·2 = 72 features
    assert flatten["output"] == [72]


def test_json_numbers_are_never_floats(spec) -> None:
    def no_floats(text: str) -> float:
        raise AssertionError(f"float in JSON output: {text}")

    text = (
        "input: [224, 224, 3]\nlayers:\n"
        "  - {type: conv, filters: 96, kernel: 11, stride: 4}\n"
        "  - {type: dropout, rate: 0.5}\n  - {type: leaky_relu, negative_slope: 0.2}\n"
        "  - {type: maxpool, kernel: 3, stride: 2, ceil_mode: true}\n"
        "  - batchnorm\n  - flatten\n  - {type: dense, units: 10}\n"
    )
    out = invoke("check", "--format", "json", spec(text)).stdout
    payload = json.loads(out, parse_float=no_floats)
    assert payload[0]["layers"]


def test_json_several_files_give_one_report_each_in_order(spec) -> None:
    first = spec(KERNEL_TOO_BIG, "b_first.yaml")
    second = spec(ALEXNET_CONV1_227, "a_second.yaml")
    payload = reports("check", first, second)
    assert [report["file"] for report in payload] == [first, second]


def test_json_report_for_a_spec_that_did_not_load_keeps_the_keys(spec) -> None:
    (report,) = reports("check", spec("- just\n- a list\n"))
    assert {"file", "name", "layout", "input", "layers", "totals", "diagnostics"} <= set(report)
    assert report["layers"] == []
    assert [d["code"] for d in report["diagnostics"]] == ["CC008"]


def test_json_output_is_exact_for_a_10_to_the_30_input() -> None:
    # (10^30 − 3 + 0)/1 + 1 = 10^30 − 2, exactly
    (report,) = reports(
        "calc", "--input", "1000000000000000000000000000000x3", "conv1d:filters=1,kernel=3"
    )
    assert report["layers"][0]["output"] == [10**30 - 2, 1]


# --- stdin ----------------------------------------------------------------------------------


def test_dash_reads_the_spec_from_stdin() -> None:
    (report,) = reports("check", "-", stdin=ALEXNET_CONV1_227)
    assert report["file"] == "<stdin>"
    assert report["layers"][0]["output"] == [55, 55, 96]


def test_stdin_table_names_the_source() -> None:
    result = invoke("check", "-", stdin=KERNEL_TOO_BIG)
    assert result.exit_code == 1
    assert "<stdin>:3:5 CC101 error conv1: " in result.stdout


# --- --strict -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        (ALEXNET_CONV1_224, "CC103"),  # (224 − 11)/4 + 1 = 54.25, real pixels unread
        (RESNET_STEM, "CC104"),  # (224 − 7 + 6)/2 + 1 = 112.5, only padding left over
        (CEIL_POOL, "CC105"),  # ceil((7 − 2)/2) + 1 = 4, last window partial
    ],
)
def test_strict_turns_a_remainder_into_an_error(spec, text: str, code: str) -> None:
    path = spec(text)
    assert invoke("check", path).exit_code == 0
    result = invoke("check", "--strict", path)
    assert result.exit_code == 1
    assert f" {code} error " in result.stdout


def test_strict_leaves_an_exact_spec_clean(spec) -> None:
    assert invoke("check", "--strict", spec(ALEXNET_CONV1_227)).exit_code == 0


# --- --layout -------------------------------------------------------------------------------


def test_layout_chw_changes_the_table_display_order(spec) -> None:
    out = invoke("check", "--layout", "chw", spec(ALEXNET_CONV1_227)).stdout
    assert "96×55×55" in out
    assert "3×227×227" in out
    assert "55×55×96" not in out


def test_layout_chw_changes_the_json_display_order(spec) -> None:
    (report,) = reports("check", "--layout", "chw", spec(ALEXNET_CONV1_227))
    assert report["layout"] == "chw"
    assert report["layers"][0]["output"] == [96, 55, 55]


def test_layout_option_does_not_change_how_a_spec_input_is_read(spec) -> None:
    # the spec says hwc; --layout chw only changes how shapes are written
    (report,) = reports("check", "--layout", "chw", spec(ALEXNET_CONV1_227))
    assert report["diagnostics"] == []
    assert report["layers"][0]["weights"] == 34_848


def test_spec_layout_chw_is_displayed_channels_first(spec) -> None:
    (report,) = reports("check", spec(ALEXNET_CONV1_CHW))
    assert report["layers"][0]["output"] == [96, 55, 55]


def test_layout_hwc_overrides_a_chw_spec_for_display(spec) -> None:
    (report,) = reports("check", "--layout", "hwc", spec(ALEXNET_CONV1_CHW))
    assert report["layers"][0]["output"] == [55, 55, 96]


def test_calc_layout_chw_reads_the_input_channels_first() -> None:
    (report,) = reports(
        "calc", "--layout", "chw", "--input", "3x227x227", "conv:filters=96,kernel=11,stride=4"
    )
    assert report["layers"][0]["output"] == [96, 55, 55]
    assert report["layers"][0]["weights"] == 34_848


# --- --color --------------------------------------------------------------------------------


def test_color_always_emits_ansi_escapes(spec) -> None:
    out = invoke("check", "--color", "always", spec(KERNEL_TOO_BIG), NO_COLOR=None).stdout
    assert COLOUR_SGR.search(out)


def test_color_always_overrides_no_color(spec) -> None:
    # `--color` help: "NO_COLOR is honoured in auto" — an explicit `always` wins.
    out = invoke("check", "--color", "always", spec(KERNEL_TOO_BIG), NO_COLOR="1").stdout
    assert COLOUR_SGR.search(out)


def test_color_never_emits_no_escapes_when_piped(spec) -> None:
    out = invoke("check", "--color", "never", spec(KERNEL_TOO_BIG), NO_COLOR=None).stdout
    assert "\x1b[" not in out


def test_color_always_output_is_not_wrapped_when_piped(spec) -> None:
    name = "L" * 250
    text = f"input: [8, 8, 3]\nlayers:\n  - {{type: relu, name: {name}}}\n"
    out = invoke("check", "--color", "always", spec(text)).stdout
    assert name in ANSI.sub("", out)


def run_on_a_terminal(*args: str, no_color: bool) -> bytes:
    """convcalc's output when standard output is a terminal (a pseudo-terminal)."""
    pty = pytest.importorskip("pty")
    master, slave = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    env.update(COLUMNS="200", TERM="xterm-256color")
    if no_color:
        env["NO_COLOR"] = "1"
    process = subprocess.Popen(
        [sys.executable, "-m", "convcalc", *args],
        stdin=subprocess.DEVNULL,
        stdout=slave,
        stderr=slave,
        env=env,
    )
    os.close(slave)
    output = b""
    try:
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the terminal closed
                break
            if not chunk:
                break
            output += chunk
    finally:
        process.wait(timeout=30)
        os.close(master)
    return output


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_color_never_emits_no_escapes_on_a_terminal(spec) -> None:
    output = run_on_a_terminal("check", "--color", "never", spec(KERNEL_TOO_BIG), no_color=False)
    assert b"CC101" in output
    assert b"\x1b[" not in output


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_no_color_emits_no_escapes_on_a_terminal(spec) -> None:
    output = run_on_a_terminal("check", spec(KERNEL_TOO_BIG), no_color=True)
    assert b"CC101" in output
    assert b"\x1b[" not in output


# --- calc -----------------------------------------------------------------------------------


def test_calc_table_shows_alexnet_conv1() -> None:
    result = invoke("calc", "--input", "227x227x3", "conv:filters=96,kernel=11,stride=4")
    assert result.exit_code == 0
    assert "55×55×96" in result.stdout
    assert "34,944" in result.stdout


@pytest.mark.parametrize(
    ("input_shape", "layers", "output", "weights", "codes"),
    [
        # (11 − 5 + 0)/2 + 1 = 4; 5·5·4 = 100 weights per filter, 2 filters
        ("11x11x4", ["conv:filters=2,kernel=5,stride=2"], [4, 4, 2], 200, []),
        # (380 − 5)/1 + 1 = 376, (512 − 5)/1 + 1 = 508; 5·5·3 = 75 weights per filter
        ("380x512x3", ["conv:filters=3,kernel=5"], [376, 508, 3], 225, []),
        # 2/2 max pooling on the same volume: (380 − 2)/2 + 1 = 190, (512 − 2)/2 + 1 = 256
        ("380x512x3", ["maxpool:kernel=2,stride=2"], [190, 256, 3], 0, []),
        # 3·3·20 = 180 weights per filter
        ("16x16x20", ["conv:filters=1,kernel=3"], [14, 14, 1], 180, []),
        # 1-D: (7 − 3)/2 + 1 = 3, exact
        ("7x1", ["conv1d:filters=1,kernel=3,stride=2"], [3, 1], 3, []),
        # 1-D: (10 − 3)/2 + 1 = 4.5 -> 4, the last position is never read
        ("10x1", ["conv1d:filters=1,kernel=3,stride=2"], [4, 1], 3, ["CC103"]),
        # 1-D: (5 − 3 + 2)/3 + 1 = 2.33 -> 2, what is dropped is only padding
        ("5x1", ["conv1d:filters=1,kernel=3,stride=3,padding=1"], [2, 1], 3, ["CC104"]),
        # ResNet stem: (224 − 7 + 6)/2 + 1 = 112.5 -> 112; 7·7·3·64 = 9,408
        (
            "224x224x3",
            ["conv:filters=64,kernel=7,stride=2,padding=3"],
            [112, 112, 64],
            9_408,
            ["CC104"],
        ),
    ],
)
def test_calc_worked_examples(
    input_shape: str, layers: list[str], output: list[int], weights: int, codes: list[str]
) -> None:
    (report,) = reports("calc", "--input", input_shape, *layers)
    assert report["totals"]["output"] == output
    assert report["totals"]["weights"] == weights
    assert [d["code"] for d in report["diagnostics"]] == codes
