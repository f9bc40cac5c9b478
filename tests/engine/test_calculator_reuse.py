"""`recalculate_network`: a changed copy of a network calculated from the calculation before it.

The truth is the calculation from scratch (`calculate_network`, itself checked against PyTorch in
test_torch_parity.py and the recorded nets): whatever is reused, the report must equal it, field
for field — shapes, receptive fields, diagnostics, block sums, totals and which totals are
partial. What is reused is part of the contract too: a layer whose spec and inputs are unchanged
keeps its very result, so a sweep's point costs what its change reaches.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from convcalc.core.settings import CalculationSettings
from convcalc.core.specs import NetworkSpec
from convcalc.engine.calculator import calculate_network, recalculate_network
from convcalc.load.files import load_text
from convcalc.load.overrides import Override, OverrideError, apply_overrides, parse_override

ROOT = Path(__file__).resolve().parents[2]
# Blocks and joins (ResNet-18), branches and a concatenation (inception), upsampling and skips
# (U-Net), one and three spatial dimensions, a flat classifier (LeNet-5), and an imported file
# calculated and counted by its framework's rules (Darknet's YOLOv4-tiny, with its routes).
SPECS = (
    "specs/torchvision/resnet18.yaml",
    "tests/fixtures/darknet/alexeyab/yolov4-tiny.cfg",
    "specs/inception_block.yaml",
    "specs/unet.yaml",
    "specs/conv1d_ecg.yaml",
    "specs/c3d.yaml",
    "specs/lenet5.yaml",
)
# Values that keep most layers computable and make some refuse (a kernel larger than its input,
# a stride that leaves pixels unread), so partial totals and absent fields are exercised too.
VALUES = {
    "stride": st.integers(1, 3),
    "kernel": st.integers(1, 9),
    "padding": st.integers(0, 3),
    "dilation": st.integers(1, 3),
    "filters": st.integers(1, 48),
    "units": st.integers(1, 48),
}
# A spec's path and its sweep points: each point's overrides and the positions of the layers
# they change.
Drawn = tuple[str, list[tuple[list[Override], list[int]]]]
SETTINGS = (
    CalculationSettings(),
    CalculationSettings(framework="tensorflow"),
    CalculationSettings(strict=True, batch=4, dtype="float16"),
)


@cache
def network(path: str) -> NetworkSpec:
    loaded, problems = load_text((ROOT / path).read_text(encoding="utf-8"), path)
    assert loaded is not None, problems
    return loaded


def override(spec: NetworkSpec, text: str) -> Override:
    try:
        return parse_override(spec, text, "--vary")
    except OverrideError:
        assume(False)  # a split's pieces and the like: not a value a sweep can take
        raise


@st.composite
def points(draw: st.DrawFn) -> Drawn:
    """A spec and 2 to 4 sweep points: each one to three changed fields, and their positions."""
    path = draw(st.sampled_from(SPECS))
    spec = network(path)
    candidates = [
        (position, name)
        for position, layer in enumerate(spec.layers)
        for name in VALUES
        if name in layer.fields
    ]
    drawn = []
    for _ in range(draw(st.integers(2, 4))):
        changes = draw(st.lists(st.sampled_from(candidates), min_size=1, max_size=3))
        overrides = []
        for position, name in changes:
            value = draw(VALUES[name])
            overrides.append(override(spec, f"layers.{position}.{name}={value}"))
        if draw(st.booleans()) and draw(st.integers(0, 5)) == 0:  # now and then the input too
            size = draw(st.integers(40, 80))
            sizes = "x".join([str(size)] * spec.input_shape.rank)
            overrides.append(override(spec, f"input.size={sizes}"))
        drawn.append((overrides, [position for position, _ in changes]))
    return path, drawn


def recalculations_equal_calculations_from_scratch(
    drawn: Drawn,
    calculation: CalculationSettings,
    change_settings: bool,
) -> None:
    path, sweep = drawn
    spec = network(path)
    previous = recalculate_network(spec, calculation)
    previous_positions: list[int] = []
    previous_input = spec.input_shape
    for number, (overrides, positions) in enumerate(sweep):
        if change_settings and number == 1:
            calculation = SETTINGS[(SETTINGS.index(calculation) + 1) % len(SETTINGS)]
        changed = apply_overrides(spec, overrides)
        now = recalculate_network(changed, calculation, previous)
        assert now.report == calculate_network(changed, calculation)
        # Every layer before the first one changed since the last point keeps its result, when
        # the input and the settings are the same.
        if changed.input_shape == previous_input and previous.settings == now.settings:
            first = min([*positions, *previous_positions])
            for position in range(first):
                assert now.report.layers[position] is previous.report.layers[position]
        previous, previous_positions, previous_input = now, positions, changed.input_shape


@settings(max_examples=8, deadline=None)  # about a second, in the fast loop
@given(points(), st.sampled_from(SETTINGS), st.booleans())
def test_a_recalculation_equals_a_calculation_from_scratch(
    drawn: Drawn, calculation: CalculationSettings, change_settings: bool
) -> None:
    recalculations_equal_calculations_from_scratch(drawn, calculation, change_settings)


@pytest.mark.slow  # about 8 s
@settings(max_examples=60, deadline=None)
@given(points(), st.sampled_from(SETTINGS), st.booleans())
def test_many_recalculations_equal_calculations_from_scratch(
    drawn: Drawn, calculation: CalculationSettings, change_settings: bool
) -> None:
    recalculations_equal_calculations_from_scratch(drawn, calculation, change_settings)


def resnet18_with(*texts: str) -> NetworkSpec:
    spec = network(SPECS[0])
    return apply_overrides(spec, [parse_override(spec, text, "--vary") for text in texts])


def test_changing_the_classifier_reuses_every_earlier_layer_and_block() -> None:
    before = recalculate_network(resnet18_with("fc.units=10"), CalculationSettings())
    changed = resnet18_with("fc.units=100")
    after = recalculate_network(changed, CalculationSettings(), before)
    assert after.report == calculate_network(changed, CalculationSettings())
    *kept, fc = after.report.layers
    assert all(now is was for now, was in zip(kept, before.report.layers, strict=False))
    assert fc is not before.report.layers[-1]
    assert all(
        now is was for now, was in zip(after.report.blocks, before.report.blocks, strict=True)
    )
    # torchvision's resnet18 with 100 classes: 11,227,812 parameters (512 × 100 + 100 in fc
    # instead of 512 × 10 + 10).
    assert after.report.totals is not None and before.report.totals is not None
    assert after.report.totals.params - before.report.totals.params == 512 * 90 + 90


@pytest.mark.parametrize("value", [1, 3])
def test_changing_the_first_layer_recalculates_everything_after_it(value: int) -> None:
    before = recalculate_network(resnet18_with("conv1.stride=2"), CalculationSettings())
    changed = resnet18_with(f"conv1.stride={value}")
    after = recalculate_network(changed, CalculationSettings(), before)
    assert after.report == calculate_network(changed, CalculationSettings())
    layers = list(zip(after.report.layers, before.report.layers, strict=True))
    # Every layer reads a map of another size: none keeps its result (flatten and fc included,
    # whose output is the same: their input shapes differ).
    assert not any(now is was for now, was in layers if now.spec.kind != "dense")
    assert after.report.totals != before.report.totals


def test_a_changed_input_recalculates_every_layer() -> None:
    spec = network(SPECS[0])
    before = recalculate_network(spec, CalculationSettings())
    changed = apply_overrides(spec, [parse_override(spec, "input.size=192", "--vary")])
    after = recalculate_network(changed, CalculationSettings(), before)
    assert after.report == calculate_network(changed, CalculationSettings())
    assert not any(
        now is was for now, was in zip(after.report.layers, before.report.layers, strict=True)
    )


def test_nothing_changed_reuses_everything() -> None:
    spec = network(SPECS[1])
    before = recalculate_network(spec, CalculationSettings())
    after = recalculate_network(spec, CalculationSettings(), before)
    assert after.report.layers == before.report.layers
    assert all(
        now is was for now, was in zip(after.report.layers, before.report.layers, strict=True)
    )
    assert after.report == before.report


def test_of_equal_activations_the_peak_is_the_earlier_layer_after_a_change() -> None:
    # Four branches on the input: a change to `a` changes no other layer. `b` has the largest
    # im2col workspace throughout, so that the second change takes `a` away holding no peak.
    text = (
        "input: [8, 8, 4]\nlayers:\n"
        "  - {type: conv, name: a, from: input, filters: 4, kernel: 1}\n"
        "  - {type: conv, name: b, from: input, filters: 4, kernel: 3, padding: 1}\n"
        "  - {type: conv, name: c, from: input, filters: 1, kernel: 1}\n"
        "  - {type: conv, name: d, from: input, filters: 1, kernel: 1}\n"
    )
    spec, problems = load_text(text, "net.yaml")
    assert spec is not None, problems
    previous = recalculate_network(spec, CalculationSettings())
    for filters in (2, 4):  # a smaller, then as large as b again: the first of equals is a
        changed = apply_overrides(spec, [parse_override(spec, f"a.filters={filters}", "--vary")])
        previous = recalculate_network(changed, CalculationSettings(), previous)
        assert previous.report == calculate_network(changed, CalculationSettings())
    assert previous.report.totals is not None and previous.report.totals.memory is not None
    assert previous.report.totals.memory.peak_activation_layer == "a"
