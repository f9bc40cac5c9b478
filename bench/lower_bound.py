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


def stand_in_case(
    output_name: str, label: str, floor: str, modules: int, spec: str, output: Path
) -> Case:
    """A stand-in program's case, run in the directory of its script and modules."""
    script = stand_in(
        f"{output_name}_{'modules' if modules else 'read_write'}",
        floor,
        modules,
        spec,
        output,
        output.parent,
    )
    return Case(f"{output_name} {label}", script, cwd=output.parent, ok_codes=frozenset({0, 1}))


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
    # Per output: its floor's imports, the spec it checks, the file its prepared output goes to.
    outputs = {
        "json": ("import yaml, click", options.json_spec, "report.json"),
        "table": ("import yaml, click, rich.console, rich.table", options.table_spec, "report.txt"),
    }
    runs = {
        name: convcalc_run(["check", "--format", name, spec])
        for name, (_, spec, _) in outputs.items()
    }
    modules = {name: count for name, (_, count) in runs.items()}
    cases: list[Case] = []
    comparisons: list[Comparison] = []
    derived = {}
    with tempfile.TemporaryDirectory(prefix="convcalc-lower-bound-") as temporary:
        directory = Path(temporary)
        write_modules(directory, max(modules.values()))
        for name, (floor_imports, spec, file_name) in outputs.items():
            output = directory / file_name
            output.write_text(runs[name][0], encoding="utf-8")
            count = modules[name]

            floor = Case(f"{name} floor", [python, "-c", floor_imports], cwd=directory)
            bound = stand_in_case(name, f"+ {count} modules", floor_imports, count, spec, output)
            group = [
                floor,
                stand_in_case(name, "read+write", floor_imports, 0, spec, output),
                bound,
                Case(
                    f"check {name}",
                    [python, "-m", "convcalc", "check", "--format", name, spec],
                    ok_codes=frozenset({0, 1}),
                ),
            ]
            cases += group
            comparisons += [Comparison(case, floor) for case in group[1:]]
            key = f"{name}: CPU ms left under {TARGET}× after read, write and imports"
            derived[key] = (floor, bound)
        measure(cases, options.runs, options.warmup)
    left = {
        key: round((TARGET * floor.median_cpu_s - bound.median_cpu_s) * 1000, 1)
        for key, (floor, bound) in derived.items()
    }
    report(
        options,
        cases,
        comparisons,
        derived=left,
        notes=[
            f"Modules: the number of convcalc modules each check imported ({modules['json']} for"
            f" JSON, {modules['table']} for the table), stood in for by modules smaller than any"
            " of them.",
            f"Target (issue 14): each check ≤ {TARGET}× its floor (CPU).",
        ],
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
