"""`run(settings) -> int`: load, analyse, report. Knows nothing of click."""

from __future__ import annotations

import sys

from convcalc.analyse.calculator import analyse_network, failed_report
from convcalc.analyse.results import NetworkReport
from convcalc.exitcodes import USAGE_OR_IO, exit_code
from convcalc.load.files import InputError, Loaded, load_arguments, load_path
from convcalc.report import REPORTERS, ReportOptions
from convcalc.settings import Settings


class UsageError(Exception):
    """A bad command line; exit code 2."""


def _report(loaded: Loaded, source: str, settings: Settings) -> NetworkReport:
    network, problems = loaded
    if network is None:
        return failed_report(source, problems)
    return analyse_network(network, settings.analysis)


def analyse(settings: Settings) -> tuple[list[NetworkReport], list[str]]:
    """Reports for every spec the settings name, and the I/O errors met on the way."""
    reports: list[NetworkReport] = []
    failures: list[str] = []
    if settings.command == "calc":
        if settings.input_text is None:
            raise UsageError("`calc` needs --input")
        loaded = load_arguments(settings.input_text, settings.layer_args, settings.layout or "hwc")
        reports.append(_report(loaded, "<command line>", settings))
        return reports, failures
    for path in settings.paths:
        try:
            loaded = load_path(path)
        except InputError as error:
            failures.append(str(error))
            continue
        reports.append(_report(loaded, "<stdin>" if path == "-" else path, settings))
    return reports, failures


def run(settings: Settings) -> int:
    # Results may be products of huge (but exactly read) sizes; print them in full.
    if hasattr(sys, "set_int_max_str_digits"):
        sys.set_int_max_str_digits(0)
    try:
        reports, failures = analyse(settings)
    except UsageError as error:
        sys.stderr.write(f"convcalc: error: {error}\n")
        return USAGE_OR_IO
    reporter = REPORTERS[settings.output_format](
        ReportOptions(color=settings.color, layout=settings.layout, depth=settings.depth)
    )
    reporter.render(reports)
    for failure in failures:
        sys.stderr.write(f"convcalc: error: {failure}\n")
    return exit_code(reports, input_failed=bool(failures))
