"""Every option, defined once and shared by the commands that take it.

A command's options are a stack of these decorators; the values come to the command as
keyword arguments, and `check_settings` turns check's and calc's into Settings. Where two
commands word an option differently (`--layout`, `--framework`), the help text is the argument.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

import click

from convcalc.cli.completion import complete_files, complete_layer, complete_path
from convcalc.core import limits
from convcalc.core.settings import DTYPE_BYTES, FRAMEWORKS, CalculationSettings, Settings
from convcalc.core.shapes import LAYOUTS
from convcalc.load.formats import FORMAT_NAMES

F = TypeVar("F", bound=Callable[..., Any])
_LIMIT_PARAMETER = "limit_"  # a prefix, so that `layers` does not meet calc's LAYER arguments


def stacked(*options: Callable[[Any], Any]) -> Callable[[F], F]:
    """Options applied in the order written: the first is listed first in `--help`."""

    def decorate(function: F) -> F:
        for option in reversed(options):
            function = option(function)
        return function

    return decorate


def examples(*lines: str) -> str:
    """An epilog, so that `--help` ends with examples (after the options)."""
    return "\b\nExamples:\n" + "\n".join(f"  {line}" for line in lines)


# ---------------------------------------------------------------------------- shared by all


def format_option(
    formats: Iterable[str], default: str | None = None, help: str | None = None
) -> Callable[[F], F]:
    """`--format`, its choices from the report registry (`convcalc.report`)."""
    shown: dict[str, Any] = {"show_default": True} if default is not None else {}
    return click.option(
        "--format",
        "--output-format",
        "output_format",
        type=click.Choice(list(formats)),
        default=default,
        help=help,
        **shown,
    )


def color_option() -> Callable[[F], F]:
    return click.option(
        "--color",
        type=click.Choice(["auto", "always", "never"]),
        default="auto",
        show_default=True,
        help="Colour the table (in auto, NO_COLOR and FORCE_COLOR are honoured).",
    )


def strict_option() -> Callable[[F], F]:
    return click.option(
        "--strict/--no-strict",
        default=None,
        help="Every non-whole (W − F + 2P)/S + 1 is an error, as in the textbook rule.",
    )


def framework_option(help: str | None = None) -> Callable[[F], F]:
    return click.option(
        "--framework",
        type=click.Choice(FRAMEWORKS),
        default="pytorch",
        show_default=True,
        help=help,
    )


def from_option() -> Callable[[F], F]:
    """`--from`, its choices from the format registry (`convcalc/load/formats/`)."""
    return click.option(
        "--from",
        "from_format",
        type=click.Choice(FORMAT_NAMES),
        default=None,
        help="Read the files as this format (docs/importers.md). Default: recognised from "
        "each file's name and content.",
    )


def scale_option() -> Callable[[F], F]:
    """`--scale`: the model scale of formats that define scales (docs/importers.md)."""
    return click.option(
        "--scale",
        metavar="SCALE",
        default=None,
        help="The model scale of an Ultralytics model YAML (n, s, m, l, x: one its `scales:` "
        "defines). Default: the letter in the file name (yolo11n.yaml), else the first scale.",
    )


# What `convcalc convert --to` writes: convcalc's own spec (the importers read the rest).
CONVERT_TARGETS = ("convcalc",)


def to_option() -> Callable[[F], F]:
    return click.option(
        "--to",
        type=click.Choice(CONVERT_TARGETS),
        default="convcalc",
        show_default=True,
        help="The format to write.",
    )


def layout_option(help: str) -> Callable[[F], F]:
    return click.option("--layout", type=click.Choice(LAYOUTS), default=None, help=help)


def depth_option(help: str) -> Callable[[F], F]:
    return click.option("--depth", type=click.IntRange(min=0), default=None, help=help)


def set_option(help: str) -> Callable[[F], F]:
    """`--set PATH=VALUE`, repeatable, completed from the spec on the command line."""
    return click.option(
        "--set",
        "overrides",
        metavar="PATH=VALUE",
        multiple=True,
        shell_complete=complete_path,
        help=help,
    )


def limit_options(*attributes: str) -> Callable[[F], F]:
    """`--max-layers N` and the others (docs/integrations.md, "Limits"); all of them when none
    are named."""
    chosen = [limits.BY_ATTRIBUTE[name] for name in attributes] or list(limits.LIMITS)
    return stacked(
        *(
            click.option(
                limit.option,
                _LIMIT_PARAMETER + limit.attribute,
                type=click.IntRange(1, limits.HIGHEST),
                metavar="N",
                default=None,
                help=f"Limit: {limit.what} (default {limit.default:,}).",
            )
            for limit in chosen
        )
    )


def limit_values(options: dict[str, Any]) -> tuple[tuple[str, int], ...]:
    """The limits given on the command line, by Limits attribute."""
    return tuple(
        (name.removeprefix(_LIMIT_PARAMETER), value)
        for name, value in options.items()
        if name.startswith(_LIMIT_PARAMETER) and value is not None
    )


# ---------------------------------------------------------------------------- cost and columns


def _columns(ctx: click.Context, param: click.Parameter, value: str | None) -> Any:
    if value is None:
        return None
    # Imported here, not at the top: the table's module loads only when --columns is given.
    from convcalc.report.table import column_names

    try:
        return column_names(value)
    except ValueError as error:
        raise click.BadParameter(str(error)) from None


cost_options_list = (
    click.option(
        "--dtype",
        type=click.Choice(list(DTYPE_BYTES)),
        default="float32",
        show_default=True,
        help="Element type of the memory figures (activation, parameter and im2col bytes).",
    ),
    click.option(
        "--batch",
        type=click.IntRange(1, 1_000_000),
        default=1,
        show_default=True,
        metavar="N",
        help="Inputs per pass: MACs, activations and im2col scale with it.",
    ),
    click.option(
        "--columns",
        metavar="NAMES",
        default=None,
        callback=_columns,
        help="Table: these columns, in this order (comma-separated; torchinfo's col_names "
        "too): index, name, kind, from, geometry, input, output, weights, biases, params, "
        "buffers, macs, activation, param_bytes, im2col, im2col_bytes, field, status.",
    ),
    click.option("--wide", is_flag=True, help="Table: every column."),
)
cost_options = stacked(*cost_options_list)

explain_option = click.option(
    "--explain",
    metavar="LAYER",
    default=None,
    shell_complete=complete_layer,
    help="Show this layer's numbers with their formulas (name or index) instead of the table.",
)


def _dtype_and_batch() -> Callable[[F], F]:
    return stacked(*(option for option in cost_options_list[:2]))


# ---------------------------------------------------------------------------- check and calc

lint_options = stacked(
    click.option(
        "--select",
        metavar="CODE",
        multiple=True,
        help="Report only these codes, code prefixes (CC1) or rule names; repeat or "
        "separate with commas.",
    ),
    click.option(
        "--ignore",
        metavar="CODE",
        multiple=True,
        help="Do not report these codes, code prefixes or rule names.",
    ),
    click.option(
        "--fail-on",
        type=click.Choice(["error", "warning", "info"]),
        default=None,
        help="Exit with 1 when a diagnostic this severe or worse is reported. Default: error.",
    ),
    click.option(
        "--exit-zero",
        is_flag=True,
        help="Exit with 0 even when errors are found; a usage or I/O problem still exits 2.",
    ),
    click.option(
        "-q",
        "--quiet",
        is_flag=True,
        help="Print the diagnostics alone: no summary line, no notes on skipped files "
        "(json, sarif and junit are the same either way).",
    ),
    click.option(
        "--statistics",
        is_flag=True,
        help="Print how often each code was reported (count, code, name), most frequent first, "
        "in place of the diagnostics; --output-file still gets the full report.",
    ),
)

whatif_options = stacked(
    set_option(
        "Change a value before checking (repeatable): conv1.stride=2, "
        "layers.3.kernel=5x5 (by the # column), input=224x224x3, input.size=256, "
        "layer2.0.conv1.padding=1, an Ultralytics YAML's row: 3.args.0=128. The table shows "
        "old → new."
    ),
    click.option(
        "--diff/--no-diff",
        "show_diff",
        default=True,
        help="With --set: show old → new (table, json), or the changed network alone.",
    ),
)


def check_options(formats: Iterable[str]) -> Callable[[F], F]:
    """The options check and calc share, in the order `--help` lists them."""
    return stacked(
        lint_options,
        whatif_options,
        limit_options(),
        format_option(
            formats,
            help="Output format. Default: table on a terminal; for check, concise otherwise.",
        ),
        click.option(
            "--output-file",
            metavar="PATH",
            type=click.Path(dir_okay=False),
            help="Write the report (in --format) to this file, whole or not at all; standard "
            "output shows --stdout-format meanwhile.",
        ),
        click.option(
            "--stdout-format",
            type=click.Choice(list(formats)),
            default=None,
            help="With --output-file: what standard output shows. Default: table on a "
            "terminal, concise otherwise.",
        ),
        strict_option(),
        framework_option(
            "Whose rules apply: tensorflow gives `same` padding TensorFlow's meaning "
            "(output ceil(L / stride), any stride) and TensorFlow's checks."
        ),
        layout_option(
            "How shapes are written: hwc (channels last) or chw. "
            "For check: display only; the spec's own `layout` reads its input."
        ),
        depth_option(
            "Table: show block instances nested deeper than N as one row each "
            "(0: top-level layers and blocks only). Default: every layer."
        ),
        color_option(),
        cost_options,
    )


explain_command_options = stacked(
    set_option("Change a value before explaining (repeatable), as check's --set."),
    framework_option("Whose rules apply (tensorflow: `same` padding as TensorFlow computes it)."),
    layout_option("How shapes are written: hwc (channels last) or chw."),
    _dtype_and_batch(),
)


def explain_settings(options: dict[str, Any], spec: str) -> Settings:
    """explain's options as Settings (the spec read as check reads it)."""
    return Settings(
        command="explain",
        paths=(spec,),
        layout=options["layout"],
        calculation=CalculationSettings(
            framework=options["framework"], dtype=options["dtype"], batch=options["batch"]
        ),
        overrides=tuple(options["overrides"]),
    )


# ---------------------------------------------------------------------------- draw and report


def output_option(what: str) -> Callable[[F], F]:
    """`-o PATH`: where a picture or page goes, whole or not at all; `-` is standard output."""
    return click.option(
        "-o",
        "--output",
        metavar="PATH",
        type=click.Path(dir_okay=False, allow_dash=True),
        default="-",
        show_default=True,
        help=f"Write {what} to this file, whole or not at all; `-` writes to standard output.",
    )


def picture_options(where: str) -> Callable[[F], F]:
    """How a network is drawn: by `draw`, and in `report`'s page."""
    # Imported here, not at the top: only draw and report (loaded when run) take these options.
    from convcalc.report.draw import DIRECTIONS, SCALES

    return stacked(
        click.option(
            "--scale",
            type=click.Choice(SCALES),
            default="log",
            show_default=True,
            help=f"How sizes map to lengths {where}: log keeps every net readable, linear shows "
            "true proportions.",
        ),
        click.option(
            "--direction",
            type=click.Choice(DIRECTIONS),
            default="right",
            show_default=True,
            help="Which way the data flows.",
        ),
        depth_option(
            "Draw block instances nested deeper than N as one volume each "
            "(0: top-level layers and blocks only), as the table's --depth. Default: every layer."
        ),
        click.option(
            "--rf",
            "receptive_field",
            metavar="LAYER",
            shell_complete=complete_layer,
            help="Project this layer's receptive field onto the input volume.",
        ),
        layout_option("How shapes are written: hwc (channels last) or chw. Display only."),
        set_option("Change a value before drawing (repeatable), as for check."),
        strict_option(),
        framework_option("Whose rules apply, as for check."),
        # The limits of reading and calculating one spec (not a sweep's, the solver's or a
        # directory walk's).
        limit_options(
            "file_bytes",
            "yaml_nodes",
            "digits",
            "layers",
            "block_depth",
            "repeat",
            "block_argument_nodes",
            "computed_digits",
        ),
    )


path_options = stacked(
    from_option(),
    scale_option(),
    click.option(
        "--exclude",
        metavar="GLOB",
        multiple=True,
        help="Skip files and directories whose name or path end matches (repeatable).",
    ),
    click.option(
        "--force-exclude",
        is_flag=True,
        help="Apply --exclude, `exclude` and .gitignore to files named explicitly too.",
    ),
    click.option(
        "--skip-non-specs",
        is_flag=True,
        help="Skip named YAML files without `layers` too, as in directories "
        "(pre-commit names every YAML file).",
    ),
    click.option(
        "--config",
        type=click.Path(dir_okay=False),
        help="Use this pyproject.toml or .convcalc.yaml for every file.",
    ),
    click.option("--isolated", is_flag=True, help="Read no configuration file."),
    click.option(
        "--stdin-filename",
        metavar="PATH",
        shell_complete=complete_files,
        help="The file that `-` (standard input) holds: named in messages and reports, and its "
        "configuration used (editors pipe unsaved buffers).",
    ),
)


def _codes(values: tuple[str, ...]) -> tuple[str, ...] | None:
    """`--select CC1,CC2` and `--select CC1 --select CC2` mean the same; None when not given."""
    return (
        tuple(part.strip() for value in values for part in value.split(",") if part.strip()) or None
    )


def check_settings(command: str, options: dict[str, Any], **spec: Any) -> Settings:
    """check's or calc's options as Settings; `spec` says what is checked (paths, or the input
    and layers). Options calc does not have (the path options) keep their defaults."""
    strict: bool | None = options["strict"]
    return Settings(
        command=command,
        output_format=options["output_format"],
        output_file=options["output_file"],
        stdout_format=options["stdout_format"],
        layout=options["layout"],
        color=options["color"],
        depth=options["depth"],
        calculation=CalculationSettings(
            strict=bool(strict),
            framework=options["framework"],
            dtype=options["dtype"],
            batch=options["batch"],
        ),
        strict=strict,
        overrides=tuple(options["overrides"]),
        show_diff=options["show_diff"],
        select=_codes(options["select"]),
        ignore=_codes(options["ignore"]),
        fail_on=options["fail_on"],
        exit_zero=options["exit_zero"],
        quiet=options["quiet"],
        statistics=options["statistics"],
        exclude=tuple(options.get("exclude", ())),
        force_exclude=options.get("force_exclude", False),
        skip_non_specs=options.get("skip_non_specs", False),
        config=options.get("config"),
        isolated=options.get("isolated", False),
        stdin_filename=options.get("stdin_filename"),
        from_format=options.get("from_format"),
        scale=options.get("scale"),
        limits=limit_values(options),
        columns=options["columns"],
        wide=options["wide"],
        explain=options.get("explain"),
        **spec,
    )
