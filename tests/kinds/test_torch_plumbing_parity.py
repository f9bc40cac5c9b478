"""Agreement with real PyTorch on the activations and tensor plumbing of issue 10, recorded by
tools/record_torch_plumbing.py: every layer written with PyTorch's own class name and arguments.

Each layer's output shape (torch's order: channels first, convcalc's shape in `chw`, or last after
a permute to channels-last), parameter and
buffer counts must match; where PyTorch refused a layer, convcalc must report an error on that
layer and none before it; where the recorder measured the last layer's receptive field by
autograd, convcalc's field size must match it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from recorded_nets import analyse_recorded

from convcalc.core.diagnostics import Severity
from convcalc.core.shapes import Shape
from convcalc.engine.results import LayerResult, NetworkReport

FIXTURE = Path(__file__).parents[1] / "fixtures" / "torch_plumbing.json"
CASES: list[dict[str, Any]] = json.loads(FIXTURE.read_text())["cases"]


def torch_order(shape: Shape | None) -> list[int] | None:
    """The shape as torch holds it: [C, *spatial], or [*spatial, C] after a permute."""
    if shape is None:
        return None
    return shape.in_layout("hwc" if shape.channels_last else "chw")


def test_every_shape_keeping_torch_activation_is_recorded() -> None:
    written = {case["layers"][-1]["type"] for case in CASES if case["name"].startswith("activ")}
    for name in ("Hardswish", "Hardsigmoid", "ReLU6", "GELU", "Mish", "ELU", "SELU", "CELU"):
        assert name in written
    assert len(written) >= 25


def test_fields_are_measured_on_every_kind_that_moves_them() -> None:
    measured = {case["name"].rstrip("0123456789") for case in CASES if "receptive_field" in case}
    assert {"split", "pixel_shuffle"} <= measured


def written_layers(case: dict[str, Any], report: NetworkReport) -> list[list[LayerResult]]:
    """convcalc's layers grouped by the layer written: a split is one per piece."""
    layers = list(report.layers)
    grouped = []
    for layer in case["layers"]:
        count = 1
        if layer["type"] in ("split", "chunk"):
            count = layer.get("chunks") or len(layer["sizes"])
        grouped.append(layers[:count])
        layers = layers[count:]
    return grouped


@pytest.mark.parametrize("case", CASES, ids=lambda case: case["name"])
def test_agrees_with_pytorch(case: dict[str, Any]) -> None:
    report = analyse_recorded(case)
    grouped = written_layers(case, report)
    failed = [
        index
        for index, layers in enumerate(grouped)
        if any(layer.status == Severity.ERROR for layer in layers)
    ]
    refused = [i for i, result in enumerate(case["results"]) if "error" in result]
    assert failed[:1] == refused[:1], (case["results"], [d.message for d in report.diagnostics])
    for layers, result in zip(grouped, case["results"], strict=False):
        if "error" in result:
            break
        shapes = [torch_order(layer.output_shape) for layer in layers]
        assert shapes == result.get("pieces", [result.get("shape")]), layers[0].spec.name
        assert (
            sum((layer.weights or 0) + (layer.biases or 0) for layer in layers) == result["params"]
        ), layers[0].spec.name
        assert sum(layer.buffers or 0 for layer in layers) == result["buffers"]
    if "receptive_field" in case:
        field = report.layers[-1].receptive_field
        assert field is not None
        assert list(field.size) == case["receptive_field"]
