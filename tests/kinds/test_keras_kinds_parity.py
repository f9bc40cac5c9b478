"""Agreement with Keras 3 itself on the spellings and shape rules that are Keras' own, recorded by
tools/record_keras_kinds.py (every activation name keras.activations.get knows, on Dense, Conv2D
and an Activation layer; Keras' activation layer classes; Conv*DTranspose's keyword padding;
Cropping1D/2D/3D). Each layer is written with Keras' class name and config.

Where Keras ran the layer, convcalc must give the same output shape (channels-last, convcalc's
`hwc`) and parameter count; where Keras refused it, convcalc must report an error. The one
exception is deliberate: a name convcalc does not accept because its layer would not keep the
shape (`glu` halves the last axis), which convcalc must refuse while reading the spec.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from convcalc.core.diagnostics import Severity
from convcalc.core.settings import CalculationSettings
from convcalc.engine.calculator import calculate_network
from convcalc.load.files import load_text

FIXTURE = Path(__file__).parents[1] / "fixtures" / "keras_kinds.json"
RECORDED: dict[str, Any] = json.loads(FIXTURE.read_text())
CASES: list[dict[str, Any]] = RECORDED["cases"]
REFUSED_ON_PURPOSE = {"glu"}


def _refused_on_purpose(case: dict[str, Any]) -> bool:
    return any(layer.get("activation") in REFUSED_ON_PURPOSE for layer in case["layers"])


def test_every_keras_activation_name_is_recorded() -> None:
    names = {case["layers"][0].get("activation") for case in CASES}
    for name in ("hard_swish", "hard_sigmoid", "relu6", "gelu", "mish", "log_softmax", "linear"):
        assert name in names


@pytest.mark.parametrize("case", CASES, ids=lambda case: case["name"])
def test_agrees_with_keras(case: dict[str, Any]) -> None:
    text = yaml.safe_dump({"input": case["input"], "layers": case["layers"]}, sort_keys=False)
    network, problems = load_text(text, f"{case['name']}.yaml")
    expected = case["result"]
    if _refused_on_purpose(case):
        assert network is None and problems
        return
    if network is None:
        assert "error" in expected, [p.message for p in problems]
        return
    report = calculate_network(network, CalculationSettings(framework="tensorflow"))
    last = report.layers[-1]
    if "error" in expected:
        assert any(d.severity == Severity.ERROR for d in report.diagnostics), expected
        return
    assert report.diagnostics == (), [d.message for d in report.diagnostics]
    assert last.output_shape is not None
    assert last.output_shape.in_layout("hwc") == expected["shape"]
    assert (last.weights or 0) + (last.biases or 0) == expected["params"]
