"""Showing a sweep: a rich table, JSON or CSV (both with click.echo), and the progress bar."""

from __future__ import annotations

import csv
import io
import itertools
import sys
import time
from collections.abc import Iterator, Sequence
from types import TracebackType
from typing import TYPE_CHECKING, Any, ClassVar

import click

from convcalc.core.diagnostics import Severity
from convcalc.engine.sweep import Axis, Sweep, SweepRow
from convcalc.geometry.receptive_field import ReceptiveField
from convcalc.report.base import ReportOptions, field_text, shape_text, total_text
from convcalc.report.console import SEVERITY_STYLES, console_for
from convcalc.report.json_format import exact, field_dict, plain_value
from convcalc.report.json_writer import json_text
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
            # Rows written meanwhile (CSV, JSON) stay on standard output, where they belong.
            redirect_stdout=False,
            redirect_stderr=False,
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
    """Shows a sweep row by row as each combination is calculated (`add`), between `start` and
    `finish`: a reporter keeps no report, only what its end needs. `--layout` and `--color` come
    in the options."""

    # Whether rows appear as they come (a progress bar would be drawn over them on a terminal).
    streams: ClassVar[bool] = True

    def __init__(self, options: ReportOptions) -> None:
        self.options = options
        self.layout = "hwc"
        self.axes: tuple[Axis, ...] = ()

    def start(self, sweep: Sweep) -> None:
        self.layout = self.options.layout or sweep.network.layout
        self.axes = sweep.axes

    def add(self, row: SweepRow) -> None:
        raise NotImplementedError

    def finish(self) -> None:
        raise NotImplementedError


class SweepJson(SweepReporter):
    """One object with the rows last, each row written as it comes: the bytes `write_json` gives
    for the whole object."""

    def start(self, sweep: Sweep) -> None:
        super().start(sweep)
        self.rows = 0  # written so far
        head = json_text(
            {
                "file": sweep.network.source,
                "layout": self.layout,
                "vary": [axis.path for axis in sweep.axes],
            }
        )
        click.echo(head.removesuffix("\n}") + ',\n  "rows": ', nl=False)

    def add(self, row: SweepRow) -> None:
        totals = row.report.totals
        worst = row.worst
        field = totals.receptive_field if totals is not None else None
        entry = {
            "values": {
                axis.path: plain_value(value.value)
                for axis, value in zip(self.axes, row.values, strict=True)
            },
            "output": totals.output_shape.in_layout(self.layout)
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
        lead = "[\n    " if not self.rows else ",\n    "
        click.echo(lead + json_text(entry, level=2), nl=False)
        self.rows += 1

    def finish(self) -> None:
        click.echo(("\n  ]" if self.rows else "[]") + "\n}")


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
    """A header, then one line per row as it comes."""

    def start(self, sweep: Sweep) -> None:
        super().start(sweep)
        self.buffer = io.StringIO()
        self.writer = csv.writer(self.buffer, lineterminator="\n")
        self.writer.writerow([*(axis.path for axis in sweep.axes), *CSV_COLUMNS])
        self._flush()

    def _flush(self) -> None:
        click.echo(self.buffer.getvalue(), nl=False)
        self.buffer.seek(0)
        self.buffer.truncate()

    def add(self, row: SweepRow) -> None:
        totals = row.report.totals
        worst = row.worst
        counts = _counts(row)
        params, macs = _whole(row, "params"), _whole(row, "macs")
        self.writer.writerow(
            [
                *(value.value_text for value in row.values),
                _output_plain(row, self.layout),
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
        self._flush()

    def finish(self) -> None:
        pass


SWEEP_DROP_ORDER = ("receptive field", "MACs", "params")
# Between the cells a table row keeps: they come from convcalc's figures and names read from a
# YAML file or the command line, neither of which can hold a NUL.
_CELL_END = "\0"
_NO_VERDICT = -1
_HEADINGS = ("output", "params", "MACs", "receptive field", "worst")


class SweepTable(SweepReporter):
    """The title first; the rows at the end, when every column's width is known. A row is kept
    as the text of its cells (about a hundred bytes), not its report, and its values are the
    grid's, found again from its place in it."""

    streams = False

    def start(self, sweep: Sweep) -> None:
        from rich.text import Text

        super().start(sweep)
        self.console = console_for(self.options.color)
        self.size = sweep.size
        self.rows: list[str] = []
        self.partial = 0
        network = sweep.network
        title = Text(network.source, style="bold")
        if network.name:
            title.append(f"  {network.name}", style="cyan")
        title.append(f"  {sweep.size:,} combination{'' if sweep.size == 1 else 's'}", style="dim")
        self.console.print(title)

    def add(self, row: SweepRow) -> None:
        totals = row.report.totals
        worst = row.worst
        if worst is None:
            severity, verdict = _NO_VERDICT, "ok"
        else:
            layer = f" {worst.layer}" if worst.layer else ""
            severity, verdict = int(worst.severity), f"{worst.code} {worst.severity}{layer}"
        output = totals.output_shape if totals is not None else None
        cells = (
            str(severity),
            shape_text(output, self.layout) if output is not None else "?",
            _shown(row, "params"),
            _shown(row, "macs"),
            field_text(totals.receptive_field if totals is not None else None),
            verdict,
        )
        self.rows.append(_CELL_END.join(cells))
        if _uncomputed(row):
            self.partial += 1

    def finish(self) -> None:
        from rich.text import Text

        console = self.console
        if console.is_terminal or console.color_system is not None or not self._write_plain():
            self._print_table()
        if self.partial:
            note = (
                f"partial totals in {self.partial:,} of {self.size:,} combinations, where layers "
                "could not be computed; ≥ marks a sum that leaves them out"
            )
            console.print(Text(note, style="yellow"), soft_wrap=not console.is_terminal)

    def _cells(self) -> Iterator[tuple[list[str], int]]:
        """Each row's cells (the values, the figures, the verdict) and its verdict's severity."""
        combinations = itertools.product(*(axis.values for axis in self.axes))
        for values, kept in zip(combinations, self.rows, strict=True):
            severity, *cells = kept.split(_CELL_END)
            yield [*(value.value_text for value in values), *cells], int(severity)

    def _write_plain(self) -> bool:
        """The table as `print_table` draws it without colour off a terminal (every column
        whole, each row on one line), written line by line from the rows kept, without a rich
        cell for each: the memory of a long sweep stays that of its rows' text. False when a
        text is not printable: rich's own layout is needed then (`print_table`)."""
        from rich.cells import cell_len as rich_cell_len

        def cell_len(text: str) -> int:
            # rich's measure caches every short text it sees: a long sweep's cells would fill it.
            return len(text) if text.isascii() else rich_cell_len(text)

        headers = [*(axis.path for axis in self.axes), *_HEADINGS]
        if not all(header.isprintable() for header in headers):
            return False
        widths = [cell_len(header) for header in headers]
        for cells, _ in self._cells():
            if not all(cell.isprintable() for cell in cells):
                return False
            widths = [max(width, cell_len(cell)) for width, cell in zip(widths, cells, strict=True)]
        last = len(widths) - 1

        def line(cells: Sequence[str]) -> str:
            # Right-justified but for the verdict; three cells between two columns. The spaces
            # ending a line are dropped on the way out (console.TrimmedStdout).
            padded = [
                " " * (width - cell_len(cell)) + cell if index < last else cell
                for index, (cell, width) in enumerate(zip(cells, widths, strict=True))
            ]
            return "   ".join(padded) + "\n"

        write = self.console.file.write
        write(line(headers))
        write("─" * (sum(widths) + 3 * last) + "\n")
        for cells, _ in self._cells():
            write(line(cells))
        self.console.file.flush()
        self.rows = []
        return True

    def _print_table(self) -> None:
        from rich import box
        from rich.table import Table
        from rich.text import Text

        table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
        for axis in self.axes:
            # Text, not a string: a path is the user's text and must not be read as rich markup.
            table.add_column(Text(axis.path), justify="right", no_wrap=True, style="magenta")
        for heading in _HEADINGS[:-1]:
            table.add_column(heading, justify="right", no_wrap=True)
        table.add_column(_HEADINGS[-1], no_wrap=True)
        keys = len(self.axes)
        for cells, severity in self._cells():
            if severity == _NO_VERDICT:
                verdict = Text(cells[-1], style="green")
            else:
                verdict = Text(cells[-1])
                verdict.stylize(SEVERITY_STYLES[Severity(severity)])
            table.add_row(*(Text(cell) for cell in cells[:-1]), verdict)
        self.rows = []
        # On a narrow terminal the figures go first (receptive field, MACs, params); the values
        # swept, the output and the verdict stay, and head each row's block when stacked.
        print_table(self.console, table, drop=SWEEP_DROP_ORDER, keys=keys)
