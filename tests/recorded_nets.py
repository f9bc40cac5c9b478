"""Shared by the tests that replay nets recorded from PyTorch (tests/fixtures/*.json)."""

from __future__ import annotations

from typing import Any

import yaml

from convcalc.analyse.calculator import analyse_network
from convcalc.analyse.results import NetworkReport
from convcalc.diagnostics import Severity
from convcalc.load.files import load_text
from convcalc.settings import AnalysisSettings


def analyse_recorded(net: dict[str, Any], prefix: str = "net") -> NetworkReport:
    """convcalc's report for a recorded net's `input` and `layers`, as a spec file would give."""
    text = yaml.safe_dump({"input": net["input"], "layers": net["layers"]}, sort_keys=False)
    network, problems = load_text(text, f"{prefix}{net['id']}.yaml")
    assert network is not None, problems
    return analyse_network(network, AnalysisSettings())


def first_error_layer(report: NetworkReport) -> int | None:
    """Index of the first layer with an error: where PyTorch must have refused the net."""
    for index, layer in enumerate(report.layers):
        if layer.status == Severity.ERROR:
            return index
    return None
