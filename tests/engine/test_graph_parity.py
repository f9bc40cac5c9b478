"""Agreement with real PyTorch on random graph networks, recorded by tools/record_torch_graphs.py.

Branches and joins (`add`, `concat`, `multiply`) wired with `from:`, over every layer kind that
has a torch counterpart. Every layer's shape, parameter and buffer count must match what torch
computed, and every receptive field the recorder measured on the real graph (per spatial
dimension, with one-hot probes) must match convcalc's. Where PyTorch refused a network, convcalc's
first error must be on that layer.
"""

from __future__ import annotations

import json
from collections import Counter
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from recorded_nets import analyse_recorded, first_error_layer, interior_axes, on_axes

from convcalc.geometry.field_phases import Number
from convcalc.geometry.receptive_field import RESIZED_SINGLE_UNIT, ReceptiveField

FIXTURE = Path(__file__).parents[1] / "fixtures" / "torch_graph_nets.json"
RECORDED: dict[str, Any] = json.loads(FIXTURE.read_text()) if FIXTURE.exists() else {"nets": []}
NETS: list[dict[str, Any]] = RECORDED["nets"]
JOINS = {"add", "concat", "multiply"}


def _exact(value: Number) -> int | str:
    fraction = Fraction(value)
    if fraction.denominator == 1:
        return fraction.numerator
    return f"{fraction.numerator}/{fraction.denominator}"


def _field(field: ReceptiveField) -> dict[str, Any]:
    rank = len(field.size)
    phases = field.phases or ((),) * rank
    return {
        "size": [_exact(v) for v in field.size],
        "jump": [_exact(v) for v in field.jump],
        "padding": [_exact(v) for v in field.padding],
        "phases": [[None if e is None else list(e) for e in table] for table in phases],
    }


def _kind(layer: dict[str, Any] | str) -> str:
    return layer if isinstance(layer, str) else str(layer["type"])


def test_fixture_is_large_and_mixed() -> None:
    assert len(NETS) >= 200
    assert {len(net["input"]) - 1 for net in NETS} >= {1, 2}
    rejected = [net for net in NETS if not net["accepted"]]
    assert 0.1 * len(NETS) < len(rejected) < 0.5 * len(NETS)
    # Most refusals are joins whose inputs do not fit.
    refused_kinds = Counter(_kind(net["layers"][net["error_layer"]]) for net in rejected)
    assert sum(refused_kinds[kind] for kind in JOINS) > len(rejected) / 2
    kinds = Counter(_kind(layer) for net in NETS for layer in net["layers"])
    assert all(kinds[kind] >= 20 for kind in JOINS), kinds
    wired = sum(1 for net in NETS for layer in net["layers"] if "from" in layer)
    assert wired >= 500
    measured = [
        result["receptive_field"]
        for net in NETS
        for result in net["results"]
        if "receptive_field" in result
    ]
    assert len(measured) >= 1000
    assert sum(1 for field in measured if any(field["phases"])) >= 100


@pytest.mark.parametrize("net", NETS, ids=lambda net: f"graph{net['id']}")
def test_agrees_with_pytorch(net: dict[str, Any]) -> None:
    report = analyse_recorded(net, "graph")
    expected_error = None if net["accepted"] else net["error_layer"]
    assert first_error_layer(report) == expected_error, net.get("error_message")
    for layer, recorded in zip(report.layers, net["results"], strict=False):
        name = layer.spec.name
        assert layer.output_shape is not None, name
        assert layer.output_shape.in_layout("hwc") == recorded["output"], name
        assert layer.params == recorded["params"], name
        assert layer.buffers == recorded["buffers"], name
        absence = layer.receptive_field_absence
        if "receptive_field" in recorded and absence and absence.reason == RESIZED_SINGLE_UNIT:
            continue  # the recorded probe's endless signal has no one-unit map (interior_axes)
        if "receptive_field" in recorded:
            assert layer.receptive_field is not None, name
            axes = interior_axes(layer.receptive_field)
            assert on_axes(_field(layer.receptive_field), axes) == on_axes(
                recorded["receptive_field"], axes
            ), name
        elif len(recorded["output"]) == 1:
            assert layer.receptive_field is None, name
