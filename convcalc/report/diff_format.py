"""The `--set` view: the changed network with `old → new` wherever a value changed.

Table: the usual table with arrows in changed cells, the totals' deltas, and the diagnostics that
appeared or disappeared. JSON: each report exactly as `--format json` prints the new network,
plus `was` on changed layers, `totals_was`, `delta` and the appeared and disappeared diagnostics
(README, "JSON output"). The comparison itself is analyse/diff.py's; this module only shows it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import click

from convcalc.core.diagnostics import Diagnostic
from convcalc.core.printable import printable
from convcalc.engine.diff import CELLS, Delta, GroupChange, LayerChange, NetworkDiff
from convcalc.report.base import (
    READABLE_LIMIT,
    count_text,
    counts_text,
    diagnostic_line,
    field_text,
    hint_line,
    partial_note,
    shape_text,
    total_text,
    use_sites_line,
)
from convcalc.report.json_format import JsonReporter, exact, report_dict
from convcalc.report.table import (
    _SEVERITY_STYLE,
    _STYLES,
    TableReporter,
    _console,
    _figure,
    _Row,
    print_table,
)

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

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


def _output(row: _Row | None, layout: str) -> str:
    if row is None:
        return ""
    return shape_text(row.output_shape, layout)


class DiffTableReporter(TableReporter):
    def render_diffs(self, diffs: Sequence[NetworkDiff]) -> None:
        console = _console(self.options.color)
        for position, diff in enumerate(diffs):
            if position:
                console.print()
            if diff.now.network is None or diff.was.network is None:
                self._render_one(console, diff.now)  # did not load: nothing to compare
            else:
                self._render_diff(console, diff)

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
        from rich import box
        from rich.table import Table
        from rich.text import Text

        report, before = diff.now, diff.was
        network, old_network = report.network, before.network
        assert network is not None and old_network is not None
        layout = self.layout_of(report)
        rows = self._rows(report)
        old_rows = {row.name: row for row in self._rows(before)}
        layers = {change.name: change for change in diff.layers}
        groups = {change.name: change for change in diff.groups}
        show_buffers = any(row.buffers for row in rows) or any(r.buffers for r in old_rows.values())
        show_from = any(row.sources for row in rows)
        table = Table(box=box.SIMPLE_HEAD, show_footer=False, pad_edge=False, show_edge=False)
        table.add_column("#", justify="right", style="dim", no_wrap=True)
        table.add_column("name", no_wrap=True)
        table.add_column("kind", no_wrap=True)
        if show_from:
            table.add_column("from", no_wrap=True)
        table.add_column("geometry", no_wrap=True)
        for heading in ("output", "weights", "biases", "params"):
            table.add_column(heading, justify="right", no_wrap=True)
        if show_buffers:
            table.add_column("buffers", justify="right", no_wrap=True)
        table.add_column("receptive field", justify="right", no_wrap=True)
        table.add_column("status", no_wrap=True)

        def add(cells: list[Any], sources: Text, buffers: Text) -> None:
            if show_from:
                cells.insert(3, sources)
            if show_buffers:
                cells.insert(-2, buffers)
            table.add_row(*cells)

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
            change: LayerChange | GroupChange | None = (
                groups.get(row.name) if row.collapsed else layers.get(row.name)
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
                    self._cell(_output(old, layout), _output(row, layout), "output" in changed),
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
        for heading, diagnostics, style in (
            ("appeared", diff.appeared, ""),
            ("disappeared", diff.disappeared, "dim"),
            ("still reported", kept if diff.appeared or diff.disappeared else [], ""),
        ):
            if diagnostics:
                console.print(Text(f"{heading}:", style="bold"))
                for diagnostic in diagnostics:
                    self._diagnostic(console, diagnostic, style)
        if not (diff.appeared or diff.disappeared):
            for diagnostic in report.diagnostics:
                self._diagnostic(console, diagnostic, "")
        summary = Text(counts_text([report]), style="bold")
        summary.append(f" (was {counts_text([diff.was])})", style="dim")
        console.print(summary, soft_wrap=True)

    def _diagnostic(self, console: Console, diagnostic: Diagnostic, style: str) -> None:
        from rich.text import Text

        line = Text(diagnostic_line(diagnostic))
        line.stylize(style or _SEVERITY_STYLE[diagnostic.severity], 0, len(line))
        console.print(line, soft_wrap=True)
        if diagnostic.use_sites:
            console.print(Text(use_sites_line(diagnostic), style="dim"), soft_wrap=True)
        if diagnostic.hint:
            console.print(Text(hint_line(diagnostic), style="dim"), soft_wrap=True)


def _plain(value: Any) -> Any:
    """A field's value as JSON: tuples become lists; numbers, text and booleans stay."""
    if isinstance(value, (tuple, list)):
        return [_plain(item) for item in value]
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
                    "was": _plain(change.was.spec.fields.get(name)),
                    "now": _plain(change.now.spec.fields.get(name)),
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


class DiffJsonReporter(JsonReporter):
    def render_diffs(self, diffs: Sequence[NetworkDiff]) -> None:
        payload = [diff_dict(diff, self.layout_of(diff.now)) for diff in diffs]
        click.echo(json.dumps(payload, indent=2, ensure_ascii=False))


DIFF_REPORTERS: dict[str, type[DiffTableReporter | DiffJsonReporter]] = {
    "table": DiffTableReporter,
    "json": DiffJsonReporter,
}
