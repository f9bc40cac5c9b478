"""Reporters by format name; the dict also feeds `--format`'s choices."""

from __future__ import annotations

from convcalc.report.base import Reporter, ReportOptions
from convcalc.report.json_format import JsonReporter
from convcalc.report.table import TableReporter

REPORTERS: dict[str, type[Reporter]] = {
    "table": TableReporter,
    "json": JsonReporter,
}

__all__ = ["REPORTERS", "ReportOptions", "Reporter"]
