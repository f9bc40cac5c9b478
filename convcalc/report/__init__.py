"""Reporters by format name; the dict also feeds `--format`'s choices."""

from __future__ import annotations

from convcalc.report.base import Reporter, ReportOptions
from convcalc.report.concise import ConciseReporter
from convcalc.report.github import GithubReporter
from convcalc.report.json_format import JsonReporter
from convcalc.report.junit import JunitReporter
from convcalc.report.markdown import MarkdownReporter
from convcalc.report.sarif import SarifReporter
from convcalc.report.table import TableReporter

REPORTERS: dict[str, type[Reporter]] = {
    "table": TableReporter,
    "json": JsonReporter,
    "concise": ConciseReporter,
    "github": GithubReporter,
    "sarif": SarifReporter,
    "junit": JunitReporter,
    "markdown": MarkdownReporter,
}

__all__ = ["REPORTERS", "ReportOptions", "Reporter"]
