"""`convcalc check` and `convcalc calc`: load, calculate, report, with one body for both (check's
specs come from files, calc's from the command line). Knows nothing of click."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable

from convcalc.commands.exitcodes import checked, usage_error
from convcalc.commands.whatif import changed_network, run_with_baseline
from convcalc.core import limits
from convcalc.core.printable import printable
from convcalc.core.records import replace
from convcalc.core.settings import Settings
from convcalc.engine.calculator import calculate_network, failed_report
from convcalc.engine.results import NetworkReport
from convcalc.lint.config import ConfigError, ConfigFinder, run_limits
from convcalc.lint.many_files import (
    OnReport,
    Outcome,
    RunOptions,
    check_command_line,
    check_loaded,
    check_paths,
    default_format,
    for_file,
    run_options,
)
from convcalc.lint.selection import SelectorError
from convcalc.lint.targets import FindFiles, IgnorePatternLimit, explicit_files, walks
from convcalc.load.files import STDIN, Loaded, load_arguments
from convcalc.load.overrides import OverrideError
from convcalc.report import REPORTERS, ReportOptions
from convcalc.report.outputs import Outputs
from convcalc.report.statistics import StatisticsReporter

COMMAND_LINE = "<command line>"  # calc's source, where check names a file


class UsageError(Exception):
    """A bad command line; exit code 2."""


def calculate_loaded(loaded: Loaded, source: str, settings: Settings) -> NetworkReport:
    """One loaded spec, changed by `--set`, calculated; a spec that did not load, reported."""
    network, problems = loaded
    if network is None:
        return failed_report(source, problems)
    report = calculate_network(changed_network(network, settings), settings.calculation)
    if problems:  # an importer's: what it passed over, while the rest was still read
        report = replace(report, diagnostics=(*problems, *report.diagnostics))
    return report


def file_finder(settings: Settings) -> FindFiles:
    """How this run finds its files: a walk only when there is a directory to walk or
    `--force-exclude` to apply, else the files named, as they are."""
    if walks(settings.paths, settings.force_exclude):
        # Start-up: pathspec and subprocess (git) are loaded only for a walk.
        from convcalc.lint.discover import find_files

        return find_files
    return explicit_files


def _outcome(
    settings: Settings, finder: ConfigFinder, on_report: OnReport | None = None
) -> Outcome:
    if settings.command != "calc":
        # Files found under directories, each with its configuration, select/ignore, suppressions.
        return check_paths(
            settings, finder, calculate_loaded, on_report, find=file_finder(settings)
        )
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


def _same_file(one: str, other: str) -> bool:
    try:
        return os.path.samefile(one, other)
    except OSError:
        return os.path.realpath(one) == os.path.realpath(other)


def _refuse_input_as_output(settings: Settings, sources: Iterable[str]) -> None:
    """`--output-file` never overwrites what the run reads: a spec, the configuration, or the
    file standard input stands for."""
    path = settings.output_file
    if path is None:
        return
    named = [
        source
        for source in (*settings.paths, settings.config, settings.stdin_filename)
        if source is not None and source != STDIN
    ]
    for source in (*named, *sources):
        if _same_file(path, source):
            raise UsageError(
                f"--output-file {printable(path)} is an input of this run; "
                "convcalc does not overwrite its inputs"
            )


def _outputs(settings: Settings, options: RunOptions) -> Outputs:
    """The report in the chosen format, on standard output or, with `--output-file`, in that
    file while standard output shows `--stdout-format` (default: table at a terminal, concise
    otherwise). `--statistics` takes standard output's place; an output file is written all the
    same."""
    report_options = ReportOptions(
        color=settings.color,
        layout=settings.layout,
        depth=settings.depth,
        fail_on=options.fail_on,
        quiet=settings.quiet,
        columns=settings.columns,
        wide=settings.wide,
    )
    outputs = Outputs()
    if settings.output_file is None and settings.stdout_format is not None:
        raise UsageError("--stdout-format goes with --output-file")
    if settings.statistics and settings.stdout_format is not None:
        raise UsageError("--statistics is what standard output shows: no --stdout-format")
    if settings.statistics:
        outputs.open(StatisticsReporter, report_options)
    elif settings.output_file is None:
        outputs.open(REPORTERS[options.output_format], report_options)
    else:
        stdout_format = settings.stdout_format or default_format(settings.command)
        outputs.open(REPORTERS[stdout_format], report_options)
    if settings.output_file is None:
        return outputs
    # Here, not at the top: start-up (tempfile) of the runs that write no file.
    from convcalc.report.output_file import OutputFile

    try:
        outputs.open(
            REPORTERS[options.output_format],
            replace(report_options, color="never"),  # a file holds no escape codes
            OutputFile(settings.output_file),
        )
    except OSError as error:
        raise UsageError(
            f"cannot write {printable(settings.output_file)}: {error.strerror or error}"
        ) from None
    return outputs


def _run(settings: Settings, finder: ConfigFinder) -> int:
    outputs: Outputs | None = None
    try:
        try:
            check_command_line(settings)
            _refuse_input_as_output(settings, ())
            options = run_options(settings, finder)
            settings = replace(settings, output_format=options.output_format, layout=options.layout)
            outputs = _outputs(settings, options)
            # Each file's output is written as it is checked, keeping only what the summary needs;
            # with --set, every report is kept: the old → new view (table, json) compares each with
            # its network as written, and a bad override stops the run before anything is shown.
            streaming = not (settings.overrides and settings.show_diff)
            if streaming:
                outcome, diffs = _outcome(settings, finder, outputs.add), None
            elif outputs.shows_diffs:
                outcome, diffs = run_with_baseline(settings, lambda given: _outcome(given, finder))
            else:
                outcome, diffs = _outcome(settings, finder), None
            reports, failures = outcome.reports, outcome.failures
            _refuse_input_as_output(
                settings, (*(report.source for report in reports), *outcome.skipped)
            )
        except (UsageError, ConfigError, SelectorError, OverrideError, IgnorePatternLimit) as error:
            return usage_error(error)
        outputs.update(skipped=tuple(outcome.skipped), failures=tuple(failures))
        if streaming:
            outputs.finish(reports)
        elif diffs is None:  # no old → new view: the changed networks alone
            outputs.render(reports)
        else:
            outputs.render_diffs(diffs)
        try:
            outputs.commit()
        except OSError as error:
            return usage_error(f"cannot write {printable(settings.output_file or '')}: {error}")
        for note in () if settings.quiet else outcome.notes:
            sys.stderr.write(f"convcalc: {note}\n")
        for failure in failures:
            sys.stderr.write(f"convcalc: error: {failure}\n")
        return checked(
            reports,
            input_failed=bool(failures),
            fail_on=options.fail_on,
            exit_zero=settings.exit_zero,
        )
    finally:
        if outputs is not None:  # a file not committed (usage error, interruption): removed
            outputs.discard()
