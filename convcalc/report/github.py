"""`--format github`: GitHub Actions workflow commands, one annotation per diagnostic:
`::error file=…,line=…,col=…,title=CODE::message` (`warning` and `notice` for the others).

Escaping follows GitHub's actions toolkit: in the message `%`, CR and LF become `%25`, `%0D`,
`%0A`; in a property value `:` and `,` become `%3A` and `%2C` as well. The summary line goes to
standard error, so standard output holds nothing but commands.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

import click

from convcalc.core.diagnostics import Diagnostic, Severity
from convcalc.core.printable import printable
from convcalc.engine.results import NetworkReport
from convcalc.report.base import Reporter, summary_text

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
# Names convcalc uses for what is not a file: no `file=` for them.
_NOT_FILES = ("<stdin>", "<command line>")


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _file(path: str) -> str:
    """Relative to the current directory (the checkout) when inside it: GitHub wants that."""
    if os.path.isabs(path):
        relative = os.path.relpath(path)
        if not relative.startswith(os.pardir):
            return relative.replace(os.sep, "/")
    return path.replace(os.sep, "/")


def annotation(diagnostic: Diagnostic) -> str:
    properties: list[tuple[str, str]] = []
    location = diagnostic.location
    if location is not None and location.source not in _NOT_FILES:
        properties.append(("file", printable(_file(location.source), None)))
        if location.line is not None:
            properties.append(("line", str(location.line)))
            if location.column is not None:
                properties.append(("col", str(location.column)))
    properties.append(("title", diagnostic.code))
    # User text escaped first: only the hint's own line break is a newline (`%0A`) here.
    layer = f"{printable(diagnostic.layer)}: " if diagnostic.layer else ""
    message = f"{layer}{printable(diagnostic.message, None)} ({diagnostic.name})"
    if diagnostic.hint:
        message += f"\nhint: {printable(diagnostic.hint, None)}"
    joined = ",".join(f"{key}={escape_property(value)}" for key, value in properties)
    return f"::{COMMANDS[diagnostic.severity]} {joined}::{escape_data(message)}"


class GithubReporter(Reporter):
    def add(self, report: NetworkReport) -> None:
        for diagnostic in report.diagnostics:
            click.echo(annotation(diagnostic))

    def finish(self, reports: Sequence[NetworkReport]) -> None:
        if not self.options.quiet:
            sys.stderr.write(f"convcalc: {summary_text(reports, self.options)}\n")
