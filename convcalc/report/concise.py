"""`--format concise`: one line per diagnostic, `path:line:col: CODE severity message`, as ruff's
concise output; then the summary line. The default when standard output is not a terminal."""

from __future__ import annotations

from collections.abc import Sequence

import click

from convcalc.analyse.results import NetworkReport
from convcalc.diagnostics import Diagnostic
from convcalc.report.base import Reporter, summary_text


def concise_line(diagnostic: Diagnostic) -> str:
    """`specs/a.yaml:7:5: CC103 warning conv1: message` (`path:` alone without a line)."""
    location = diagnostic.location
    where = str(location) if location is not None else "<unknown>"
    layer = f"{diagnostic.layer}: " if diagnostic.layer else ""
    message = " ".join(diagnostic.message.split())  # one line, whatever the message holds
    return f"{where}: {diagnostic.code} {diagnostic.severity} {layer}{message}"


class ConciseReporter(Reporter):
    def render(self, reports: Sequence[NetworkReport]) -> None:
        for report in reports:
            for diagnostic in report.diagnostics:
                click.echo(concise_line(diagnostic))
        click.echo(summary_text(reports, self.options))
