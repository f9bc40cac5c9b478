"""How `convcalc check` grows with the size of one sequential spec: 1k, 10k and 100k layers.

    python bench/scaling.py [--sizes 1000,10000,100000] [--table-size 10000] [--runs N] [--json]
                            [--convcalc-option ARG ...] [--raise-limits]

Writes sequential specs (conv 3×3 → batchnorm → relu, repeated, on a 32×32×16 input) into a
temporary directory and runs, alternating, `python -m convcalc check SPEC --format json` at each
size and `python -m convcalc check SPEC --format table` at --table-size. Reports the CPU-time
ratio per tenfold, the peak-RSS bytes per added layer, and table against JSON at --table-size.

convcalc refuses specs beyond its limits (file size, YAML nodes, layers). Each size is probed once
first; a refused size is reported as refused, with convcalc's message, and measured instead at
the largest size it accepts (found by bisection). To measure beyond the limits:
- --convcalc-option ARG, repeatable, is passed to every convcalc run (for limits that are
  command-line options), e.g. --convcalc-option=--max-layers=200000;
- --raise-limits passes convcalc's own limit options, set far above the sizes measured
  (--max-file-bytes 1 GiB, --max-yaml-nodes and --max-layers 10^9).
See bench/_measure.py for how each figure is taken.
"""

from __future__ import annotations

import itertools
import math
import sys
import tempfile
from pathlib import Path
from typing import Any

from _measure import Case, Comparison, check_options, measure, parser, report, run_child

# convcalc's limits raised far past any size measured. The file size is also the read buffer,
# so it is 10^9 (the highest convcalc takes), not "unlimited".
RAISED_LIMITS = [
    "--max-file-bytes=1000000000",
    "--max-yaml-nodes=1000000000",
    "--max-layers=1000000000",
]


def sequential_spec(layers: int) -> str:
    """A plain sequential spec of `layers` layers: conv 3×3 (same size), batchnorm, relu, …"""
    lines = [f"name: sequential_{layers}", "input: [32, 32, 16]", "layers:"]
    for index in range(layers):
        match index % 3:
            case 0:
                lines.append(
                    f"  - {{type: conv, name: conv{index}, filters: 16, kernel: 3, padding: 1}}"
                )
            case 1:
                lines.append(f"  - {{type: batchnorm, name: bn{index}}}")
            case _:
                lines.append(f"  - {{type: relu, name: relu{index}}}")
    return "\n".join(lines) + "\n"


class Runner:
    """Writes specs on demand and builds the convcalc command lines for them."""

    def __init__(self, directory: Path, extra: list[str], raise_limits: bool) -> None:
        self.directory = directory
        self.extra = [*extra, *RAISED_LIMITS] if raise_limits else extra
        self.convcalc = [sys.executable, "-m", "convcalc"]

    def spec(self, layers: int) -> Path:
        path = self.directory / f"sequential_{layers}.yaml"
        if not path.exists():
            path.write_text(sequential_spec(layers), encoding="utf-8")
        return path

    def argv(self, layers: int, output_format: str) -> list[str]:
        # The format is always named: on a pipe, check's default is concise, not table.
        path = str(self.spec(layers))
        return [*self.convcalc, "check", path, "--format", output_format, *self.extra]

    def refusal(self, layers: int) -> str | None:
        """convcalc's message when it does not accept a spec of this size, else None."""
        sample, stdout, stderr = run_child(self.argv(layers, "concise"), capture=True)
        if sample.exit_code == 0:
            return None
        lines = [line for line in (stdout + stderr).splitlines() if " error " in line]
        shown = lines[0].split(": ", 1)[-1] if lines else (stdout + stderr).strip()[-300:]
        return f"exit code {sample.exit_code}: {shown}"

    def largest_accepted(self, accepted: int, refused: int) -> int:
        """Bisect to the largest accepted size, to within 1% (sizes a multiple of 3 layers)."""
        while refused - accepted > max(3, accepted // 100):
            middle = (accepted + refused) // 2 // 3 * 3
            if middle <= accepted:
                break
            if self.refusal(middle) is None:
                accepted = middle
            else:
                refused = middle
        return accepted


def main() -> int:
    argument_parser = parser(
        "CPU time and peak RSS of convcalc check on sequential specs of growing size.",
        runs=3,
        warmup=0,
    )
    argument_parser.add_argument(
        "--sizes",
        default="1000,10000,100000",
        help="layer counts, ascending, comma-separated (default 1000,10000,100000)",
    )
    argument_parser.add_argument(
        "--table-size",
        type=int,
        default=10000,
        help="layers of the table-against-JSON pair (default 10000; 0: none)",
    )
    argument_parser.add_argument(
        "--convcalc-option",
        action="append",
        default=[],
        metavar="ARG",
        help="passed to every convcalc check (repeatable), e.g. --convcalc-option=--max-layers=N",
    )
    argument_parser.add_argument(
        "--raise-limits",
        action="store_true",
        help="patch today's module-constant limits in a wrapper (not the shipped command)",
    )
    options = argument_parser.parse_args()
    check_options(argument_parser, options)
    try:
        sizes = [int(size) for size in options.sizes.split(",")]
    except ValueError:
        argument_parser.error(f"--sizes: not a list of integers: {options.sizes}")
    if sorted(set(sizes)) != sizes or sizes[0] < 3 or options.table_size < 0:
        argument_parser.error("--sizes must be ascending and at least 3; --table-size ≥ 0")

    notes: list[str] = []
    if options.raise_limits:
        notes.append("--raise-limits: " + " ".join(RAISED_LIMITS))
    derived: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="convcalc-bench-") as temporary:
        runner = Runner(Path(temporary), options.convcalc_option, options.raise_limits)
        measured: list[tuple[int, int]] = []  # (size asked for, size measured)
        accepted = 0
        for size in sizes:
            refusal = runner.refusal(size)
            if refusal is None:
                measured.append((size, size))
                accepted = size
                continue
            largest = runner.largest_accepted(accepted, size)
            instead = (
                f"measured at the largest size accepted, {largest:,} layers, instead"
                if largest > accepted
                else "no larger size accepted"
                if accepted
                else "no size accepted"
            )
            notes.append(f"{size:,} layers refused ({refusal}); {instead}.")
            derived[f"refused: {size:,} layers"] = refusal
            if largest > accepted:
                measured.append((size, largest))
            break  # every larger size is refused too
        table_refused = options.table_size and runner.refusal(options.table_size) is not None
        if table_refused:
            notes.append(f"table at {options.table_size:,} layers refused; not measured.")

        cases = [Case(f"json {actual:,}", runner.argv(actual, "json")) for _, actual in measured]
        table_case = None
        if options.table_size and not table_refused:
            table_argv = runner.argv(options.table_size, "table")
            table_case = Case(f"table {options.table_size:,}", table_argv)
            cases.append(table_case)
        measure(cases, options.runs, options.warmup)

        comparisons: list[Comparison] = []
        by_size = dict(zip([actual for _, actual in measured], cases, strict=False))
        for (_, small), (asked, large) in itertools.pairwise(measured):
            comparison = Comparison(by_size[large], by_size[small])
            comparisons.append(comparison)
            tenfolds = math.log10(large / small)
            label = f"{small:,} → {large:,}" + (
                f" (largest accepted, for {asked:,})" if asked != large else ""
            )
            derived[f"CPU × per tenfold, {label}"] = comparison.cpu_ratio ** (1 / tenfolds)
            added_kib = by_size[large].median_maxrss_kib - by_size[small].median_maxrss_kib
            added_bytes = added_kib * 1024
            derived[f"peak RSS bytes per added layer, {label}"] = added_bytes / (large - small)
        for _, actual in measured:
            derived[f"peak RSS MiB, json {actual:,}"] = by_size[actual].median_maxrss_kib / 1024
            derived[f"spec file KiB, {actual:,} layers"] = runner.spec(actual).stat().st_size / 1024
        if table_case is not None and options.table_size in by_size:
            comparisons.append(Comparison(table_case, by_size[options.table_size]))
        notes.append(
            "Targets (issue 14): limits are options with documented defaults; ≤ 10.5× per "
            "tenfold, ≤ 2 KiB per layer; table ≤ 3× JSON at 10k layers (CPU)."
        )
        report(options, cases, comparisons, derived, notes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
