"""Layers written as command-line arguments: `kind:field=value,...` and `--input`."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import Result
from conftest import invoke

from convcalc.core.diagnostics import Diagnostic
from convcalc.core.specs import LayerSpec
from convcalc.load.files import load_arguments


def layers(*arguments: str, input_text: str = "8x8x3") -> tuple[LayerSpec, ...]:
    network, found = load_arguments(input_text, arguments, "hwc")
    assert found == []
    assert network is not None
    return network.layers


def only(*arguments: str, input_text: str = "8x8x3") -> Diagnostic:
    network, found = load_arguments(input_text, arguments, "hwc")
    assert network is None
    (diagnostic,) = found
    return diagnostic


def calc(*args: str) -> Result:
    return invoke("calc", *args)


def calc_json(*args: str) -> dict:
    result = calc("--format", "json", *args)
    (report,) = json.loads(result.stdout)
    return report


# --- values -------------------------------------------------------------------------------


def test_bare_kind_takes_its_defaults() -> None:
    (layer,) = layers("relu")
    assert layer.kind == "relu"
    assert layer.name == "relu1"


def test_kernel_per_dimension_with_x() -> None:
    (layer,) = layers("conv:filters=2,kernel=3x5")
    assert layer.fields["kernel"] == (3, 5)


def test_kernel_3x5_gives_per_dimension_output_sizes() -> None:
    # rows (11 − 3)/1 + 1 = 9, columns (11 − 5)/1 + 1 = 7
    report = calc_json("--input", "11x11x1", "conv:filters=2,kernel=3x5")
    assert report["layers"][0]["output"] == [9, 7, 2]


def test_padding_pairs_keep_their_commas() -> None:
    (layer,) = layers("conv:filters=2,kernel=3,padding=[[1,2],[0,1]]")
    assert layer.fields["padding"] == ((1, 2), (0, 1))
    assert layer.fields["kernel"] == 3


def test_padding_pairs_give_the_expected_output() -> None:
    # rows (8 − 3 + 1 + 2)/1 + 1 = 9, columns (8 − 3 + 0 + 1)/1 + 1 = 7
    report = calc_json("--input", "8x8x3", "conv:filters=2,kernel=3,padding=[[1,2],[0,1]]")
    assert report["layers"][0]["output"] == [9, 7, 2]


def test_bias_false_is_a_boolean() -> None:
    (layer,) = layers("conv:filters=2,kernel=3,bias=false")
    assert layer.fields["bias"] is False


def test_bias_false_means_no_biases() -> None:
    # 3·3·3 = 27 weights per filter, 2 filters, and no biases
    report = calc_json("--input", "8x8x3", "conv:filters=2,kernel=3,bias=false")
    layer = report["layers"][0]
    assert (layer["weights"], layer["biases"], layer["params"]) == (54, 0, 54)


def test_spaces_around_names_and_values_are_ignored() -> None:
    (layer,) = layers("conv: filters = 2 , kernel = 3")
    assert (layer.fields["filters"], layer.fields["kernel"]) == (2, 3)


def test_aliases_work_on_the_command_line() -> None:
    (layer,) = layers("Conv2d:out_channels=4,kernel_size=3,strides=2")
    assert layer.kind == "conv"
    assert (layer.fields["filters"], layer.fields["kernel"], layer.fields["stride"]) == (4, 3, 2)


def test_padding_keyword() -> None:
    (layer,) = layers("conv:filters=2,kernel=3,padding=same")
    assert layer.fields["padding"] == "same"


# --- problems point at layer n --------------------------------------------------------------


def test_missing_equals_is_a_clean_error_at_its_layer() -> None:
    diagnostic = only("relu", "conv:filters=2,kernel")
    assert diagnostic.code == "CC004"
    assert diagnostic.location is not None
    assert diagnostic.location.argument == 1
    assert str(diagnostic.location) == "layer 1"
    assert "kernel" in diagnostic.message
    assert diagnostic.hint


def test_missing_field_name_is_a_clean_error_at_its_layer() -> None:
    diagnostic = only("conv:filters=2,=3")
    assert diagnostic.code == "CC004"
    assert str(diagnostic.location) == "layer 0"


def test_missing_equals_through_the_cli_names_the_layer() -> None:
    result = calc("--input", "8x8x3", "relu", "conv:filters=2,kernel")
    assert result.exit_code != 0
    assert "layer 1 CC004 error" in result.stdout
    assert "Traceback" not in result.output


def test_unknown_kind_points_at_its_argument() -> None:
    diagnostic = only("relu", "relu", "zzz")
    assert diagnostic.code == "CC007"
    assert str(diagnostic.location) == "layer 2"


def test_unknown_field_suggests_the_closest() -> None:
    diagnostic = only("conv:filters=2,kernel=3,strid=2")
    assert diagnostic.code == "CC003"
    assert str(diagnostic.location) == "layer 0"
    assert diagnostic.hint is not None
    assert "`stride`" in diagnostic.hint


def test_wrong_type_value_points_at_its_argument() -> None:
    diagnostic = only("relu", "conv:filters=eight,kernel=3")
    assert diagnostic.code == "CC004"
    assert str(diagnostic.location) == "layer 1"


def test_malformed_input_is_a_wrong_type() -> None:
    diagnostic = only("relu", input_text="abc")
    assert diagnostic.code == "CC004"
    assert diagnostic.location is not None
    assert "--input" in str(diagnostic.location)


# --- hostile values -------------------------------------------------------------------------


def test_recursive_alias_in_a_value_is_a_clean_error() -> None:
    result = calc("--input", "8x8x3", "conv:filters=&a [*a],kernel=3")
    assert result.exit_code == 1
    assert "layer 0 CC" in result.stdout


def test_deeply_nested_value_is_a_clean_error() -> None:
    deep = "[" * 1000 + "1" + "]" * 1000
    result = calc("--input", "8x8x3", f"conv:filters=2,kernel={deep}")
    assert result.exit_code == 1
    assert "layer 0 CC" in result.stdout


def test_number_too_long_to_read_is_a_clean_error() -> None:
    result = calc("--input", "8x8x3", "conv:filters=1" + "0" * 5000 + ",kernel=1")
    assert result.exit_code in (0, 1)
    assert "Traceback" not in result.output


@pytest.mark.skipif(sys.platform == "win32", reason="uses RLIMIT_AS")
def test_alias_bomb_in_a_value_stops_quickly() -> None:
    # 7 levels of 9 aliases: 9**7 = 4.8 million items if expanded. Run in a child process with
    # a memory cap, so that an expanding implementation fails fast instead of eating the host.
    parts = ["&a0 [" + ",".join(["1"] * 9) + "]"]
    for level in range(1, 7):
        parts.append(f"&a{level} [" + ",".join([f"*a{level - 1}"] * 9) + "]")
    value = "[" + ",".join(parts) + "]"
    script = (
        "import resource, sys\n"
        "resource.setrlimit(resource.RLIMIT_AS, (512 << 20, 512 << 20))\n"
        "from convcalc.cli.main import main\n"
        "main(sys.argv[1:])\n"
    )
    try:
        completed = subprocess.run(
            [
                sys.executable,
                "-c",
                script,
                "calc",
                "--input",
                "8x8x3",
                f"conv:filters=2,kernel={value}",
            ],
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail("an alias bomb in a layer argument was still being expanded after 5 s")
    assert completed.returncode == 1, completed.stderr[-300:]
    assert "Traceback" not in completed.stderr
    assert "layer 0 CC" in completed.stdout
