"""convcalc on a directory of many specs, against yamllint and against libyaml's C parser alone.

    python bench/many_files.py [--files N] [--yamllint PATH] [--runs N] [--json] [--keep DIR]

Writes N spec files (default 1,000) and 2N more into a temporary directory: copies of the
repository's specs/ with perturbations (a unique name, some comments dropped, the input image
size moved by a multiple of 32), then runs, alternating:

  check N         python -m convcalc check DIR_N --format concise
  check 2N        python -m convcalc check DIR_2N --format concise
  yamllint N      yamllint -d relaxed DIR_N
  libyaml N       python -c "<yaml.load(f, Loader=yaml.CSafeLoader) for every file>" DIR_N
  libyaml 2N      the same on DIR_2N

yamllint comes from --yamllint PATH or from PATH; when there is none its row is skipped with a
message. Peak RSS at N and 2N shows whether memory stays flat in the number of files.
See bench/_measure.py for how each figure is taken.
"""

from __future__ import annotations

import random
import re
import shutil
import sys
import tempfile
from pathlib import Path

from _measure import ROOT, Case, Comparison, check_options, measure, parser, report

# Parses every file with libyaml's C loader in one process: the floor for reading the same bytes.
LIBYAML = (
    "import pathlib, sys, yaml\n"
    'for path in sorted(pathlib.Path(sys.argv[1]).rglob("*.yaml")):\n'
    '    with open(path, "rb") as f:\n'
    "        yaml.load(f, Loader=yaml.CSafeLoader)\n"
)
NAME = re.compile(r"^name: (\S+)$", re.MULTILINE)
IMAGE_INPUT = re.compile(r"^input: \[(\d+), (\d+), (\d+)\]$", re.MULTILINE)


def perturbed(text: str, index: int, rng: random.Random) -> str:
    """A variant of a spec that stays a realistic spec: renamed, fewer comments, resized input."""
    text = NAME.sub(lambda match: f"name: {match.group(1)}_{index}", text, count=1)
    lines = [
        line
        for line in text.splitlines()
        if not (line.startswith("#") and "$schema" not in line and rng.random() < 0.3)
    ]
    text = "\n".join(lines) + "\n"

    def resize(match: re.Match[str]) -> str:
        height, width, channels = (int(group) for group in match.groups())
        if height != width or height < 64:
            return match.group(0)
        size = height + 32 * rng.choice((-1, 0, 0, 1, 2))
        return f"input: [{size}, {size}, {channels}]"

    return IMAGE_INPUT.sub(resize, text, count=1)


def write_specs(directory: Path, count: int, seed: int) -> None:
    """`count` perturbed copies of specs/, ten to a subdirectory as a repository would hold them."""
    bases = sorted((ROOT / "specs").rglob("*.yaml"))
    texts = [base.read_text(encoding="utf-8") for base in bases]
    rng = random.Random(seed)
    for index in range(count):
        base = bases[index % len(bases)]
        folder = directory / f"group{index // 10:04d}"
        folder.mkdir(parents=True, exist_ok=True)
        text = perturbed(texts[index % len(bases)], index, rng)
        (folder / f"{base.stem}_{index}.yaml").write_text(text, encoding="utf-8")


def find_yamllint(given: str | None) -> tuple[str | None, str]:
    """The yamllint to run, or None and why not."""
    if given is not None:
        if Path(given).is_file():
            return given, ""
        return None, f"--yamllint {given}: no such file"
    found = shutil.which("yamllint")
    return (found, "") if found else (None, "no yamllint on PATH and no --yamllint given")


def main() -> int:
    argument_parser = parser(
        "convcalc check of a directory of N specs against yamllint -d relaxed and libyaml's C "
        "loader; peak RSS at N and 2N files.",
        runs=3,
        warmup=0,
    )
    argument_parser.add_argument(
        "--files", type=int, default=1000, help="N, the number of spec files (default 1000)"
    )
    argument_parser.add_argument("--yamllint", metavar="PATH", help="the yamllint to run")
    argument_parser.add_argument(
        "--seed", type=int, default=14, help="seed of the perturbations (default 14)"
    )
    argument_parser.add_argument(
        "--keep", metavar="DIR", help="write the specs into DIR (kept) instead of a temporary one"
    )
    options = argument_parser.parse_args()
    check_options(argument_parser, options)
    if options.files < 1:
        argument_parser.error("--files must be at least 1")
    yamllint, why_not = find_yamllint(options.yamllint)

    with tempfile.TemporaryDirectory(prefix="convcalc-bench-") as temporary:
        top = Path(options.keep) if options.keep else Path(temporary)
        single, double = top / f"n{options.files}", top / f"n{2 * options.files}"
        write_specs(single, options.files, options.seed)
        write_specs(double, 2 * options.files, options.seed)
        python = sys.executable
        check = [python, "-m", "convcalc", "check"]
        # Exit code 1 is a finished run that found errors in some spec; 2 would be a failure.
        check_n = Case("check N", [*check, str(single), "--format", "concise"], frozenset({0, 1}))
        check_2n = Case("check 2N", [*check, str(double), "--format", "concise"], frozenset({0, 1}))
        libyaml_n = Case("libyaml N", [python, "-c", LIBYAML, str(single)])
        libyaml_2n = Case("libyaml 2N", [python, "-c", LIBYAML, str(double)])
        cases = [check_n, check_2n, libyaml_n, libyaml_2n]
        comparisons = [Comparison(check_n, libyaml_n), Comparison(check_2n, check_n)]
        notes = [f"N = {options.files:,} files in {single}, 2N in {double}."]
        if yamllint is not None:
            lint_n = Case("yamllint N", [yamllint, "-d", "relaxed", str(single)], frozenset({0, 1}))
            cases.insert(2, lint_n)
            comparisons.insert(0, Comparison(check_n, lint_n))
        else:
            notes.append(f"yamllint row skipped: {why_not}.")
        measure(cases, options.runs, options.warmup)
        comparisons.append(Comparison(libyaml_2n, libyaml_n))
        derived = {
            "check: peak RSS MiB at N": check_n.median_maxrss_kib / 1024,
            "check: peak RSS MiB at 2N": check_2n.median_maxrss_kib / 1024,
            "check: KiB more per file from N to 2N": (
                (check_2n.median_maxrss_kib - check_n.median_maxrss_kib) / options.files
            ),
            "check: CPU ms per file (2N − N)": (
                (check_2n.median_cpu_s - check_n.median_cpu_s) * 1000 / options.files
            ),
        }
        notes.append(
            "Targets (issue 14): check N ≤ 0.1× yamllint N and ≤ 3× libyaml N (CPU); "
            "memory flat in the number of files."
        )
        report(options, cases, comparisons, derived, notes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
