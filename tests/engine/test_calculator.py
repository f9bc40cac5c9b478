"""The calculator over whole specs: shapes, parameters, receptive fields, diagnostics.

Expected values come from the source articles and the reference sheet, never from convcalc.
"""

from __future__ import annotations

import pytest

from convcalc.core.diagnostics import Severity
from convcalc.core.settings import CalculationSettings
from convcalc.engine.calculator import calculate_network
from convcalc.engine.results import NetworkReport
from convcalc.load.files import load_text


def calculate(text: str, strict: bool = False) -> NetworkReport:
    network, problems = load_text(text, "net.yaml")
    assert network is not None, problems
    return calculate_network(network, CalculationSettings(strict=strict))


def codes(report: NetworkReport) -> list[str]:
    return [diagnostic.code for diagnostic in report.diagnostics]


def test_alexnet_conv1_on_227() -> None:
    report = calculate(
        "input: [227, 227, 3]\nlayers: [{type: conv, filters: 96, kernel: 11, stride: 4}]"
    )
    layer = report.layers[0]
    assert layer.output_shape is not None
    assert (layer.output_shape.spatial, layer.output_shape.channels) == ((55, 55), 96)
    assert (layer.weights, layer.biases, layer.params) == (34_848, 96, 34_944)
    assert report.diagnostics == ()


def test_alexnet_conv1_on_224_warns_about_unread_pixels() -> None:
    report = calculate(
        "input: 224x224x3\nlayers: [{type: conv, filters: 96, kernel: 11, stride: 4}]"
    )
    assert report.layers[0].output_shape is not None
    assert report.layers[0].output_shape.spatial == (54, 54)
    (warning,) = report.diagnostics
    assert warning.code == "CC103"
    assert warning.severity == Severity.WARNING
    assert "54.25" in warning.message
    assert "last 1 column and row" in warning.message
    assert warning.hint is not None
    assert "227" in warning.hint
    assert "3 more padding" in warning.hint


def test_resnet_stem_remainder_is_only_padding() -> None:
    report = calculate(
        "input: [224, 224, 3]\n"
        "layers: [{type: conv, filters: 64, kernel: 7, stride: 2, padding: 3}]"
    )
    assert report.layers[0].output_shape is not None
    assert report.layers[0].output_shape.spatial == (112, 112)
    assert codes(report) == ["CC104"]
    assert report.diagnostics[0].severity == Severity.INFO


def test_strict_makes_every_non_whole_division_an_error() -> None:
    text = "input: [5, 1]\nlayers: [{type: conv, filters: 1, kernel: 3, stride: 3, padding: 1}]"
    assert calculate(text).worst == Severity.INFO
    assert calculate(text, strict=True).worst == Severity.ERROR


@pytest.mark.parametrize(
    ("size", "stride", "padding", "expected"),
    [(7, 1, 0, 5), (7, 2, 0, 3), (5, 1, 1, 5), (5, 2, 1, 3), (5, 3, 1, 2)],
)
def test_one_dimensional_worked_examples(
    size: int, stride: int, padding: int, expected: int
) -> None:
    report = calculate(
        f"input: [{size}, 1]\nlayers: [{{type: conv, filters: 1, kernel: 3, "
        f"stride: {stride}, padding: {padding}}}]"
    )
    assert report.layers[0].output_shape is not None
    assert report.layers[0].output_shape.spatial == (expected,)


def test_ten_wide_stride_two_never_reads_last_pixel() -> None:
    report = calculate("input: [10, 1]\nlayers: [{type: conv, filters: 1, kernel: 3, stride: 2}]")
    assert report.layers[0].output_shape is not None
    assert report.layers[0].output_shape.spatial == (4,)
    assert codes(report) == ["CC103"]
    assert "last 1 position" in report.diagnostics[0].message


def test_small_example_weights_per_filter() -> None:
    # 11x11x4, 5x5 stride 2, 2 filters: 4x4x2 output, 5*5*4 = 100 weights per filter
    report = calculate(
        "input: [11, 11, 4]\nlayers: [{type: conv, filters: 2, kernel: 5, stride: 2}]"
    )
    layer = report.layers[0]
    assert layer.output_shape is not None
    assert layer.output_shape.in_layout("hwc") == [4, 4, 2]
    assert layer.weights == 2 * 100


def test_chainer_photo_example() -> None:
    report = calculate(
        "input: [380, 512, 3]\nlayers:\n"
        "  - {type: conv, filters: 3, kernel: 5}\n"
        "  - {type: maxpool, kernel: 2, stride: 2}\n"
    )
    shapes = [layer.output_shape.in_layout("hwc") for layer in report.layers if layer.output_shape]
    assert shapes == [[376, 508, 3], [188, 254, 3]]


def test_chainer_max_pooling_on_the_photo() -> None:
    report = calculate("input: [380, 512, 3]\nlayers: [{type: maxpool, kernel: 2, stride: 2}]")
    assert report.layers[0].output_shape is not None
    assert report.layers[0].output_shape.in_layout("hwc") == [190, 256, 3]


def test_one_by_one_conv_is_a_dot_product_over_channels() -> None:
    report = calculate(
        "input: [32, 32, 3]\nlayers: [{type: conv, filters: 1, kernel: 1, bias: false}]"
    )
    assert report.layers[0].weights == 3


def test_three_by_three_on_twenty_channels() -> None:
    report = calculate("input: [16, 16, 20]\nlayers: [{type: conv, filters: 1, kernel: 3}]")
    assert report.layers[0].weights == 180


def test_two_stacked_3x3_see_5x5() -> None:
    report = calculate(
        "input: [32, 32, 3]\nlayers:\n"
        "  - {type: conv, filters: 8, kernel: 3}\n"
        "  - {type: conv, filters: 8, kernel: 3}\n"
    )
    field = report.layers[1].receptive_field
    assert field is not None
    assert field.size == (5, 5)
    assert field.jump == (1, 1)


def test_receptive_field_through_stride_and_padding() -> None:
    # Araujo et al.: r = 1 + (k1-1) + (k2-1)*s1; j = s1*s2; P = p1 + p2*s1
    report = calculate(
        "input: [64, 64, 3]\nlayers:\n"
        "  - {type: conv, filters: 8, kernel: 7, stride: 2, padding: 3}\n"
        "  - {type: maxpool, kernel: 3, stride: 2, padding: 1}\n"
    )
    field = report.layers[1].receptive_field
    assert field is not None
    assert field.size == (1 + 6 + 2 * 2,) * 2  # 11
    assert field.jump == (4, 4)
    assert field.padding == (3 + 1 * 2,) * 2  # 5


def test_batchnorm_parameters_and_buffers() -> None:
    report = calculate("input: [8, 8, 16]\nlayers: [batchnorm]")
    layer = report.layers[0]
    assert (layer.params, layer.buffers) == (32, 32)  # 2*C each


def test_dense_after_flatten() -> None:
    report = calculate("input: [6, 6, 256]\nlayers: [flatten, {type: dense, units: 4096}]")
    dense = report.layers[1]
    assert dense.weights == 9216 * 4096
    assert dense.biases == 4096
    assert dense.receptive_field is None


def test_walk_goes_on_after_an_error_where_shapes_are_known() -> None:
    report = calculate(
        "input: [32, 32, 3]\nlayers:\n"
        "  - {type: conv, filters: 8, kernel: 3, in_channels: 4}\n"  # error, shape still known
        "  - {type: conv, filters: 6, kernel: 3, groups: 4}\n"  # error: 8 % 4 ok, 6 % 4 not
        "  - {type: dense, units: 10}\n"  # error: not flat, checked as if flattened
        "  - {type: dense, units: 5, in_features: 11}\n"  # error: 10 != 11
    )
    assert codes(report) == ["CC202", "CC201", "CC204", "CC203"]
    assert all(layer.calculated for layer in report.layers)


def test_layers_after_an_unknown_shape_are_skipped() -> None:
    report = calculate(
        "input: [4, 4, 3]\nlayers:\n  - {type: conv, filters: 8, kernel: 5}\n  - relu\n"
    )
    assert codes(report) == ["CC101"]
    assert [layer.calculated for layer in report.layers] == [True, False]


def test_exact_integers_for_huge_inputs() -> None:
    size = 10**30
    report = calculate(f"input: [{size}, 1]\nlayers: [{{type: conv, filters: 1, kernel: 3}}]")
    assert report.layers[0].output_shape is not None
    assert report.layers[0].output_shape.spatial == (size - 2,)


def test_same_padding_with_stride_is_refused_like_pytorch() -> None:
    report = calculate(
        "input: [32, 32, 3]\n"
        "layers: [{type: conv, filters: 8, kernel: 3, stride: 2, padding: same}]"
    )
    assert codes(report) == ["CC014"]


def test_pool_padding_above_half_the_kernel() -> None:
    report = calculate("input: [32, 32, 3]\nlayers: [{type: maxpool, kernel: 2, padding: 2}]")
    assert "CC106" in codes(report)


def test_out_of_range_values() -> None:
    report = calculate(
        "input: [32, 32, 3]\nlayers:\n"
        "  - {type: conv, filters: 8, kernel: 3, stride: 0}\n"
        "  - {type: conv, filters: 8, kernel: 3, padding: -1}\n"
    )
    assert codes(report) == ["CC010"]  # the second layer's input is unknown after the first
    assert report.diagnostics[0].location is not None
    assert report.diagnostics[0].location.line == 3


def test_rank_checks() -> None:
    report = calculate("input: [100, 16]\nlayers: [{type: conv2d, filters: 8, kernel: 3}]")
    assert codes(report) == ["CC011"]
    report = calculate("input: [32, 32, 3]\nlayers: [{type: conv, filters: 8, kernel: [3, 3, 3]}]")
    assert codes(report) == ["CC011"]
    report = calculate(
        "input: [32, 32, 3]\nlayers: [{type: conv, filters: 8, kernel: 3, padding: causal}]"
    )
    assert codes(report) == ["CC011"]


def test_conv_after_flatten() -> None:
    report = calculate("input: [8, 8, 3]\nlayers: [flatten, {type: conv, filters: 8, kernel: 3}]")
    assert codes(report) == ["CC013"]


def test_causal_padding_keeps_length() -> None:
    report = calculate(
        "input: [100, 16]\n"
        "layers: [{type: conv, filters: 8, kernel: 3, dilation: 4, padding: causal}]"
    )
    assert report.layers[0].output_shape is not None
    assert report.layers[0].output_shape.spatial == (100,)
    assert report.diagnostics == ()
