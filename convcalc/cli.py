"""The command line: gathers options and calls `run(settings)`; the exit code comes back from it."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click

from convcalc import __version__
from convcalc.report import REPORTERS
from convcalc.settings import AnalysisSettings, Settings
from convcalc.shapes import LAYOUTS

F = TypeVar("F", bound=Callable[..., Any])


def _common_options(function: F) -> F:
    options = [
        click.option(
            "--format",
            "output_format",
            type=click.Choice(sorted(REPORTERS)),
            default="table",
            show_default=True,
            help="Output format.",
        ),
        click.option(
            "--strict",
            is_flag=True,
            help="Every non-whole (W − F + 2P)/S + 1 is an error, as in the textbook rule.",
        ),
        click.option(
            "--layout",
            type=click.Choice(LAYOUTS),
            default=None,
            help="How shapes are written: hwc (channels last) or chw. "
            "For check: display only; the spec's own `layout` reads its input.",
        ),
        click.option(
            "--depth",
            type=click.IntRange(min=0),
            default=None,
            help="Table: show block instances nested deeper than N as one row each "
            "(0: top-level layers and blocks only). Default: every layer.",
        ),
        click.option(
            "--color",
            type=click.Choice(["auto", "always", "never"]),
            default="auto",
            show_default=True,
            help="Colour the table (NO_COLOR is honoured in auto).",
        ),
    ]
    for option in reversed(options):
        function = option(function)
    return function


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="convcalc")
def main() -> None:
    """Check CNN layer geometry: output shapes, parameters, receptive fields.

    \b
    Exit codes: 0 no errors, 1 errors in a checked spec, 2 usage or I/O problem.
    """


@main.command()
@click.argument("files", nargs=-1, required=True, metavar="FILE...")
@_common_options
def check(
    files: tuple[str, ...],
    output_format: str,
    strict: bool,
    layout: str | None,
    depth: int | None,
    color: str,
) -> None:
    """Check spec files (YAML); `-` reads standard input.

    \b
    Examples:
      convcalc check specs/alexnet.yaml
      convcalc check --format json specs/*.yaml
      cat net.yaml | convcalc check --strict -
    """
    from convcalc.run import run

    settings = Settings(
        command="check",
        paths=files,
        output_format=output_format,
        layout=layout,
        color=color,
        depth=depth,
        analysis=AnalysisSettings(strict=strict),
    )
    sys.exit(run(settings))


@main.command()
@click.option(
    "--input",
    "input_text",
    required=True,
    metavar="SHAPE",
    help="Input shape, spatial sizes then channels: 227x227x3, 100x16, 16x64x64x1.",
)
@click.argument("layers", nargs=-1, required=True, metavar="LAYER...")
@_common_options
def calc(
    input_text: str,
    layers: tuple[str, ...],
    output_format: str,
    strict: bool,
    layout: str | None,
    depth: int | None,
    color: str,
) -> None:
    """Check layers written on the command line.

    LAYER is `kind` or `kind:field=value,field=value`; per-dimension values as 3x5.

    \b
    Examples:
      convcalc calc --input 227x227x3 conv:filters=96,kernel=11,stride=4 relu \
          maxpool:kernel=3,stride=2
      convcalc calc --input 224x224x3 conv:filters=64,kernel=7,stride=2,padding=3
      convcalc calc --input 100x16 conv1d:filters=32,kernel=5,padding=causal --format json
    """
    from convcalc.run import run

    settings = Settings(
        command="calc",
        input_text=input_text,
        layer_args=layers,
        output_format=output_format,
        layout=layout,
        color=color,
        depth=depth,
        analysis=AnalysisSettings(strict=strict),
    )
    sys.exit(run(settings))


@main.command()
@click.argument("code", required=False)
def rules(code: str | None) -> None:
    """List the diagnostics, or explain one.

    \b
    Examples:
      convcalc rules
      convcalc rules CC103
    """
    from convcalc.rules import RULES

    if code is None:
        for rule in RULES.values():
            strict = " (error with --strict)" if rule.strict else ""
            click.echo(f"{rule.id}  {rule.name:<24} {rule.severity}{strict}")
        return
    wanted = code.upper()
    found = RULES.get(wanted) or next((r for r in RULES.values() if r.name == code), None)
    if found is None:
        raise click.BadParameter(
            f"no rule {code!r}; `convcalc rules` lists them", param_hint="CODE"
        )
    click.echo(f"{found.id} {found.name} ({found.severity})\n")
    click.echo(" ".join(found.doc.split()))
    if found.example:
        click.echo("\nExample:\n")
        click.echo("\n".join(f"    {line}" for line in found.example.splitlines()))


@main.command()
def kinds() -> None:
    """List the layer kinds, their fields and the spellings accepted for them.

    \b
    Example:
      convcalc kinds
    """
    from convcalc.kinds import KINDS

    for kind in KINDS.values():
        click.echo(f"{kind.name}: {kind.summary}")
        if kind.aliases:
            click.echo(f"    also: {', '.join(kind.aliases)}")
        for field in kind.fields:
            required = " (required)" if field.required else ""
            default = "" if field.required or field.default is None else f" [{field.default}]"
            aliases = f" (also {', '.join(field.aliases)})" if field.aliases else ""
            click.echo(f"    {field.name}{required}{default}{aliases}: {field.help}")
