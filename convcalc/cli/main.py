"""The command line: the group, check, calc, rules, kinds and schema. Each command gathers its
options and calls a runner in `convcalc.commands`, whose exit code it exits with."""

from __future__ import annotations

import atexit
import gc
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import import_module
from typing import Any, NoReturn

import click

from convcalc import __version__
from convcalc.cli.completion import (
    complete_files,
    complete_layer,
    complete_zoo,
    use_convcalc_shells,
)
from convcalc.cli.options import (
    check_options,
    check_settings,
    examples,
    explain_command_options,
    explain_option,
    explain_settings,
    from_option,
    path_options,
    scale_option,
    to_option,
)
from convcalc.report import REPORTERS

_MESSAGE_LIMIT = 500  # characters of a usage error; the argument it names is cut first
# Commands defined in modules of their own, imported when the command is looked up (to run it,
# for its help, or for a Tab): a check need not build their 70 options nor load their modules.
# `--help` and completion list them with the others, through list_commands and get_command.
_LAZY_COMMANDS = {
    "draw": "convcalc.cli.draw",
    "report": "convcalc.cli.draw",
    "solve": "convcalc.cli.whatif",
    "sweep": "convcalc.cli.whatif",
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
        if "_CONVCALC_COMPLETE" in os.environ:  # a Tab: the shell scripts of completion.py
            use_convcalc_shells()
        # A run builds trees of objects without cycles (specs, reports, their dataclasses) and
        # frees them at exit; the cycle collector would traverse them again and again as they
        # grow (a quarter of the time of a 10,000-layer spec). Restored for a caller (tests).
        collecting = gc.isenabled()
        gc.disable()
        # At exit the interpreter collects cycles again, through every object still alive (the
        # modules, the run's results): a tenth of a ResNet-50 check. Frozen, they are left to
        # the end of the process; nothing convcalc makes needs a finalizer. Registered once.
        atexit.unregister(gc.freeze)
        atexit.register(gc.freeze)
        try:
            return super().main(*args, **kwargs)
        finally:
            if collecting:
                gc.enable()

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *_LAZY_COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in _LAZY_COMMANDS:
            command: click.Command = getattr(import_module(_LAZY_COMMANDS[cmd_name]), cmd_name)
            self.add_command(command)
        return super().get_command(ctx, cmd_name)

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
        "convcalc check --format github --fail-on warning specs/",
        "convcalc check specs/alexnet.yaml --set conv1.stride=2",
    )
)
@click.argument("files", nargs=-1, required=True, metavar="PATH...", shell_complete=complete_files)
@check_options(REPORTERS)
@path_options
def check(files: tuple[str, ...], **options: Any) -> None:
    """Check spec files (YAML), Darknet .cfg and Caffe .prototxt files, and directories (every
    spec and config in them, recursively, .gitignore respected); `-` reads standard input,
    `zoo:NAME` a spec shipped with convcalc (`convcalc zoo`)."""
    _run_check("check", options, paths=files)


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
@check_options(REPORTERS)
@explain_option
def calc(input_text: str, layers: tuple[str, ...], **options: Any) -> None:
    """Check layers written on the command line.

    LAYER is `kind` or `kind:field=value,field=value`; per-dimension values as 3x5.
    """
    _run_check("calc", options, input_text=input_text, layer_args=layers)


def _run_check(command: str, options: dict[str, Any], **spec: Any) -> NoReturn:
    """check's and calc's one body."""
    # Imported here, not at the top: `--help` and the other commands need not load the engine.
    from convcalc.commands.check import run_check

    settings = check_settings(command, options, **spec)
    if settings.explain is not None:
        from convcalc.commands.explain import run_explain  # here: only calc --explain needs it

        sys.exit(run_explain(settings, settings.explain))
    sys.exit(run_check(settings))


@main.command(
    epilog=examples(
        "convcalc convert yolov3.cfg > yolov3.yaml",
        "convcalc convert deploy.prototxt --to convcalc -o deploy.yaml",
    )
)
@click.argument("file", metavar="FILE", type=click.Path(dir_okay=False, allow_dash=True))
@to_option()
@from_option()
@scale_option()
@click.option(
    "-o",
    "--output",
    metavar="PATH",
    type=click.Path(dir_okay=False),
    help="Write the spec to this file, whole or not at all. Default: standard output.",
)
def convert(
    file: str, to: str, from_format: str | None, scale: str | None, output: str | None
) -> None:
    """Write another framework's config (Darknet .cfg, Caffe .prototxt, ...) as the equivalent
    convcalc spec; checking it gives the same figures as checking the original."""
    # Imported here, not at the top: `--help` and the other commands need not load the importers.
    from convcalc.commands.convert import ConvertSettings, run_convert

    sys.exit(run_convert(ConvertSettings(file, to, output, from_format, scale)))


@main.command(
    epilog=examples(
        "convcalc explain specs/alexnet.yaml conv1",
        "convcalc explain specs/torchvision/resnet50.yaml 0 --set input.size=227",
    )
)
@click.argument("spec", metavar="SPEC", shell_complete=complete_files)
@click.argument("layer", metavar="LAYER", shell_complete=complete_layer)
@explain_command_options
def explain(spec: str, layer: str, **options: Any) -> None:
    """Show every number of one layer with its formula and the spec's values filled in.

    LAYER is a layer's name or its index (the table's # column, as `--set layers.N` counts);
    SPEC is a spec file, `-` for standard input.
    """
    from convcalc.commands.explain import run_explain  # here: start-up of the other commands

    sys.exit(run_explain(explain_settings(options, spec), layer))


@main.command(epilog=examples("convcalc rules", "convcalc rules CC103"))
@click.argument("code", required=False)
def rules(code: str | None) -> None:
    """List the diagnostics, or explain one."""
    from convcalc.rules.table import RULES  # here, not at the top: start-up of the other commands

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
    doc = " ".join(found.doc.split())
    if sys.stdout.isatty():  # a terminal: wrapped at word boundaries, not mid-word
        import shutil  # here, not at the top: only a terminal needs its width
        import textwrap

        doc = textwrap.fill(doc, shutil.get_terminal_size().columns, break_on_hyphens=False)
    click.echo(doc)
    if found.example:
        click.echo("\nExample:\n")
        click.echo("\n".join(f"    {line}" for line in found.example.splitlines()))


@main.command(epilog=examples("convcalc kinds", "convcalc kinds | grep -A 10 '^conv:'"))
def kinds() -> None:
    """List the layer kinds, their fields and the spellings accepted for them."""
    from convcalc.kinds import KINDS  # here, not at the top: start-up of the other commands

    for kind in KINDS.values():
        click.echo(f"{kind.name}: {kind.summary}")
        if kind.aliases:
            click.echo(f"    also: {', '.join(kind.aliases)}")
        for field in kind.fields:
            required = " (required)" if field.required else ""
            default = "" if field.required or field.default is None else f" [{field.default}]"
            aliases = f" (also {', '.join(field.aliases)})" if field.aliases else ""
            click.echo(f"    {field.name}{required}{default}{aliases}: {field.help}")


@main.group(
    invoke_without_command=True,
    epilog=examples(
        "convcalc zoo",
        "convcalc zoo show resnet50 > my_resnet.yaml",
        "convcalc check zoo:resnet50 --set input=512x512x3",
    ),
)
@click.pass_context
def zoo(context: click.Context) -> None:
    """List the specs shipped with convcalc (torchvision's CNNs, checked against torchvision
    module by module) with their input, parameters and MACs. `zoo:NAME` reads one wherever a
    spec path goes."""
    if context.invoked_subcommand is None:
        from convcalc.commands.zoo import listing  # here, not at the top: start-up

        for line in listing():
            click.echo(line)


@zoo.command(epilog=examples("convcalc zoo show efficientnet_b0 > my_net.yaml"))
@click.argument("name", shell_complete=complete_zoo)
def show(name: str) -> None:
    """Print a zoo spec, to copy as a starting point."""
    # Here, not at the top: start-up of the other commands.
    from convcalc.commands.exitcodes import usage_error
    from convcalc.commands.zoo import spec_text
    from convcalc.load.zoo import ZooError

    try:
        text = spec_text(name)
    except ZooError as error:
        sys.exit(usage_error(error))
    click.echo(text, nl=not text.endswith("\n"))


@main.command(
    epilog=examples(
        "convcalc schema > convcalc.schema.json",
        "check-jsonschema --schemafile convcalc.schema.json specs/*.yaml",
    )
)
def schema() -> None:
    """Print the JSON Schema (draft 2020-12) of the spec format, made from the layer registry."""
    # Imported here, not at the top: start-up of the other commands.
    from convcalc.load.schema import spec_schema
    from convcalc.report.json_writer import outline_text

    # Each top-level key and each definition on its own line: under 60 KB, where two-space
    # indents throughout (one enum item a line) made it 93 KB.
    click.echo(outline_text(spec_schema(), depth=2))
