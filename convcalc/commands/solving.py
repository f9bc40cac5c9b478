"""`convcalc solve`: the solver's answers for one dimension, shown. Knows nothing of click."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass

from convcalc.commands.exitcodes import ERRORS_FOUND, OK, USAGE_OR_IO
from convcalc.core import limits
from convcalc.geometry.solve import Query, same_padding, solve
from convcalc.lint.config import ConfigError, ConfigFinder

FORMATS = ("table", "json")


@dataclass(frozen=True)
class SolveSettings:
    query: Query
    same: bool = False  # the `same` helper instead of the search (kernel, stride, dilation known)
    limit: int | None = 10  # None: every setting found
    output_format: str = "table"
    color: str = "auto"
    limits: tuple[tuple[str, int], ...] = ()  # given on the command line, by Limits attribute


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
    try:
        configured = dict(ConfigFinder().for_directory(os.curdir).limits)
    except ConfigError as error:
        sys.stderr.write(f"convcalc: error: {error}\n")
        return USAGE_OR_IO
    most = {**configured, **dict(settings.limits)}.get(
        "solve_settings", limits.DEFAULT.solve_settings
    )
    solutions = solve(query, settings.limit, most)
    render_solutions(solutions, settings.output_format, settings.color)
    return OK if solutions.settings else ERRORS_FOUND
