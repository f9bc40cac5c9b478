"""What every reporter shares: options and the text of shapes, fields and locations."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, ClassVar

from convcalc.core.diagnostics import Diagnostic, Severity
from convcalc.core.printable import printable
from convcalc.core.records import frozen, replace
from convcalc.core.shapes import Shape
from convcalc.engine.results import (
    LayerResult,
    NetworkReport,
    ReceptiveFieldAbsence,
)
from convcalc.geometry.field_phases import Number
from convcalc.geometry.receptive_field import ReceptiveField

if TYPE_CHECKING:
    from convcalc.engine.diff import NetworkDiff


@frozen
class ReportOptions:
    color: str = "auto"  # auto, always, never
    layout: str | None = None  # overrides each spec's own layout for display
    depth: int | None = None  # show block instances nested deeper than this collapsed
    fail_on: Severity = Severity.ERROR  # a file fails with a diagnostic this severe or worse
    skipped: tuple[str, ...] = ()  # YAML files found in directories that are not specs
    # What the run could not check (unreadable paths, I/O errors): a report that looks clean must
    # say so when the run was not complete (SARIF's executionSuccessful).
    failures: tuple[str, ...] = ()
    # --quiet: the diagnostics alone, no summary line (machine formats are the same either way).
    quiet: bool = False
    # The table's columns (--columns, as report/table.py names them); None: the default set, or
    # every column with `wide` (--wide).
    columns: tuple[str, ...] | None = None
    wide: bool = False


class Reporter:
    """Renders reports to standard output, each as it comes (`add`), then the end of the
    output (`finish`): a run over many files keeps only what the summary needs (`summary_only`).

    A reporter that `shows_diffs` also has the `--set` view: each report compared with the
    network as written (`render_diffs`); the others show the changed network as usual.
    """

    shows_diffs: ClassVar[bool] = False

    def __init__(self, options: ReportOptions) -> None:
        self.options = options

    def render(self, reports: Sequence[NetworkReport]) -> None:
        for report in reports:
            self.add(report)
        self.finish(reports)

    def add(self, report: NetworkReport) -> None:
        """One report, written as soon as it is made."""
        raise NotImplementedError

    def finish(self, reports: Sequence[NetworkReport]) -> None:
        """The end of the output; `reports` may be `summary_only` copies."""
        raise NotImplementedError

    def render_diffs(self, diffs: Sequence[NetworkDiff]) -> None:
        """The `--set` view, for a reporter that `shows_diffs`."""
        raise NotImplementedError

    def layout_of(self, report: NetworkReport) -> str:
        if self.options.layout:
            return self.options.layout
        return report.network.layout if report.network else "hwc"


def summary_only(report: NetworkReport) -> NetworkReport:
    """What the summary line and the exit code read of a report: its source and diagnostics."""
    return replace(report, network=None, layers=(), totals=None, blocks=(), source_lines=())


# From here on a number is shown as `1.234e18`: sixteen or more digits read as noise.
READABLE_LIMIT = 10**15


def count_text(value: int) -> str:
    """`1,024`; from 10^15 on `1e100` or `≈1.235e18` (rounded: JSON keeps every digit)."""
    if abs(value) < READABLE_LIMIT:
        return f"{value:,}"
    sign = "-" if value < 0 else ""
    digits = str(abs(value))
    exponent = len(digits) - 1
    shown = round(Fraction(abs(value), 10 ** (exponent - 3)))  # four significant digits
    if shown >= 10_000:  # 9.9996e20 rounds up to 1.000e21
        shown //= 10
        exponent += 1
    mantissa = f"{shown // 1000}.{shown % 1000:03d}".rstrip("0").rstrip(".")
    approximate = "" if shown * 10 ** (exponent - 3) == abs(value) else "≈"
    return f"{approximate}{sign}{mantissa}e{exponent}"


_DECIMAL_UNITS = ("k", "M", "G", "T", "P", "E")
_BINARY_UNITS = ("KiB", "MiB", "GiB", "TiB", "PiB", "EiB")


def _round_half_even(numerator: int, denominator: int) -> int:
    """`round(Fraction(numerator, denominator))` for a positive denominator, in integers (a
    table formats a few figures per row: Fraction's arithmetic was most of the row)."""
    quotient, remainder = divmod(numerator, denominator)
    twice = 2 * remainder
    if twice > denominator or (twice == denominator and quotient % 2):
        return quotient + 1
    return quotient


def _three_digits(value: int, base: int, units: tuple[str, ...]) -> str | None:
    """`4.09 G`: three significant digits and the unit, rounded half to even; None past the
    largest unit."""
    size = abs(value)
    sign = "-" if value < 0 else ""
    for power, unit in enumerate(units, start=1):
        divisor = base**power
        decimals = 2
        shown = _round_half_even(size * 10**decimals, divisor)
        while shown >= 1000 and decimals:  # 9.996 rounds to 10.0, 99.96 to 100
            decimals -= 1
            shown = _round_half_even(size * 10**decimals, divisor)
        if shown >= 1000 and power < len(units):
            continue  # 999.6 k is shown as 1.00 M
        whole, part = divmod(shown, 10**decimals)
        fraction = f".{part:0{decimals}d}" if decimals else ""
        return f"{sign}{whole}{fraction} {unit}"
    return None


def short_count(value: int) -> str:
    """A count as the table shows it: exact below 100,000 (`34,848`: no wider than `4.09 G`), else
    three significant digits (`236 k`, `4.09 G`); JSON and CSV keep the exact number."""
    if abs(value) < 100_000:
        return f"{value:,}"
    return _three_digits(value, 1000, _DECIMAL_UNITS) or count_text(value)


def bytes_text(value: int) -> str:
    """`512 B`, `1.00 KiB`, `97.5 MiB`: binary units, three significant digits."""
    if abs(value) < 1024:
        return f"{value:,} B"
    return _three_digits(value, 1024, _BINARY_UNITS) or f"{count_text(value)} B"


def total_text(value: int, partial: bool) -> str:
    """A sum as a total shows it: `≥97,440` when it leaves out layers that could not be computed
    (the whole is at least that), `?` when it leaves them out and counted nothing."""
    if not partial:
        return count_text(value)
    return f"≥{count_text(value)}" if value else "?"


def partial_note(uncomputed: int, layers: int) -> str:
    """Why a total is marked `≥`: `3 of 12 layers not computed`."""
    return f"{uncomputed:,} of {layers:,} {'layer' if layers == 1 else 'layers'} not computed"


def shape_text(shape: Shape | None, layout: str) -> str:
    """`55×55×96`, every size readable."""
    if shape is None:
        return "?"
    return "×".join(count_text(size) for size in shape.in_layout(layout))


def number_text(value: Number) -> str:
    """`1,024`, or an exact fraction `1/2`."""
    if isinstance(value, Fraction) and value.denominator != 1:
        return f"{count_text(value.numerator)}/{count_text(value.denominator)}"
    return count_text(int(value))


# Shown in place of a receptive field convcalc could not compute; the reason is listed below.
ABSENT_FIELD = "n/a"


def field_text(field: ReceptiveField | None, absence: ReceptiveFieldAbsence | None = None) -> str:
    """`11×11 /4`: size per dimension, then the jump; `global /4` when every unit sees the whole
    input (the jump of its grid, if it has one); `n/a` when it could not be computed."""
    if field is None:
        return ABSENT_FIELD if absence else ""
    jumps = set(field.jump)
    jump = (
        number_text(field.jump[0])
        if len(jumps) == 1
        else "×".join(number_text(j) for j in field.jump)
    )
    if field.is_global:
        return f"global /{jump}" if field.has_grid else "global"
    size = "×".join(number_text(value) for value in field.size)
    return f"{size} /{jump}"


def absent_field_notes(report: NetworkReport) -> list[str]:
    """`receptive field of up8 n/a: …` for each layer where a field was lost, and the total."""
    notes = [
        f"receptive field of {printable(layer.spec.name)} {ABSENT_FIELD}: "
        f"{layer.receptive_field_absence.reason}"
        for layer in report.layers
        if layer.receptive_field_absence and layer.receptive_field_absence.origin == layer.spec.name
    ]
    totals = report.totals
    if totals is not None and totals.receptive_field_absence and not notes:
        reason = totals.receptive_field_absence.text("")
        notes.append(f"receptive field of the total {ABSENT_FIELD}: {reason}")
    return notes


def status_text(layer: LayerResult) -> str:
    if not layer.calculated:
        return "skipped"
    return "ok" if layer.status is None else str(layer.status)


def location_text(diagnostic: Diagnostic) -> str:
    return str(diagnostic.location) if diagnostic.location else ""


def diagnostic_line(diagnostic: Diagnostic) -> str:
    """`alexnet.yaml:7:5 CC103 warning conv1: message`, user text escaped."""
    layer = f"{printable(diagnostic.layer)}: " if diagnostic.layer else ""
    return (
        f"{printable(location_text(diagnostic), None)} {diagnostic.code} {diagnostic.severity} "
        f"{layer}{printable(diagnostic.message, None)}"
    )


def use_sites_line(diagnostic: Diagnostic) -> str:
    """`    in a block used at a.yaml:9:5, a.yaml:12:5` under a diagnostic inside a block."""
    sites = ", ".join(printable(str(site), None) for site in diagnostic.use_sites)
    return f"    in a block used at {sites}"


def hint_line(diagnostic: Diagnostic) -> str:
    return f"    hint: {printable(diagnostic.hint or '', None)}"


# A source line longer than this is cut (with `…`) under a diagnostic: minified YAML can put a
# whole spec on one line.
CONTEXT_WIDTH = 160


def source_context(diagnostic: Diagnostic, source_lines: dict[int, str]) -> list[str]:
    """The source line a diagnostic points at, and a caret under its column, as ruff's full
    output shows them (empty when the line is not known):

          |
        3 |   - {type: conv, filters: 8, kernel: 5}
          |     ^
    """
    location = diagnostic.location
    if location is None or location.line not in source_lines:
        return []
    from rich.cells import cell_len  # rich is loaded by the formats that show this

    text = source_lines[location.line]
    number = str(location.line)
    gutter = " " * (len(number) + 1)
    shown = printable(text, None).rstrip()
    cut = len(shown) > CONTEXT_WIDTH
    if cut:
        shown = shown[:CONTEXT_WIDTH] + "…"
    lines = [f"{gutter} |", f" {number} | {shown}".rstrip()]
    if location.column is not None:
        # Escapes (`\t`) and wide characters move the caret as they move the text above it.
        before = printable(text[: location.column - 1], None)
        if not cut or len(before) < CONTEXT_WIDTH:
            lines.append(f"{gutter} | {' ' * cell_len(before)}^")
    return lines


def counts_text(reports: Sequence[NetworkReport]) -> str:
    """`1 error, 2 warnings, 0 info` over the given reports."""
    parts = []
    for severity, word in (
        (Severity.ERROR, "error"),
        (Severity.WARNING, "warning"),
        (Severity.INFO, "info"),
    ):
        count = sum(report.count(severity) for report in reports)
        plural = "s" if count != 1 and severity != Severity.INFO else ""
        parts.append(f"{count} {word}{plural}")
    return ", ".join(parts)


def summary_text(reports: Sequence[NetworkReport], options: ReportOptions) -> str:
    """`3 errors, 1 warning, 0 info in 2 of 40 files (5 non-spec YAML files skipped)`.

    "2 of 40": files with a diagnostic at or above `--fail-on`, of the files checked.
    """
    failing = sum(1 for report in reports if (report.worst or 0) >= options.fail_on)
    files = f"{len(reports):,} {'file' if len(reports) == 1 else 'files'}"
    if not any(report.diagnostics for report in reports):
        text = f"no problems in {files}"
    elif failing:
        text = f"{counts_text(reports)} in {failing:,} of {files}"
    else:
        text = f"{counts_text(reports)} in {files}"
    skipped = len(options.skipped)
    if skipped:
        text += f" ({skipped} non-spec YAML file{'' if skipped == 1 else 's'} skipped)"
    return text
