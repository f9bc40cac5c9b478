"""The table drawn directly is byte for byte what rich draws (rich is the reference)."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest
from conftest import invoke
from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from convcalc.commands import check
from convcalc.core.settings import Settings
from convcalc.engine.results import NetworkReport
from convcalc.load.files import Loaded
from convcalc.report.table import print_table, table_width


def _console(color: bool, width: int = 200) -> Console:
    return Console(
        file=io.StringIO(),
        force_terminal=color,
        color_system="standard" if color else None,
        highlight=False,
        width=width,
        soft_wrap=False,
    )


def _terminal(width: int) -> Console:
    """A terminal this wide, without colour (the tables fit themselves to a terminal only)."""
    return Console(
        file=io.StringIO(), force_terminal=True, color_system=None, highlight=False, width=width
    )


def _table() -> Table:
    table = Table(box=box.SIMPLE_HEAD, show_footer=False, pad_edge=False, show_edge=False)
    table.add_column("#", justify="right", style="dim")
    table.add_column("name")
    table.add_column("output", justify="right")
    table.add_column("status")
    table.add_row("", Text("input"), "8×8×3", "")
    table.add_row("12", Text("conv1", style="bold"), Text("6×6×4"), Text("ok", style="green"))
    arrow = Text("1,024", style="dim")
    arrow.append(" → ", style="bold magenta")
    arrow.append("2,048")
    table.add_row("13", Text("名前"), arrow, Text("warning", style="yellow"))
    table.add_section()
    table.add_row("", Text("total", style="bold"), Text("6×6×4", style="bold"), "")
    return table


@pytest.mark.parametrize("color", [False, True])
def test_drawn_as_rich_draws_it(color: bool) -> None:
    ours, theirs = _console(color), _console(color)
    print_table(ours, _table())
    theirs.print(_table())
    assert isinstance(ours.file, io.StringIO) and isinstance(theirs.file, io.StringIO)
    assert ours.file.getvalue() == theirs.file.getvalue()


def test_width_is_rich_measure() -> None:
    console = _console(False)
    assert table_width(console, _table()) == console.measure(_table()).maximum


@pytest.mark.parametrize("width", [30, 20, 12])
def test_too_narrow_stacks_the_rows_and_cuts_nothing(width: int) -> None:
    console = _terminal(width)
    print_table(console, _table(), keys=2)
    assert isinstance(console.file, io.StringIO)
    screen = console.file.getvalue()
    assert "…" not in screen
    assert all(len(line) <= width for line in screen.splitlines())
    words = screen.split()
    assert all(word in words for word in ("12", "conv1", "6×6×4", "warning", "2,048"))


def test_a_column_drops_first_and_the_table_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("convcalc.report.table.STACKED_WIDTH", 0)  # this table is narrow
    full = _console(False)
    print_table(full, _table())
    assert isinstance(full.file, io.StringIO)
    width = max(len(line) for line in full.file.getvalue().splitlines()) - 1
    console = _terminal(width)
    print_table(console, _table(), drop=["status"])
    assert isinstance(console.file, io.StringIO)
    screen = console.file.getvalue()
    assert "warning" not in screen and "1,024 → 2,048" in screen
    assert f"not shown at {width} columns: status" in screen


def test_each_file_printed_as_it_is_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A run over many files keeps no file's full report until the end: the first table is
    written before the second file is calculated."""
    spec = "input: [8, 8, 3]\nlayers:\n  - {type: conv, name: c, filters: 4, kernel: 3}\n"
    (tmp_path / "a.yaml").write_text(spec, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(spec, encoding="utf-8")
    written_before: list[str] = []
    calculate = check.calculate_loaded

    def spy(loaded: Loaded, source: str, settings: Settings) -> NetworkReport:
        sys.stdout.flush()
        written_before.append(sys.stdout.buffer.getvalue().decode())  # type: ignore[attr-defined]
        return calculate(loaded, source, settings)

    monkeypatch.setattr(check, "calculate_loaded", spy)
    files = [str(tmp_path / "a.yaml"), str(tmp_path / "b.yaml")]
    result = invoke("check", "--format", "table", *files)
    assert result.exit_code == 0, result.output
    assert written_before[0] == ""
    assert "a.yaml" in written_before[1] and "0 errors" in written_before[1]
    assert "b.yaml" not in written_before[1]


# --- source context under each diagnostic (ruff's full output) ------------------------------
# kernel 5 on a 4 × 4 input: CC101 at 4:5 (the layer's `-` is column 3, its mapping column 5)
CONTEXT_SPEC = "# a net\ninput: [4, 4, 3]\nlayers:\n  - {type: conv, filters: 6, kernel: 5}\n"


def test_the_full_format_shows_the_source_line_and_a_caret_under_the_column(
    tmp_path: Path,
) -> None:
    path = tmp_path / "net.yaml"
    path.write_text(CONTEXT_SPEC, encoding="utf-8")
    lines = invoke("check", "--format", "table", str(path)).stdout.splitlines()
    at = next(i for i, line in enumerate(lines) if ":4:5 CC101 error " in line)
    assert lines[at + 1 : at + 4] == [
        "   |",
        " 4 |   - {type: conv, filters: 6, kernel: 5}",
        "   |     ^",
    ]
    assert lines[at + 4].startswith("    hint: ")
    # The caret is under the column the diagnostic names (1-based, as editors count).
    assert lines[at + 3].index("^") - lines[at + 2].index("|") - 1 == 5


def test_the_context_is_escaped_and_the_caret_follows_the_escapes(tmp_path: Path) -> None:
    # A tab before the value (shown as `\t`, the caret one further) and a right-to-left override
    # after it, which would reorder the terminal's line: shown as `\u202e`.
    text = (
        "input: [8, 8, 3]\nlayers:\n  - {type: conv, filters: 8,\t kernel: 3, stride: 0} # \u202e\n"
    )
    path = tmp_path / "net.yaml"
    path.write_text(text, encoding="utf-8")
    out = invoke("check", "--format", "table", str(path)).stdout
    (diagnostic,) = [line for line in out.splitlines() if " CC010 error " in line]
    column = int(diagnostic.split(" ")[0].split(":")[2])
    shown = " 3 |   - {type: conv, filters: 8,\\t kernel: 3, stride: 0} # \\u202e"
    assert shown in out.splitlines()
    caret = next(line for line in out.splitlines() if line.endswith("^"))
    escaped_prefix = "  - {type: conv, filters: 8,\\t kernel: 3, stride: "
    assert text.splitlines()[2][column - 1 :].startswith("0}")  # the value it is about
    assert caret == "   | " + " " * len(escaped_prefix) + "^"
    assert "\u202e" not in out


def test_a_long_line_is_cut_and_stdin_gets_context_too() -> None:
    layer = "{type: conv, filters: 8, kernel: 5}"
    text = "input: [4, 4, 3]\nlayers: [" + ", ".join(["{type: relu}"] * 40) + f", {layer}]\n"
    out = invoke("check", "--format", "table", "-", stdin=text).stdout
    (source,) = [line for line in out.splitlines() if line.startswith(" 2 | ")]
    assert source.endswith("…") and len(source) == len(" 2 | ") + 160 + 1
    assert not any(line.endswith("^") for line in out.splitlines())  # column past the cut
    short = invoke("check", "--format", "table", "-", stdin=CONTEXT_SPEC).stdout
    assert " 4 |   - {type: conv, filters: 6, kernel: 5}" in short.splitlines()


@pytest.mark.parametrize("format_", ["concise", "json", "github", "sarif", "junit", "markdown"])
def test_machine_and_other_formats_have_no_source_context(format_: str, tmp_path: Path) -> None:
    path = tmp_path / "net.yaml"
    path.write_text(CONTEXT_SPEC, encoding="utf-8")
    out = invoke("check", "--format", format_, str(path)).stdout
    assert "  - {type: conv, filters: 6, kernel: 5}" not in out
    assert " 4 | " not in out


def test_layers_from_the_command_line_have_no_source_line() -> None:
    out = invoke("calc", "--input", "4x4x3", "conv:filters=8,kernel=5", "--format", "table").stdout
    assert "CC101" in out
    assert not any(line.strip() == "|" or line.endswith("^") for line in out.splitlines())
