"""Start-up cost of `convcalc check`: whole-process wall time and peak memory.

    python bench/startup.py [--runs N] [--warmup N] [--spec PATH] [--json]

Runs, with the interpreter running this script (sys.executable), N times each and alternating:

  baseline     python -c "import yaml, click, rich"      (convcalc's dependencies, nothing else)
  check table  python -m convcalc check specs/vgg16.yaml
  check json   python -m convcalc check --format json specs/vgg16.yaml

Wall time is time.perf_counter() from just before the child is started until it has been reaped:
interpreter start, imports, the work and exit. Peak memory is the child's own maximum resident
set size, from os.wait4() (getrusage(RUSAGE_CHILDREN) would give the maximum over all children
so far, not each one's). Output goes to /dev/null, so the table is rendered without colour.

Figures depend on the machine and its load; nothing here asserts a time or a size.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from resource import struct_rusage

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SPEC = "specs/vgg16.yaml"


@dataclass
class Case:
    name: str
    argv: list[str]
    wall_s: list[float] = field(default_factory=list)
    maxrss_kib: list[int] = field(default_factory=list)

    @property
    def median_s(self) -> float:
        return statistics.median(self.wall_s)

    @property
    def min_s(self) -> float:
        return min(self.wall_s)

    @property
    def median_maxrss_kib(self) -> float:
        return statistics.median(self.maxrss_kib)


def maxrss_kib(usage: struct_rusage) -> int:
    """ru_maxrss in KiB: Linux reports KiB, macOS bytes."""
    value = int(usage.ru_maxrss)
    return value // 1024 if sys.platform == "darwin" else value


def run_once(argv: list[str]) -> tuple[float, int]:
    """Run one child to completion: (wall seconds, peak RSS in KiB). Exits if the child fails."""
    with tempfile.TemporaryFile() as stderr:
        start = time.perf_counter()
        with subprocess.Popen(
            argv, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=stderr
        ) as process:
            _, status, usage = os.wait4(process.pid, 0)
            wall = time.perf_counter() - start
            # The child is reaped; tell Popen so that it does not wait for it again.
            process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            stderr.seek(0)
            message = stderr.read().decode(errors="replace").strip()
            sys.exit(
                f"{' '.join(argv)} exited with {process.returncode} (run it by hand to see why)"
                + (f":\n{message}" if message else "")
            )
    return wall, maxrss_kib(usage)


def measure(cases: list[Case], runs: int, warmup: int) -> None:
    """Warm up each case (caches, bytecode), then run them in turn, `runs` rounds."""
    for _ in range(warmup):
        for case in cases:
            run_once(case.argv)
    for _ in range(runs):
        for case in cases:
            wall, rss = run_once(case.argv)
            case.wall_s.append(wall)
            case.maxrss_kib.append(rss)


def table(cases: list[Case]) -> str:
    baseline = cases[0]
    header = ("case", "median ms", "min ms", "median peak RSS MiB", "time ×", "RSS ×")
    rows = [header]
    for case in cases:
        rows.append(
            (
                case.name,
                f"{case.median_s * 1000:.1f}",
                f"{case.min_s * 1000:.1f}",
                f"{case.median_maxrss_kib / 1024:.1f}",
                f"{case.median_s / baseline.median_s:.2f}",
                f"{case.median_maxrss_kib / baseline.median_maxrss_kib:.2f}",
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = []
    for row in rows:
        cells = [row[0].ljust(widths[0])]
        cells += [cell.rjust(width) for cell, width in zip(row[1:], widths[1:], strict=True)]
        lines.append("  ".join(cells))
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def environment() -> dict[str, str]:
    return {
        "python": sys.executable,
        "python_version": platform.python_version(),
        "platform": platform.platform(),
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description="Whole-process wall time and peak RSS of `convcalc check` against "
        "importing its dependencies alone."
    )
    parser.add_argument("--runs", type=int, default=20, help="timed runs per case (default 20)")
    parser.add_argument("--warmup", type=int, default=1, help="untimed runs first (default 1)")
    parser.add_argument(
        "--spec",
        default=DEFAULT_SPEC,
        help=f"spec to check, from the repository root ({DEFAULT_SPEC})",
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    options = parser.parse_args()
    if options.runs < 1 or options.warmup < 0:
        parser.error("--runs must be at least 1 and --warmup at least 0")
    if not hasattr(os, "wait4"):
        parser.error("needs os.wait4 (Linux, macOS or another Unix)")
    if not (ROOT / options.spec).is_file():
        parser.error(f"no such spec: {ROOT / options.spec}")

    python = sys.executable
    check = [python, "-m", "convcalc", "check"]
    cases = [
        Case("baseline: import yaml, click, rich", [python, "-c", "import yaml, click, rich"]),
        Case("convcalc check (table)", [*check, options.spec]),
        Case("convcalc check --format json", [*check, "--format", "json", options.spec]),
    ]
    measure(cases, options.runs, options.warmup)

    if options.json:
        baseline = cases[0]
        payload = {
            **environment(),
            "runs": options.runs,
            "warmup": options.warmup,
            "cases": [
                {
                    "name": case.name,
                    "argv": case.argv,
                    "wall_s": case.wall_s,
                    "median_s": case.median_s,
                    "min_s": case.min_s,
                    "maxrss_kib": case.maxrss_kib,
                    "median_maxrss_kib": case.median_maxrss_kib,
                    "time_ratio": case.median_s / baseline.median_s,
                    "rss_ratio": case.median_maxrss_kib / baseline.median_maxrss_kib,
                }
                for case in cases
            ],
        }
        print(json.dumps(payload, indent=2))
    else:
        info = environment()
        print(f"{info['python']} (Python {info['python_version']}) on {info['platform']}")
        print(f"{options.runs} runs per case, alternating, after {options.warmup} warm-up")
        print()
        print(table(cases))
        print()
        print("time × and RSS ×: median against the baseline's median.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
