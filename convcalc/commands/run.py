"""`run(settings) -> int`: load, analyse, report. Knows nothing of click."""

from __future__ import annotations

import os
import sys
from dataclasses import replace

from convcalc.commands.exitcodes import USAGE_OR_IO, exit_code
from convcalc.commands.whatif import changed_network, render_diffs, run_with_baseline
from convcalc.core import limits
from convcalc.core.settings import Settings
from convcalc.engine.calculator import analyse_network, failed_report
from convcalc.engine.results import NetworkReport
from convcalc.lint import lint, suppress
from convcalc.lint.config import ConfigError, ConfigFinder
from convcalc.lint.discover import IgnorePatternLimit
from convcalc.lint.selection import SelectorError
from convcalc.load.files import Loaded, load_arguments
from convcalc.load.overrides import OverrideError
from convcalc.report import REPORTERS, ReportOptions


class UsageError(Exception):
    """A bad command line; exit code 2."""


def _report(loaded: Loaded, source: str, settings: Settings) -> NetworkReport:
    network, problems = loaded
    if network is None:
        return failed_report(source, problems)
    return analyse_network(changed_network(network, settings), settings.analysis)


def _outcome(
    settings: Settings, finder: ConfigFinder, on_report: lint.OnReport | None = None
) -> lint.Outcome:
    if settings.command == "calc":
        if settings.input_text is None:
            raise UsageError("`calc` needs --input")
        loaded = load_arguments(settings.input_text, settings.layer_args, settings.layout or "hwc")
        calc_settings, selection = lint.for_file(settings, finder.for_directory(os.curdir))
        report = suppress.apply(_report(loaded, "<command line>", calc_settings), selection, None)
        if on_report is not None:
            on_report(report)
        return lint.Outcome(reports=[report])
    # Files found under directories, each with its configuration, select/ignore, suppressions.
    return lint.check_paths(settings, finder, _report, on_report)


def analyse(settings: Settings) -> tuple[list[NetworkReport], list[str]]:
    """Reports for every spec the settings name, and the I/O errors met on the way."""
    outcome = _outcome(settings, ConfigFinder(settings.config, settings.isolated))
    return outcome.reports, outcome.failures


def run(settings: Settings) -> int:
    # Results may be products of huge (but exactly read) sizes; print them in full.
    if hasattr(sys, "set_int_max_str_digits"):
        sys.set_int_max_str_digits(0)
    try:
        finder = ConfigFinder(settings.config, settings.isolated)
        run_limits = run_limits_for(settings.limits, finder)
    except ConfigError as error:
        sys.stderr.write(f"convcalc: error: {error}\n")
        return USAGE_OR_IO
    with limits.applied(run_limits):
        return _run(settings, finder)


def run_limits_for(given: tuple[tuple[str, int], ...], finder: ConfigFinder) -> limits.Limits:
    """The command line's limits over the current directory's configuration's, over the defaults.

    Limits shape the whole run, as `format` does: a file's own configuration does not change them.
    """
    configured = finder.for_directory(os.curdir).limits
    return limits.with_values(limits.DEFAULT, {**dict(configured), **dict(given)})


def _run(settings: Settings, finder: ConfigFinder) -> int:
    try:
        lint.check_command_line(settings)
        options = lint.run_options(settings, finder)
        settings = replace(settings, output_format=options.output_format, layout=options.layout)
        reporter = REPORTERS[options.output_format](
            ReportOptions(
                color=settings.color,
                layout=settings.layout,
                depth=settings.depth,
                fail_on=options.fail_on,
            )
        )
        # A line format writes each file's lines as it is checked and keeps only the counts;
        # with --set, the old → new view needs every report.
        streaming = reporter.streams and not (settings.overrides and settings.show_diff)
        if streaming:
            outcome, diffs = _outcome(settings, finder, reporter.add), None
        else:
            # With --set: also each network as written, for the old → new view.
            outcome, diffs = run_with_baseline(settings, lambda given: _outcome(given, finder))
    except (UsageError, ConfigError, SelectorError, OverrideError, IgnorePatternLimit) as error:
        sys.stderr.write(f"convcalc: error: {error}\n")
        return USAGE_OR_IO
    reports, failures = outcome.reports, outcome.failures
    reporter.options = replace(reporter.options, skipped=tuple(outcome.skipped))
    if streaming:
        reporter.finish(reports)
    elif diffs is None or not render_diffs(diffs, options.output_format, reporter.options):
        reporter.render(reports)
    for note in outcome.notes:
        sys.stderr.write(f"convcalc: {note}\n")
    for failure in failures:
        sys.stderr.write(f"convcalc: error: {failure}\n")
    return exit_code(reports, input_failed=bool(failures), fail_on=options.fail_on)
