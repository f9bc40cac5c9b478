"""`convcalc solve`: the solver's answers for one dimension, shown. Knows nothing of click."""

from __future__ import annotations

import sys

from convcalc.commands.exitcodes import OK, solved, usage_error
from convcalc.core.records import frozen
from convcalc.geometry.solve import Query, same_padding, solve
from convcalc.lint.config import ConfigError, ConfigFinder, run_limits
from convcalc.report import SOLVE_REPORTERS, ReportOptions


@frozen
class SolveSettings:
    query: Query
    same: bool = False  # the `same` helper instead of the search (kernel, stride, dilation known)
    limit: int | None = 10  # None: every setting found
    output_format: str = "table"
    color: str = "auto"
    limits: tuple[tuple[str, int], ...] = ()  # given on the command line, by Limits attribute


def run_solve(settings: SolveSettings) -> int:
    """0 when some setting works (always for --same), 1 when none does within the bounds."""
    # Results may be products of huge (but exactly read) sizes; print them in full.
    if hasattr(sys, "set_int_max_str_digits"):
        sys.set_int_max_str_digits(0)
    query = settings.query
    reporter = SOLVE_REPORTERS[settings.output_format](ReportOptions(color=settings.color))
    if settings.same:
        assert query.kernel is not None
        found = same_padding(query.input, query.kernel, query.stride or 1, query.dilation or 1)
        reporter.same_padding(found)
        return OK
    try:
        most = run_limits(settings.limits, ConfigFinder()).solve_settings
    except ConfigError as error:
        return usage_error(error)
    solutions = solve(query, settings.limit, most)
    reporter.solutions(solutions)
    return solved(bool(solutions.settings))
