"""`convcalc explain SPEC LAYER` and `calc … --explain LAYER`: one layer's numbers with their
formulas (report/explain.py writes them, engine/explain.py gathers them)."""

from __future__ import annotations

import shutil
import sys
import textwrap

from convcalc.commands.exitcodes import USAGE_OR_IO, usage_error
from convcalc.commands.whatif import changed_network
from convcalc.core.diagnostics import Severity
from convcalc.core.printable import printable
from convcalc.core.settings import Settings
from convcalc.core.specs import NetworkSpec
from convcalc.engine.calculator import calculate_network
from convcalc.engine.explain import explain_layer
from convcalc.engine.results import LayerResult, NetworkReport
from convcalc.load.files import InputError, Loaded, load_arguments, load_path
from convcalc.load.overrides import OverrideError, find_layer
from convcalc.report.base import diagnostic_line, hint_line
from convcalc.report.explain import explanation_lines

_INDEX = "layers"  # `layers.3`, as --set counts


def _line(text: str) -> None:
    """One line; on a terminal, a long one wraps at word boundaries under its own indent."""
    if sys.stdout.isatty():
        width = shutil.get_terminal_size().columns
        indent = " " * (len(text) - len(text.lstrip(" ")) + 2)
        text = textwrap.fill(
            text, width, subsequent_indent=indent, break_on_hyphens=False, drop_whitespace=True
        )
    sys.stdout.write(text + "\n")


def chosen_layer(report: NetworkReport, wanted: str) -> LayerResult | None:
    """The layer named `wanted`, or at index `wanted` / `layers.N` (the table's # column)."""
    network = report.network
    assert network is not None
    text = wanted.removeprefix(f"{_INDEX}.")
    found = find_layer(network, f"{wanted}.")
    if found is None and text.isascii() and text.isdigit():
        found = find_layer(network, f"{_INDEX}.{text}.")
    if found is None:
        return None
    return report.layers[found[0].index]


def _unknown(network: NetworkSpec, wanted: str) -> str:
    names = ", ".join(printable(layer.name) for layer in network.layers[:12])
    more = ", …" if len(network.layers) > 12 else ""
    return (
        f"no layer {printable(wanted)}: give a name or an index (0 to "
        f"{len(network.layers) - 1:,}); layers: {names}{more}"
    )


def explain_loaded(loaded: Loaded, wanted: str, settings: Settings) -> int:
    network, problems = loaded
    if network is None:
        for problem in problems:
            _line(diagnostic_line(problem))
            if problem.hint:
                _line(hint_line(problem))
        return 1
    try:
        network = changed_network(network, settings)
    except OverrideError as error:
        return usage_error(error)
    if not network.layers:
        return usage_error("the spec has no layers to explain")
    report = calculate_network(network, settings.calculation)
    layer = chosen_layer(report, wanted)
    if layer is None:
        return usage_error(_unknown(network, wanted))
    layout = settings.layout or network.layout
    explained = explain_layer(
        report, layer, layout, settings.calculation.framework, settings.calculation.batch
    )
    for line in explanation_lines(explained):
        _line(line)
    return 1 if layer.status is Severity.ERROR else 0


def run_explain(settings: Settings, wanted: str) -> int:
    """explain (a spec file) or calc --explain (layers on the command line)."""
    if settings.command == "calc":
        assert settings.input_text is not None
        loaded = load_arguments(settings.input_text, settings.layer_args, settings.layout or "hwc")
        return explain_loaded(loaded, wanted, settings)
    try:
        loaded = load_path(settings.paths[0])
    except InputError as error:
        usage_error(error)
        return USAGE_OR_IO
    return explain_loaded(loaded, wanted, settings)
