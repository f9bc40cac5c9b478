"""Checking many files as a linter does: files found under directories, non-spec YAML skipped,
each file with its own configuration, `--select`/`--ignore` and suppression comments applied."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable

from convcalc.core import limits
from convcalc.core.diagnostics import Diagnostic, Severity
from convcalc.core.printable import printable
from convcalc.core.records import field, frozen, mutable, replace
from convcalc.core.settings import Settings
from convcalc.engine.results import NetworkReport
from convcalc.lint import suppress
from convcalc.lint.config import Config, ConfigFinder
from convcalc.lint.selection import Selection, check_selectors
from convcalc.lint.targets import FindFiles, excluded, judge
from convcalc.load.files import STDIN, InputError, Loaded, decode, load_text, read_bytes
from convcalc.report.base import summary_only

# Analyses one loaded spec; run() passes its own, so a spec is calculated the same way everywhere.
Calculate = Callable[[Loaded, str, Settings], NetworkReport]
# Takes each report as it is made (a streaming reporter).
OnReport = Callable[[NetworkReport], None]


@frozen
class RunOptions:
    """What shapes the whole run, from the command line or else the current directory's config."""

    output_format: str
    fail_on: Severity
    layout: str | None


@mutable
class Outcome:
    reports: list[NetworkReport] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)  # I/O problems: exit code 2
    skipped: list[str] = field(default_factory=list)  # YAML found in directories, not specs
    notes: list[str] = field(default_factory=list)  # files a directory walk passed over, and why


def default_format(command: str) -> str:
    """A table for people at a terminal; `check` piped or in CI prints one line per problem."""
    if command == "check" and not sys.stdout.isatty():
        return "concise"
    return "table"


def run_options(settings: Settings, finder: ConfigFinder) -> RunOptions:
    config = finder.for_directory(os.curdir)
    fail_on = settings.fail_on or config.fail_on or "error"
    return RunOptions(
        output_format=settings.output_format
        or config.output_format
        or default_format(settings.command),
        fail_on=Severity[fail_on.upper()],
        layout=settings.layout or config.layout,
    )


def check_command_line(settings: Settings) -> None:
    """Raises SelectorError for a `--select`/`--ignore` value that matches no rule."""
    check_selectors([*(settings.select or ()), *(settings.ignore or ())])


def for_file(
    settings: Settings, config: Config, path: str | None = None
) -> tuple[Settings, Selection]:
    """The settings and selection for one file (None: not a file): command line first, then its
    configuration; its `per-file-ignores` are ignored on top of either."""
    strict = settings.strict if settings.strict is not None else config.strict
    if strict is not None:
        settings = replace(settings, calculation=replace(settings.calculation, strict=strict))
    selection = Selection(
        select=settings.select if settings.select is not None else config.select,
        ignore=(
            *((settings.ignore if settings.ignore is not None else config.ignore) or ()),
            *(
                code
                for glob, codes in config.per_file_ignores
                if path is not None and excluded(path, (glob,))
                for code in codes
            ),
        ),
    )
    return settings, selection


def check_loaded(
    loaded: Loaded,
    source: str,
    text: str | None,
    chosen: tuple[Settings, Selection],
    calculate: Calculate,
) -> NetworkReport:
    """One spec calculated with its file's settings, then filtered by its selection and by the
    suppression comments in its text (None: no text, as for calc's command line)."""
    file_settings, selection = chosen
    report = suppress.apply(calculate(loaded, source, file_settings), selection, text)
    if text is None or not report.diagnostics:
        return report
    return replace(report, source_lines=_lines_shown(report, text))


# The line breaks PyYAML counts lines by, so a diagnostic's line number finds its line.
_LINE_BREAK = re.compile("\r\n|[\n\r\x85\u2028\u2029]")


def _lines_shown(report: NetworkReport, text: str) -> tuple[tuple[int, str], ...]:
    """The text of each line of this file a diagnostic points at."""
    wanted = {
        d.location.line
        for d in report.diagnostics
        if d.location is not None and d.location.source == report.source and d.location.line
    }
    if not wanted:
        return ()
    lines = _LINE_BREAK.split(text, maxsplit=max(wanted))
    return tuple((number, lines[number - 1]) for number in sorted(wanted) if number <= len(lines))


def check_paths(
    settings: Settings,
    finder: ConfigFinder,
    calculate: Calculate,
    on_report: OnReport | None = None,
    *,
    find: FindFiles,
) -> Outcome:
    """Every file the paths name or hold (as `find` finds them: targets.explicit_files or
    discover.find_files), loaded, calculated and filtered. With `on_report`, each report goes
    there as it is made and the outcome keeps only what the summary needs."""
    found = find(
        settings.paths,
        excludes_for=lambda directory: (
            *settings.exclude,
            *finder.for_directory(directory).exclude,
        ),
        force_exclude=settings.force_exclude,
        max_ignore_patterns=limits.current().ignore_patterns,
    )
    outcome = Outcome(failures=list(found.errors), notes=list(found.notes))
    for target in found.targets:
        path = target.path
        try:
            data = read_bytes(path)
        except InputError as error:
            if not target.explicit and not os.path.lexists(path):
                outcome.notes.append(f"skipped {printable(path)}: removed before it was read")
            else:
                outcome.failures.append(str(error))
            continue
        named = target.explicit and not settings.skip_non_specs
        judged = None if path == STDIN or named else judge(data, path)
        if judged is not None and judged.non_spec:
            outcome.skipped.append(path)
            continue
        source = path
        if path == STDIN:
            source = settings.stdin_filename or "<stdin>"
        config = finder.for_directory(os.curdir) if source == "<stdin>" else finder.for_file(source)
        decoded = decode(data, source)
        text: str | None = None
        if isinstance(decoded, Diagnostic):
            loaded: Loaded = (None, [decoded])
        else:
            text = decoded
            loaded = load_text(
                decoded,
                source,
                settings.from_format,
                settings.scale,
                already=None if judged is None else judged.parsed,
            )
        judged = None  # its YAML tree is loaded: not kept through the calculation
        report = check_loaded(
            loaded,
            source,
            text,
            for_file(settings, config, None if source == "<stdin>" else source),
            calculate,
        )
        if on_report is None:
            outcome.reports.append(report)
        else:
            on_report(report)
            outcome.reports.append(summary_only(report))
    return outcome
