"""Every layer of every shipped spec and example, positive and negative, can be explained: no
exception, and every equation it writes for a sliding window agrees with the layer's figures."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import invoke

from convcalc.core.settings import CalculationSettings
from convcalc.engine.calculator import calculate_network
from convcalc.engine.explain import explain_layer
from convcalc.load.files import load_path
from convcalc.report.explain import explanation_lines

ROOT = Path(__file__).resolve().parents[2]
SPECS = sorted(
    str(path.relative_to(ROOT))
    for pattern in ("specs/**/*.yaml", "tests/examples/*/*.yaml")
    for path in ROOT.glob(pattern)
)
WEIGHTS = re.compile(r"^\s*weights = .*·.* = ([\d,]+)$")  # an equation, not a bare count
WHOLE_SIZE = re.compile(r"out = \(L − k \+ (?:2P|p0 \+ p1)\)/S \+ 1 = .* = ([\d,]+)$")


@pytest.mark.parametrize("spec", SPECS)
@pytest.mark.parametrize("framework", ["pytorch", "tensorflow"])
def test_every_layer_explained(spec: str, framework: str) -> None:
    network, problems = load_path(str(ROOT / spec))
    if network is None:
        # A negative example of a load rule: explain says what stops it, as check does.
        result = invoke("explain", "--framework", framework, str(ROOT / spec), "0")
        assert result.exit_code == 1 and "Traceback" not in result.output
        assert problems and problems[0].code in result.output
        return
    settings = CalculationSettings(framework=framework)
    report = calculate_network(network, settings)
    checked = with_filters = 0
    for layer in report.layers:
        explained = explain_layer(report, layer, "hwc", framework, 1)
        with_filters += explained.parameters is not None
        text = "\n".join(explanation_lines(explained))
        assert layer.spec.name in text
        for line in text.splitlines():
            found = WEIGHTS.search(line)
            if found and layer.weights is not None:
                assert int(found.group(1).replace(",", "")) == layer.weights, line
                checked += 1
            size = WHOLE_SIZE.search(line)
            if size and layer.output_shape is not None:
                assert int(size.group(1).replace(",", "")) in layer.output_shape.spatial, line
    assert checked >= with_filters  # every filter-stack equation was found and checked
