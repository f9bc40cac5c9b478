"""How much of the start-up targets any `check` must spend before it calculates anything.

    python bench/lower_bound.py [--runs N] [--warmup N] [--json-spec PATH] [--table-spec PATH]

startup.py compares `check` with importing its dependencies. This script measures, in the same
way and the same run, three programs that do only part of a check's work, to show how much of the
1.3× budget is left for the rest:

  floor                 python -c "import yaml, click"
  read + write          the floor, then the spec composed by libyaml (line and column of every
                        node: what convcalc needs to point at a problem) and convcalc's own JSON
                        report of it written with click.echo, as bytes prepared beforehand
  + N modules           the same, after importing N generated modules, each smaller than any of
                        convcalc's (a docstring, a function, a constant): N is the number of
                        convcalc modules `check --format json SPEC` imports, counted first
  check json            python -m convcalc check --format json SPEC

and the same three for the table against `import yaml, click, rich.console, rich.table` (the table's
text written as prepared bytes, so without rich's own rendering). The difference between "+ N
modules" and 1.3× of its floor is what is left, at best, for everything else a check does: build
the specs, calculate, apply the rules, read the configuration, lay out the report. See
bench/_measure.py for how each figure is taken. Keep --warmup at 1 or more: the warm-up writes the
stand-in modules' bytecode, as an installed convcalc has its own.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from _measure import (
    ROOT,
    Case,
    Comparison,
    check_options,
    child_environment,
    measure,
    parser,
    report,
)

JSON_SPEC = "specs/torchvision/resnet50.yaml"
TABLE_SPEC = "specs/vgg16.yaml"
TARGET = 1.3

# Prints, at exit, how many convcalc modules a run imported (to stderr, after its output).
COUNT_MODULES = """\
import atexit, runpy, sys
atexit.register(lambda: print(
    sum(1 for name in sys.modules if name.split(".")[0] == "convcalc"), file=sys.stderr))
sys.argv = ["convcalc", *sys.argv[1:]]
runpy.run_module("convcalc", run_name="__main__", alter_sys=True)
"""

# A module smaller than any of convcalc's rule or kind modules.
MODULE = '''"""Module {index}: what a rule module holds, at its smallest."""

from __future__ import annotations

from collections.abc import Iterator


def check(value: int) -> Iterator[int]:
    if value > {index}:
        yield value


LIMIT = {index}
'''

# The floor's imports, the spec read as convcalc reads it, the prepared output written.
READ_WRITE = """\
import sys
{floor}
{modules}
with open(sys.argv[1], encoding="utf-8") as spec:
    yaml.compose(spec.read(), Loader=yaml.CSafeLoader)
with open(sys.argv[2], encoding="utf-8") as output:
    click.echo(output.read(), nl=False)
"""


def convcalc_run(arguments: list[str]) -> tuple[str, int]:
    """convcalc's output for `arguments` and the number of its modules the run imported."""
    done = subprocess.run(
        [sys.executable, "-c", COUNT_MODULES, *arguments],
        cwd=ROOT,
        env=child_environment(),
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode not in (0, 1):
        raise SystemExit(f"convcalc {' '.join(arguments)} exited with {done.returncode}")
    return done.stdout, int(done.stderr.strip().splitlines()[-1])


def write_modules(directory: Path, count: int) -> None:
    package = directory / "stand_ins"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    for index in range(count):
        (package / f"m{index}.py").write_text(MODULE.format(index=index), encoding="utf-8")


def stand_in(
    name: str, floor: str, modules: int, spec: str, output: Path, directory: Path
) -> list[str]:
    """A program doing the floor's imports, `modules` module imports, the read and the write,
    written to `name`.py in `directory` (first on its sys.path: the stand-in modules are there)."""
    importing = f'for index in range({modules}):\n    __import__(f"stand_ins.m{{index}}")'
    program = READ_WRITE.format(floor=floor, modules=importing if modules else "")
    script = directory / f"{name}.py"
    script.write_text(program, encoding="utf-8")
    return [sys.executable, str(script), str(ROOT / spec), str(output)]


def main() -> int:
    argument_parser = parser(
        "What reading a spec, writing its report and importing as many modules as convcalc "
        "does cost, against the start-up floors.",
        runs=15,
    )
    argument_parser.add_argument("--json-spec", default=JSON_SPEC, help=f"({JSON_SPEC})")
    argument_parser.add_argument("--table-spec", default=TABLE_SPEC, help=f"({TABLE_SPEC})")
    options = argument_parser.parse_args()
    check_options(argument_parser, options)
    python = sys.executable
    json_floor = "import yaml, click"
    table_floor = "import yaml, click, rich.console, rich.table"
    json_arguments = ["check", "--format", "json", options.json_spec]
    table_arguments = ["check", "--format", "table", options.table_spec]
    json_output, json_modules = convcalc_run(json_arguments)
    table_output, table_modules = convcalc_run(table_arguments)
    with tempfile.TemporaryDirectory(prefix="convcalc-lower-bound-") as temporary:
        directory = Path(temporary)
        write_modules(directory, max(json_modules, table_modules))
        json_file, table_file = directory / "report.json", directory / "report.txt"
        json_file.write_text(json_output, encoding="utf-8")
        table_file.write_text(table_output, encoding="utf-8")

        def case(name: str, argv: list[str]) -> Case:
            return Case(name, argv, cwd=directory, ok_codes=frozenset({0, 1}))

        cases = [
            case("json floor", [python, "-c", json_floor]),
            case(
                "json read+write",
                stand_in("json_read_write", json_floor, 0, options.json_spec, json_file, directory),
            ),
            case(
                f"json + {json_modules} modules",
                stand_in(
                    "json_modules",
                    json_floor,
                    json_modules,
                    options.json_spec,
                    json_file,
                    directory,
                ),
            ),
            Case(
                "check json",
                [python, "-m", "convcalc", *json_arguments],
                ok_codes=frozenset({0, 1}),
            ),
            case("table floor", [python, "-c", table_floor]),
            case(
                "table read+write",
                stand_in(
                    "table_read_write", table_floor, 0, options.table_spec, table_file, directory
                ),
            ),
            case(
                f"table + {table_modules} modules",
                stand_in(
                    "table_modules",
                    table_floor,
                    table_modules,
                    options.table_spec,
                    table_file,
                    directory,
                ),
            ),
            Case(
                "check table",
                [python, "-m", "convcalc", *table_arguments],
                ok_codes=frozenset({0, 1}),
            ),
        ]
        measure(cases, options.runs, options.warmup)
    comparisons = [Comparison(cases[index], cases[0]) for index in (1, 2, 3)]
    comparisons += [Comparison(cases[index], cases[4]) for index in (5, 6, 7)]
    derived = {}
    for floor, bound, name in ((cases[0], cases[2], "json"), (cases[4], cases[6], "table")):
        budget = TARGET * floor.median_cpu_s - bound.median_cpu_s
        derived[f"{name}: CPU ms left under {TARGET}× after read, write and imports"] = round(
            budget * 1000, 1
        )
    report(
        options,
        cases,
        comparisons,
        derived=derived,
        notes=[
            f"Modules: the number of convcalc modules each check imported ({json_modules} for JSON,"
            f" {table_modules} for the table), stood in for by modules smaller than any of them.",
            f"Target (issue 14): each check ≤ {TARGET}× its floor (CPU).",
        ],
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
