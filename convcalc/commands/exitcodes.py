"""The exit-code policy, in one place: every command returns one of these three."""

from __future__ import annotations

import sys
from collections.abc import Iterable

from convcalc.core.diagnostics import Severity
from convcalc.engine.results import NetworkReport

OK = 0  # no errors (warnings and info allowed); solve: some setting works
ERRORS_FOUND = 1  # an error (or, with --fail-on, a warning or info) in a checked spec; a sweep's
#                   spec that does not load; solve: no setting works within the search bounds
USAGE_OR_IO = 2  # bad command line or configuration, unreadable file


def checked(
    reports: Iterable[NetworkReport],
    input_failed: bool,
    fail_on: Severity = Severity.ERROR,
    exit_zero: bool = False,
) -> int:
    """check and calc. `fail_on` (`--fail-on`): the least severe diagnostic that makes it 1;
    `exit_zero` (`--exit-zero`): never 1, but still 2 for a usage or I/O problem."""
    if input_failed:
        return USAGE_OR_IO
    worst = max((report.worst or 0 for report in reports), default=0)
    return ERRORS_FOUND if worst >= fail_on and not exit_zero else OK


def solved(found_any: bool) -> int:
    return OK if found_any else ERRORS_FOUND


def usage_error(error: object) -> int:
    """Says what is wrong with the command line, a configuration or a file, on standard error."""
    sys.stderr.write(f"convcalc: error: {error}\n")
    return USAGE_OR_IO
