"""`convcalc sweep`: one spec evaluated over a grid of overrides. Knows nothing of click.

Each `--vary PATH=VALUES` is an override path (as for `--set`) with a list of values: `1,2,3`,
`a:b` (every whole number from a to b), `a:b:+k` (steps of k), `a:b:xk` (times k each step), or
a mix (`1,2,4:8`). The grid is every combination, the first `--vary` changing slowest, at most
`max-combinations` of them (docs/integrations.md, "Limits"). Each combination is calculated as
`check` would, with the spec's configuration (`--strict`, select, ignore) and its suppression
comments; a suppression that a combination leaves unused is not reported (it is the combination,
not the spec, that changed).
"""

from __future__ import annotations

import itertools
import os
import re
import sys
from collections.abc import Callable, Iterator, Sequence

from convcalc.commands.exitcodes import ERRORS_FOUND, OK, usage_error
from convcalc.core import limits
from convcalc.core.diagnostics import Diagnostic
from convcalc.core.printable import printable
from convcalc.core.records import field, frozen, replace
from convcalc.core.settings import CalculationSettings, Settings
from convcalc.core.specs import NetworkSpec
from convcalc.engine.calculator import NetworkCalculation, recalculate_network
from convcalc.engine.results import NetworkReport
from convcalc.engine.sweep import Axis, Sweep, SweepRow
from convcalc.lint import suppress
from convcalc.lint.config import ConfigError, ConfigFinder, run_limits
from convcalc.lint.many_files import for_file
from convcalc.lint.selection import SelectorError
from convcalc.load.files import STDIN, InputError, decode, load_text, read_bytes
from convcalc.load.flags import _split_top_level as split_items  # brackets stay whole: [1, 2]
from convcalc.load.overrides import Override, OverrideError, apply_overrides, parse_override
from convcalc.report import SWEEP_REPORTERS, ReportOptions
from convcalc.report.base import diagnostic_line
from convcalc.report.sweep_format import Progress
from convcalc.rules.table import UNUSED_SUPPRESSION

MAX_COMBINATIONS = limits.DEFAULT.combinations  # the default; a run's own is limits.current()
_RANGE = re.compile(r"^\s*(\d+)\s*:\s*(\d+)\s*(?::\s*([+x×*]?)\s*(\d+)\s*)?$", re.ASCII)


class SweepError(Exception):
    """A `--vary` that cannot be used, or a grid too large: a usage error (exit code 2)."""


@frozen
class SweepSettings:
    spec: str
    vary: tuple[str, ...]
    overrides: tuple[str, ...] = ()  # --set, applied to every combination first
    from_format: str | None = None  # --from: the spec's format (None: recognised)
    scale: str | None = None  # --scale: the model scale (Ultralytics); None: the file's default
    output_format: str = "table"
    calculation: CalculationSettings = field(default_factory=CalculationSettings)
    strict: bool | None = None  # --strict/--no-strict over the configuration
    layout: str | None = None
    color: str = "auto"
    progress: bool | None = None  # None: a bar on a terminal once the sweep takes a moment
    limits: tuple[tuple[str, int], ...] = ()  # given on the command line, by Limits attribute


def _range(start: int, stop: int, how: str, step: int, written: str) -> list[int]:
    """The range's values; one more than the grid limit when there are too many."""
    most = limits.current().combinations
    if stop < start:
        raise SweepError(
            f"--vary {printable(written)}: the range ends ({stop}) before it starts ({start})"
        )
    if how in ("x", "×", "*"):
        if step < 2 or start < 1:
            raise SweepError(
                f"--vary {printable(written)}: a geometric range needs a start ≥ 1 and ×2 or more"
            )
        values: list[int] = []
        value = start
        while value <= stop and len(values) <= most:
            values.append(value)
            value *= step
        return values
    if step < 1:
        raise SweepError(f"--vary {printable(written)}: the step must be at least 1")
    if (stop - start) // step + 1 > most:
        return list(range(start, start + (most + 1) * step, step))  # too many anyway
    return list(range(start, stop + 1, step))


def expand_values(text: str, written: str | None = None) -> list[str]:
    """`1,2,4:16:x2` -> ["1", "2", "4", "8", "16"]: each value as an override would read it."""
    written = written or text
    values: list[str] = []
    for item in split_items(text):
        match = _RANGE.match(item)
        if match is None:
            if not item.strip():
                raise SweepError(f"--vary {printable(written)}: an empty value")
            values.append(item.strip())
            continue
        start, stop, how, step = match.groups()
        digits = limits.current().digits
        if any(len(number) > digits for number in (start, stop, step or "")):
            raise SweepError(
                f"--vary {printable(written)}: a number with more than {digits:,} digits; "
                + limits.how_to_raise("digits")
            )
        numbers = _range(int(start), int(stop), how or "+", int(step or 1), written)
        values.extend(str(number) for number in numbers)
    return values


def parse_axes(network: NetworkSpec, vary: Sequence[str]) -> tuple[Axis, ...]:
    """Every `--vary` checked against the network; SweepError or OverrideError when unusable.

    The grid's size is known, and refused past the limit, before any value is read.
    """
    most = limits.current().combinations
    written: list[tuple[str, str, list[str]]] = []
    size = 1
    for text in vary:
        path, equals, values_text = text.partition("=")
        if not equals or not path.strip() or not values_text.strip():
            raise SweepError(
                f"--vary '{printable(text)}': write PATH=VALUES, e.g. conv1.stride=1,2,3"
            )
        path = path.strip()
        if any(seen == path for seen, _, _ in written):
            raise SweepError(
                f"--vary {printable(path)} is given twice; list all its values in one --vary"
            )
        values = expand_values(values_text, text)
        size *= len(values)
        if len(values) > most:
            raise SweepError(
                f"--vary {printable(text)}: more than {most:,} values; "
                + limits.how_to_raise("combinations")
            )
        if size > most:
            sizes = " × ".join(str(len(seen)) for _, _, seen in [*written, (path, text, values)])
            raise SweepError(
                f"the grid has {sizes} = {size:,} combinations; at most {most:,}; "
                + limits.how_to_raise("combinations")
            )
        written.append((path, text, values))
    return tuple(
        Axis(path, tuple(parse_override(network, f"{path}={value}", "--vary") for value in values))
        for path, _, values in written
    )


def grid_size(axes: Sequence[Axis]) -> int:
    size = 1
    for axis in axes:
        size *= len(axis.values)
    return size


Filter = Callable[[NetworkReport], NetworkReport]


def evaluate(
    network: NetworkSpec,
    base: Sequence[Override],
    axes: Sequence[Axis],
    settings: CalculationSettings,
    keep: Filter = lambda report: report,
) -> Iterator[SweepRow]:
    """Every combination's row, in grid order (the last axis changing fastest). Each is
    calculated from the one before it: only the layers its change reaches are calculated again,
    and only the last calculation is kept."""
    previous: NetworkCalculation | None = None
    for combination in itertools.product(*(axis.values for axis in axes)):
        changed = apply_overrides(network, [*base, *combination])
        previous = recalculate_network(changed, settings, previous)
        yield SweepRow(tuple(combination), keep(previous.report))


def check_layer_paths(network: NetworkSpec, base: Sequence[Override], axes: Sequence[Axis]) -> None:
    """OverrideError, before any row is shown, when a block use's argument (`layer2.repeat`)
    takes away a layer another override names: every combination of the block uses' values is
    applied once, with one value of each other axis (they name the same layer whatever the
    value)."""
    if not any(override.block for override in base) and not any(
        axis.values[0].block for axis in axes
    ):
        return
    choices = [axis.values if axis.values[0].block else axis.values[:1] for axis in axes]
    for combination in itertools.product(*choices):
        apply_overrides(network, [*base, *combination])


# ---------------------------------------------------------------------------- the command


def _loaded(
    settings: SweepSettings,
) -> tuple[NetworkSpec | None, list[Diagnostic], str | None, str]:
    source = "<stdin>" if settings.spec == STDIN else settings.spec
    decoded = decode(read_bytes(settings.spec), source)
    if isinstance(decoded, Diagnostic):
        return None, [decoded], None, source
    network, problems = load_text(decoded, source, settings.from_format, settings.scale)
    return network, problems, decoded, source


def _filter(
    settings: SweepSettings, source: str, text: str | None
) -> tuple[CalculationSettings, Filter]:
    """The spec's configuration and suppressions, as `check` applies them."""
    finder = ConfigFinder()
    config = finder.for_directory(os.curdir) if source == "<stdin>" else finder.for_file(source)
    given = Settings(
        command="sweep",
        paths=(settings.spec,),
        calculation=settings.calculation,
        strict=settings.strict,
    )
    file_settings, selection = for_file(given, config, None if source == "<stdin>" else source)
    # A suppression a combination leaves unused says nothing about the spec: not reported.
    selection = replace(selection, ignore=(*selection.ignore, UNUSED_SUPPRESSION.id))
    allowed = selection.codes()
    if text is not None and suppress.find_suppressions(text):
        return file_settings.calculation, lambda report: suppress.apply(report, selection, text)

    def keep(report: NetworkReport) -> NetworkReport:
        # Without a suppression comment, a report whose every code is selected stays as it is
        # (as suppress.apply finds, at the cost of reading the selection and the text again).
        if all(diagnostic.code in allowed for diagnostic in report.diagnostics):
            return report
        return suppress.apply(report, selection, text)

    return file_settings.calculation, keep


def run_sweep(settings: SweepSettings) -> int:
    # Results may be products of huge (but exactly read) sizes; print them in full.
    if hasattr(sys, "set_int_max_str_digits"):
        sys.set_int_max_str_digits(0)
    try:
        chosen_limits = run_limits(settings.limits, ConfigFinder())
    except ConfigError as error:
        return usage_error(error)
    with limits.applied(chosen_limits):
        return _sweep(settings)


def _sweep(settings: SweepSettings) -> int:
    try:
        network, problems, text, source = _loaded(settings)
        if network is None:
            for problem in problems:
                sys.stderr.write(diagnostic_line(problem) + "\n")
            sys.stderr.write(f"convcalc: error: {source} did not load; nothing to sweep\n")
            return ERRORS_FOUND
        for problem in problems:  # an importer's: what it passed over, the rest still read
            sys.stderr.write(diagnostic_line(problem) + "\n")
        base = tuple(parse_override(network, text_, "--set") for text_ in settings.overrides)
        axes = parse_axes(network, settings.vary)
        total = grid_size(axes)
        calculation, keep = _filter(settings, source, text)
        check_layer_paths(network, base, axes)
    except (InputError, SweepError, OverrideError, ConfigError, SelectorError) as error:
        return usage_error(error)
    options = ReportOptions(color=settings.color, layout=settings.layout)
    reporter = SWEEP_REPORTERS[settings.output_format](options)
    reporter.start(Sweep(network, axes, total))
    wanted = settings.progress
    if wanted is None and reporter.streams and sys.stdout.isatty():
        wanted = False  # the rows on the terminal show the progress; a bar would cover them
    with Progress(total, wanted) as progress:
        try:
            for row in evaluate(network, base, axes, calculation, keep):
                reporter.add(row)
                progress.advance()
        except OverrideError as error:  # check_layer_paths refuses these first; never a traceback
            return usage_error(error)
    reporter.finish()
    return OK
