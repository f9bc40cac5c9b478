"""The picture commands: `draw` (SVG, Mermaid, DOT) and `report` (one HTML page). Like main.py,
this only gathers options and calls a runner (convcalc.commands.draw)."""

from __future__ import annotations

import sys
from typing import Any

import click

from convcalc.cli.options import (
    examples,
    format_option,
    limit_values,
    output_option,
    picture_options,
)
from convcalc.core.settings import CalculationSettings
from convcalc.report import DRAWERS

_SPEC = click.Path(dir_okay=False, allow_dash=True)


def _run(spec: str, output_format: str, options: dict[str, Any]) -> None:
    # Imported here, not at the top: `--help` and the other commands need not load the engine.
    from convcalc.commands.draw import DrawSettings, run_draw

    strict: bool | None = options["strict"]
    settings = DrawSettings(
        spec=spec,
        output=options["output"],
        output_format=output_format,
        scale=options["scale"],
        direction=options["direction"],
        depth=options["depth"],
        receptive_field=options["receptive_field"],
        layout=options["layout"],
        overrides=tuple(options["overrides"]),
        calculation=CalculationSettings(strict=bool(strict), framework=options["framework"]),
        strict=strict,
        limits=limit_values(options),
    )
    sys.exit(run_draw(settings))


@click.command(
    epilog=examples(
        "convcalc draw specs/alexnet.yaml -o alexnet.svg",
        "convcalc draw specs/alexnet.yaml --rf conv5 -o alexnet.svg",
        "convcalc draw specs/torchvision/resnet50.yaml --depth 1 --direction down -o resnet50.svg",
        "convcalc draw specs/inception_block.yaml --format mermaid",
    )
)
@click.argument("spec", metavar="SPEC", type=_SPEC)
@output_option("the picture")
@format_option(
    DRAWERS,
    "svg",
    "svg: the volumes as cuboids; mermaid and dot: a graph with shapes on the edges, for "
    "Markdown and Graphviz.",
)
@picture_options("(svg)")
def draw(spec: str, output_format: str, **options: Any) -> None:
    """Draw a spec as the articles draw a network: one cuboid per output volume with its shape,
    each conv's and pool's window, branches side by side, diagnostics in their colour.

    Exit code 1 when the spec has errors (the picture is still written, errors marked).
    """
    _run(spec, output_format, options)


@click.command(
    epilog=examples(
        "convcalc report specs/alexnet.yaml -o alexnet.html",
        "convcalc report specs/alexnet.yaml --set conv1.stride=2 -o review.html",
    )
)
@click.argument("spec", metavar="SPEC", type=_SPEC)
@output_option("the page")
@picture_options("in the drawing")
def report(spec: str, **options: Any) -> None:
    """Write one self-contained HTML page: the drawing, the sortable full table, totals,
    diagnostics with hints and, with --set, old → new. No external URL: it works offline.

    Exit code 1 when the spec has errors (the page is still written).
    """
    _run(spec, "html", options)
