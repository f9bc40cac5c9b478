"""What every reporter shares: options and the text of shapes, fields and locations."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from convcalc.analyse.results import LayerResult, NetworkReport, Number, ReceptiveField
from convcalc.diagnostics import Diagnostic, Severity
from convcalc.shapes import Shape


@dataclass(frozen=True)
class ReportOptions:
    color: str = "auto"  # auto, always, never
    layout: str | None = None  # overrides each spec's own layout for display
    depth: int | None = None  # show block instances nested deeper than this collapsed


class Reporter:
    """Renders reports to standard output."""

    def __init__(self, options: ReportOptions) -> None:
        self.options = options

    def render(self, reports: Sequence[NetworkReport]) -> None:
        raise NotImplementedError

    def layout_of(self, report: NetworkReport) -> str:
        if self.options.layout:
            return self.options.layout
        return report.network.layout if report.network else "hwc"


def shape_text(shape: Shape | None, layout: str) -> str:
    return shape.label(layout) if shape is not None else "?"


def number_text(value: Number) -> str:
    """`1,024`, or an exact fraction `1/2`."""
    if isinstance(value, Fraction) and value.denominator != 1:
        return f"{value.numerator:,}/{value.denominator:,}"
    return f"{int(value):,}"


def field_text(field: ReceptiveField | None) -> str:
    """`11×11 /4`: size per dimension, then the jump."""
    if field is None:
        return ""
    size = "×".join(number_text(value) for value in field.size)
    jumps = set(field.jump)
    jump = (
        number_text(field.jump[0])
        if len(jumps) == 1
        else "×".join(number_text(j) for j in field.jump)
    )
    return f"{size} /{jump}"


def status_text(layer: LayerResult) -> str:
    if not layer.analysed:
        return "skipped"
    return "ok" if layer.status is None else str(layer.status)


def location_text(diagnostic: Diagnostic) -> str:
    return str(diagnostic.location) if diagnostic.location else ""


def diagnostic_line(diagnostic: Diagnostic) -> str:
    """`alexnet.yaml:7:5 CC103 warning conv1: message`."""
    layer = f"{diagnostic.layer}: " if diagnostic.layer else ""
    return (
        f"{location_text(diagnostic)} {diagnostic.code} {diagnostic.severity} "
        f"{layer}{diagnostic.message}"
    )


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
