"""Hand-written parts of torchvision models (tests/examples/positive/) agree with torchvision
itself, module by module, as tools/record_torchvision.py recorded it in
tests/fixtures/torchvision_zoo.json.gz at 224×224: every spec layer or block instance named after
a torchvision module has that module's output shape (channels-last), its own parameters and
buffers (a block: its whole subtree's), and every recorded leaf module of the written part has a
layer of that name, so nothing is left out."""

from __future__ import annotations

import functools
import gzip
import json
from pathlib import Path
from typing import Any

import pytest

from convcalc.core.settings import CalculationSettings
from convcalc.engine.calculator import calculate_network
from convcalc.engine.results import NetworkReport
from convcalc.load.files import load_path

ROOT = Path(__file__).resolve().parent
EXAMPLES = ROOT / "examples" / "positive"

# Example spec, torchvision model, and the module subtrees the spec writes out.
WRITTEN = {
    "shufflenet_v2_units.yaml": ("shufflenet_v2_x1_0", ("stage2.0", "stage2.1")),
    "convnext_block.yaml": ("convnext_tiny", ("features.0", "features.1.0", "features.2")),
}


@functools.cache
def recorded_models() -> dict[str, Any]:
    with gzip.open(ROOT / "fixtures" / "torchvision_zoo.json.gz", "rt", encoding="utf-8") as fh:
        models: dict[str, Any] = json.load(fh)["models"]
    return models


def report(example: str) -> NetworkReport:
    network, problems = load_path(str(EXAMPLES / example))
    assert network is not None, problems
    return calculate_network(network, CalculationSettings())


@pytest.mark.parametrize("example", list(WRITTEN))
def test_matches_torchvision_module_by_module(example: str) -> None:
    model, subtrees = WRITTEN[example]
    modules = recorded_models()[model]["modules"]
    checked = report(example)
    figures: dict[str, tuple[Any, int, int]] = {}
    for layer in checked.layers:
        shape = layer.output_shape.in_layout("hwc") if layer.output_shape else None
        figures[layer.spec.name] = (shape, layer.params or 0, layer.buffers or 0)
    for block in checked.blocks:
        shape = block.output_shape.in_layout("hwc") if block.output_shape else None
        figures[block.name] = (shape, block.params, block.buffers)
    compared = 0
    for name, module in modules.items():
        if not name.startswith(subtrees) or "224x224" not in module.get("calls", {}):
            continue  # outside the written part, or never called (an empty branch1)
        if name not in figures:
            # A Sequential container may be left implicit: its children are written.
            assert not module["leaf"], f"torchvision's {name} has no layer in the spec"
            continue
        own = (module["params"], module["buffers"]) if module["leaf"] else None
        total = (module["params_total"], module["buffers_total"])
        shape, params, buffers = figures[name]
        assert shape == module["calls"]["224x224"]["outputs"][0], name
        assert (params, buffers) == (own or total), name
        compared += 1
    assert compared >= 10
