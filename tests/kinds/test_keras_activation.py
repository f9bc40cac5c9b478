"""Keras' `activation:` argument on the layers that take one (Dense, Conv1D/2D/3D,
Conv2DTranspose, SeparableConv2D, LocallyConnected2D). Keras documents
`Dense(64, activation='relu')` as equivalent to `Dense(64)` followed by `Activation('relu')`, a
layer without weights; `keras.activations.get(None)` is `linear`. So the layer with an activation
must give exactly the shape, parameters and MACs of the layer without one followed by the
activation layer."""

from __future__ import annotations

import pytest

from convcalc.core.settings import CalculationSettings
from convcalc.engine.calculator import calculate_network
from convcalc.engine.results import NetworkReport
from convcalc.kinds import KINDS
from convcalc.kinds.activation import KERAS_ACTIVATIONS
from convcalc.load.files import load_text

LAYERS = {
    "Conv2D": "{type: Conv2D, filters: 8, kernel_size: 3, strides: 2",
    "Conv2DTranspose": "{type: Conv2DTranspose, filters: 8, kernel_size: 3, strides: 2",
    "SeparableConv2D": "{type: SeparableConv2D, filters: 8, kernel_size: 3",
    "LocallyConnected2D": "{type: LocallyConnected2D, filters: 8, kernel_size: 3",
}


def report(text: str) -> NetworkReport:
    network, problems = load_text(text, "net.yaml")
    assert network is not None, [p.message for p in problems]
    return calculate_network(network, CalculationSettings())


def figures(layer_report: NetworkReport) -> tuple[object, ...]:
    totals = layer_report.totals
    assert totals is not None
    return (totals.output_shape, totals.params, totals.macs)


@pytest.mark.parametrize("keras_layer", sorted(LAYERS))
def test_activation_is_the_layer_then_an_activation_layer(keras_layer: str) -> None:
    head = f"input: [17, 17, 3]\nlayers:\n  - {LAYERS[keras_layer]}"
    with_argument = report(f"{head}, activation: relu}}\n")
    separate = report(f"{head}}}\n  - relu\n")
    assert with_argument.diagnostics == separate.diagnostics == ()
    assert figures(with_argument) == figures(separate)
    assert with_argument.layers[0].receptive_field == separate.layers[1].receptive_field


def test_dense_activation_in_a_keras_style_classifier() -> None:
    text = (
        "input: [784]\nlayers:\n  - {type: Dense, units: 128, activation: relu}\n"
        "  - {type: Dense, units: 10, activation: softmax}\n"
    )
    checked = report(text)
    assert checked.diagnostics == ()
    # keras.Sequential([Input((784,)), Dense(128, 'relu'), Dense(10, 'softmax')]).count_params()
    assert checked.totals is not None and checked.totals.params == 101_770


@pytest.mark.parametrize("written", ["linear", "null", "~", "relu", "Softmax", "hard_swish"])
def test_keras_spellings_are_accepted(written: str) -> None:
    checked = report(
        f"input: [784]\nlayers:\n  - {{type: dense, units: 4, activation: {written}}}\n"
    )
    assert checked.diagnostics == ()
    expected = "linear" if written in ("null", "~") else written.lower()
    assert checked.layers[0].spec.fields["activation"] == expected


def test_no_activation_means_linear_and_the_geometry_shows_only_a_real_one() -> None:
    dense = KINDS["dense"]
    plain = report("input: [784]\nlayers:\n  - {type: dense, units: 4}\n").layers[0].spec
    relu = report("input: [784]\nlayers: [{type: dense, units: 4, activation: relu}]").layers[0]
    assert plain.fields["activation"] == "linear"
    assert dense.geometry(plain, 0) == "4 units"
    assert dense.geometry(relu.spec, 0) == "4 units relu"


def test_unknown_activation_is_a_wrong_type_listing_the_names() -> None:
    _, problems = load_text(
        "input: [784]\nlayers:\n  - {type: dense, units: 4, activation: crelu}\n", "net.yaml"
    )
    (problem,) = problems
    assert problem.code == "CC004"
    assert all(name in problem.message for name in KERAS_ACTIVATIONS)
