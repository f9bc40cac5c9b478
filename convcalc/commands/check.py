"""`convcalc check` and `convcalc calc`: load, calculate, report, with one body for both (check's
specs come from files, calc's from the command line). Knows nothing of click."""

from __future__ import annotations

import os
import sys
from dataclasses import replace

from convcalc.commands.exitcodes import checked, usage_error
from convcalc.commands.whatif import changed_network, run_with_baseline
from convcalc.core import limits
from convcalc.core.settings import Settings
from convcalc.engine.calculator import calculate_network, failed_report
from convcalc.engine.results import NetworkReport
from convcalc.lint.config import ConfigError, ConfigFinder, run_limits
from convcalc.lint.discover import IgnorePatternLimit
from convcalc.lint.many_files import (
    OnReport,
    Outcome,
    check_command_line,
    check_loaded,
    check_paths,
    for_file,
    run_options,
)
from convcalc.lint.selection import SelectorError
from convcalc.load.files import Loaded, load_arguments
from convcalc.load.overrides import OverrideError
from convcalc.report import REPORTERS, ReportOptions

COMMAND_LINE = "<command line>"  # calc's source, where check names a file


class UsageError(Exception):
    """A bad command line; exit code 2."""


def calculate_loaded(loaded: Loaded, source: str, settings: Settings) -> NetworkReport:
    """One loaded spec, changed by `--set`, calculated; a spec that did not load, reported."""
    network, problems = loaded
    if network is None:
        return failed_report(source, problems)
    return calculate_network(changed_network(network, settings), settings.calculation)


def _outcome(
    settings: Settings, finder: ConfigFinder, on_report: OnReport | None = None
) -> Outcome:
    if settings.command != "calc":
        # Files found under directories, each with its configuration, select/ignore, suppressions.
        return check_paths(settings, finder, calculate_loaded, on_report)
    if settings.input_text is None:
        raise UsageError("`calc` needs --input")
    loaded = load_arguments(settings.input_text, settings.layer_args, settings.layout or "hwc")
    chosen = for_file(settings, finder.for_directory(os.curdir))
    report = check_loaded(loaded, COMMAND_LINE, None, chosen, calculate_loaded)
    if on_report is not None:
        on_report(report)
    return Outcome(reports=[report])


def run_check(settings: Settings) -> int:
    """check or calc, as `settings.command` says; the exit code."""
    # Results may be products of huge (but exactly read) sizes; print them in full.
    if hasattr(sys, "set_int_max_str_digits"):
        sys.set_int_max_str_digits(0)
    try:
        finder = ConfigFinder(settings.config, settings.isolated)
        chosen_limits = run_limits(settings.limits, finder)
    except ConfigError as error:
        return usage_error(error)
    with limits.applied(chosen_limits):
        return _run(settings, finder)


def _run(settings: Settings, finder: ConfigFinder) -> int:
    try:
        check_command_line(settings)
        options = run_options(settings, finder)
        settings = replace(settings, output_format=options.output_format, layout=options.layout)
        reporter = REPORTERS[options.output_format](
            ReportOptions(
                color=settings.color,
                layout=settings.layout,
                depth=settings.depth,
                fail_on=options.fail_on,
            )
        )
        # Each file's output is written as it is checked, keeping only what the summary needs;
        # with --set, every report is kept: the old → new view (table, json) compares each with
        # its network as written, and a bad override stops the run before anything is shown.
        streaming = not (settings.overrides and settings.show_diff)
        if streaming:
            outcome, diffs = _outcome(settings, finder, reporter.add), None
        elif reporter.shows_diffs:
            outcome, diffs = run_with_baseline(settings, lambda given: _outcome(given, finder))
        else:
            outcome, diffs = _outcome(settings, finder), None
    except (UsageError, ConfigError, SelectorError, OverrideError, IgnorePatternLimit) as error:
        return usage_error(error)
    reports, failures = outcome.reports, outcome.failures
    reporter.options = replace(
        reporter.options, skipped=tuple(outcome.skipped), failures=tuple(failures)
    )
    if streaming:
        reporter.finish(reports)
    elif diffs is None:  # no old → new view: the changed networks alone
        reporter.render(reports)
    else:
        reporter.render_diffs(diffs)
    for note in outcome.notes:
        sys.stderr.write(f"convcalc: {note}\n")
    for failure in failures:
        sys.stderr.write(f"convcalc: error: {failure}\n")
    return checked(reports, input_failed=bool(failures), fail_on=options.fail_on)
