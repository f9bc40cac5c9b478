"""Agreement with real PyTorch on random networks, recorded by tools/record_torch_fixtures.py.

Every shape, parameter and buffer count, and every receptive field (measured there by a gradient
probe) must match; where PyTorch refused a network, convcalc's first error must be on that layer.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from recorded_nets import analyse_recorded, first_error_layer

FIXTURE = Path(__file__).parents[1] / "fixtures" / "torch_random_nets.json"
RECORDED: dict[str, Any] = json.loads(FIXTURE.read_text()) if FIXTURE.exists() else {"nets": []}
NETS: list[dict[str, Any]] = RECORDED["nets"]


def test_fixture_is_large_and_mixed() -> None:
    assert len(NETS) >= 300
    ranks = {len(net["input"]) - 1 for net in NETS}
    assert ranks == {1, 2, 3}
    rejected = sum(1 for net in NETS if not net["accepted"])
    assert 0.1 * len(NETS) < rejected < 0.5 * len(NETS)


@pytest.mark.parametrize("net", NETS, ids=lambda net: f"net{net['id']}")
def test_agrees_with_pytorch(net: dict[str, Any]) -> None:
    report = analyse_recorded(net)
    expected_error = None if net["accepted"] else net["error_layer"]
    assert first_error_layer(report) == expected_error, net.get("error_message")
    for layer, recorded in zip(report.layers, net["results"], strict=False):
        assert layer.output_shape is not None
        assert layer.output_shape.in_layout("hwc") == recorded["output"], layer.spec.name
        assert layer.params == recorded["params"], layer.spec.name
        assert layer.buffers == recorded["buffers"], layer.spec.name
        if "receptive_field" in recorded:
            field = layer.receptive_field
            assert field is not None, layer.spec.name
            assert {
                "size": list(field.size),
                "jump": list(field.jump),
                "padding": list(field.padding),
            } == recorded["receptive_field"], layer.spec.name
        else:
            assert layer.receptive_field is None
