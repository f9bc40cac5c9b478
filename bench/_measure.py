"""Whole-process measurement shared by the bench scripts: CPU time, wall time and peak RSS.

Each case is a command run as a child process. Cases run in turn, round after round, so that a
slow patch on a shared machine hits all of them alike; every ratio compares two cases measured in
the same run. Per child:

- CPU time: user + system seconds from the rusage that os.wait4() returns for that child alone
  (getrusage(RUSAGE_CHILDREN) would sum or max over every child so far).
- Wall time: time.perf_counter() from just before the child starts until it has been reaped:
  interpreter start, imports, the work and exit.
- Peak RSS: the child's own ru_maxrss (KiB on Linux, bytes on macOS; kept in KiB).

Output goes to /dev/null, so rich renders as for a pipe. Children run without
PYTHONDONTWRITEBYTECODE, so that they load bytecode as an installed convcalc does. Nothing here
asserts a time or a size.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from resource import struct_rusage

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Sample:
    cpu_s: float
    wall_s: float
    maxrss_kib: int
    exit_code: int


@dataclass
class Case:
    """One command, and the samples measured for it."""

    name: str
    argv: list[str]
    # Exit codes that count as a finished run (a checker reporting findings exits 1).
    ok_codes: frozenset[int] = frozenset({0})
    cwd: Path = ROOT
    samples: list[Sample] = field(default_factory=list)

    @property
    def cpu_s(self) -> list[float]:
        return [sample.cpu_s for sample in self.samples]

    @property
    def wall_s(self) -> list[float]:
        return [sample.wall_s for sample in self.samples]

    @property
    def maxrss_kib(self) -> list[int]:
        return [sample.maxrss_kib for sample in self.samples]

    @property
    def median_cpu_s(self) -> float:
        return statistics.median(self.cpu_s)

    @property
    def median_wall_s(self) -> float:
        return statistics.median(self.wall_s)

    @property
    def median_maxrss_kib(self) -> float:
        return statistics.median(self.maxrss_kib)

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "argv": self.argv,
            "cpu_s": self.cpu_s,
            "wall_s": self.wall_s,
            "maxrss_kib": self.maxrss_kib,
            "exit_codes": [sample.exit_code for sample in self.samples],
            "median_cpu_s": self.median_cpu_s,
            "min_cpu_s": min(self.cpu_s),
            "median_wall_s": self.median_wall_s,
            "min_wall_s": min(self.wall_s),
            "median_maxrss_kib": self.median_maxrss_kib,
            "min_maxrss_kib": min(self.maxrss_kib),
        }


@dataclass(frozen=True)
class Comparison:
    """A case against its baseline: each ratio is the case's median over the baseline's."""

    case: Case
    baseline: Case

    @property
    def cpu_ratio(self) -> float:
        return self.case.median_cpu_s / self.baseline.median_cpu_s

    @property
    def wall_ratio(self) -> float:
        return self.case.median_wall_s / self.baseline.median_wall_s

    @property
    def rss_ratio(self) -> float:
        return self.case.median_maxrss_kib / self.baseline.median_maxrss_kib

    def as_json(self) -> dict[str, Any]:
        return {
            "case": self.case.name,
            "baseline": self.baseline.name,
            "cpu_ratio": self.cpu_ratio,
            "wall_ratio": self.wall_ratio,
            "rss_ratio": self.rss_ratio,
        }


class ChildFailed(Exception):
    """A child exited with a code its case does not accept."""


def maxrss_kib(usage: struct_rusage) -> int:
    """ru_maxrss in KiB: Linux reports KiB, macOS bytes."""
    value = int(usage.ru_maxrss)
    return value // 1024 if sys.platform == "darwin" else value


def child_environment() -> dict[str, str]:
    """This process's environment, except PYTHONDONTWRITEBYTECODE.

    With it set, a package installed in editable mode (convcalc in a checkout) is compiled from
    source in every run while its dependencies load their installed bytecode: start-up would be
    measured with a cost no installed convcalc has. Without it, the warm-up writes the bytecode.
    """
    return {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def run_child(
    argv: Sequence[str], cwd: Path = ROOT, capture: bool = False
) -> tuple[Sample, str, str]:
    """Run one child to completion: its sample, and its stdout and stderr if `capture`."""
    with tempfile.TemporaryFile() as stdout_file, tempfile.TemporaryFile() as stderr_file:
        start = time.perf_counter()
        with subprocess.Popen(
            list(argv),
            cwd=cwd,
            env=child_environment(),
            stdin=subprocess.DEVNULL,
            stdout=stdout_file if capture else subprocess.DEVNULL,
            stderr=stderr_file,
        ) as process:
            _, status, usage = os.wait4(process.pid, 0)
            wall = time.perf_counter() - start
            # The child is reaped; tell Popen so that it does not wait for it again.
            process.returncode = os.waitstatus_to_exitcode(status)
        stdout_file.seek(0)
        stderr_file.seek(0)
        stdout = stdout_file.read().decode(errors="replace")
        stderr = stderr_file.read().decode(errors="replace")
    sample = Sample(
        cpu_s=usage.ru_utime + usage.ru_stime,
        wall_s=wall,
        maxrss_kib=maxrss_kib(usage),
        exit_code=process.returncode,
    )
    return sample, stdout, stderr


def run_once(case: Case) -> Sample:
    sample, _, stderr = run_child(case.argv, case.cwd)
    if sample.exit_code not in case.ok_codes:
        message = stderr.strip()
        raise ChildFailed(
            f"{case.name}: {' '.join(case.argv)} exited with {sample.exit_code}"
            + (f":\n{message[-2000:]}" if message else "")
        )
    return sample


def measure(cases: Sequence[Case], runs: int, warmup: int) -> None:
    """Warm up each case (disk cache, bytecode), then run them in turn, `runs` rounds."""
    progress = sys.stderr.isatty()
    for _ in range(warmup):
        for case in cases:
            run_once(case)
    for round_number in range(runs):
        if progress:
            print(f"round {round_number + 1}/{runs}", end="\r", file=sys.stderr, flush=True)
        for case in cases:
            case.samples.append(run_once(case))
    if progress:
        print(" " * 20, end="\r", file=sys.stderr, flush=True)


def parser(description: str, runs: int, warmup: int = 1) -> argparse.ArgumentParser:
    """An argument parser with the options every bench script has."""
    result = argparse.ArgumentParser(description=description)
    result.add_argument(
        "--runs", type=int, default=runs, help=f"timed runs per case (default {runs})"
    )
    result.add_argument(
        "--warmup", type=int, default=warmup, help=f"untimed runs per case first (default {warmup})"
    )
    result.add_argument("--json", action="store_true", help="print JSON instead of tables")
    result.add_argument(
        "--save", metavar="FILE", help="also write the JSON to FILE (tables still printed)"
    )
    return result


def check_options(argument_parser: argparse.ArgumentParser, options: argparse.Namespace) -> None:
    if options.runs < 1 or options.warmup < 0:
        argument_parser.error("--runs must be at least 1 and --warmup at least 0")
    if not hasattr(os, "wait4"):
        argument_parser.error("needs os.wait4 (Linux, macOS or another Unix)")


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def environment() -> dict[str, Any]:
    return {
        "python": sys.executable,
        "python_version": platform.python_version(),
        "platform": platform.platform(),
        "cpu": cpu_model(),
        "nproc": os.cpu_count(),
        "load_average": os.getloadavg() if hasattr(os, "getloadavg") else None,
        "date_utc": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }


def shown_command(argv: Sequence[str]) -> str:
    """The command as a shell would take it, with this interpreter shown as `python`."""
    words = ["python" if word == sys.executable else word for word in argv]
    return shlex.join(words)


def render(rows: Sequence[Sequence[str]]) -> str:
    """A plain-text table: the first row is the header, the first column left-aligned."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [row[0].ljust(widths[0])]
        cells += [cell.rjust(width) for cell, width in zip(row[1:], widths[1:], strict=True)]
        lines.append("  ".join(cells).rstrip())
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def cases_table(cases: Sequence[Case]) -> str:
    rows = [("case", "CPU ms med", "CPU ms min", "wall ms med", "wall ms min", "RSS MiB med")]
    for case in cases:
        rows.append(
            (
                case.name,
                f"{case.median_cpu_s * 1000:.1f}",
                f"{min(case.cpu_s) * 1000:.1f}",
                f"{case.median_wall_s * 1000:.1f}",
                f"{min(case.wall_s) * 1000:.1f}",
                f"{case.median_maxrss_kib / 1024:.1f}",
            )
        )
    return render(rows)


def comparisons_table(comparisons: Sequence[Comparison]) -> str:
    rows = [("case / baseline", "CPU ×", "wall ×", "RSS ×")]
    for comparison in comparisons:
        rows.append(
            (
                f"{comparison.case.name} / {comparison.baseline.name}",
                f"{comparison.cpu_ratio:.2f}",
                f"{comparison.wall_ratio:.2f}",
                f"{comparison.rss_ratio:.2f}",
            )
        )
    return render(rows)


def report(
    options: argparse.Namespace,
    cases: Sequence[Case],
    comparisons: Sequence[Comparison],
    derived: dict[str, Any] | None = None,
    notes: Sequence[str] = (),
) -> None:
    """Print the run as tables (or JSON with --json): cases, ratios, derived figures, notes."""
    derived = derived or {}
    payload = {
        **environment(),
        "runs": options.runs,
        "warmup": options.warmup,
        "cases": [case.as_json() for case in cases],
        "comparisons": [comparison.as_json() for comparison in comparisons],
        "derived": derived,
        "notes": list(notes),
    }
    if options.save:
        Path(options.save).write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    if options.json:
        print(json.dumps(payload, indent=2))
        return
    info = environment()
    print(
        f"{info['python']} (Python {info['python_version']}) on {info['platform']}, "
        f"{info['nproc']} CPUs ({info['cpu']}), load {info['load_average']}, {info['date_utc']}"
    )
    print(f"{options.runs} runs per case, alternating, after {options.warmup} warm-up")
    print()
    if cases:
        print(cases_table(cases))
        print()
        width = max(len(case.name) for case in cases)
        for case in cases:
            print(f"{case.name.ljust(width)}  {shown_command(case.argv)}")
        print()
    if comparisons:
        print(comparisons_table(comparisons))
        print()
        print("×: the case's median over the baseline's median (CPU = user + sys).")
    if derived:
        print()
        width = max(len(name) for name in derived)
        for name, value in derived.items():
            shown = str(value)
            if isinstance(value, float):
                shown = f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.3g}"
            print(f"{name.ljust(width)}  {shown}")
    for note in notes:
        print()
        print(note)
