"""Shared by the tests that replay nets recorded from PyTorch (tests/fixtures/*.json)."""

from __future__ import annotations

from typing import Any

import yaml

from convcalc.core.diagnostics import Severity
from convcalc.core.settings import CalculationSettings
from convcalc.engine.calculator import calculate_network
from convcalc.engine.results import NetworkReport
from convcalc.geometry.receptive_field import ReceptiveField
from convcalc.load.files import load_text


def analyse_recorded(net: dict[str, Any], prefix: str = "net") -> NetworkReport:
    """convcalc's report for a recorded net's `input` and `layers`, as a spec file would give."""
    text = yaml.safe_dump({"input": net["input"], "layers": net["layers"]}, sort_keys=False)
    # Random-net fixtures number their nets (`id`); hand-built probe nets name them (`name`).
    network, problems = load_text(text, f"{prefix}{net.get('id', net.get('name'))}.yaml")
    assert network is not None, problems
    return calculate_network(network, CalculationSettings())


def first_error_layer(report: NetworkReport) -> int | None:
    """Index of the first layer with an error: where PyTorch must have refused the net."""
    for index, layer in enumerate(report.layers):
        if layer.status == Severity.ERROR:
            return index
    return None


def interior_axes(field: ReceptiveField) -> list[int]:
    """The dimensions the recorders' long-signal probe describes: all but those where a map one
    unit wide was resized (jump 0). PyTorch clamps every source position to that one unit, an
    edge the probe's endless signal does not have; tests/geometry/test_global_fields.py probes
    those on the real net instead."""
    return [axis for axis, jump in enumerate(field.jump) if jump != 0]


def on_axes(values: dict[str, list[Any]], axes: list[int]) -> dict[str, list[Any]]:
    """A field's per-dimension lists restricted to `axes`."""
    return {key: [per_axis[axis] for axis in axes] for key, per_axis in values.items()}
