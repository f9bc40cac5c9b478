"""`--format json`: an array of reports, one per checked spec. A documented contract:
docs/json.md.

With `--set` (the diff view) each item is the new network's report exactly as without, plus
`was` on changed layers, `totals_was`, `delta` and the appeared and disappeared diagnostics
(docs/json.md, "With `--set`"). The comparison itself is engine/diff.py's; this module only
shows it."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from convcalc.core.diagnostics import Diagnostic
from convcalc.engine.results import (
    CELLS,
    QUANTITIES,
    BlockResult,
    LayerMemory,
    LayerResult,
    MemoryTotals,
    NetworkReport,
)
from convcalc.geometry.field_phases import Number
from convcalc.geometry.receptive_field import ReceptiveField
from convcalc.report.base import Reporter, ReportOptions, status_text
from convcalc.report.json_writer import Items, JsonArrayWriter, write_json

if TYPE_CHECKING:  # engine.diff is loaded only with --set (commands.whatif)
    from convcalc.engine.diff import NetworkDiff


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


def _layer(layer: LayerResult, layout: str, framework: str | None) -> dict[str, Any]:
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
        **_memory(layer.memory),
    }
    if framework:  # an imported file: its framework's own count too (docs/importers.md)
        entry["framework_params"] = layer.framework_params
    if layer.receptive_field is not None:
        entry["receptive_field"] = field_dict(layer.receptive_field)
    elif layer.receptive_field_absence:
        entry["receptive_field"] = None
        entry["receptive_field_absent"] = layer.receptive_field_absence.text(spec.name)
    entry["inputs"] = list(spec.inputs)
    entry["status"] = status_text(layer)
    entry["line"] = spec.location.line
    entry["column"] = spec.location.column
    return entry


def _memory(memory: LayerMemory | None) -> dict[str, Any]:
    """A layer's memory figures (null: not computed); `im2col` null for a layer without one."""
    im2col = memory.im2col if memory else None
    return {
        "activation_elements": memory.activation_elements if memory else None,
        "activation_bytes": memory.activation_bytes if memory else None,
        "parameter_bytes": memory.parameter_bytes if memory else None,
        "im2col": None
        if im2col is None
        else {"rows": im2col.rows, "columns": im2col.columns, "bytes": im2col.bytes},
    }


def _memory_totals(memory: MemoryTotals | None) -> dict[str, Any] | None:
    if memory is None:
        return None
    return {
        "dtype": memory.dtype,
        "element_bytes": memory.element_bytes,
        "batch": memory.batch,
        "parameter_bytes": memory.parameter_bytes,
        "peak_activation_bytes": memory.peak_activation_bytes,
        "peak_activation_layer": memory.peak_activation_layer,
        "pass_bytes": memory.pass_bytes,
        "largest_im2col_bytes": memory.largest_im2col_bytes,
        "largest_im2col_layer": memory.largest_im2col_layer,
        "complete": memory.complete,
    }


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


def _block(block: BlockResult, layout: str) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "name": block.name,
        "type": block.block,
        "level": block.level,
        "layers": [block.layer_indices[0], block.layer_indices[-1]],
        "output": block.output_shape.in_layout(layout) if block.output_shape else None,
        "weights": block.weights,
        "biases": block.biases,
        "params": block.params,
        "buffers": block.buffers,
        "macs": block.macs,
        **_completeness(block.partial, block.uncomputed),
    }
    if block.receptive_field is not None:
        entry["receptive_field"] = field_dict(block.receptive_field)
    elif block.receptive_field_absence:
        entry["receptive_field"] = None
        entry["receptive_field_absent"] = block.receptive_field_absence.text(block.name)
    return entry


def report_dict(report: NetworkReport, layout: str, *, streamed: bool = False) -> dict[str, Any]:
    """The report as JSON values; `streamed`: its layers as `Items`, each made as it is written."""
    network = report.network
    totals = report.totals
    framework = network.framework if network else None
    imported = {"framework": framework} if framework else {}
    counted = {"framework_params": totals.framework_params} if framework and totals else {}
    layers = (_layer(layer, layout, framework) for layer in report.layers)
    return {
        "file": report.source,
        "name": network.name if network else None,
        **imported,
        "layout": layout,
        "input": list(network.input_written) if network else None,
        "layers": Items(layers) if streamed else list(layers),
        "totals": None
        if totals is None
        else {
            "params": totals.params,
            "weights": totals.weights,
            "biases": totals.biases,
            "buffers": totals.buffers,
            "macs": totals.macs,
            **counted,
            "output": totals.output_shape.in_layout(layout) if totals.output_shape else None,
            "receptive_field": field_dict(totals.receptive_field)
            if totals.receptive_field
            else None,
            "receptive_field_absent": totals.receptive_field_absence.text("")
            if totals.receptive_field_absence
            else None,
            "outputs": {
                name: shape.in_layout(layout) if shape else None for name, shape in totals.outputs
            },
            **_completeness(totals.partial, totals.uncomputed),
            "memory": _memory_totals(totals.memory),
        },
        "blocks": [_block(block, layout) for block in report.blocks],
        "diagnostics": [_diagnostic(d) for d in report.diagnostics],
    }


def plain_value(value: Any) -> Any:
    """A field's value as JSON: tuples become lists; numbers, text and booleans stay."""
    if isinstance(value, (tuple, list)):
        return [plain_value(item) for item in value]
    return value


def diff_dict(diff: NetworkDiff, layout: str) -> dict[str, Any]:
    """The new network's report as `--format json` prints it, with the old values added."""
    entry = report_dict(diff.now, layout)
    if diff.now.network is None or diff.was.network is None:
        return entry
    old = report_dict(diff.was, layout)
    old_layers = {layer["name"]: layer for layer in old["layers"]}
    changes = {change.name: change for change in diff.layers}
    for layer in entry["layers"]:
        change = changes.get(layer["name"])
        before = old_layers.get(layer["name"])
        if change is None or change.was is None or before is None or not change.any:
            continue
        # The JSON keys are the diff's cell names; a flat layer has no `receptive_field` key.
        was = {cell: before.get(cell) for cell in CELLS if cell in change.changed}
        if was:
            layer["was"] = was
        if change.fields and change.now is not None:
            layer["changed_fields"] = {
                name: {
                    "was": plain_value(change.was.spec.fields.get(name)),
                    "now": plain_value(change.now.spec.fields.get(name)),
                }
                for name in change.fields
            }
    entry["overrides"] = list(diff.overrides)
    if diff.input_changed:
        entry["input_was"] = old["input"]
    entry["totals_was"] = old["totals"]
    if diff.totals is not None:
        delta: dict[str, Any] = {name: d.change for name, d in diff.totals.quantities}
        delta["percent"] = {
            name: None if d.percent is None else exact(d.percent)
            for name, d in diff.totals.quantities
        }
        entry["delta"] = delta
    else:
        entry["delta"] = None
    appeared = {id(d) for d in diff.appeared}
    disappeared = {id(d) for d in diff.disappeared}
    entry["diagnostics_appeared"] = [
        item
        for item, d in zip(entry["diagnostics"], diff.now.diagnostics, strict=True)
        if id(d) in appeared
    ]
    entry["diagnostics_disappeared"] = [
        item
        for item, d in zip(old["diagnostics"], diff.was.diagnostics, strict=True)
        if id(d) in disappeared
    ]
    return entry


class JsonReporter(Reporter):
    """The array `write_json` writes, each item written as its file is checked."""

    shows_diffs = True

    def __init__(self, options: ReportOptions) -> None:
        super().__init__(options)
        self._array = JsonArrayWriter()

    def add(self, report: NetworkReport) -> None:
        self._array.add_streamed(report_dict(report, self.layout_of(report), streamed=True))

    def finish(self, reports: Sequence[NetworkReport]) -> None:
        self._array.close()

    def render_diffs(self, diffs: Sequence[NetworkDiff]) -> None:
        write_json([diff_dict(diff, self.layout_of(diff.now)) for diff in diffs])
