"""Settings gathered by the command line and read by the core; the core never sees click."""

from __future__ import annotations

from convcalc.core.records import field, frozen

FRAMEWORKS = ("pytorch", "tensorflow")  # whose rules `same` padding and the checks follow
# --dtype: the bytes one element takes, for the memory figures (activations, parameters, im2col).
DTYPE_BYTES = {"float32": 4, "float16": 2, "bfloat16": 2, "int8": 1}


@frozen
class CalculationSettings:
    """What changes the calculation itself."""

    strict: bool = False
    framework: str = "pytorch"
    layout: str = "hwc"  # the spec's own layout (set per network by the calculator)
    dtype: str = "float32"  # a DTYPE_BYTES key: bytes per element in the memory figures
    batch: int = 1  # inputs per pass: MACs, activations and im2col scale with it; weights do not

    @property
    def element_bytes(self) -> int:
        return DTYPE_BYTES[self.dtype]


@frozen
class Settings:
    """One invocation: what to check and how to report it."""

    command: str  # "check" or "calc"
    paths: tuple[str, ...] = ()
    # --from: read every file as this format (a convcalc.load.formats.IMPORTERS key); None:
    # recognised per file by its name and content.
    from_format: str | None = None
    # --scale: the model scale of formats that have them (Ultralytics' n, s, m, l, x); None: each
    # file's default.
    scale: str | None = None
    input_text: str | None = None
    layer_args: tuple[str, ...] = ()
    # None: not chosen on the command line; run() picks the configured format, else table on a
    # terminal and concise otherwise (check) or table (calc).
    output_format: str | None = None
    # --output-file: the report (in output_format) goes to this file, and standard output shows
    # stdout_format (None: table at a terminal, concise otherwise).
    output_file: str | None = None
    stdout_format: str | None = None
    layout: str | None = None
    color: str = "auto"  # auto, always, never
    depth: int | None = None  # table: collapse block instances nested deeper than this
    calculation: CalculationSettings = field(default_factory=CalculationSettings)
    # --set PATH=VALUE, applied to each loaded network (convcalc/load/overrides.py), and whether the
    # report shows old → new against the network as written (--no-diff: the new one alone).
    overrides: tuple[str, ...] = ()
    show_diff: bool = True
    # Lint options. None: not given on the command line, so the configuration file decides.
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] | None = None
    fail_on: str | None = None  # error, warning or info
    exit_zero: bool = False  # --exit-zero: exit 0 even when errors are found (2 stays 2)
    quiet: bool = False  # --quiet: diagnostics only, no summary line or notes
    statistics: bool = False  # --statistics: counts per code on standard output, not diagnostics
    strict: bool | None = None  # --strict/--no-strict, over the configuration's
    exclude: tuple[str, ...] = ()  # added to the configuration's
    force_exclude: bool = False  # exclusions apply to files named on the command line too
    stdin_filename: str | None = None  # what `-` holds: its name in reports, its configuration
    skip_non_specs: bool = False  # named YAML files without `layers` are skipped too
    config: str | None = None  # --config FILE: this configuration for every file
    isolated: bool = False  # --isolated: no configuration files at all
    # --max-layers and the other limits given, by Limits attribute; over the configuration's.
    limits: tuple[tuple[str, int], ...] = ()
    # The table's columns (--columns) or all of them (--wide); None: the default set.
    columns: tuple[str, ...] | None = None
    wide: bool = False
    # calc --explain LAYER: that layer's numbers with their formulas (name or index).
    explain: str | None = None
