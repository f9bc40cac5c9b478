"""`--format table`: a rich table per spec, its diagnostics and a summary line."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from convcalc.analyse.results import LayerResult, NetworkReport
from convcalc.diagnostics import Severity
from convcalc.kinds import KINDS
from convcalc.report.base import (
    Reporter,
    counts_text,
    diagnostic_line,
    field_text,
    shape_text,
    status_text,
)

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

    force = True if color == "always" else None
    interactive = sys.stdout.isatty()
    return Console(
        force_terminal=force,
        no_color=True if color == "never" else None,
        highlight=False,
        width=None if interactive or force else _PIPE_WIDTH,
        soft_wrap=False,
    )


class TableReporter(Reporter):
    def render(self, reports: Sequence[NetworkReport]) -> None:
        console = _console(self.options.color)
        for position, report in enumerate(reports):
            if position:
                console.print()
            self._render_one(console, report)
        if len(reports) > 1:
            from rich.text import Text

            failing = sum(1 for report in reports if report.count(Severity.ERROR))
            console.print(
                Text(f"{counts_text(reports)} in {failing} of {len(reports)} files", style="bold")
            )

    def _table(self, report: NetworkReport) -> Table:
        from rich import box
        from rich.table import Table
        from rich.text import Text

        layout = self.layout_of(report)
        show_buffers = any(layer.buffers for layer in report.layers)
        table = Table(box=box.SIMPLE_HEAD, show_footer=False, pad_edge=False)
        table.add_column("#", justify="right", style="dim")
        table.add_column("name")
        table.add_column("kind")
        table.add_column("geometry")
        table.add_column("output", justify="right")
        table.add_column("weights", justify="right")
        table.add_column("biases", justify="right")
        table.add_column("params", justify="right")
        if show_buffers:
            table.add_column("buffers", justify="right")
        table.add_column("receptive field", justify="right")
        table.add_column("status")
        network = report.network
        assert network is not None

        def rank_of(layer: LayerResult) -> int:
            shape = layer.input_shape or network.input_shape
            return shape.rank

        table.add_row(
            "",
            Text("input"),
            "",
            "",
            Text(network.input_shape.label(layout)),
            "",
            "",
            "",
            *([""] if show_buffers else []),
            "",
            "",
        )
        for layer in report.layers:
            spec = layer.spec
            status = status_text(layer)
            cells: list[RenderableType] = [
                str(spec.index),
                Text(spec.name),
                Text(spec.kind),
                Text(
                    KINDS[spec.kind].geometry(
                        spec, layer.input_shape.rank if layer.input_shape else 0
                    )
                ),
                Text(shape_text(layer.output_shape, layout) if layer.analysed else ""),
                f"{layer.weights:,}" if layer.weights else "",
                f"{layer.biases:,}" if layer.biases else "",
                f"{layer.params:,}" if layer.params else "",
            ]
            if show_buffers:
                cells.append(f"{layer.buffers:,}" if layer.buffers else "")
            cells.append(field_text(layer.receptive_field))
            cells.append(Text(status, style=_STYLES.get(status, "")))
            table.add_row(*cells)
        totals = report.totals
        if totals is not None:
            table.add_section()
            row: list[RenderableType] = [
                "",
                Text("total", style="bold"),
                "",
                "",
                Text(shape_text(totals.output_shape, layout), style="bold"),
                f"{totals.weights:,}",
                f"{totals.biases:,}",
                Text(f"{totals.params:,}", style="bold"),
            ]
            if show_buffers:
                row.append(f"{totals.buffers:,}")
            row.extend([field_text(totals.receptive_field), ""])
            table.add_row(*row)
        return table

    def _render_one(self, console: Console, report: NetworkReport) -> None:
        from rich.text import Text

        network = report.network
        title = Text(report.source, style="bold")
        if network is not None and network.name:
            title.append(f"  {network.name}", style="cyan")
        console.print(title)
        if network is not None:
            console.print(self._table(report))
        for diagnostic in report.diagnostics:
            line = Text(diagnostic_line(diagnostic))
            line.stylize(_SEVERITY_STYLE[diagnostic.severity], 0, len(line))
            console.print(line, soft_wrap=True)
            if diagnostic.hint:
                console.print(Text(f"    hint: {diagnostic.hint}", style="dim"), soft_wrap=True)
        console.print(Text(counts_text([report]), style="bold"), soft_wrap=True)
