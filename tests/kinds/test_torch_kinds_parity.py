"""Agreement with real PyTorch on random nets mixing the newer kinds with conv and pooling,
recorded by tools/record_torch_kinds.py (transposed and separable convolution, depthwise and
padding modes, padding layers, global and adaptive pooling, upsampling, layer, group and instance
norms, PReLU, identity).

Every shape, parameter and buffer count, and every receptive field (measured there by a gradient
probe, fractions as "a/b") must match; where PyTorch refused a net, convcalc's first error must be
on that layer.
"""

from __future__ import annotations

import json
import os
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from recorded_nets import analyse_recorded, first_error_layer, interior_axes, on_axes

FIXTURE = Path(
    os.environ.get(
        "CONVCALC_NEW_KINDS_FIXTURE",
        Path(__file__).parents[1] / "fixtures" / "torch_new_kinds.json",
    )
)
RECORDED: dict[str, Any] = json.loads(FIXTURE.read_text())
NETS: list[dict[str, Any]] = RECORDED["nets"]


def _recorded(values: list[int | str]) -> list[Fraction]:
    return [Fraction(value) for value in values]


def test_fixture_is_large_and_mixed() -> None:
    assert len(NETS) >= 150
    assert {len(net["input"]) - 1 for net in NETS} == {1, 2, 3}
    rejected = sum(1 for net in NETS if not net["accepted"])
    assert 0.15 * len(NETS) < rejected < 0.5 * len(NETS)
    kinds = {
        layer["type"] if isinstance(layer, dict) else layer
        for net in NETS
        for layer in net["layers"]
    }
    for kind in (
        "conv_transpose",
        "separable_conv",
        "zeropad",
        "reflection_pad",
        "replication_pad",
        "circular_pad",
        "global_avgpool",
        "global_maxpool",
        "adaptive_avgpool",
        "adaptive_maxpool",
        "upsample",
        "layernorm",
        "groupnorm",
        "instancenorm",
        "prelu",
    ):
        assert kind in kinds, kind
    fractional = [
        result
        for net in NETS
        for result in net["results"]
        if any(isinstance(j, str) for j in result.get("receptive_field", {}).get("jump", []))
    ]
    assert len(fractional) >= 50


@pytest.mark.parametrize("net", NETS, ids=lambda net: f"net{net['id']}")
def test_agrees_with_pytorch(net: dict[str, Any]) -> None:
    report = analyse_recorded(net)
    expected_error = None if net["accepted"] else net["error_layer"]
    assert first_error_layer(report) == expected_error, (
        net.get("error_message"),
        [d.message for d in report.diagnostics],
    )
    for layer, recorded in zip(report.layers, net["results"], strict=False):
        name = layer.spec.name
        assert layer.output_shape is not None, name
        assert layer.output_shape.in_layout("hwc") == recorded["output"], name
        assert layer.params == recorded["params"], name
        assert layer.buffers == recorded["buffers"], name
        field = layer.receptive_field
        if "receptive_field_skipped" in recorded:
            continue  # the recorder says why (PyTorch's float32 nearest indexing)
        if "receptive_field" in recorded:
            assert field is not None, name
            expected = {key: _recorded(v) for key, v in recorded["receptive_field"].items()}
            axes = interior_axes(field)
            assert on_axes(
                {
                    "size": list(field.size),
                    "jump": list(field.jump),
                    "padding": list(field.padding),
                },
                axes,
            ) == on_axes(expected, axes), name
        elif layer.spec.fields.get("align_corners"):
            # Not recorded here (the long-signal probe cannot size it); now computed, and
            # probed on real maps in tests/geometry/test_global_fields.py.
            assert field is not None, name
        else:
            assert field is None, name
