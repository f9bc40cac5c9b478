"""convcalc against torchinfo on ResNet-50: whole-process CPU time, wall time and peak memory.

    python bench/torchinfo_compare.py --torch-python /path/to/venv/bin/python [--runs N] [--json]

Runs, alternating, N times each:

  torchinfo      TORCH_PYTHON -c "<build torchvision.models.resnet50(), torchinfo.summary(model,
                 input_size=(1, 3, 224, 224))>"   (a forward pass, as torchinfo does by default)
  check table    python -m convcalc check --format table specs/torchvision/resnet50.yaml
  check json     python -m convcalc check --format json specs/torchvision/resnet50.yaml

torch, torchvision and torchinfo live in their own environment, given by --torch-python (never a
convcalc dependency); without it, or when that Python cannot import all three, the comparison is
skipped with a message and exit code 0. See bench/_measure.py for how each figure is taken.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from _measure import ROOT, Case, Comparison, check_options, measure, parser, report

SPEC = "specs/torchvision/resnet50.yaml"
# No weights are downloaded: resnet50() builds the architecture with random initial weights.
TORCHINFO = (
    "import torch, torchvision, torchinfo; "
    "torchinfo.summary(torchvision.models.resnet50(), input_size=(1, 3, 224, 224), verbose=1)"
)


def torch_missing(python: str | None) -> str | None:
    """Why the torchinfo case cannot run, or None when it can."""
    if python is None:
        return "no --torch-python given"
    if not Path(python).exists():
        return f"--torch-python {python}: no such file"
    probe = subprocess.run(
        [python, "-c", "import torch, torchvision, torchinfo"],
        capture_output=True,
        text=True,
        check=False,
    )
    if probe.returncode != 0:
        lines = probe.stderr.strip().splitlines()
        return f"{python} cannot import torch, torchvision and torchinfo: " + (
            lines[-1] if lines else f"exit code {probe.returncode}"
        )
    return None


def main() -> int:
    argument_parser = parser(
        "convcalc check of ResNet-50 (table and JSON) against torchinfo's summary of "
        "torchvision's resnet50 with a forward pass.",
        runs=5,
    )
    argument_parser.add_argument(
        "--torch-python",
        metavar="PATH",
        help="Python of an environment with torch, torchvision and torchinfo",
    )
    argument_parser.add_argument("--spec", default=SPEC, help=f"convcalc's spec ({SPEC})")
    options = argument_parser.parse_args()
    check_options(argument_parser, options)
    if not (ROOT / options.spec).is_file():
        argument_parser.error(f"no such spec: {ROOT / options.spec}")
    reason = torch_missing(options.torch_python)
    if reason is not None:
        print(f"torchinfo comparison skipped: {reason}.")
        return 0

    check = [sys.executable, "-m", "convcalc", "check"]
    torchinfo = Case("torchinfo", [options.torch_python, "-c", TORCHINFO])
    # Named: on a pipe, check's default format is concise, not table.
    as_table = Case("check table", [*check, "--format", "table", options.spec])
    as_json = Case("check json", [*check, "--format", "json", options.spec])
    cases = [torchinfo, as_table, as_json]
    measure(cases, options.runs, options.warmup)
    derived: dict[str, float] = {}
    for case in (as_table, as_json):
        comparison = Comparison(torchinfo, case)
        derived[f"{case.name}: times faster (CPU)"] = comparison.cpu_ratio
        derived[f"{case.name}: times faster (wall)"] = comparison.wall_ratio
        derived[f"{case.name}: times less memory"] = comparison.rss_ratio
    report(
        options,
        cases,
        [Comparison(as_table, torchinfo), Comparison(as_json, torchinfo)],
        derived,
        notes=["Targets (issue 14): ≥ 50× faster and ≥ 40× less memory, table and JSON."],
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
