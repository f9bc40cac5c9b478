"""`convcalc draw` (a picture: SVG, Mermaid, DOT) and `convcalc report` (one HTML page): one spec
loaded and calculated as `check` does (its configuration, `--set`, suppressions), then drawn.
Knows nothing of click.

Exit codes as for check: 0 drawn, 1 drawn but the spec has errors (they are marked in the
picture and listed on standard error) or it did not load (nothing drawn), 2 usage or I/O.
"""

from __future__ import annotations

import os
import sys

from convcalc.commands.check import calculate_loaded, file_finder
from convcalc.commands.exitcodes import ERRORS_FOUND, checked, usage_error
from convcalc.commands.whatif import run_with_baseline
from convcalc.core import limits
from convcalc.core.diagnostics import Severity
from convcalc.core.printable import printable
from convcalc.core.records import field, frozen
from convcalc.core.settings import CalculationSettings, Settings
from convcalc.engine.results import NetworkReport
from convcalc.lint.config import ConfigError, ConfigFinder, run_limits
from convcalc.lint.many_files import Outcome, check_paths, run_options
from convcalc.lint.selection import SelectorError
from convcalc.lint.targets import IgnorePatternLimit
from convcalc.load.files import STDIN
from convcalc.load.overrides import OverrideError
from convcalc.report import DRAWERS
from convcalc.report.base import diagnostic_line
from convcalc.report.draw import DrawOptions
from convcalc.report.draw.output import STDOUT, write_picture

PAGE = "html"  # `convcalc report`'s one format


@frozen
class DrawSettings:
    spec: str
    output: str = STDOUT
    output_format: str = "svg"  # a DRAWERS name, or PAGE for `convcalc report`
    scale: str = "log"
    direction: str = "right"
    depth: int | None = None
    receptive_field: str | None = None  # --rf LAYER
    layout: str | None = None  # None: the configuration's, else the spec's own
    overrides: tuple[str, ...] = ()
    calculation: CalculationSettings = field(default_factory=CalculationSettings)
    strict: bool | None = None
    limits: tuple[tuple[str, int], ...] = ()


class DrawError(Exception):
    """A command line that cannot be drawn: exit code 2."""


def run_draw(settings: DrawSettings) -> int:
    # Results may be products of huge (but exactly read) sizes; print them in full.
    if hasattr(sys, "set_int_max_str_digits"):
        sys.set_int_max_str_digits(0)
    try:
        finder = ConfigFinder()
        chosen_limits = run_limits(settings.limits, finder)
    except ConfigError as error:
        return usage_error(error)
    with limits.applied(chosen_limits):
        return _draw(settings, finder)


def _same_file(one: str, other: str) -> bool:
    try:
        return os.path.samefile(one, other)
    except OSError:
        return os.path.realpath(one) == os.path.realpath(other)


def _field_layer(report: NetworkReport, name: str) -> None:
    """`--rf LAYER` names a layer with a receptive field, or DrawError says why not."""
    layer = next((found for found in report.layers if found.spec.name == name), None)
    if layer is None:
        raise DrawError(
            f"--rf {printable(name)}: no such layer in {printable(report.source)}; "
            "`convcalc check` lists the layers' names"
        )
    if layer.receptive_field is None:
        reason = (
            layer.receptive_field_absence.text(name)
            if layer.receptive_field_absence
            else "its output is flat (no spatial positions)"
            if layer.output_shape is not None and layer.output_shape.is_flat
            else "it was not computed"
        )
        raise DrawError(f"--rf {printable(name)}: the layer has no receptive field: {reason}")


def _draw(settings: DrawSettings, finder: ConfigFinder) -> int:
    check = Settings(
        command="check",
        paths=(settings.spec,),
        overrides=settings.overrides,
        calculation=settings.calculation,
        strict=settings.strict,
        layout=settings.layout,
    )
    diffs = None
    try:
        same = settings.output != STDOUT and settings.spec != STDIN
        if same and _same_file(settings.output, settings.spec):
            raise DrawError(
                f"-o {printable(settings.output)} is the spec; convcalc does not overwrite "
                "its inputs"
            )

        def outcome_of(given: Settings) -> Outcome:
            return check_paths(given, finder, calculate_loaded, find=file_finder(given))

        if settings.overrides and settings.output_format == PAGE:
            outcome, diffs = run_with_baseline(check, outcome_of)
        else:
            outcome = outcome_of(check)
        if outcome.failures:
            raise DrawError(outcome.failures[0])
        if not outcome.reports:
            raise DrawError(f"{printable(settings.spec)}: nothing to draw")
        report = outcome.reports[0]
        layout = run_options(check, finder).layout
        if report.network is not None:
            layout = layout or report.network.layout
            if settings.receptive_field is not None:
                _field_layer(report, settings.receptive_field)
    except (DrawError, OverrideError, ConfigError, SelectorError, IgnorePatternLimit) as error:
        return usage_error(error)
    if report.network is None:
        for diagnostic in report.diagnostics:
            sys.stderr.write(diagnostic_line(diagnostic) + "\n")
        sys.stderr.write(
            f"convcalc: error: {printable(report.source)} did not load; nothing drawn\n"
        )
        return ERRORS_FOUND
    options = DrawOptions(
        layout=layout or "hwc",
        depth=settings.depth,
        scale=settings.scale,
        direction=settings.direction,
        receptive_field=settings.receptive_field,
    )
    if settings.output_format == PAGE:
        from convcalc.report.draw.html import html_page  # only for `report`: start-up of draw

        text = html_page(report, diffs[0] if diffs else None, options)
    else:
        text = DRAWERS[settings.output_format](options).render(report)
    try:
        write_picture(text, settings.output)
    except OSError as error:
        return usage_error(f"cannot write {printable(settings.output)}: {error.strerror or error}")
    for diagnostic in report.diagnostics:
        if diagnostic.severity == Severity.ERROR:
            sys.stderr.write(diagnostic_line(diagnostic) + "\n")
    return checked([report], input_failed=False)
