"""`--format table`: a rich table per spec, its diagnostics and a summary line."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from convcalc.analyse.results import (
    FieldAbsence,
    GroupResult,
    LayerResult,
    NetworkReport,
    ReceptiveField,
)
from convcalc.diagnostics import Severity
from convcalc.kinds import KINDS
from convcalc.report.base import (
    Reporter,
    absent_field_notes,
    count_text,
    counts_text,
    diagnostic_line,
    field_text,
    partial_note,
    shape_text,
    status_text,
    summary_text,
    total_text,
)
from convcalc.shapes import Shape

if TYPE_CHECKING:
    from rich.console import Console, RenderableType
    from rich.table import Table

_STYLES = {
    "ok": "green",
    "info": "blue",
    "warning": "yellow",
    "error": "bold red",
    "skipped": "dim",
}
_SEVERITY_STYLE = {Severity.INFO: "blue", Severity.WARNING: "yellow", Severity.ERROR: "bold red"}
# Piped output must not wrap; a terminal keeps its own width.
_PIPE_WIDTH = 10_000


def _console(color: str) -> Console:
    # Made per run, not at import: NO_COLOR and --color must be read when convcalc runs.
    from rich.console import Console

    interactive = sys.stdout.isatty()
    if color == "always":
        plain = False
    elif color == "never":
        plain = True
    else:
        plain = bool(os.environ.get("NO_COLOR")) or not interactive
    return Console(
        force_terminal=True if color == "always" else None,
        # No escape codes at all when plain: NO_COLOR users want no bold or dim either.
        color_system=None if plain else "auto" if interactive else "standard",
        no_color=False if color == "always" else None,
        highlight=False,
        width=None if interactive else _PIPE_WIDTH,
        soft_wrap=False,
    )


def _count(value: int) -> str:
    return count_text(value) if value else ""


def _figure(row: _Row, quantity: str) -> str:
    """A row's cell: blank for 0, `?` for a figure not computed (on a skipped layer too: it is
    unknown, not 0), `≥n` for a block's sum that leaves out such a figure."""
    value: int | None = getattr(row, quantity)
    if value is None:
        return "?"
    if quantity in row.partial:
        return total_text(value, partial=True)
    return _count(value)


@dataclass(frozen=True)
class _Row:
    """What one table row shows: a layer, or a collapsed block instance."""

    index: str
    name: str
    kind: str
    sources: str
    geometry: str
    output_shape: Shape | None
    weights: int | None  # None: not computed
    biases: int | None
    params: int | None
    buffers: int | None
    receptive_field: ReceptiveField | None
    status: str
    analysed: bool
    collapsed: bool = False
    partial: frozenset[str] = frozenset()  # a collapsed block's sums that leave out a layer
    field_absence: FieldAbsence | None = None

    @classmethod
    def of_layer(cls, layer: LayerResult, geometry: str, sources: str) -> _Row:
        return cls(
            index=str(layer.spec.index),
            name=layer.spec.name,
            kind=layer.spec.kind,
            sources=sources,
            geometry=geometry,
            output_shape=layer.output_shape,
            weights=layer.weights,
            biases=layer.biases,
            params=layer.params,
            buffers=layer.buffers,
            receptive_field=layer.receptive_field,
            status=status_text(layer),
            analysed=layer.analysed,
            field_absence=layer.field_absence,
        )

    @classmethod
    def of_group(cls, group: GroupResult) -> _Row:
        first, last = group.layer_indices[0], group.layer_indices[-1]
        status = "skipped" if not group.analysed else str(group.status or "ok")
        return cls(
            index=f"{first}–{last}",
            name=group.name,
            kind=group.kind,
            sources="",
            geometry=f"{len(group.layer_indices)} layers",
            output_shape=group.output_shape,
            weights=group.weights,
            biases=group.biases,
            params=group.params,
            buffers=group.buffers,
            receptive_field=group.receptive_field,
            status=status,
            analysed=group.analysed,
            collapsed=True,
            partial=group.partial,
            field_absence=group.field_absence,
        )


class TableReporter(Reporter):
    def render(self, reports: Sequence[NetworkReport]) -> None:
        console = _console(self.options.color)
        for position, report in enumerate(reports):
            if position:
                console.print()
            self._render_one(console, report)
        if len(reports) > 1 or self.options.skipped:
            from rich.text import Text

            console.print(Text(summary_text(reports, self.options), style="bold"))

    def _rows(self, report: NetworkReport) -> list[_Row]:
        """One row per layer, or per collapsed block instance below `--depth`."""
        network = report.network
        assert network is not None
        depth = self.options.depth
        groups = {group.name: group for group in report.groups}
        rows: list[_Row] = []
        emitted: set[str] = set()
        previous = "input"
        for layer in report.layers:
            spec = layer.spec
            if depth is not None and len(spec.groups) > depth:
                group = groups[spec.groups[depth]]
                if group.name not in emitted:
                    emitted.add(group.name)
                    rows.append(_Row.of_group(group))
                previous = spec.name
                continue
            rank = (layer.input_shape or network.input_shape).rank
            prefix = spec.groups[-1] + "." if spec.groups else ""
            wired = spec.inputs and spec.inputs != (previous,)
            sources = ", ".join(name.removeprefix(prefix) for name in spec.inputs) if wired else ""
            rows.append(_Row.of_layer(layer, KINDS[spec.kind].geometry(spec, rank), sources))
            previous = spec.name
        return rows

    def _table(self, report: NetworkReport, compact: bool = False) -> Table:
        """The layer table; `compact` leaves out weights and biases (params stay) for a
        terminal too narrow for every column."""
        from rich import box
        from rich.table import Table
        from rich.text import Text

        layout = self.layout_of(report)
        network = report.network
        assert network is not None
        rows = self._rows(report)
        show_buffers = any(row.buffers for row in rows)
        show_from = any(row.sources for row in rows)
        table = Table(box=box.SIMPLE_HEAD, show_footer=False, pad_edge=False, show_edge=False)
        table.add_column("#", justify="right", style="dim")
        table.add_column("name")
        table.add_column("kind")
        if show_from:
            table.add_column("from")
        table.add_column("geometry")
        table.add_column("output", justify="right")
        if not compact:
            table.add_column("weights", justify="right")
            table.add_column("biases", justify="right")
        table.add_column("params", justify="right")
        if show_buffers:
            table.add_column("buffers", justify="right")
        table.add_column("receptive field", justify="right", overflow="fold")
        table.add_column("status")

        def add(cells: list[RenderableType], sources: str, buffers: str) -> None:
            if compact:
                del cells[5:7]  # weights, biases
            if show_from:
                cells.insert(3, Text(sources))
            if show_buffers:
                cells.insert(-2, buffers)
            table.add_row(*cells)

        add(
            [
                "",
                Text("input"),
                "",
                "",
                Text(shape_text(network.input_shape, layout)),
                "",
                "",
                "",
                "",
                "",
            ],
            "",
            "",
        )
        for row in rows:
            output = shape_text(row.output_shape, layout)
            add(
                [
                    row.index,
                    Text(row.name, style="bold" if row.collapsed else ""),
                    Text(row.kind, style="cyan" if row.collapsed else ""),
                    Text(row.geometry),
                    Text(output),
                    _figure(row, "weights"),
                    _figure(row, "biases"),
                    _figure(row, "params"),
                    field_text(row.receptive_field, row.field_absence),
                    Text(row.status, style=_STYLES.get(row.status, "")),
                ],
                row.sources,
                _figure(row, "buffers"),
            )
        totals = report.totals
        if totals is not None:
            table.add_section()
            add(
                [
                    "",
                    Text("total", style="bold"),
                    "",
                    "",
                    Text(shape_text(totals.output_shape, layout), style="bold"),
                    total_text(totals.weights, "weights" in totals.partial),
                    total_text(totals.biases, "biases" in totals.partial),
                    Text(total_text(totals.params, "params" in totals.partial), style="bold"),
                    field_text(totals.receptive_field, totals.field_absence),
                    "",
                ],
                "",
                total_text(totals.buffers, "buffers" in totals.partial),
            )
        return table

    @staticmethod
    def _partial_note(console: Console, report: NetworkReport) -> None:
        """Under a table whose totals leave out layers: say so, and how many."""
        from rich.text import Text

        totals = report.totals
        if totals is None or totals.complete:
            return
        note = partial_note(totals.uncomputed, len(report.layers))
        line = Text(f"partial totals: {note}; ≥ marks a sum that leaves them out", style="yellow")
        console.print(line, soft_wrap=True)

    def _render_one(self, console: Console, report: NetworkReport) -> None:
        from rich.text import Text

        network = report.network
        title = Text(report.source, style="bold")
        if network is not None and network.name:
            title.append(f"  {network.name}", style="cyan")
        console.print(title)
        if network is not None:
            table = self._table(report)
            # Measuring costs as much as printing (every cell of every row): only a terminal,
            # whose width is fixed, needs to know whether the full table fits.
            if console.is_terminal:
                options = console.options.update_width(_PIPE_WIDTH)
                if console.measure(table, options=options).maximum > console.width:
                    table = self._table(report, compact=True)
            console.print(table)
            self._partial_note(console, report)
            for note in absent_field_notes(report):
                console.print(Text(note, style="dim"), soft_wrap=True)
        for diagnostic in report.diagnostics:
            line = Text(diagnostic_line(diagnostic))
            line.stylize(_SEVERITY_STYLE[diagnostic.severity], 0, len(line))
            console.print(line, soft_wrap=True)
            if diagnostic.use_sites:
                sites = ", ".join(str(site) for site in diagnostic.use_sites)
                console.print(Text(f"    in a block used at {sites}", style="dim"), soft_wrap=True)
            if diagnostic.hint:
                console.print(Text(f"    hint: {diagnostic.hint}", style="dim"), soft_wrap=True)
        console.print(Text(counts_text([report]), style="bold"), soft_wrap=True)
