"""Start-up cost of `convcalc check`: whole-process CPU time, wall time and peak memory.

    python bench/startup.py [--runs N] [--warmup N] [--json-spec PATH] [--table-spec PATH] [--json]

Runs, with the interpreter running this script (sys.executable), N times each and alternating:

  floor: yaml, click        python -c "import yaml, click"
  floor: + rich.table       python -c "import yaml, click, rich.console, rich.table"
  old floor: + rich         python -c "import yaml, click, rich"
  check --format json       python -m convcalc check --format json specs/torchvision/resnet50.yaml
  check (table)             python -m convcalc check --format table specs/vgg16.yaml

and compares the JSON check with the first floor (JSON needs no rich), the table with the second,
and both with the old floor `import yaml, click, rich`. See bench/_measure.py for how.
"""

from __future__ import annotations

import sys

from _measure import ROOT, Case, Comparison, check_options, measure, parser, report

JSON_SPEC = "specs/torchvision/resnet50.yaml"
TABLE_SPEC = "specs/vgg16.yaml"


def main() -> int:
    argument_parser = parser(
        "Whole-process CPU time, wall time and peak RSS of `convcalc check` against "
        "importing its dependencies alone.",
        runs=20,
    )
    argument_parser.add_argument(
        "--json-spec", default=JSON_SPEC, help=f"spec for check --format json ({JSON_SPEC})"
    )
    argument_parser.add_argument(
        "--table-spec", default=TABLE_SPEC, help=f"spec for the table check ({TABLE_SPEC})"
    )
    options = argument_parser.parse_args()
    check_options(argument_parser, options)
    for spec in (options.json_spec, options.table_spec):
        if not (ROOT / spec).is_file():
            argument_parser.error(f"no such spec: {ROOT / spec}")

    python = sys.executable
    check = [python, "-m", "convcalc", "check"]
    floor = Case("floor", [python, "-c", "import yaml, click"])
    table_imports = "import yaml, click, rich.console, rich.table"
    table_floor = Case("table floor", [python, "-c", table_imports])
    old_floor = Case("old floor", [python, "-c", "import yaml, click, rich"])
    as_json = Case("check json", [*check, "--format", "json", options.json_spec])
    # Named: on a pipe, check's default format is concise, not table.
    as_table = Case("check table", [*check, "--format", "table", options.table_spec])
    cases = [floor, table_floor, old_floor, as_json, as_table]
    measure(cases, options.runs, options.warmup)
    comparisons = [
        Comparison(as_json, floor),
        Comparison(as_table, table_floor),
        Comparison(as_json, old_floor),
        Comparison(as_table, old_floor),
    ]
    report(
        options,
        cases,
        comparisons,
        notes=["Targets (issue 14): JSON ≤ 1.3× its floor, table ≤ 1.3× its floor (CPU)."],
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
