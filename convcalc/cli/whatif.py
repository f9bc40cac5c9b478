"""The what-if commands: `sweep` (a spec over a grid of values) and `solve` (the settings that
make one dimension whole). Like main.py, this only gathers options and calls a runner."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import click

from convcalc.cli.completion import complete_path
from convcalc.cli.options import (
    color_option,
    examples,
    format_option,
    framework_option,
    from_option,
    layout_option,
    limit_options,
    limit_values,
    scale_option,
    set_option,
    strict_option,
)
from convcalc.core.settings import CalculationSettings
from convcalc.report import SOLVE_REPORTERS, SWEEP_REPORTERS

ANY = "any"


# ---------------------------------------------------------------------------- sweep


@click.command(
    epilog=examples(
        "convcalc sweep specs/alexnet.yaml --vary conv1.stride=2:4",
        "convcalc sweep specs/alexnet.yaml --vary input.size=223:227 --vary conv1.padding=0,1",
        "convcalc sweep specs/vgg16.yaml --vary features.0.filters=16:128:x2 --format csv",
    )
)
@click.argument("spec", metavar="SPEC", type=click.Path(dir_okay=False, allow_dash=True))
@click.option(
    "--vary",
    metavar="PATH=VALUES",
    multiple=True,
    required=True,
    shell_complete=complete_path,
    help="A path as for --set, with values: 1,2,3 or a:b (step 1), a:b:+k, a:b:xk (times k), "
    "or a mix (1,2,4:8). Repeat for a grid.",
)
@set_option("Change a value in every combination (repeatable), as for check.")
@from_option()
@scale_option()
@format_option(SWEEP_REPORTERS, "table", "Output format; json and csv are for plotting.")
@strict_option()
@framework_option()
@layout_option("How shapes are written.")
@color_option()
@click.option(
    "--progress/--no-progress",
    default=None,
    help="A progress bar on standard error. Default: on a terminal, once a sweep takes 0.5 s.",
)
@limit_options()
def sweep(
    spec: str,
    vary: tuple[str, ...],
    overrides: tuple[str, ...],
    from_format: str | None,
    scale: str | None,
    output_format: str,
    strict: bool | None,
    framework: str,
    layout: str | None,
    color: str,
    progress: bool | None,
    **given_limits: int | None,
) -> None:
    """Evaluate a spec over a grid of values: one row per combination with the final output,
    parameters, MACs, receptive field and the worst diagnostic. SPEC may be `zoo:NAME`."""
    # Imported here, not at the top: `--help` and the other commands need not load the engine.
    from convcalc.commands.sweep import SweepSettings, run_sweep

    settings = SweepSettings(
        spec=spec,
        vary=vary,
        overrides=overrides,
        from_format=from_format,
        scale=scale,
        output_format=output_format,
        calculation=CalculationSettings(strict=bool(strict), framework=framework),
        strict=strict,
        layout=layout,
        color=color,
        progress=progress,
        limits=limit_values(given_limits),
    )
    sys.exit(run_sweep(settings))


# ---------------------------------------------------------------------------- solve


def _open(minimum: int) -> Callable[[click.Context, click.Parameter, str | None], int | None]:
    """A whole number, or `any` (or not given) to leave it open."""

    def convert(context: click.Context, parameter: click.Parameter, value: str | None) -> Any:
        if value is None:
            return None
        text = value.strip().lower()
        if text in (ANY, "?"):
            return None
        try:
            number = int(text)
        except ValueError:
            raise click.BadParameter(f"{value!r} is not a whole number or `any`") from None
        if number < minimum:
            raise click.BadParameter(f"{number} is below {minimum}")
        return number

    return convert


def _padding(context: click.Context, parameter: click.Parameter, value: str | None) -> Any:
    """`N` on each side (as in a spec), `B,A` before and after, or `any`."""
    if value is None or value.strip().lower() in (ANY, "?"):
        return None
    problem = f"{value!r}: write N (each side), B,A (before, after) or `any`"
    try:
        numbers = [int(part) for part in value.replace("+", ",").split(",")]
    except ValueError:
        raise click.BadParameter(problem) from None
    if len(numbers) not in (1, 2) or min(numbers) < 0:
        raise click.BadParameter(problem)
    return (numbers[0], numbers[0]) if len(numbers) == 1 else (numbers[0], numbers[1])


@click.command(
    epilog=examples(
        "convcalc solve --input 224 --kernel 11 --stride 4 --output 55",
        "convcalc solve --input 224 --kernel 7 --output 112",
        "convcalc solve --input 224 --kernel 4 --stride 1 --same",
    )
)
@click.option(
    "--input",
    "size",
    required=True,
    type=click.IntRange(min=1),
    metavar="N",
    help="Input size along the dimension.",
)
@click.option(
    "--kernel", metavar="N|any", callback=_open(1), help="Kernel size; open when not given."
)
@click.option("--stride", metavar="N|any", callback=_open(1), help="Stride; open when not given.")
@click.option(
    "--padding",
    metavar="N|B,A|any",
    callback=_padding,
    help="Padding on each side (as in a spec), or B,A before and after; open when not given.",
)
@click.option(
    "--dilation",
    metavar="N|any",
    callback=_open(1),
    default="1",
    show_default=True,
    help="Dilation; `any` leaves it open (searched 1–8).",
)
@click.option(
    "--output",
    metavar="N|any",
    callback=_open(1),
    help="The output size wanted; open when not given.",
)
@click.option(
    "--same",
    is_flag=True,
    help="The padding per side that keeps the size (stride 1), or TensorFlow's `same` "
    "(output ⌈input / stride⌉) at larger strides.",
)
@click.option(
    "--max-padding",
    type=click.IntRange(min=0),
    default=None,
    help="Largest total padding tried when padding is open. Default: d·(k − 1).",
)
@click.option(
    "--limit",
    type=click.IntRange(min=0),
    default=10,
    show_default=True,
    help="Show the N simplest settings; 0 shows all.",
)
@format_option(SOLVE_REPORTERS, "table")
@color_option()
@limit_options("solve_settings")
def solve(
    size: int,
    kernel: int | None,
    stride: int | None,
    padding: tuple[int, int] | None,
    dilation: int | None,
    output: int | None,
    same: bool,
    max_padding: int | None,
    limit: int,
    output_format: str,
    color: str,
    **given_limits: int | None,
) -> None:
    """Find the settings that make (W − F + 2P)/S + 1 whole along one dimension, simplest
    first: open values filled in, then one given value changed (never the output).

    Exit code 1 when no setting works within the search bounds.
    """
    # Imported here, not at the top: `--help` and the other commands need not load the solver.
    from convcalc.commands.solve import SolveSettings, run_solve
    from convcalc.geometry.solve import Query

    if same:
        if kernel is None:
            raise click.UsageError("--same needs --kernel")
        if output is not None or padding is not None or max_padding is not None:
            raise click.UsageError("--same finds the padding and output: leave them out")
        if dilation is None:
            raise click.UsageError("--same needs a dilation (default 1), not `any`")
    query = Query(
        input=size,
        kernel=kernel,
        stride=stride if not same else stride or 1,
        padding=padding,
        dilation=dilation,
        output=output,
        max_padding=max_padding,
    )
    settings = SolveSettings(
        query=query,
        same=same,
        limit=limit or None,
        output_format=output_format,
        color=color,
        limits=limit_values(given_limits),
    )
    sys.exit(run_solve(settings))
