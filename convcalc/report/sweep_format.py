"""Showing a sweep: a rich table, JSON or CSV (both with click.echo), and the progress bar."""

from __future__ import annotations

import csv
import io
import sys
import time
from types import TracebackType
from typing import TYPE_CHECKING, Any

import click

from convcalc.core.diagnostics import Severity
from convcalc.engine.sweep import Sweep, SweepRow
from convcalc.geometry.receptive_field import ReceptiveField
from convcalc.report.base import ReportOptions, field_text, shape_text, total_text
from convcalc.report.console import SEVERITY_STYLES, console_for
from convcalc.report.json_format import exact, field_dict, plain_value
from convcalc.report.json_writer import write_json
from convcalc.report.table import print_table

if TYPE_CHECKING:
    from rich.progress import Progress as RichProgress

# A sweep that finishes within this many seconds shows no bar at all.
PROGRESS_DELAY = 0.5


class Progress:
    """A bar on standard error, only on a terminal and only once the sweep has taken a moment;
    standard output (a table, JSON or CSV) is never touched."""

    def __init__(self, total: int, wanted: bool | None = None) -> None:
        self.total = total
        self.done = 0
        self.enabled = sys.stderr.isatty() if wanted is None else wanted
        self.started = time.monotonic()
        self.bar: RichProgress | None = None
        self.task: Any = None

    def __enter__(self) -> Progress:
        return self

    def advance(self) -> None:
        self.done += 1
        late = time.monotonic() - self.started >= PROGRESS_DELAY
        if self.bar is None and self.enabled and self.done < self.total and late:
            self._start()
        if self.bar is not None:
            self.bar.update(self.task, completed=self.done)

    def _start(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

        self.bar = Progress(
            "sweeping",
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        self.task = self.bar.add_task("sweep", total=self.total, completed=self.done)
        self.bar.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self.bar is not None:
            self.bar.stop()


def _rf_plain(field: ReceptiveField | None) -> str:
    """`195x195`: the receptive field's size per dimension, ASCII for CSV."""
    if field is None:
        return ""
    if field.is_global:
        return "global"
    return "x".join(str(exact(value)) for value in field.size)


def _output_plain(row: SweepRow, layout: str) -> str:
    totals = row.report.totals
    if totals is None or totals.output_shape is None:
        return ""
    return "x".join(str(size) for size in totals.output_shape.in_layout(layout))


def _whole(row: SweepRow, quantity: str) -> int | None:
    """The total of `params` or `macs`, None when it leaves out a layer not computed."""
    totals = row.report.totals
    if totals is None or quantity in totals.partial:
        return None
    value: int = getattr(totals, quantity)
    return value


def _shown(row: SweepRow, quantity: str) -> str:
    """The table's cell: the total, `≥n` when partial (the note under the table says why)."""
    totals = row.report.totals
    if totals is None:
        return ""
    return total_text(getattr(totals, quantity), quantity in totals.partial)


def _uncomputed(row: SweepRow) -> int:
    totals = row.report.totals
    return totals.uncomputed if totals is not None else 0


def _counts(row: SweepRow) -> dict[str, int]:
    return {
        "errors": row.report.count(Severity.ERROR),
        "warnings": row.report.count(Severity.WARNING),
        "info": row.report.count(Severity.INFO),
    }


class SweepReporter:
    """Shows a whole sweep; `--layout` and `--color` come in the options."""

    def __init__(self, options: ReportOptions) -> None:
        self.options = options

    def render(self, sweep: Sweep) -> None:
        raise NotImplementedError


class SweepJson(SweepReporter):
    def render(self, sweep: Sweep) -> None:
        network, axes, rows = sweep.network, sweep.axes, sweep.rows
        shown = self.options.layout or network.layout
        entries = []
        for row in rows:
            totals = row.report.totals
            worst = row.worst
            field = totals.receptive_field if totals is not None else None
            entries.append(
                {
                    "values": {
                        axis.path: plain_value(value.value)
                        for axis, value in zip(axes, row.values, strict=True)
                    },
                    "output": totals.output_shape.in_layout(shown)
                    if totals is not None and totals.output_shape is not None
                    else None,
                    "params": _whole(row, "params"),
                    "macs": _whole(row, "macs"),
                    "complete": totals is not None and totals.complete,
                    "uncomputed_layers": _uncomputed(row),
                    "receptive_field": None if field is None else field_dict(field),
                    "worst": None
                    if worst is None
                    else {
                        "code": worst.code,
                        "name": worst.name,
                        "severity": str(worst.severity),
                        "layer": worst.layer,
                        "message": worst.message,
                    },
                    **_counts(row),
                }
            )
        payload = {
            "file": network.source,
            "layout": shown,
            "vary": [axis.path for axis in axes],
            "rows": entries,
        }
        write_json(payload)


CSV_COLUMNS = (
    "output",
    "params",
    "macs",
    "receptive_field",
    "worst_code",
    "worst_severity",
    "worst_layer",
    "errors",
    "warnings",
    "info",
    "complete",
    "uncomputed_layers",
)


class SweepCsv(SweepReporter):
    def render(self, sweep: Sweep) -> None:
        network, axes, rows = sweep.network, sweep.axes, sweep.rows
        shown = self.options.layout or network.layout
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow([*(axis.path for axis in axes), *CSV_COLUMNS])
        for row in rows:
            totals = row.report.totals
            worst = row.worst
            counts = _counts(row)
            params, macs = _whole(row, "params"), _whole(row, "macs")
            writer.writerow(
                [
                    *(value.value_text for value in row.values),
                    _output_plain(row, shown),
                    *("" if value is None else value for value in (params, macs)),
                    _rf_plain(totals.receptive_field if totals is not None else None),
                    worst.code if worst else "",
                    str(worst.severity) if worst else "",
                    (worst.layer or "") if worst else "",
                    counts["errors"],
                    counts["warnings"],
                    counts["info"],
                    "true" if totals is not None and totals.complete else "false",
                    _uncomputed(row),
                ]
            )
        click.echo(buffer.getvalue(), nl=False)


SWEEP_DROP_ORDER = ("receptive field", "MACs", "params")


class SweepTable(SweepReporter):
    def render(self, sweep: Sweep) -> None:
        from rich import box
        from rich.table import Table
        from rich.text import Text

        network, axes, rows = sweep.network, sweep.axes, sweep.rows
        shown = self.options.layout or network.layout
        console = console_for(self.options.color)
        title = Text(network.source, style="bold")
        if network.name:
            title.append(f"  {network.name}", style="cyan")
        title.append(f"  {len(rows):,} combination{'' if len(rows) == 1 else 's'}", style="dim")
        console.print(title)
        table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
        for axis in axes:
            # Text, not a string: a path is the user's text and must not be read as rich markup.
            table.add_column(Text(axis.path), justify="right", no_wrap=True, style="magenta")
        for heading in ("output", "params", "MACs", "receptive field"):
            table.add_column(heading, justify="right", no_wrap=True)
        table.add_column("worst", no_wrap=True)
        for row in rows:
            totals = row.report.totals
            worst = row.worst
            if worst is None:
                verdict = Text("ok", style="green")
            else:
                layer = f" {worst.layer}" if worst.layer else ""
                verdict = Text(f"{worst.code} {worst.severity}{layer}")
                verdict.stylize(SEVERITY_STYLES[worst.severity])
            output = totals.output_shape if totals is not None else None
            table.add_row(
                *(Text(value.value_text) for value in row.values),
                Text(shape_text(output, shown) if output is not None else "?"),
                Text(_shown(row, "params")),
                Text(_shown(row, "macs")),
                Text(field_text(totals.receptive_field if totals is not None else None)),
                verdict,
            )
        # On a narrow terminal the figures go first (receptive field, MACs, params); the values
        # swept, the output and the verdict stay, and head each row's block when stacked.
        print_table(console, table, drop=SWEEP_DROP_ORDER, keys=len(axes))
        partial = sum(1 for row in rows if _uncomputed(row))
        if partial:
            note = (
                f"partial totals in {partial:,} of {len(rows):,} combinations, where layers "
                "could not be computed; ≥ marks a sum that leaves them out"
            )
            console.print(Text(note, style="yellow"), soft_wrap=not console.is_terminal)
