"""`--format table`: a rich table per spec, its diagnostics and a summary line.

With `--set` (the diff view): the usual table with `old → new` in changed cells, the totals'
deltas, and the diagnostics that appeared or disappeared. The comparison itself is
engine/diff.py's; this module only shows it."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

from convcalc.core.diagnostics import Diagnostic
from convcalc.core.printable import printable
from convcalc.core.shapes import Shape
from convcalc.engine.diff import BlockChange, Delta, LayerChange, NetworkDiff
from convcalc.engine.results import (
    BlockResult,
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
    count_text,
    counts_text,
    diagnostic_line,
    field_text,
    hint_line,
    partial_note,
    shape_text,
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
    from rich.table import Table
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


class _Lines:
    """A `Table` (SIMPLE_HEAD, no edge) drawn as rich draws it when every column fits, segment
    for segment, without rich's layout: rich measures and renders every cell many times over
    (seconds per thousand rows); here each cell is measured once and written once."""

    def __init__(self, table: Table, cells: list[list[Text]], lengths: list[list[int]]) -> None:
        self.table = table
        self.cells = cells  # one list per column, the header first
        self.lengths = lengths  # the cells' widths on screen
        self.widths = [max(column) for column in lengths]

    @property
    def width(self) -> int:
        return sum(self.widths) + _GAP * (len(self.widths) - 1)

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
        return cls(table, cells, lengths)

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
            for column in table.columns
        ]
        right = [column.justify == "right" for column in table.columns]
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


def print_table(console: Console, table: Table) -> None:
    """`console.print(table)`, drawn directly when the table fits the console (the usual case)."""
    lines = _Lines.of(console, table)
    if lines is None or lines.width > console.width:
        console.print(table)
    else:
        console.print(lines)


def table_width(console: Console, table: Table) -> int:
    """The width the table takes when nothing is wrapped."""
    lines = _Lines.of(console, table)
    if lines is None:
        options = console.options.update_width(PIPE_WIDTH)
        return console.measure(table, options=options).maximum
    return lines.width


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
    calculated: bool
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
            receptive_field=layer.receptive_field,
            status=status_text(layer),
            calculated=layer.calculated,
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
            receptive_field=block.receptive_field,
            status=status,
            calculated=block.calculated,
            collapsed=True,
            partial=block.partial,
            receptive_field_absence=block.receptive_field_absence,
        )


# Adds a row to the layer table: the cells of every column but `from` and `buffers`, then
# those two (placed only when the table has them).
AddRow = Callable[[list["RenderableType"], "RenderableType", "RenderableType"], None]


def _layer_table(
    show_from: bool, show_buffers: bool, compact: bool = False, fixed: bool = False
) -> tuple[Table, AddRow]:
    """The layer table's columns, and how a row is added. `compact` leaves out weights and
    biases (params stay); `fixed` (the --set view) wraps no cell."""
    from rich import box
    from rich.table import Table

    table = Table(box=box.SIMPLE_HEAD, show_footer=False, pad_edge=False, show_edge=False)
    table.add_column("#", justify="right", style="dim", no_wrap=fixed)
    table.add_column("name", no_wrap=fixed)
    table.add_column("kind", no_wrap=fixed)
    if show_from:
        table.add_column("from", no_wrap=fixed)
    table.add_column("geometry", no_wrap=fixed)
    headings = ("output", "params") if compact else ("output", "weights", "biases", "params")
    for heading in headings:
        table.add_column(heading, justify="right", no_wrap=fixed)
    if show_buffers:
        table.add_column("buffers", justify="right", no_wrap=fixed)
    table.add_column(
        "receptive field", justify="right", no_wrap=fixed, overflow="ellipsis" if fixed else "fold"
    )
    table.add_column("status", no_wrap=fixed)

    def add(cells: list[RenderableType], sources: RenderableType, buffers: RenderableType) -> None:
        if compact:
            del cells[5:7]  # weights, biases
        if show_from:
            cells.insert(3, sources)
        if show_buffers:
            cells.insert(-2, buffers)
        table.add_row(*cells)

    return table, add


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

    def _table(self, report: NetworkReport, compact: bool = False) -> Table:
        """The layer table; `compact` leaves out weights and biases (params stay) for a
        terminal too narrow for every column."""
        from rich.text import Text

        layout = self.layout_of(report)
        network = report.network
        assert network is not None
        rows = self._rows(report)
        show_buffers = any(row.buffers for row in rows)
        show_from = any(row.sources for row in rows)
        table, add = _layer_table(show_from, show_buffers, compact=compact)
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
            Text(""),
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
                    field_text(row.receptive_field, row.receptive_field_absence),
                    Text(row.status, style=_STYLES.get(row.status, "")),
                ],
                Text(row.sources),
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
                    field_text(totals.receptive_field, totals.receptive_field_absence),
                    "",
                ],
                Text(""),
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
        title = Text(printable(report.source, None), style="bold")
        if network is not None and network.name:
            title.append(f"  {printable(network.name, None)}", style="cyan")
        console.print(title)
        if network is not None:
            table = self._table(report)
            # Measuring costs as much as printing (every cell of every row): only a terminal,
            # whose width is fixed, needs to know whether the full table fits.
            if console.is_terminal and table_width(console, table) > console.width:
                table = self._table(report, compact=True)
            print_table(console, table)
            self._partial_note(console, report)
            for note in absent_field_notes(report):
                console.print(Text(note, style="dim"), soft_wrap=True)
        source_lines = dict(report.source_lines)
        for diagnostic in report.diagnostics:
            self._diagnostic(console, diagnostic, "", source_lines)
        console.print(Text(counts_text([report]), style="bold"), soft_wrap=True)

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

    def _diff_table(self, diff: NetworkDiff) -> Table:
        from rich.text import Text

        report, before = diff.now, diff.was
        network, old_network = report.network, before.network
        assert network is not None and old_network is not None
        layout = self.layout_of(report)
        rows = self._rows(report)
        old_rows = {row.name: row for row in self._rows(before)}
        layers = {change.name: change for change in diff.layers}
        blocks = {change.name: change for change in diff.blocks}
        show_buffers = any(row.buffers for row in rows) or any(r.buffers for r in old_rows.values())
        show_from = any(row.sources for row in rows)
        table, add = _layer_table(show_from, show_buffers, fixed=True)
        add(
            [
                "",
                Text("input"),
                "",
                "",
                self._cell(
                    shape_text(old_network.input_shape, layout),
                    shape_text(network.input_shape, layout),
                    diff.input_changed,
                ),
                "",
                "",
                "",
                "",
                "",
            ],
            Text(""),
            Text(""),
        )
        for row in rows:
            old = old_rows.get(row.name)
            change: LayerChange | BlockChange | None = (
                blocks.get(row.name) if row.collapsed else layers.get(row.name)
            )
            changed = change.changed if change is not None and old is not None else frozenset()
            respecified = isinstance(change, LayerChange) and bool(change.fields)
            marked = bool(changed) or respecified
            add(
                [
                    row.index,
                    Text(row.name, style="bold" if row.collapsed or marked else ""),
                    Text(row.kind, style="cyan" if row.collapsed else ""),
                    self._cell(old.geometry if old else "", row.geometry, respecified),
                    self._cell(
                        _output_text(old, layout), _output_text(row, layout), "output" in changed
                    ),
                    self._cell(
                        _figure(old, "weights") if old else "",
                        _figure(row, "weights"),
                        "weights" in changed,
                    ),
                    self._cell(
                        _figure(old, "biases") if old else "",
                        _figure(row, "biases"),
                        "biases" in changed,
                    ),
                    self._cell(
                        _figure(old, "params") if old else "",
                        _figure(row, "params"),
                        "params" in changed,
                    ),
                    self._cell(
                        field_text(old.receptive_field) if old else "",
                        field_text(row.receptive_field),
                        "receptive_field" in changed,
                    ),
                    self._cell(
                        old.status if old else "",
                        row.status,
                        "status" in changed,
                        style=_STYLES.get(row.status, ""),
                        old_style=_STYLES.get(old.status, "") if old else "",
                    ),
                ],
                Text(row.sources),
                self._cell(
                    _figure(old, "buffers") if old else "",
                    _figure(row, "buffers"),
                    "buffers" in changed,
                ),
            )
        totals = diff.totals
        if totals is not None:
            was, now = totals.was, totals.now

            def total(name: str, style: str = "") -> Text:
                delta = totals.delta(name)
                return self._cell(
                    total_text(delta.was, delta.was_partial),
                    total_text(delta.now, delta.now_partial),
                    delta.differs,
                    style=style,
                )

            table.add_section()
            add(
                [
                    "",
                    Text("total", style="bold"),
                    "",
                    "",
                    self._cell(
                        shape_text(was.output_shape, layout),
                        shape_text(now.output_shape, layout),
                        totals.output_changed,
                        style="bold",
                    ),
                    total("weights"),
                    total("biases"),
                    total("params", style="bold"),
                    self._cell(
                        field_text(was.receptive_field),
                        field_text(now.receptive_field),
                        totals.receptive_field_changed,
                    ),
                    "",
                ],
                Text(""),
                total("buffers"),
            )
        return table

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
        console.print(changes, soft_wrap=True)
        print_table(console, self._diff_table(diff))
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
                console.print(line, soft_wrap=True)
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
        console.print(summary, soft_wrap=True)

    @staticmethod
    def _diagnostic(
        console: Console, diagnostic: Diagnostic, style: str, source_lines: dict[int, str]
    ) -> None:
        """A diagnostic's line (in `style`, else its severity's), the source line it points at
        with a caret under the column (when the text is known), its use sites and hint."""
        from rich.text import Text

        line = Text(diagnostic_line(diagnostic))
        line.stylize(style or SEVERITY_STYLES[diagnostic.severity], 0, len(line))
        console.print(line, soft_wrap=True)
        context = source_context(diagnostic, source_lines)
        for number, text in enumerate(context):
            shown = Text(text, style="dim" if number != 1 else "")
            if number == 2:  # the caret, in the diagnostic's colour
                shown.stylize(style or SEVERITY_STYLES[diagnostic.severity], len(text) - 1)
            console.print(shown, soft_wrap=True)
        if diagnostic.use_sites:
            console.print(Text(use_sites_line(diagnostic), style="dim"), soft_wrap=True)
        if diagnostic.hint:
            console.print(Text(hint_line(diagnostic), style="dim"), soft_wrap=True)
