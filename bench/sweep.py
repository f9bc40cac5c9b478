"""The cost of one `convcalc sweep` point: 1,000 points against 10 on ResNet-50.

    python bench/sweep.py [--points 1000] [--vary PATH] [--formats table,csv] [--runs N] [--json]

Runs, alternating, for each output format:

  python -m convcalc sweep specs/torchvision/resnet50.yaml --vary fc.units=1:10 --format F
  python -m convcalc sweep specs/torchvision/resnet50.yaml --vary fc.units=1:1000 --format F

The difference between the two, divided by the 990 extra points, is the cost of a point without
start-up: CPU ms per point and peak-RSS KiB per point. table is what a user sees on a terminal;
csv separates the sweep itself from rendering the table. See bench/_measure.py for how each figure
is taken.
"""

from __future__ import annotations

import sys
from typing import Any

from _measure import ROOT, Case, Comparison, check_options, measure, parser, report

SPEC = "specs/torchvision/resnet50.yaml"
FEW = 10


def main() -> int:
    argument_parser = parser(
        "CPU ms and peak-RSS KiB per point of convcalc sweep: many points against few.",
        runs=3,
        warmup=0,
    )
    argument_parser.add_argument("--spec", default=SPEC, help=f"the spec to sweep ({SPEC})")
    argument_parser.add_argument(
        "--vary",
        default="fc.units",
        metavar="PATH",
        help="the field varied over 1..POINTS (default fc.units, ResNet-50's classifier width)",
    )
    argument_parser.add_argument(
        "--points", type=int, default=1000, help="points of the long sweep (default 1000)"
    )
    argument_parser.add_argument(
        "--formats", default="table,csv", help="output formats, comma-separated (table,csv)"
    )
    options = argument_parser.parse_args()
    check_options(argument_parser, options)
    if options.points <= FEW:
        argument_parser.error(f"--points must be more than {FEW}")
    if not (ROOT / options.spec).is_file():
        argument_parser.error(f"no such spec: {ROOT / options.spec}")
    formats = [name for name in options.formats.split(",") if name]
    if not formats:
        argument_parser.error("--formats: name at least one format")

    sweep = [sys.executable, "-m", "convcalc", "sweep", options.spec]
    pairs: list[tuple[str, Case, Case]] = []
    for output_format in formats:
        few, many = (
            Case(
                f"{output_format} {points:,} points",
                [*sweep, "--vary", f"{options.vary}=1:{points}", "--format", output_format],
            )
            for points in (FEW, options.points)
        )
        pairs.append((output_format, few, many))
    cases = [case for _, few, many in pairs for case in (few, many)]
    measure(cases, options.runs, options.warmup)

    extra = options.points - FEW
    derived: dict[str, Any] = {}
    for output_format, few, many in pairs:
        derived[f"{output_format}: CPU ms per point"] = (
            (many.median_cpu_s - few.median_cpu_s) * 1000 / extra
        )
        derived[f"{output_format}: min CPU ms per point"] = (
            (min(many.cpu_s) - min(few.cpu_s)) * 1000 / extra
        )
        derived[f"{output_format}: wall ms per point"] = (
            (many.median_wall_s - few.median_wall_s) * 1000 / extra
        )
        derived[f"{output_format}: peak RSS KiB per point"] = (
            many.median_maxrss_kib - few.median_maxrss_kib
        ) / extra
    report(
        options,
        cases,
        [Comparison(many, few) for _, few, many in pairs],
        derived,
        notes=[
            f"Per point: (median at {options.points:,} − median at {FEW}) / {extra:,} points.",
            "Targets (issue 14): ≤ 1 ms per point, memory flat.",
        ],
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
