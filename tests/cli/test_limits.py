"""Every limit is one setting (option, configuration key, row in docs/integrations.md), checked
before the work it bounds, with a message naming it; and the audit's findings stay fixed
(regression tests)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import Result
from conftest import invoke

from convcalc.commands import sweep
from convcalc.core import limits
from convcalc.load.files import load_text

ROOT = Path(__file__).resolve().parents[2]
ALEXNET = str(ROOT / "specs/alexnet.yaml")


def assert_clean(result: Result, code: int) -> None:
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output


def write(tmp_path: Path, text: str, name: str = "spec.yaml") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def repeated(block_layers: str, repeat: int | str, after: str = "") -> str:
    return (
        "input: [8, 8, 3]\nblocks:\n  b:\n    layers:\n"
        + block_layers
        + f"layers:\n  - {{type: b, repeat: {repeat}}}\n"
        + after
    )


ONE_LAYER = "      - relu\n"
SWITCHED_OFF = "      - {type: relu, if: false}\n"
IN_ERROR = "      - {type: conv, filters: 8}\n"  # no kernel


# --- finding 1: Unicode digits in --set and --vary paths ---------------------------------------


@pytest.mark.parametrize("index", ["²", "٣", "３", "¹0"])
def test_unicode_digits_in_a_set_path_are_a_usage_error(index: str) -> None:
    result = invoke("check", ALEXNET, "--set", f"layers.{index}.kernel=3")
    assert_clean(result, 2)
    assert f"--set layers.{index}.kernel" in result.stderr


def test_unicode_digits_in_a_vary_path_are_a_usage_error() -> None:
    result = invoke("sweep", ALEXNET, "--vary", "layers.².kernel=3,5")
    assert_clean(result, 2)
    assert "no layer" in result.stderr


def test_unicode_digits_are_not_sizes() -> None:
    result = invoke("check", ALEXNET, "--set", "input=٢٢٧x٢٢٧x3")
    assert_clean(result, 2)
    assert "expected whole numbers" in result.stderr


# --- finding 2: the loader's internal skip never escapes; the layer limit is exact -------------


def test_more_top_level_layers_than_the_limit(tmp_path: Path) -> None:
    path = write(tmp_path, "input: [8, 8, 3]\nlayers:\n" + "  - relu\n" * 7)
    result = invoke("check", path, "--format", "concise", "--max-layers", "5")
    assert_clean(result, 1)
    assert "more than 5 layers after expanding blocks" in result.stdout
    assert "--max-layers" in result.stdout


def test_an_overflowing_block_followed_by_a_top_level_layer(tmp_path: Path) -> None:
    path = write(tmp_path, repeated(ONE_LAYER, 10, after="  - relu\n  - relu\n"))
    result = invoke("check", path, "--format", "concise", "--max-layers", "5")
    assert_clean(result, 1)
    assert result.stdout.count("CC016") == 1


def test_the_layer_limit_is_exact() -> None:
    network, problems = load_text(repeated(ONE_LAYER, limits.DEFAULT.layers), "at.yaml")
    assert network is not None and len(network.layers) == limits.DEFAULT.layers, problems
    network, problems = load_text(repeated(ONE_LAYER, limits.DEFAULT.layers + 1), "past.yaml")
    assert network is None
    assert [p.code for p in problems] == ["CC016"]


def test_a_split_into_more_pieces_than_the_limit_is_refused_at_its_line(tmp_path: Path) -> None:
    # Each piece is a layer: a billion chunks once built a billion names (and ran out of memory).
    path = write(
        tmp_path, "input: [8, 8, 4]\nlayers:\n  - relu\n  - {type: split, chunks: 1000000000}\n"
    )
    result = invoke("check", path, "--format", "concise")
    assert_clean(result, 1)
    assert f"{path}:4:5: CC016" in result.stdout
    assert "more than 20,000 layers after expanding blocks" in result.stdout
    assert "1,000,000,000 pieces" in result.stdout and "--max-layers" in result.stdout
    small = write(tmp_path, "input: [8, 8, 4]\nlayers:\n  - relu\n  - {type: split, chunks: 4}\n")
    assert "CC016" not in invoke("check", small, "--format", "concise", "--max-layers", "5").stdout
    refused = invoke("check", small, "--format", "concise", "--max-layers", "4")
    assert "more than 4 layers" in refused.stdout


# --- finding 3: repeats of blocks that expand to nothing, or to errors -------------------------


def test_a_huge_repeat_is_refused_before_any_repetition(tmp_path: Path) -> None:
    path = write(tmp_path, repeated(SWITCHED_OFF, 10**9))
    result = invoke("check", path, "--format", "concise")
    assert_clean(result, 1)
    assert "`repeat: 1000000000` is more than 20,000 repetitions" in result.stdout
    assert "--max-repeat" in result.stdout


def test_a_raised_repeat_limit_still_bounds_an_empty_expansion(tmp_path: Path) -> None:
    # Switched-off layers count toward max-layers: the repetitions stop there.
    path = write(tmp_path, repeated(SWITCHED_OFF, 10**9))
    result = invoke(
        "check", path, "--format", "concise", "--max-repeat", "1000000000", "--max-layers", "50"
    )
    assert_clean(result, 1)
    assert "more than 50 layers after expanding blocks" in result.stdout


def test_a_repeated_block_in_error_is_reported_once(tmp_path: Path) -> None:
    path = write(tmp_path, repeated(IN_ERROR, 1000))
    result = invoke("check", path, "--format", "concise")
    assert_clean(result, 1)
    assert result.stdout.count("CC002") == 1


# --- finding 4: undecodable bytes in values never reach the YAML parser -----------------------


def test_an_undecodable_byte_in_a_set_value() -> None:
    result = invoke("check", ALEXNET, "--set", "conv1.kernel=\udcff")
    assert_clean(result, 2)
    assert "\\xff" in result.stderr or "\\udcff" in result.stderr


def test_an_undecodable_byte_in_a_vary_value() -> None:
    result = invoke("sweep", ALEXNET, "--vary", "conv1.kernel=3,\udcff")
    assert_clean(result, 2)


def test_an_undecodable_byte_in_a_calc_field() -> None:
    result = invoke(
        "calc", "--input", "8x8x3", "conv:filters=\udcff,kernel=3", "--format", "concise"
    )
    assert_clean(result, 1)
    assert "CC004" in result.stdout


# --- finding 5: messages with undecodable argv under a strict UTF-8 stdout ---------------------


@pytest.mark.skipif(os.name != "posix", reason="argv bytes are a POSIX matter")
@pytest.mark.parametrize("arguments", [[b"calc", b"--input", b"8x8x3", b"\xff"], [b"\xff"]])
def test_undecodable_argv_under_a_strict_utf8_stdout(arguments: list[bytes]) -> None:
    environment = {**os.environ, "PYTHONIOENCODING": "utf-8:strict", "LC_ALL": "C.UTF-8"}
    done = subprocess.run(
        [sys.executable.encode(), b"-m", b"convcalc", *arguments],
        capture_output=True,
        env=environment,
        timeout=60,
        check=False,
    )
    output = done.stdout + done.stderr
    assert done.returncode in (1, 2), output
    assert b"Traceback" not in output
    assert b"\xff" not in output  # escaped, never the raw byte


# --- every limit: an option, a configuration key, a message that names it ----------------------


def test_every_limit_has_an_option_on_check_and_a_row_in_the_docs() -> None:
    help_text = invoke("check", "--help").stdout
    readme = (ROOT / "docs/integrations.md").read_text(encoding="utf-8")
    for limit in limits.LIMITS:
        if limit.attribute != "solve_settings":
            assert limit.option in help_text
        assert f"| `{limit.option} N` | `{limit.key}` |" in readme
    assert "--max-solve-settings" in invoke("solve", "--help").stdout


def test_a_limit_from_the_configuration(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".convcalc.yaml").write_text("max-layers: 2\n", encoding="utf-8")
    path = write(tmp_path, "input: [8, 8, 3]\nlayers: [relu, relu, relu]\n")
    monkeypatch.chdir(tmp_path)
    result = invoke("check", path, "--format", "concise")
    assert_clean(result, 1)
    assert "more than 2 layers" in result.stdout
    # The command line wins over the file.
    assert_clean(invoke("check", path, "--format", "concise", "--max-layers", "3"), 0)


@pytest.mark.parametrize("value", ["0", "-1", "true", "'ten'", "1000000001"])
def test_a_limit_of_the_wrong_type_in_the_configuration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    (tmp_path / ".convcalc.yaml").write_text(f"max-repeat: {value}\n", encoding="utf-8")
    path = write(tmp_path, "input: [8, 8, 3]\nlayers: [relu]\n")
    monkeypatch.chdir(tmp_path)
    result = invoke("check", path)
    assert_clean(result, 2)
    assert "`max-repeat` must be a whole number from 1 to 1,000,000,000" in result.stderr


def test_file_size_limit(tmp_path: Path) -> None:
    path = write(tmp_path, "input: [8, 8, 3]\nlayers: [relu]\n" + "#" * 2000 + "\n")
    result = invoke("check", path, "--format", "concise", "--max-file-bytes", "1000")
    assert_clean(result, 1)
    assert "larger than 1,000 bytes" in result.stdout and "--max-file-bytes" in result.stdout


def test_yaml_node_and_digit_limits(tmp_path: Path) -> None:
    path = write(tmp_path, "input: [8, 8, 3]\nlayers: [relu, relu, relu, relu]\n")
    result = invoke("check", path, "--format", "concise", "--max-yaml-nodes", "5")
    assert_clean(result, 1)
    assert "more than 5 YAML nodes" in result.stdout and "--max-yaml-nodes" in result.stdout
    path = write(tmp_path, "input: [8, 8, 123456]\nlayers: [relu]\n")
    result = invoke("check", path, "--format", "concise", "--max-digits", "5")
    assert_clean(result, 1)
    assert "6 digits" in result.stdout and "--max-digits" in result.stdout
    result = invoke("check", ALEXNET, "--set", "conv1.kernel=123456x3", "--max-digits", "5")
    assert_clean(result, 2)


def test_block_depth_limit(tmp_path: Path) -> None:
    text = (
        "input: [8, 8, 3]\nblocks:\n"
        "  a: {layers: [relu]}\n  b: {layers: [{type: a}]}\n  c: {layers: [{type: b}]}\n"
        "layers: [{type: c}]\n"
    )
    path = write(tmp_path, text)
    assert_clean(invoke("check", path, "--format", "concise"), 0)
    result = invoke("check", path, "--format", "concise", "--max-block-depth", "2")
    assert_clean(result, 1)
    assert "nested deeper than 2 levels" in result.stdout


# The fast loop checks the refusal and its message just over the limit; the full size (about 2 s)
# shows it comes before the work: 90,000 values repeated 20,000 times would never finish.
@pytest.mark.parametrize(
    ("values_count", "repeat"), [(1_001, 20), pytest.param(90_000, 20_000, marks=pytest.mark.slow)]
)
def test_a_huge_block_argument_is_refused_before_it_is_repeated(
    tmp_path: Path, values_count: int, repeat: int
) -> None:
    values = ", ".join(["1"] * values_count)
    text = (
        "input: [8, 8, 3]\nblocks:\n  b:\n    args: {k: 1}\n"
        "    layers: [{type: conv, filters: 4, kernel: $k}]\n"
        f"layers:\n  - {{type: b, repeat: {repeat}, k: [{values}]}}\n"
    )
    result = invoke("check", write(tmp_path, text), "--format", "concise")
    assert_clean(result, 1)
    assert "argument `k` of block `b` holds more than 1,000 values" in result.stdout
    assert "--max-block-argument-nodes" in result.stdout


@pytest.mark.parametrize(
    "layer",
    [
        "{type: upsample, scale: 1.0e+300}",
        "{type: conv_transpose, filters: 3, kernel: 1, stride: " + "9" * 999 + "}",
    ],
)
# 200 repeats pass the digit limit on the way (each layer multiplies the size by at least 10^300);
# 20,000 (about 2.5 s each) show the rest of the net is not computed once it is reached.
@pytest.mark.parametrize("repeat", [200, pytest.param(20_000, marks=pytest.mark.slow)])
def test_computed_sizes_are_bounded(tmp_path: Path, layer: str, repeat: int) -> None:
    path = write(tmp_path, repeated(f"      - {layer}\n", repeat))
    result = invoke("check", path, "--format", "concise")
    assert_clean(result, 1)
    assert "computes a number with more than 10,000 digits" in result.stdout
    assert result.stdout.count("CC010") == 1
    assert "--max-computed-digits" in result.stdout


def test_the_grid_is_refused_before_any_value_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    read: list[str] = []
    real = sweep.parse_override

    def counting(*args: object, **kwargs: object) -> object:
        read.append("one")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(sweep, "parse_override", counting)
    vary = [arg for index in range(240) for arg in ("--vary", f"layers.{index}.kernel=1,2")]
    result = invoke("sweep", ALEXNET, *vary)
    assert_clean(result, 2)
    assert "combinations; at most 10,000" in result.stderr and "--max-combinations" in result.stderr
    assert read == []
    result = invoke("sweep", ALEXNET, "--vary", "conv1.kernel=1:30", "--max-combinations", "20")
    assert_clean(result, 2)
    assert "more than 20 values" in result.stderr


def test_solve_stops_at_its_bound_and_says_so() -> None:
    arguments = ["solve", "--input", "224", "--dilation", "any", "--limit", "0", "--format", "json"]
    result = invoke(*arguments, "--max-solve-settings", "50")
    assert_clean(result, 0)
    answer = json.loads(result.stdout)
    assert answer["stopped"] is True and answer["found"] == 50 and len(answer["settings"]) == 50
    result = invoke("solve", "--input", "224", "--kernel", "3", "--format", "json")
    assert json.loads(result.stdout)["stopped"] is False
    result = invoke("solve", "--input", "224", "--dilation", "any", "--max-solve-settings", "50")
    assert "the search stopped after 50 settings" in " ".join(result.stdout.split())


def test_a_long_argument_is_not_echoed_whole() -> None:
    long_value = "x" * 100_000
    for arguments in (
        ["check", ALEXNET, "--set", f"conv1.kernel={long_value}"],
        ["check", ALEXNET, "--set", f"{long_value}.kernel=3"],
        ["sweep", ALEXNET, "--vary", f"conv1.kernel=1,{long_value}"],
    ):
        result = invoke(*arguments)
        assert_clean(result, 2)
        assert len(result.stderr) < 2_000 and "more characters" in result.stderr
    result = invoke("calc", "--input", "8x8x3", f"conv:filters={long_value},kernel=3")
    assert_clean(result, 1)
    assert len(result.stdout) < 5_000


def test_a_long_argument_in_a_click_usage_error_is_cut() -> None:
    result = invoke("check", "--max-layers", "x" * 100_000, ALEXNET)
    assert_clean(result, 2)
    assert len(result.stderr) < 2_000 and "more characters" in result.stderr


def test_a_large_layer_in_a_repeated_block_is_refused_once(tmp_path: Path) -> None:
    values = ", ".join(["1"] * 5_000)
    text = repeated(f"      - {{type: conv, filters: 4, kernel: [{values}]}}\n", 20_000)
    result = invoke("check", write(tmp_path, text), "--format", "concise")
    assert_clean(result, 1)
    assert result.stdout.count("CC016") == 1
    assert ":5:9: CC016 error a layer in a block holds more than 1,000 values" in result.stdout
