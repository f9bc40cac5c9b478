"""Agreement with real PyTorch on random networks, recorded by tools/record_torch_fixtures.py.

Every shape, parameter and buffer count, and every receptive field (measured there by a gradient
probe) must match; where PyTorch refused a network, convcalc's first error must be on that layer.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from convcalc.analyse.calculator import analyse_network
from convcalc.analyse.results import NetworkReport
from convcalc.diagnostics import Severity
from convcalc.load.files import load_text
from convcalc.settings import AnalysisSettings

FIXTURE = Path(__file__).parents[1] / "fixtures" / "torch_random_nets.json"
RECORDED: dict[str, Any] = json.loads(FIXTURE.read_text()) if FIXTURE.exists() else {"nets": []}
NETS: list[dict[str, Any]] = RECORDED["nets"]


def _analyse(net: dict[str, Any]) -> NetworkReport:
    text = yaml.safe_dump({"input": net["input"], "layers": net["layers"]}, sort_keys=False)
    network, problems = load_text(text, f"net{net['id']}.yaml")
    assert network is not None, problems
    return analyse_network(network, AnalysisSettings())


def _first_error_layer(report: NetworkReport) -> int | None:
    for index, layer in enumerate(report.layers):
        if layer.status == Severity.ERROR:
            return index
    return None


def test_fixture_is_large_and_mixed() -> None:
    assert len(NETS) >= 300
    ranks = {len(net["input"]) - 1 for net in NETS}
    assert ranks == {1, 2, 3}
    rejected = sum(1 for net in NETS if not net["accepted"])
    assert 0.1 * len(NETS) < rejected < 0.5 * len(NETS)


@pytest.mark.parametrize("net", NETS, ids=lambda net: f"net{net['id']}")
def test_agrees_with_pytorch(net: dict[str, Any]) -> None:
    report = _analyse(net)
    expected_error = None if net["accepted"] else net["error_layer"]
    assert _first_error_layer(report) == expected_error, net.get("error_message")
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
