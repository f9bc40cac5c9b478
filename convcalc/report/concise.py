"""`--format concise`: one line per diagnostic, `path:line:col: CODE severity message; hint: …`,
as ruff's concise output (with the hint where there is one); then the summary line. The default
when standard output is not a terminal."""

from __future__ import annotations

from collections.abc import Sequence

import click

from convcalc.core.diagnostics import Diagnostic
from convcalc.core.printable import printable
from convcalc.engine.results import NetworkReport
from convcalc.report.base import Reporter, summary_text


def concise_line(diagnostic: Diagnostic) -> str:
    """`specs/a.yaml:7:5: CC103 warning conv1: message` (`path:` alone without a line)."""
    location = diagnostic.location
    # Names, paths and values escaped: a newline in a layer name must not start a line that CI
    # would read as its own (a GitHub workflow command).
    where = printable(str(location), None) if location is not None else "<unknown>"
    layer = f"{printable(diagnostic.layer)}: " if diagnostic.layer else ""
    message = printable(" ".join(diagnostic.message.split()), None)  # one line, as written
    return f"{where}: {diagnostic.code} {diagnostic.severity} {layer}{message}"


def hint_end(diagnostic: Diagnostic) -> str:
    """`; hint: …` to end the diagnostic's line, or nothing. On the same line: editors and CI
    problem matchers read one line per diagnostic (`path:line:col: …`), and a line of its own
    would reach them as a stray entry."""
    if not diagnostic.hint:
        return ""
    return f"; hint: {printable(' '.join(diagnostic.hint.split()), None)}"


class ConciseReporter(Reporter):
    def add(self, report: NetworkReport) -> None:
        for diagnostic in report.diagnostics:
            click.echo(concise_line(diagnostic) + hint_end(diagnostic))

    def finish(self, reports: Sequence[NetworkReport]) -> None:
        if not self.options.quiet:
            click.echo(summary_text(reports, self.options))
