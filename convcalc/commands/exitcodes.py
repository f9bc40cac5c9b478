"""The exit-code policy, in one place."""

from __future__ import annotations

from collections.abc import Iterable

from convcalc.core.diagnostics import Severity
from convcalc.engine.results import NetworkReport

OK = 0  # no errors (warnings and info allowed)
ERRORS_FOUND = 1  # at least one error (or, with --fail-on, warning or info) in a checked spec
USAGE_OR_IO = 2  # bad command line, unreadable file


def exit_code(
    reports: Iterable[NetworkReport], input_failed: bool, fail_on: Severity = Severity.ERROR
) -> int:
    """`fail_on` (`--fail-on`): the least severe diagnostic that makes the exit code 1."""
    if input_failed:
        return USAGE_OR_IO
    worst = max((report.worst or 0 for report in reports), default=0)
    return ERRORS_FOUND if worst >= fail_on else OK
