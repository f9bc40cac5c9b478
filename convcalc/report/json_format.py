"""`--format json`: an array of reports, one per checked spec. A documented contract (README)."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import click

from convcalc.core.diagnostics import Diagnostic
from convcalc.engine.results import (
    QUANTITIES,
    GroupResult,
    LayerResult,
    NetworkReport,
)
from convcalc.geometry.field_phases import Number
from convcalc.geometry.receptive_field import ReceptiveField
from convcalc.report.base import Reporter, ReportOptions, status_text

SCHEMA_VERSION = 1


def exact(value: Number) -> int | str:
    """Whole numbers as JSON integers; fractions as exact strings like `"1/2"`, never floats."""
    if isinstance(value, Fraction):
        return (
            value.numerator if value.denominator == 1 else f"{value.numerator}/{value.denominator}"
        )
    return value


def field_dict(field: ReceptiveField) -> dict[str, Any]:
    """Size, jump and padding per dimension; a global field (every unit sees the whole input)
    has no size or padding, and a jump only when its units sit on a grid."""
    if field.is_global:
        return {
            "size": None,
            "jump": [exact(v) for v in field.jump] if field.has_grid else None,
            "padding": None,
            "global": True,
        }
    return {
        "size": [exact(v) for v in field.size],
        "jump": [exact(v) for v in field.jump],
        "padding": [exact(v) for v in field.padding],
        "global": False,
    }


def _layer(layer: LayerResult, layout: str) -> dict[str, Any]:
    spec = layer.spec
    entry: dict[str, Any] = {
        "name": spec.name,
        "type": spec.kind,
        "output": layer.output_shape.in_layout(layout) if layer.output_shape else None,
        # null: not computed (never 0 for a figure that is unknown).
        "weights": layer.weights,
        "biases": layer.biases,
        "params": layer.params,
        "buffers": layer.buffers,
        "macs": layer.macs,
    }
    if layer.receptive_field is not None:
        entry["receptive_field"] = field_dict(layer.receptive_field)
    elif layer.field_absence:
        entry["receptive_field"] = None
        entry["receptive_field_absent"] = layer.field_absence.text(spec.name)
    entry["inputs"] = list(spec.inputs)
    entry["status"] = status_text(layer)
    entry["line"] = spec.location.line
    entry["column"] = spec.location.column
    return entry


def _diagnostic(diagnostic: Diagnostic) -> dict[str, Any]:
    location = diagnostic.location
    return {
        "code": diagnostic.code,
        "name": diagnostic.name,
        "severity": str(diagnostic.severity),
        "layer": diagnostic.layer,
        "message": diagnostic.message,
        "hint": diagnostic.hint,
        "file": location.source if location else None,
        "line": location.line if location else None,
        "column": location.column if location else None,
        "argument": location.argument if location else None,
        "used_at": [
            {"file": site.source, "line": site.line, "column": site.column}
            for site in diagnostic.use_sites
        ],
    }


def _completeness(partial: frozenset[str], uncomputed: int) -> dict[str, Any]:
    """Whether the sums count every layer: `complete`, `uncomputed_layers` (layers with a figure
    not computed) and `partial` (the figures whose sum leaves those out, in display order)."""
    return {
        "complete": not partial,
        "uncomputed_layers": uncomputed,
        "partial": [quantity for quantity in QUANTITIES if quantity in partial],
    }


def _group(group: GroupResult, layout: str) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "name": group.name,
        "type": group.kind,
        "level": group.level,
        "layers": [group.layer_indices[0], group.layer_indices[-1]],
        "output": group.output_shape.in_layout(layout) if group.output_shape else None,
        "weights": group.weights,
        "biases": group.biases,
        "params": group.params,
        "buffers": group.buffers,
        "macs": group.macs,
        **_completeness(group.partial, group.uncomputed),
    }
    if group.receptive_field is not None:
        entry["receptive_field"] = field_dict(group.receptive_field)
    elif group.field_absence:
        entry["receptive_field"] = None
        entry["receptive_field_absent"] = group.field_absence.text(group.name)
    return entry


def report_dict(report: NetworkReport, layout: str) -> dict[str, Any]:
    network = report.network
    totals = report.totals
    return {
        "file": report.source,
        "name": network.name if network else None,
        "layout": layout,
        "input": list(network.input_written) if network else None,
        "layers": [_layer(layer, layout) for layer in report.layers],
        "totals": None
        if totals is None
        else {
            "params": totals.params,
            "weights": totals.weights,
            "biases": totals.biases,
            "buffers": totals.buffers,
            "macs": totals.macs,
            "output": totals.output_shape.in_layout(layout) if totals.output_shape else None,
            "receptive_field": field_dict(totals.receptive_field)
            if totals.receptive_field
            else None,
            "receptive_field_absent": totals.field_absence.text("")
            if totals.field_absence
            else None,
            "outputs": {
                name: shape.in_layout(layout) if shape else None for name, shape in totals.outputs
            },
            **_completeness(totals.partial, totals.uncomputed),
        },
        "blocks": [_group(group, layout) for group in report.groups],
        "diagnostics": [_diagnostic(d) for d in report.diagnostics],
    }


class JsonReporter(Reporter):
    """The array `json.dumps(..., indent=2)` writes, each item written as its file is checked."""

    streams = True

    def __init__(self, options: ReportOptions) -> None:
        super().__init__(options)
        self._items = 0

    def add(self, report: NetworkReport) -> None:
        item = json.dumps(report_dict(report, self.layout_of(report)), indent=2, ensure_ascii=False)
        # click.echo, not rich: rich would wrap long lines and mangle brackets.
        click.echo(("[\n" if not self._items else ",\n") + textwrap.indent(item, "  "), nl=False)
        self._items += 1

    def finish(self, reports: Sequence[NetworkReport]) -> None:
        click.echo("\n]" if self._items else "[]")
