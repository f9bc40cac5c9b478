"""The command line: gathers options and calls `run(settings)`; the exit code comes back from it."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import click

from convcalc import __version__
from convcalc.cli.whatif import (
    examples,
    limit_fields,
    limit_options,
    solve,
    sweep,
    whatif_fields,
    whatif_options,
)
from convcalc.core.settings import FRAMEWORKS, AnalysisSettings, Settings
from convcalc.core.shapes import LAYOUTS
from convcalc.report import REPORTERS

F = TypeVar("F", bound=Callable[..., Any])
_MESSAGE_LIMIT = 500  # characters of a usage error; the argument it names is cut first


def _common_options(function: F) -> F:
    options = [
        click.option(
            "--format",
            "--output-format",
            "output_format",
            type=click.Choice(sorted(REPORTERS)),
            default=None,
            help="Output format. Default: table on a terminal; for check, concise otherwise.",
        ),
        click.option(
            "--strict/--no-strict",
            default=None,
            help="Every non-whole (W − F + 2P)/S + 1 is an error, as in the textbook rule.",
        ),
        click.option(
            "--framework",
            type=click.Choice(FRAMEWORKS),
            default="pytorch",
            show_default=True,
            help="Whose rules apply: tensorflow gives `same` padding TensorFlow's meaning "
            "(output ceil(L / stride), any stride) and TensorFlow's checks.",
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
    return _lint_options(whatif_options(limit_options()(function)))


def _remember(context: click.Context, parameter: click.Parameter, value: Any) -> Any:
    """Keep a lint option for `_lint_fields`, so the commands need no parameter for each."""
    context.meta.setdefault("convcalc.lint.lint", {})[parameter.name] = value
    return value


def _lint_options(function: F) -> F:
    """--select, --ignore, --fail-on: which diagnostics are shown and which fail the run."""
    multiple: dict[str, Any] = {"multiple": True, "expose_value": False, "callback": _remember}
    options = [
        click.option(
            "--select",
            metavar="CODE",
            help="Report only these codes, code prefixes (CC1) or rule names; repeat or "
            "separate with commas.",
            **multiple,
        ),
        click.option(
            "--ignore",
            metavar="CODE",
            help="Do not report these codes, code prefixes or rule names.",
            **multiple,
        ),
        click.option(
            "--fail-on",
            type=click.Choice(["error", "warning", "info"]),
            default=None,
            expose_value=False,
            callback=_remember,
            help="Exit with 1 when a diagnostic this severe or worse is reported. Default: error.",
        ),
    ]
    for option in reversed(options):
        function = option(function)
    return function


def _path_options(function: F) -> F:
    """check: which files to check and which configuration to read."""
    multiple: dict[str, Any] = {"multiple": True, "expose_value": False, "callback": _remember}
    flag: dict[str, Any] = {"is_flag": True, "expose_value": False, "callback": _remember}
    options = [
        click.option(
            "--exclude",
            metavar="GLOB",
            help="Skip files and directories whose name or path end matches (repeatable).",
            **multiple,
        ),
        click.option(
            "--force-exclude",
            help="Apply --exclude, `exclude` and .gitignore to files named explicitly too.",
            **flag,
        ),
        click.option(
            "--skip-non-specs",
            help="Skip named YAML files without `layers` too, as in directories "
            "(pre-commit names every YAML file).",
            **flag,
        ),
        click.option(
            "--config",
            type=click.Path(dir_okay=False),
            expose_value=False,
            callback=_remember,
            help="Use this pyproject.toml or .convcalc.yaml for every file.",
        ),
        click.option(
            "--isolated",
            help="Read no configuration file.",
            **flag,
        ),
    ]
    for option in reversed(options):
        function = option(function)
    return function


def _lint_fields() -> dict[str, Any]:
    """The lint options given on the command line, as Settings fields (None when not given)."""
    given = click.get_current_context().meta.get("convcalc.lint.lint", {})

    def codes(values: tuple[str, ...]) -> tuple[str, ...] | None:
        # `--select CC1,CC2` and `--select CC1 --select CC2` mean the same.
        return tuple(p.strip() for v in values for p in v.split(",") if p.strip()) or None

    return {
        "select": codes(given.get("select", ())),
        "ignore": codes(given.get("ignore", ())),
        "fail_on": given.get("fail_on"),
        "exclude": tuple(given.get("exclude", ())),
        "force_exclude": given.get("force_exclude", False),
        "skip_non_specs": given.get("skip_non_specs", False),
        "config": given.get("config"),
        "isolated": given.get("isolated", False),
    }


def _write_escaped() -> None:
    """Let no write fail: undecodable argv bytes and file names are lone surrogates in Python,
    which a strict UTF-8 stream refuses; written as escapes instead, never raw."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")


@contextmanager
def _short_usage_errors() -> Iterator[None]:
    """click's own messages repeat the argument they refuse (as repr, so escaped): not 100 KB
    of it."""
    try:
        yield
    except click.ClickException as error:
        hidden = len(error.message) - _MESSAGE_LIMIT
        if hidden > 0:
            short = f"{error.message[:_MESSAGE_LIMIT]}…({hidden:,} more characters)"
            object.__setattr__(error, "message", short)  # typed Final; set once, before shown
        raise


class _Group(click.Group):
    def main(self, *args: Any, **kwargs: Any) -> Any:
        _write_escaped()
        return super().main(*args, **kwargs)

    def make_context(self, *args: Any, **kwargs: Any) -> click.Context:
        with _short_usage_errors():
            return super().make_context(*args, **kwargs)

    def invoke(self, ctx: click.Context) -> Any:
        with _short_usage_errors():
            return super().invoke(ctx)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="convcalc")
def main() -> None:
    """Check CNN layer geometry: output shapes, parameters, receptive fields.

    \b
    Exit codes: 0 no errors, 1 errors in a checked spec, 2 usage or I/O problem.
    """


@main.command(
    epilog=examples(
        "convcalc check specs/alexnet.yaml",
        "convcalc check --format github --fail-on warning .",
        "convcalc check specs/alexnet.yaml --set conv1.stride=2",
    )
)
@click.argument("files", nargs=-1, required=True, metavar="PATH...")
@_common_options
@_path_options
def check(
    files: tuple[str, ...],
    output_format: str | None,
    strict: bool | None,
    framework: str,
    layout: str | None,
    depth: int | None,
    color: str,
) -> None:
    """Check spec files (YAML) and directories (every *.yaml, *.yml spec in them, recursively,
    .gitignore respected); `-` reads standard input."""
    from convcalc.commands.run import run

    settings = Settings(
        command="check",
        paths=files,
        output_format=output_format,
        layout=layout,
        color=color,
        depth=depth,
        analysis=AnalysisSettings(strict=bool(strict), framework=framework),
        strict=strict,
        **_lint_fields(),
        **whatif_fields(),
        limits=limit_fields(),
    )
    sys.exit(run(settings))


@main.command(
    epilog=examples(
        "convcalc calc --input 227x227x3 conv:filters=96,kernel=11,stride=4 relu \\",
        "    maxpool:kernel=3,stride=2",
        "convcalc calc --input 100x16 conv1d:filters=32,kernel=5,padding=causal --format json",
        "convcalc calc --input 224x224x3 conv:filters=96,kernel=11,stride=4 --set input.size=227",
    )
)
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
    output_format: str | None,
    strict: bool | None,
    framework: str,
    layout: str | None,
    depth: int | None,
    color: str,
) -> None:
    """Check layers written on the command line.

    LAYER is `kind` or `kind:field=value,field=value`; per-dimension values as 3x5.
    """
    from convcalc.commands.run import run

    settings = Settings(
        command="calc",
        input_text=input_text,
        layer_args=layers,
        output_format=output_format,
        layout=layout,
        color=color,
        depth=depth,
        analysis=AnalysisSettings(strict=bool(strict), framework=framework),
        strict=strict,
        **_lint_fields(),
        **whatif_fields(),
        limits=limit_fields(),
    )
    sys.exit(run(settings))


main.add_command(sweep)
main.add_command(solve)


@main.command(epilog=examples("convcalc rules", "convcalc rules CC103"))
@click.argument("code", required=False)
def rules(code: str | None) -> None:
    """List the diagnostics, or explain one."""
    from convcalc.rules.table import RULES

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


@main.command(epilog=examples("convcalc kinds", "convcalc kinds | grep -A 10 '^conv:'"))
def kinds() -> None:
    """List the layer kinds, their fields and the spellings accepted for them."""
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


@main.command(
    epilog=examples(
        "convcalc schema > convcalc.schema.json",
        "check-jsonschema --schemafile convcalc.schema.json specs/*.yaml",
    )
)
def schema() -> None:
    """Print the JSON Schema (draft 2020-12) of the spec format, made from the layer registry."""
    import json

    from convcalc.load.schema import spec_schema

    click.echo(json.dumps(spec_schema(), indent=2, ensure_ascii=False))
