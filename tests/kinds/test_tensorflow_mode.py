"""`--framework tensorflow`: TensorFlow's `same` padding for any stride, and its checks.

Truth: tests/fixtures/tf_same_padding.json, recorded with TensorFlow/Keras by
tools/record_tf_fixtures.py (output sizes of Conv2D, MaxPool2D and AveragePooling2D, and the
input rows and columns their first and last output units read), plus hand-worked examples of the
rule in the tf.nn.convolution documentation: "If padding == 'SAME': output_spatial_shape[i] =
ceil(input_spatial_shape[i] / strides[i])", the total padding `max((out - 1)*s + k_eff - L, 0)`
split with the odd pixel after.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import invoke

from convcalc.core.diagnostics import Severity
from convcalc.core.settings import FRAMEWORKS, CalculationSettings
from convcalc.engine.calculator import calculate_network
from convcalc.engine.results import NetworkReport
from convcalc.load.files import load_text

FIXTURE = Path(__file__).parents[1] / "fixtures" / "tf_same_padding.json"
CASES: list[dict[str, Any]] = json.loads(FIXTURE.read_text())["cases"]


def calculate(text: str, framework: str = "tensorflow") -> NetworkReport:
    network, problems = load_text(text, "net.yaml")
    assert network is not None, problems
    return calculate_network(network, CalculationSettings(framework=framework))


def codes(report: NetworkReport) -> list[str]:
    return [d.code for d in report.diagnostics]


def spec(case: dict[str, Any], layer: dict[str, Any]) -> str:
    return yaml.safe_dump({"input": [*case["input"], 1], "layers": [layer]})


def check_reach(report: NetworkReport, recorded: dict[str, Any]) -> None:
    layer = report.layers[0]
    assert layer.output_shape is not None
    assert list(layer.output_shape.spatial) == recorded["output"]
    for axis, window in enumerate(layer.windows):
        out, d, p0 = window.output, window.dilation, window.pad_before
        # Unit i reads taps i*s - p0 + t*d (t < k); the gradient shows those inside the input.
        last_tap = min(window.kernel - 1, (window.size - 1 + p0) // d)
        first_end = -p0 + last_tap * d
        start = (out - 1) * window.stride - p0
        last_start = start + d * max(0, -(start // d))
        assert first_end == recorded["first_end"][axis]
        assert last_start == recorded["last_start"][axis]


def test_fixture_covers_strides_and_refusals() -> None:
    assert len(CASES) >= 200
    same_strided = [
        c for c in CASES if c["padding"] == "same" and max(c["stride"]) > 1 and "error" not in c
    ]
    assert len(same_strided) >= 50
    assert any("strides > 1" in c["conv"].get("error", "") for c in CASES)


@pytest.mark.parametrize("case", CASES, ids=lambda case: f"case{case['id']}")
def test_conv_agrees_with_tensorflow(case: dict[str, Any]) -> None:
    layer = {
        "type": "conv",
        "filters": 1,
        "kernel": case["kernel"],
        "stride": case["stride"],
        "dilation": case["dilation"],
        "padding": case["padding"],
    }
    report = calculate(spec(case, layer))
    if "error" in case["conv"]:
        assert report.layers[0].status == Severity.ERROR, case["conv"]["error"]
        return
    assert report.worst != Severity.ERROR, [d.message for d in report.diagnostics]
    check_reach(report, case["conv"])


@pytest.mark.parametrize(
    "case", [c for c in CASES if "maxpool" in c], ids=lambda case: f"case{case['id']}"
)
def test_pooling_agrees_with_tensorflow(case: dict[str, Any]) -> None:
    for kind in ("maxpool", "avgpool"):
        layer = {
            "type": kind,
            "kernel": case["kernel"],
            "stride": case["stride"],
            "padding": case["padding"],
        }
        report = calculate(spec(case, layer))
        if "error" in case[kind] or 0 in case[kind]["output"]:
            # Keras pooling returns an empty tensor when a `valid` window does not fit; convcalc
            # reports it as an error (output-too-small), as PyTorch refuses it.
            assert report.layers[0].status == Severity.ERROR, case[kind]
            continue
        assert report.worst != Severity.ERROR, [d.message for d in report.diagnostics]
        if kind == "avgpool":
            check_reach(report, case[kind])
        else:
            shape = report.layers[0].output_shape
            assert shape is not None
            assert list(shape.spatial) == case[kind]["output"]


@pytest.mark.parametrize(
    ("size", "kernel", "stride", "out", "pads"),
    [
        # out = ceil(10/3) = 4; total = (4-1)*3 + 3 - 10 = 2 → 1 before, 1 after
        (10, 3, 3, 4, (1, 1)),
        # out = ceil(7/2) = 4; total = 3*2 + 2 - 7 = 1 → 0 before, 1 after (the odd pixel after)
        (7, 2, 2, 4, (0, 1)),
        # out = ceil(224/2) = 112; total = 111*2 + 7 - 224 = 5 → 2 before, 3 after
        (224, 7, 2, 112, (2, 3)),
        # out = ceil(5/4) = 2; total = 1*4 + 1 - 5 = 0: a 1×1 kernel never needs padding
        (5, 1, 4, 2, (0, 0)),
    ],
)
def test_same_padding_worked_examples(
    size: int, kernel: int, stride: int, out: int, pads: tuple[int, int]
) -> None:
    report = calculate(
        f"input: [{size}, 1]\nlayers: [{{type: conv, filters: 1, kernel: {kernel}, "
        f"stride: {stride}, padding: same}}]"
    )
    (window,) = report.layers[0].windows
    assert (window.output, (window.pad_before, window.pad_after)) == (out, pads)
    assert "CC014" not in codes(report)


def test_same_with_stride_is_an_error_only_in_pytorch_mode() -> None:
    text = (
        "input: [10, 10, 3]\nlayers: [{type: conv, filters: 8, kernel: 3, stride: 2, "
        "padding: same}]"
    )
    assert codes(calculate(text, "pytorch")) == ["CC014"]
    report = calculate(text)
    assert codes(report) == []
    assert report.layers[0].output_shape is not None
    assert report.layers[0].output_shape.spatial == (5, 5)  # ceil(10 / 2)


def test_same_pooling_takes_the_stride_from_the_kernel() -> None:
    # Keras MaxPool2D(3, padding='same') on 10: stride 3, out ceil(10/3) = 4
    report = calculate("input: [10, 10, 8]\nlayers: [{type: maxpool, kernel: 3, padding: same}]")
    assert report.layers[0].output_shape is not None
    assert report.layers[0].output_shape.spatial == (4, 4)


def test_ceil_mode_warns_in_tensorflow_mode_only() -> None:
    text = "input: [7, 7, 8]\nlayers: [{type: maxpool, kernel: 2, ceil_mode: true}]"
    assert "CC113" not in codes(calculate(text, "pytorch"))
    report = calculate(text)
    assert "CC113" in codes(report)
    assert report.worst == Severity.WARNING


def test_stride_with_dilation_is_refused_in_tensorflow_mode() -> None:
    text = (
        "input: [16, 16, 3]\nlayers: [{type: conv, filters: 8, kernel: 3, stride: [2, 1], "
        "dilation: [1, 2]}]"
    )
    assert calculate(text, "pytorch").worst != Severity.ERROR
    assert "CC114" in codes(calculate(text))
    assert calculate(text).worst == Severity.ERROR


def test_frameworks() -> None:
    assert FRAMEWORKS == ("pytorch", "tensorflow")


def test_cli_option() -> None:
    args = ["calc", "--input", "10x10x3", "conv:filters=4,kernel=3,stride=2,padding=same"]
    pytorch = invoke(*args, "--format", "json")
    tensorflow = invoke(*args, "--format", "json", "--framework", "tensorflow")
    assert pytorch.exit_code == 1
    assert tensorflow.exit_code == 0, tensorflow.output
    assert json.loads(tensorflow.stdout)[0]["layers"][0]["output"] == [5, 5, 4]
    bad = invoke(*args, "--framework", "jax")
    assert bad.exit_code == 2
