"""`--format table`: a rich table per spec, its diagnostics and a summary line.

With `--set` (the diff view): the usual table with `old → new` in changed cells, the totals'
deltas, and the diagnostics that appeared or disappeared. The comparison itself is
engine/diff.py's; this module only shows it."""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterator, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING

from convcalc.core.diagnostics import Diagnostic
from convcalc.core.printable import printable
from convcalc.core.records import frozen
from convcalc.core.shapes import Shape
from convcalc.engine.diff import BlockChange, Delta, LayerChange, NetworkDiff
from convcalc.engine.results import (
    BlockResult,
    LayerMemory,
    LayerResult,
    NetworkReport,
    ReceptiveFieldAbsence,
)
from convcalc.geometry.receptive_field import ReceptiveField
from convcalc.kinds import KINDS
from convcalc.report.base import (
    READABLE_LIMIT,
    Reporter,
    ReportOptions,
    absent_field_notes,
    bytes_text,
    count_text,
    counts_text,
    diagnostic_line,
    field_text,
    hint_line,
    partial_note,
    shape_text,
    short_count,
    source_context,
    status_text,
    summary_text,
    total_text,
    use_sites_line,
)
from convcalc.report.console import PIPE_WIDTH, SEVERITY_STYLES, console_for

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
    from rich.segment import Segment
    from rich.style import Style
    from rich.table import Column, Table
    from rich.text import Text

_STYLES = {
    "ok": "green",
    "info": "blue",
    "warning": "yellow",
    "error": "bold red",
    "skipped": "dim",
}
# Three cells between two columns: the right padding, the divider and the left padding.
_GAP = 3
# At this terminal width and below a table gives way to one block of lines per row.
STACKED_WIDTH = 70


class _Lines:
    """A `Table` (SIMPLE_HEAD, no edge) drawn as rich draws it when every column fits, segment
    for segment, without rich's layout: rich measures and renders every cell many times over
    (seconds per thousand rows); here each cell is measured once and written once. `columns`
    are the table's columns shown (a narrow terminal drops some: print_table)."""

    def __init__(
        self,
        table: Table,
        columns: list[Column],
        cells: list[list[Text]],
        lengths: list[list[int]],
    ) -> None:
        self.table = table
        self.columns = columns
        self.cells = cells  # one list per column, the header first
        self.lengths = lengths  # the cells' widths on screen
        self.widths = [max(column) for column in lengths]

    @property
    def width(self) -> int:
        return sum(self.widths) + _GAP * (len(self.widths) - 1)

    @property
    def headers(self) -> list[str]:
        return [column[0].plain for column in self.cells]

    def without(self, dropped: set[str]) -> _Lines:
        """The same lines without the columns headed `dropped`."""
        kept = [index for index, header in enumerate(self.headers) if header not in dropped]
        return _Lines(
            self.table,
            [self.columns[index] for index in kept],
            [self.cells[index] for index in kept],
            [self.lengths[index] for index in kept],
        )

    @classmethod
    def of(cls, console: Console, table: Table) -> _Lines | None:
        """None when rich's own layout is needed: a cell of several lines or a control character
        (rich would wrap or expand it), or a renderable that is not text."""
        from rich.cells import cell_len
        from rich.text import Text

        cells: list[list[Text]] = []
        for column in table.columns:
            texts: list[Text] = []
            for cell in (column.header, *column.cells):
                if isinstance(cell, Text):
                    texts.append(cell)
                elif not isinstance(cell, str):
                    return None
                elif "[" in cell or ":" in cell:  # markup or an emoji code: as rich reads it
                    texts.append(console.render_str(cell, highlight=False))
                else:
                    texts.append(Text(cell))
            cells.append(texts)
        plains = {text.plain for column in cells for text in column}
        if not all(plain.isprintable() for plain in plains):
            return None
        lengths = [[cell_len(text.plain) for text in column] for column in cells]
        return cls(table, list(table.columns), cells, lengths)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from rich.segment import Segment
        from rich.style import Style

        table = self.table
        # Without colour every style is dropped on output: a line is one string.
        plain = console.color_system is None
        styles: dict[str | Style, Style] = {}

        def style_of(name: str | Style) -> Style:
            if name not in styles:
                styles[name] = console.get_style(name)
            return styles[name]

        header_style = style_of(table.header_style or "")
        cell_styles = [
            (header_style + style_of(column.header_style), style_of(column.style or ""))
            for column in self.columns
        ]
        right = [column.justify == "right" for column in self.columns]
        last = len(self.widths) - 1
        sections = {index + 1 for index, row in enumerate(table.rows) if row.end_section}
        count = len(self.cells[0])
        for row in range(count):
            pieces: list[tuple[str, Style | None]] = []
            for index, column in enumerate(self.cells):
                cell_style = cell_styles[index][0 if row == 0 else 1] or None
                text = column[row]
                pad = " " * (self.widths[index] - self.lengths[index][row])
                if index:
                    pieces.append((" ", None))  # the divider
                    pieces.append((" ", cell_style))
                if plain:
                    pieces.append((pad + text.plain if right[index] else text.plain + pad, None))
                else:
                    pieces.extend(_content(console, text, pad, right[index], cell_style, style_of))
                if index < last:
                    pieces.append((" ", cell_style))
            yield from _merged(pieces)
            yield Segment.line()
            if row == 0:
                yield Segment("─" * self.width, Style.null())
                yield Segment.line()
            elif row in sections and row < count - 1:
                yield Segment(" " * self.width, Style.null())
                yield Segment.line()

    def stacked(self, console: Console, keys: int) -> None:
        """One block of lines per row, for a terminal too narrow for any table: the first `keys`
        cells on the block's first line, then `header: value` for every other cell that has
        one. Nothing is cut: a line longer than the terminal wraps at word boundaries."""
        from rich.text import Text

        headers = self.headers
        sections = {index + 1 for index, row in enumerate(self.table.rows) if row.end_section}
        for row in range(1, len(self.cells[0])):
            if row > 1:
                console.print()
            title = Text("  ").join(
                column[row] for column in self.cells[:keys] if column[row].plain
            )
            title.stylize("bold")
            console.print(title)
            for index in range(keys, len(self.cells)):
                cell = self.cells[index][row]
                if cell.plain:
                    line = Text(f"  {headers[index]}: ", style="dim")
                    line.append_text(cell)
                    console.print(line)
            if row in sections:
                console.print()


def _stacks(console: Console) -> bool:
    """Whether a table gives way to one block of lines per row (a terminal this narrow)."""
    return console.is_terminal and console.width <= STACKED_WIDTH


def _content(
    console: Console,
    text: Text,
    pad: str,
    right: bool,
    cell_style: Style | None,
    style_of: Callable[[str | Style], Style],
) -> list[tuple[str, Style | None]]:
    """A cell's text padded to its column, in the segments rich writes: the text's own style
    over the padding too, each span apart, the column's style under them all."""
    from rich.segment import Segment
    from rich.text import Text

    if text.spans:
        padded = text.copy()
        if right:
            padded.pad_left(len(pad))
        else:
            padded.pad_right(len(pad))
        segments = list(Text("\n").join([padded]).render(console))
        if cell_style:
            segments = list(Segment.apply_style(segments, cell_style))
        return [(segment.text, segment.style) for segment in segments]
    content = pad + text.plain if right else text.plain + pad
    own = style_of(text.style) if text.style else None
    if cell_style:
        return [(content, cell_style + own)]
    return [(content, own)]


def _merged(pieces: list[tuple[str, Style | None]]) -> Iterator[Segment]:
    """Neighbouring unstyled pieces as one segment (they are written the same either way)."""
    from rich.segment import Segment

    run: list[str] = []
    for text, style in pieces:
        if style:
            if run:
                yield Segment("".join(run))
                run = []
            yield Segment(text, style)
        else:
            run.append(text)
    if run:
        yield Segment("".join(run))


def print_table(console: Console, table: Table, drop: Sequence[str] = (), keys: int = 1) -> None:
    """`console.print(table)`, drawn directly. On a terminal narrower than the table, columns
    go in the order of `drop` (headers; the others never), and a line under the table says which;
    at STACKED_WIDTH columns and below, or when the columns that never go do not fit, one block
    of lines per row (`keys` columns on its first line) replaces the table. No cell is ever cut."""
    lines = _Lines.of(console, table)
    if lines is None:
        console.print(table)
        return
    if not console.is_terminal or lines.width <= console.width:
        console.print(lines)
        return
    dropped: list[str] = []
    shown = lines
    for header in drop:
        if shown.width <= console.width:
            break
        if header in shown.headers:
            dropped.append(header)
            shown = lines.without(set(dropped))
    if shown.width > console.width or _stacks(console):
        lines.stacked(console, keys)
        return
    console.print(shown)
    _dropped_note(console, dropped)


def _dropped_note(console: Console, dropped: list[str]) -> None:
    from rich.text import Text

    note = (
        f"not shown at {console.width} columns: {', '.join(dropped)} "
        "(a wider terminal, --columns or --wide shows them; --format json has every figure)"
    )
    console.print(Text(note, style="dim"))


def table_width(console: Console, table: Table) -> int:
    """The width the table takes when nothing is wrapped."""
    lines = _Lines.of(console, table)
    if lines is None:
        options = console.options.update_width(PIPE_WIDTH)
        return console.measure(table, options=options).maximum
    return lines.width


def _count(value: int) -> str:
    return short_count(value) if value else ""


def _figure(row: _Row, quantity: str) -> str:
    """A row's cell: blank for 0, `?` for a figure not computed (on a skipped layer too: it is
    unknown, not 0), `≥n` for a block's sum that leaves out such a figure."""
    value: int | None = getattr(row, quantity)
    if value is None:
        return "?"
    if quantity in row.partial:
        return f"≥{short_count(value)}" if value else "?"
    return _count(value)


@frozen
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
    macs: int | None
    receptive_field: ReceptiveField | None
    status: str
    calculated: bool
    input_shape: Shape | None = None
    memory: LayerMemory | None = None  # a layer's; None for a collapsed block
    collapsed: bool = False
    partial: frozenset[str] = frozenset()  # a collapsed block's sums that leave out a layer
    receptive_field_absence: ReceptiveFieldAbsence | None = None

    @classmethod
    def of_layer(cls, layer: LayerResult, geometry: str, sources: str) -> _Row:
        return cls(
            index=str(layer.spec.index),
            name=printable(layer.spec.name, None),
            kind=printable(layer.spec.kind, None),
            sources=sources,
            geometry=printable(geometry, None),
            output_shape=layer.output_shape,
            weights=layer.weights,
            biases=layer.biases,
            params=layer.params,
            buffers=layer.buffers,
            macs=layer.macs,
            receptive_field=layer.receptive_field,
            status=status_text(layer),
            calculated=layer.calculated,
            input_shape=layer.input_shape,
            memory=layer.memory,
            receptive_field_absence=layer.receptive_field_absence,
        )

    @classmethod
    def of_block(cls, block: BlockResult) -> _Row:
        first, last = block.layer_indices[0], block.layer_indices[-1]
        status = "skipped" if not block.calculated else str(block.status or "ok")
        return cls(
            index=f"{first}–{last}",
            name=printable(block.name, None),
            kind=printable(block.block, None),
            sources="",
            geometry=f"{len(block.layer_indices)} layers",
            output_shape=block.output_shape,
            weights=block.weights,
            biases=block.biases,
            params=block.params,
            buffers=block.buffers,
            macs=block.macs,
            receptive_field=block.receptive_field,
            status=status,
            calculated=block.calculated,
            collapsed=True,
            partial=block.partial,
            receptive_field_absence=block.receptive_field_absence,
        )


@frozen
class TableColumn:
    """A column `--columns` can name: its header, and whether it holds numbers (right-aligned)."""

    name: str
    header: str
    numeric: bool


# Every column of the layer table, in the order --wide shows them (docs/commands.md, "Columns,
# widths and cost options").
TABLE_COLUMNS = {
    column.name: column
    for column in (
        TableColumn("index", "#", True),
        TableColumn("name", "name", False),
        TableColumn("kind", "kind", False),
        TableColumn("from", "from", False),
        TableColumn("geometry", "geometry", False),
        TableColumn("input", "input", True),
        TableColumn("output", "output", True),
        TableColumn("weights", "weights", True),
        TableColumn("biases", "biases", True),
        TableColumn("params", "params", True),
        TableColumn("buffers", "buffers", True),
        TableColumn("macs", "MACs", True),
        TableColumn("activation", "activation", True),
        TableColumn("param_bytes", "param bytes", True),
        TableColumn("im2col", "im2col", True),
        TableColumn("im2col_bytes", "im2col bytes", True),
        TableColumn("field", "receptive field", True),
        TableColumn("status", "status", False),
    )
}
# torchinfo's col_names and other spellings.
COLUMN_ALIASES = {
    "#": "index",
    "type": "kind",
    "kernel_size": "geometry",
    "input_size": "input",
    "output_size": "output",
    "num_params": "params",
    "mult_adds": "macs",
    "receptive_field": "field",
}
# Without --columns or --wide: a ResNet-50 fits 100 columns with these.
DEFAULT_COLUMNS = ("index", "name", "geometry", "output", "params", "macs", "field", "status")
# On a terminal too narrow for the chosen columns, they go in this order; #, name, output and
# status always stay (below that, the stacked layout).
DROP_ORDER = (
    "im2col_bytes",
    "im2col",
    "param_bytes",
    "activation",
    "input",
    "buffers",
    "biases",
    "weights",
    "from",
    "kind",
    "geometry",
    "field",
    "macs",
    "params",
)
# Shown by --wide only where some row has one.
_WHEN_PRESENT = ("from", "buffers", "im2col", "im2col_bytes")


def column_names(text: str) -> tuple[str, ...]:
    """`--columns name,output,mult_adds` as column names; ValueError naming an unknown one."""
    names = []
    for part in text.split(","):
        word = part.strip().lower()
        if not word:
            continue
        name = COLUMN_ALIASES.get(word, word)
        if name not in TABLE_COLUMNS:
            known = ", ".join(TABLE_COLUMNS)
            raise ValueError(f"no column {printable(part.strip())}; the columns: {known}")
        if name not in names:
            names.append(name)
    if not names:
        raise ValueError("no column named")
    return tuple(names)


# A row's cells by column name; a column the row has nothing for is blank.
Cells = dict[str, "RenderableType"]


def _layer_table(columns: Sequence[str]) -> tuple[Table, Callable[[Cells], None]]:
    """The layer table with these columns, and how a row is added. No cell wraps: a terminal
    too narrow drops columns or stacks the rows (print_table)."""
    from rich import box
    from rich.table import Table

    table = Table(box=box.SIMPLE_HEAD, show_footer=False, pad_edge=False, show_edge=False)
    for name in columns:
        column = TABLE_COLUMNS[name]
        table.add_column(
            column.header,
            justify="right" if column.numeric else "left",
            style="dim" if name == "index" else None,
            no_wrap=True,
            overflow="fold",
        )

    def add(cells: Cells) -> None:
        table.add_row(*(cells.get(name, "") for name in columns))

    return table, add


def _drop_headers(columns: Sequence[str]) -> list[str]:
    return [TABLE_COLUMNS[name].header for name in DROP_ORDER if name in columns]


def _short_total(value: int, partial: bool) -> str:
    """A total as the table shows it: `≥` when it leaves out a layer, `?` when it counted none."""
    if not partial:
        return short_count(value)
    return f"≥{short_count(value)}" if value else "?"


def _keys(columns: Sequence[str]) -> int:
    """How many leading columns head a row's block in the stacked layout: # and name."""
    return 2 if tuple(columns[:2]) == ("index", "name") else 1


def _memory_cells(row: _Row) -> Cells:
    memory = row.memory
    if memory is None:
        return {}
    cells: Cells = {
        "activation": bytes_text(memory.activation_bytes),
        "param_bytes": bytes_text(memory.parameter_bytes) if memory.parameter_bytes else "",
    }
    if memory.im2col is not None:
        cells["im2col"] = f"{memory.im2col.rows:,}×{memory.im2col.columns:,}"
        cells["im2col_bytes"] = bytes_text(memory.im2col.bytes)
    return cells


ARROW = " → "
_ARROW_STYLE = "bold magenta"
_TOTALS = (("params", "params"), ("buffers", "buffers"), ("macs", "MACs"))


def signed(value: int) -> str:
    """`+1,024`, `−1,024` (a minus sign, as the equations use), `±0`."""
    if value == 0:
        return "±0"
    return ("+" if value > 0 else "−") + count_text(abs(value))


def percent_text(percent: Fraction) -> str:
    """`+12.5%`, rounded to a tenth (exact values are in the JSON); `+<0.1%` for a tiny change."""
    sign = "+" if percent > 0 else "−" if percent < 0 else "±"
    size = abs(percent)
    if size >= READABLE_LIMIT:
        return f"{sign}{count_text(round(size))}%"
    tenths = round(size * 10)
    if tenths == 0 and size:
        return f"{sign}<0.1%"
    return f"{sign}{tenths // 10:,}.{tenths % 10}%"


def delta_text(delta: Delta, was_note: str = "", now_note: str = "") -> str:
    """`1,000 → 1,250 (+250, +25.0%)`, or `1,000 (unchanged)`; with a partial total (the notes
    say how many layers it leaves out) `1,000 → ≥250 (partial: 3 of 9 layers not computed now)`,
    never a change or percentage."""
    was = total_text(delta.was, delta.was_partial)
    now = total_text(delta.now, delta.now_partial)
    shown = now if was == now else f"{was}{ARROW}{now}"
    if delta.change is None:
        notes = [f"{was_note} before"] if delta.was_partial else []
        notes += [f"{now_note} now"] if delta.now_partial else []
        return f"{shown} (partial: {', '.join(notes)}; no change computed)"
    if delta.change == 0:
        return f"{now} (unchanged)"
    share = f", {percent_text(delta.percent)}" if delta.percent is not None else ""
    return f"{shown} ({signed(delta.change)}{share})"


def _output_text(row: _Row | None, layout: str) -> str:
    if row is None:
        return ""
    return shape_text(row.output_shape, layout)


class TableReporter(Reporter):
    """Each file's table is printed as it is checked; the summary needs only the diagnostics."""

    shows_diffs = True

    def __init__(self, options: ReportOptions) -> None:
        super().__init__(options)
        self._out: Console | None = None
        self._printed = 0

    def _console(self) -> Console:
        if self._out is None:
            self._out = console_for(self.options.color)
        return self._out

    def _next(self) -> Console:
        """The console, with a blank line after the previous file's output."""
        console = self._console()
        if self._printed:
            console.print()
        self._printed += 1
        return console

    def add(self, report: NetworkReport) -> None:
        self._render_one(self._next(), report)

    def render_diffs(self, diffs: Sequence[NetworkDiff]) -> None:
        for diff in diffs:
            console = self._next()
            if diff.now.network is None or diff.was.network is None:
                self._render_one(console, diff.now)  # did not load: nothing to compare
            else:
                self._render_diff(console, diff)

    def finish(self, reports: Sequence[NetworkReport]) -> None:
        if (len(reports) > 1 or self.options.skipped) and not self.options.quiet:
            from rich.text import Text

            self._console().print(Text(summary_text(reports, self.options), style="bold"))

    def _rows(self, report: NetworkReport) -> list[_Row]:
        """One row per layer, or per collapsed block instance below `--depth`."""
        network = report.network
        assert network is not None
        depth = self.options.depth
        blocks = {block.name: block for block in report.blocks}
        rows: list[_Row] = []
        emitted: set[str] = set()
        previous = "input"
        for layer in report.layers:
            spec = layer.spec
            if depth is not None and len(spec.blocks) > depth:
                block = blocks[spec.blocks[depth]]
                if block.name not in emitted:
                    emitted.add(block.name)
                    rows.append(_Row.of_block(block))
                previous = spec.name
                continue
            rank = (layer.input_shape or network.input_shape).rank
            prefix = spec.blocks[-1] + "." if spec.blocks else ""
            wired = spec.inputs and spec.inputs != (previous,)
            sources = (
                ", ".join(printable(name.removeprefix(prefix), None) for name in spec.inputs)
                if wired
                else ""
            )
            rows.append(_Row.of_layer(layer, KINDS[spec.kind].geometry(spec, rank), sources))
            previous = spec.name
        return rows

    def _columns(self, rows: Sequence[_Row]) -> tuple[str, ...]:
        """--columns as given; --wide every column (those in _WHEN_PRESENT where some row has
        one); else the default set, with `kind` under --depth."""
        if self.options.columns:
            return self.options.columns
        if not self.options.wide:
            if self.options.depth is not None:  # a collapsed block's type is in `kind`
                return (*DEFAULT_COLUMNS[:2], "kind", *DEFAULT_COLUMNS[2:])
            return DEFAULT_COLUMNS
        present = {
            "from": any(row.sources for row in rows),
            "buffers": any(row.buffers for row in rows),
            "im2col": any(row.memory and row.memory.im2col for row in rows),
        }
        present["im2col_bytes"] = present["im2col"]
        return tuple(name for name in TABLE_COLUMNS if name not in _WHEN_PRESENT or present[name])

    @staticmethod
    def _row_cells(row: _Row, layout: str) -> Cells:
        from rich.text import Text

        return {
            "index": row.index,
            "name": Text(row.name, style="bold" if row.collapsed else ""),
            "kind": Text(row.kind, style="cyan" if row.collapsed else ""),
            "from": Text(row.sources),
            "geometry": Text(row.geometry),
            "input": Text(shape_text(row.input_shape, layout) if row.input_shape else ""),
            "output": Text(shape_text(row.output_shape, layout)),
            "weights": _figure(row, "weights"),
            "biases": _figure(row, "biases"),
            "params": _figure(row, "params"),
            "buffers": _figure(row, "buffers"),
            "macs": _figure(row, "macs"),
            **_memory_cells(row),
            "field": field_text(row.receptive_field, row.receptive_field_absence),
            "status": Text(row.status, style=_STYLES.get(row.status, "")),
        }

    def _table(self, report: NetworkReport) -> tuple[Table, tuple[str, ...]]:
        """The layer table, and its columns."""
        from rich.text import Text

        layout = self.layout_of(report)
        network = report.network
        assert network is not None
        rows = self._rows(report)
        columns = self._columns(rows)
        table, add = _layer_table(columns)
        add({"name": Text("input"), "output": Text(shape_text(network.input_shape, layout))})
        for row in rows:
            add(self._row_cells(row, layout))
        totals = report.totals
        if totals is not None:
            table.add_section()

            def total(quantity: str) -> str:
                return _short_total(getattr(totals, quantity), quantity in totals.partial)

            memory = totals.memory
            add(
                {
                    "name": Text("total", style="bold"),
                    "output": Text(shape_text(totals.output_shape, layout), style="bold"),
                    "weights": total("weights"),
                    "biases": total("biases"),
                    "params": Text(total("params"), style="bold"),
                    "buffers": total("buffers"),
                    "macs": Text(total("macs"), style="bold"),
                    "param_bytes": bytes_text(memory.parameter_bytes) if memory else "",
                    "field": field_text(totals.receptive_field, totals.receptive_field_absence),
                }
            )
        return table, columns

    @staticmethod
    def _cost_lines(console: Console, report: NetworkReport) -> None:
        """Under the table: the totals exactly, and the memory figures (docs/counting.md)."""

        totals = report.totals
        if totals is None or totals.memory is None:
            return
        memory = totals.memory
        # A sum over the layers computed is a lower bound when some were not (≥, as the table).
        macs = "≥" if "macs" in totals.partial else ""
        known = "" if memory.complete else "≥"
        batch = f", batch {memory.batch:,}" if memory.batch != 1 else ""
        parts = [
            f"{macs}{count_text(totals.macs)} MACs (FLOPs = 2 × MACs)",
            f"parameters {known}{bytes_text(memory.parameter_bytes)}",
            f"peak activation {known}{bytes_text(memory.peak_activation_bytes)}"
            + (f" ({printable(name)})" if (name := memory.peak_activation_layer) else ""),
            f"forward+backward pass {known}{bytes_text(memory.pass_bytes)}",
        ]
        if memory.largest_im2col_layer is not None:
            parts.append(
                f"largest im2col {known}{bytes_text(memory.largest_im2col_bytes)}"
                f" ({printable(memory.largest_im2col_layer)})"
            )
        _wrapped(console, f"cost ({memory.dtype}{batch}): " + "; ".join(parts), "")

    @staticmethod
    def _partial_note(console: Console, report: NetworkReport) -> None:
        """Under a table whose totals leave out layers: say so, and how many."""
        from rich.text import Text

        totals = report.totals
        if totals is None or totals.complete:
            return
        note = partial_note(totals.uncomputed, len(report.layers))
        line = Text(f"partial totals: {note}; ≥ marks a sum that leaves them out", style="yellow")
        console.print(line, soft_wrap=not console.is_terminal)

    def _render_one(self, console: Console, report: NetworkReport) -> None:
        from rich.text import Text

        network = report.network
        title = Text(printable(report.source, None), style="bold")
        if network is not None and network.name:
            title.append(f"  {printable(network.name, None)}", style="cyan")
        console.print(title)
        if network is not None:
            table, columns = self._table(report)
            print_table(console, table, _drop_headers(columns), keys=_keys(columns))
            self._cost_lines(console, report)
            self._partial_note(console, report)
            for note in absent_field_notes(report):
                console.print(Text(note, style="dim"), soft_wrap=not console.is_terminal)
        source_lines = dict(report.source_lines)
        for diagnostic in report.diagnostics:
            self._diagnostic(console, diagnostic, "", source_lines)
        console.print(Text(counts_text([report]), style="bold"), soft_wrap=not console.is_terminal)

    # ------------------------------------------------------------------ cells

    @staticmethod
    def _cell(old: str, new: str, changed: bool, style: str = "", old_style: str = "") -> Text:
        from rich.text import Text

        if not changed or old == new:
            return Text(new, style=style)
        text = Text(old, style=old_style or "dim")
        text.append(ARROW, style=_ARROW_STYLE)
        text.append(new, style=style)
        return text

    def _diff_table(self, diff: NetworkDiff) -> tuple[Table, tuple[str, ...]]:
        from rich.text import Text

        report, before = diff.now, diff.was
        network, old_network = report.network, before.network
        assert network is not None and old_network is not None
        layout = self.layout_of(report)
        rows = self._rows(report)
        old_rows = {row.name: row for row in self._rows(before)}
        layers = {change.name: change for change in diff.layers}
        blocks = {change.name: change for change in diff.blocks}
        columns = self._columns([*rows, *old_rows.values()])
        table, add = _layer_table(columns)
        add(
            {
                "name": Text("input"),
                "output": self._cell(
                    shape_text(old_network.input_shape, layout),
                    shape_text(network.input_shape, layout),
                    diff.input_changed,
                ),
            }
        )
        for row in rows:
            old = old_rows.get(row.name)
            change: LayerChange | BlockChange | None = (
                blocks.get(row.name) if row.collapsed else layers.get(row.name)
            )
            changed = change.changed if change is not None and old is not None else frozenset()
            respecified = isinstance(change, LayerChange) and bool(change.fields)
            marked = bool(changed) or respecified
            cells = self._row_cells(row, layout)
            old_cells = self._row_cells(old, layout) if old else {}
            cells["name"] = Text(row.name, style="bold" if row.collapsed or marked else "")
            cells["geometry"] = self._cell(old.geometry if old else "", row.geometry, respecified)
            cells["output"] = self._cell(
                _output_text(old, layout), _output_text(row, layout), "output" in changed
            )
            for quantity in ("weights", "biases", "params", "buffers", "macs"):
                cells[quantity] = self._cell(
                    _figure(old, quantity) if old else "",
                    _figure(row, quantity),
                    quantity in changed,
                )
            for name in ("input", "activation", "param_bytes", "im2col", "im2col_bytes"):
                old_text, new_text = str(old_cells.get(name, "")), str(cells.get(name, ""))
                cells[name] = self._cell(
                    old_text, new_text, "output" in changed or "params" in changed
                )
            cells["field"] = self._cell(
                field_text(old.receptive_field) if old else "",
                field_text(row.receptive_field),
                "receptive_field" in changed,
            )
            cells["status"] = self._cell(
                old.status if old else "",
                row.status,
                "status" in changed,
                style=_STYLES.get(row.status, ""),
                old_style=_STYLES.get(old.status, "") if old else "",
            )
            add(cells)
        totals = diff.totals
        if totals is not None:
            was, now = totals.was, totals.now

            def total(name: str, style: str = "") -> Text:
                delta = totals.delta(name)
                return self._cell(
                    _short_total(delta.was, delta.was_partial),
                    _short_total(delta.now, delta.now_partial),
                    delta.differs,
                    style=style,
                )

            table.add_section()
            add(
                {
                    "name": Text("total", style="bold"),
                    "output": self._cell(
                        shape_text(was.output_shape, layout),
                        shape_text(now.output_shape, layout),
                        totals.output_changed,
                        style="bold",
                    ),
                    "weights": total("weights"),
                    "biases": total("biases"),
                    "params": total("params", style="bold"),
                    "buffers": total("buffers"),
                    "macs": total("macs", style="bold"),
                    "field": self._cell(
                        field_text(was.receptive_field),
                        field_text(now.receptive_field),
                        totals.receptive_field_changed,
                    ),
                }
            )
        return table, columns

    # ------------------------------------------------------------------ the whole view

    def _render_diff(self, console: Console, diff: NetworkDiff) -> None:
        from rich.text import Text

        report = diff.now
        network = report.network
        assert network is not None
        title = Text(printable(report.source, None), style="bold")
        if network.name:
            title.append(f"  {printable(network.name, None)}", style="cyan")
        console.print(title)
        changes = Text("what if: ", style="bold")
        changes.append(", ".join(printable(text) for text in diff.overrides), style=_ARROW_STYLE)
        console.print(changes, soft_wrap=not console.is_terminal)
        table, columns = self._diff_table(diff)
        print_table(console, table, _drop_headers(columns), keys=_keys(columns))
        self._partial_note(console, report)
        if diff.totals is not None:
            was_note = partial_note(diff.totals.was.uncomputed, len(diff.was.layers))
            now_note = partial_note(diff.totals.now.uncomputed, len(report.layers))
            for name, label in _TOTALS:
                delta = diff.totals.delta(name)
                if name == "buffers" and not (delta.was or delta.now) and delta.comparable:
                    continue
                line = Text(f"{label}: ", style="bold")
                line.append(delta_text(delta, was_note, now_note))
                console.print(line, soft_wrap=not console.is_terminal)
        appeared = set(diff.appeared)
        kept = [d for d in report.diagnostics if d not in appeared]
        source_lines = dict(report.source_lines)
        for heading, diagnostics, style in (
            ("appeared", diff.appeared, ""),
            ("disappeared", diff.disappeared, "dim"),
            ("still reported", kept if diff.appeared or diff.disappeared else [], ""),
        ):
            if diagnostics:
                console.print(Text(f"{heading}:", style="bold"))
                for diagnostic in diagnostics:
                    self._diagnostic(console, diagnostic, style, source_lines)
        if not (diff.appeared or diff.disappeared):
            for diagnostic in report.diagnostics:
                self._diagnostic(console, diagnostic, "", source_lines)
        summary = Text(counts_text([report]), style="bold")
        summary.append(f" (was {counts_text([diff.was])})", style="dim")
        console.print(summary, soft_wrap=not console.is_terminal)

    @staticmethod
    def _diagnostic(
        console: Console, diagnostic: Diagnostic, style: str, source_lines: dict[int, str]
    ) -> None:
        """A diagnostic's line (in `style`, else its severity's), the source line it points at
        with a caret under the column (when the text is known, and fits a terminal: a quoted
        line is not wrapped, or the caret would point elsewhere), its use sites and hint."""
        from rich.cells import cell_len
        from rich.text import Text

        severity_style = style or SEVERITY_STYLES[diagnostic.severity]
        _wrapped(console, diagnostic_line(diagnostic), severity_style)
        context = source_context(diagnostic, source_lines)
        if console.is_terminal and any(cell_len(text) > console.width for text in context):
            context = []
        for number, text in enumerate(context):
            shown = Text(text, style="dim" if number != 1 else "")
            if number == 2:  # the caret, in the diagnostic's colour
                shown.stylize(severity_style, len(text) - 1)
            console.print(shown, soft_wrap=True)
        if diagnostic.use_sites:
            _wrapped(console, use_sites_line(diagnostic), "dim")
        if diagnostic.hint:
            _wrapped(console, hint_line(diagnostic), "dim")


def _wrapped(console: Console, text: str, style: str) -> None:
    """A line of text; on a terminal narrower than it, wrapped at word boundaries, the
    continuation indented under its start (a pipe gets it whole, for grep)."""
    from rich.text import Text

    if not console.is_terminal or len(text) <= console.width:
        console.print(Text(text, style=style), soft_wrap=True)
        return
    indent = " " * (len(text) - len(text.lstrip(" ")) + 4)
    for line in textwrap.wrap(
        text, console.width, subsequent_indent=indent, break_on_hyphens=False
    ):
        console.print(Text(line, style=style), soft_wrap=True)
