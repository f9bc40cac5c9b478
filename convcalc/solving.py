"""`convcalc solve`: the solver's answers for one dimension, shown. Knows nothing of click."""

from __future__ import annotations

import sys
from dataclasses import dataclass

from convcalc.analyse.solve import Query, same_padding, solve
from convcalc.exitcodes import ERRORS_FOUND, OK

FORMATS = ("table", "json")


@dataclass(frozen=True)
class SolveSettings:
    query: Query
    same: bool = False  # the `same` helper instead of the search (kernel, stride, dilation known)
    limit: int | None = 10  # None: every setting found
    output_format: str = "table"
    color: str = "auto"


def run_solve(settings: SolveSettings) -> int:
    """0 when some setting works (always for --same), 1 when none does within the bounds."""
    from convcalc.report.solve_format import render_same, render_solutions

    if hasattr(sys, "set_int_max_str_digits"):
        sys.set_int_max_str_digits(0)
    query = settings.query
    if settings.same:
        assert query.kernel is not None
        found = same_padding(query.input, query.kernel, query.stride or 1, query.dilation or 1)
        render_same(found, settings.output_format, settings.color)
        return OK
    solutions = solve(query, settings.limit)
    render_solutions(solutions, settings.output_format, settings.color)
    return OK if solutions.settings else ERRORS_FOUND
