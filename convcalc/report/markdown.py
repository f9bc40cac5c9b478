"""`--format markdown`: the diagnostics as a GitHub-flavoured Markdown table, to paste into a pull
request, then the summary line."""

from __future__ import annotations

from collections.abc import Sequence

import click

from convcalc.core.diagnostics import Diagnostic
from convcalc.core.printable import printable
from convcalc.engine.results import NetworkReport
from convcalc.report.base import Reporter, summary_text


def cell(text: str) -> str:
    """Text safe inside a table cell: one line, controls escaped, pipes escaped."""
    return " ".join(printable(text, None).split()).replace("|", "\\|")


def _row(diagnostic: Diagnostic) -> str:
    location = diagnostic.location
    file = location.source if location else ""
    if location is not None and location.line is not None:
        where = f"{location.line}:{location.column}"
    elif location is not None and location.argument is not None:
        where = str(location)
    else:
        where = ""
    message = diagnostic.message + (f" (hint: {diagnostic.hint})" if diagnostic.hint else "")
    cells = [
        f"`{cell(file)}`" if file else "",
        where,
        f"{diagnostic.code} {diagnostic.name}",
        str(diagnostic.severity),
        cell(diagnostic.layer or ""),
        cell(message),
    ]
    return "| " + " | ".join(cells) + " |"


class MarkdownReporter(Reporter):
    _table_started = False

    def add(self, report: NetworkReport) -> None:
        if report.diagnostics and not self._table_started:
            click.echo("| file | line | code | severity | layer | message |")
            click.echo("|---|---|---|---|---|---|")
            self._table_started = True
        for diagnostic in report.diagnostics:
            click.echo(_row(diagnostic))

    def finish(self, reports: Sequence[NetworkReport]) -> None:
        if self.options.quiet:
            return
        if self._table_started:
            click.echo()
        click.echo(f"**convcalc**: {summary_text(reports, self.options)}")
