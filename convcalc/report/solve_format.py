"""Showing the solver's answers: a rich table or JSON (click.echo)."""

from __future__ import annotations

from typing import Any

from convcalc.core.limits import how_to_raise
from convcalc.geometry.solve import (
    DILATION_MAX,
    KERNEL_MAX,
    STRIDE_MAX,
    Query,
    SamePadding,
    Setting,
    Solutions,
)
from convcalc.report.base import ReportOptions, count_text
from convcalc.report.console import console_for
from convcalc.report.json_writer import write_json
from convcalc.report.table import print_table
from convcalc.rules._text import equation

# On a narrow terminal: the note, then the values a setting rarely changes; # and the sizes stay.
SOLVE_DROP_ORDER = ("note", "dilation")


def _pad(before: int, after: int) -> str:
    return "0" if before == after == 0 else f"{count_text(before)} + {count_text(after)}"


def _query_text(query: Query) -> str:
    """`input 224, kernel 11, stride 4, output 55; open: padding, dilation`."""
    known: list[str] = []
    open_: list[str] = []
    for name in ("input", "kernel", "stride", "padding", "dilation", "output"):
        value = getattr(query, name)
        if value is None:
            open_.append(name)
        elif name == "padding":
            known.append(f"padding {_pad(*value)}")
        else:
            known.append(f"{name} {count_text(value)}")
    return ", ".join(known) + (f"; open: {', '.join(open_)}" if open_ else "")


def _note(setting: Setting, query: Query) -> str:
    notes: list[str] = []
    for name in setting.changed:
        if name == "padding":
            old = _pad(*query.padding) if query.padding else "0"
            notes.append(f"padding {old} → {_pad(setting.pad_before, setting.pad_after)}")
        else:
            old_value = getattr(query, name)
            notes.append(f"{name} {count_text(old_value)} → {count_text(getattr(setting, name))}")
    if not setting.changed and query.padding is None and setting.padding % 2:
        notes.append(f"total {count_text(setting.padding)} is odd: no symmetric padding")
    if setting.any_stride:
        notes.append("one window fills the input: any stride")
    if (
        not notes
        and not setting.changed
        and all(
            getattr(query, name) is not None for name in ("kernel", "stride", "padding", "dilation")
        )
    ):
        notes.append("as given")
    return "; ".join(notes)


def _bounds(query: Query) -> str:
    parts = []
    if query.kernel is None:
        parts.append(f"kernel 1–{KERNEL_MAX}")
    if query.stride is None and query.output is None:
        parts.append(f"stride 1–{STRIDE_MAX}")
    if query.dilation is None:
        parts.append(f"dilation 1–{DILATION_MAX}")
    if query.padding is None:
        limit = "d·(k − 1)" if query.max_padding is None else count_text(query.max_padding)
        parts.append(f"total padding up to {limit} (--max-padding widens it)")
    return ", ".join(parts)


def setting_dict(setting: Setting) -> dict[str, Any]:
    return {
        "input": setting.input,
        "kernel": setting.kernel,
        "stride": setting.stride,
        "dilation": setting.dilation,
        "padding": [setting.pad_before, setting.pad_after],
        "padding_total": setting.padding,
        "symmetric": setting.symmetric,
        "output": setting.output,
        "changed": list(setting.changed),
        "any_stride": setting.any_stride,
    }


def _query_dict(query: Query) -> dict[str, Any]:
    return {
        "input": query.input,
        "kernel": query.kernel,
        "stride": query.stride,
        "padding": list(query.padding) if query.padding is not None else None,
        "dilation": query.dilation,
        "output": query.output,
        "max_padding": query.max_padding,
    }


def same_dict(found: SamePadding) -> dict[str, Any]:
    return {
        "input": found.input,
        "kernel": found.kernel,
        "stride": found.stride,
        "dilation": found.dilation,
        "padding": [found.pad_before, found.pad_after],
        "padding_total": found.padding,
        "symmetric": found.symmetric,
        "output": found.output,
        "rule": found.rule,
        "exact": found.exact,
    }


class SolveReporter:
    """Shows the solver's answers (`solutions`) or the `--same` padding (`same_padding`)."""

    def __init__(self, options: ReportOptions) -> None:
        self.options = options

    def solutions(self, solutions: Solutions) -> None:
        raise NotImplementedError

    def same_padding(self, found: SamePadding) -> None:
        raise NotImplementedError


class SolveJson(SolveReporter):
    def solutions(self, solutions: Solutions) -> None:
        write_json(
            {
                "query": _query_dict(solutions.query),
                "found": solutions.found,
                "stopped": solutions.stopped,
                "settings": [setting_dict(setting) for setting in solutions.settings],
            }
        )

    def same_padding(self, found: SamePadding) -> None:
        write_json(same_dict(found))


class SolveTable(SolveReporter):
    def solutions(self, solutions: Solutions) -> None:
        from rich import box
        from rich.table import Table
        from rich.text import Text

        query = solutions.query
        console = console_for(self.options.color)
        console.print(Text(_query_text(query), style="bold"), soft_wrap=not console.is_terminal)
        if not solutions.settings:
            bounds = _bounds(query)
            console.print(
                Text(
                    "no setting gives a whole result" + (f" (searched {bounds})" if bounds else "")
                ),
                soft_wrap=not console.is_terminal,
            )
            return
        table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
        table.add_column("#", justify="right", style="dim", no_wrap=True)
        for heading in ("input", "kernel", "stride", "dilation", "padding", "output"):
            table.add_column(heading, justify="right", no_wrap=True)
        table.add_column("note", no_wrap=True)
        for position, setting in enumerate(solutions.settings, start=1):
            changed = set(setting.changed)

            def cell(name: str, text: str, changed: set[str] = changed) -> Text:
                return Text(text, style="bold magenta" if name in changed else "")

            table.add_row(
                str(position),
                cell("input", count_text(setting.input)),
                cell("kernel", count_text(setting.kernel)),
                cell("stride", "any" if setting.any_stride else count_text(setting.stride)),
                cell("dilation", count_text(setting.dilation)),
                cell("padding", _pad(setting.pad_before, setting.pad_after)),
                Text(count_text(setting.output), style="bold"),
                Text(_note(setting, query)),
            )
        print_table(console, table, drop=SOLVE_DROP_ORDER)
        shown, found = len(solutions.settings), solutions.found
        summary = f"{found:,} setting{'' if found == 1 else 's'} give{'s' if found == 1 else ''} "
        summary += "a whole result"
        if shown < found:
            summary += f"; the {shown:,} simplest shown (--limit 0 shows all)"
        bounds = _bounds(query)
        if bounds:
            summary += f"; searched {bounds}"
        if solutions.stopped:
            summary += (
                f"; the search stopped after {found:,} settings ({how_to_raise('solve_settings')})"
            )
        console.print(Text(summary, style="dim"), soft_wrap=not console.is_terminal)

    def same_padding(self, found: SamePadding) -> None:
        from rich.text import Text

        console = console_for(self.options.color)
        size, stride = count_text(found.input), found.stride
        head = (
            f"input {size}, kernel {count_text(found.kernel)}, stride {count_text(stride)}, "
            f"dilation {count_text(found.dilation)}"
        )
        console.print(Text(head, style="bold"), soft_wrap=not console.is_terminal)
        lines: list[str] = []
        if found.rule == "pytorch":
            lines.append(f"same padding keeps the size: output {count_text(found.output)}")
        else:
            lines.append(
                f"with stride {count_text(stride)}, same is TensorFlow's rule: output "
                f"⌈{size} / {count_text(stride)}⌉ = {count_text(found.output)}; PyTorch accepts "
                f"padding='same' only at stride 1, so give it these numbers as the padding"
            )
        lines.append(
            f"padding {count_text(found.padding)} in all: {count_text(found.pad_before)} before, "
            f"{count_text(found.pad_after)} after"
        )
        if found.symmetric:
            lines.append(f"symmetric: padding={count_text(found.pad_before)} on each side")
        else:
            lines.append(
                f"no symmetric padding does it: the total {count_text(found.padding)} is odd, so "
                f"one side gets the extra pixel (after, as PyTorch and TensorFlow place it)"
            )
        if not found.exact:
            lines.append(f"the division is not whole: {equation(found.window)}")
        for line in lines:
            console.print(Text(line), soft_wrap=not console.is_terminal)
