"""A check imports only the rule modules its spec's kinds need, through the index in
convcalc/rules/index.py (written by tools/rule_index.py): the index must say what every check's
`concerns` says of every kind (tests/engine/test_check_dispatch.py shows those never lose a
finding)."""

from __future__ import annotations

from conftest import run_python

from convcalc.kinds import KINDS
from convcalc.rules.checks import NETWORK_CHECKS, checks_concerning, layer_checks, module_name
from convcalc.rules.index import CONCERNED


def test_the_index_lists_for_each_kind_the_checks_that_concern_it() -> None:
    checks = layer_checks()
    assert list(CONCERNED) == list(KINDS)
    for name, kind in KINDS.items():
        wanted = tuple(found for found in checks if found.concerns(kind))
        assert checks_concerning(name) == wanted, name


def test_the_index_file_is_what_the_tool_writes() -> None:
    result = run_python("tools/rule_index.py", "--check")
    assert result.returncode == 0, result.stderr


def test_a_spec_of_few_kinds_imports_only_their_rule_modules() -> None:
    script = (
        "import sys\n"
        "from convcalc.engine.calculator import calculate_network\n"
        "from convcalc.core.settings import CalculationSettings\n"
        "from convcalc.load.files import load_text\n"
        "network, _ = load_text('input: [8, 8, 3]\\nlayers:\\n  - {type: relu}\\n', 's.yaml')\n"
        "calculate_network(network, CalculationSettings())\n"
        "print(sorted(m for m in sys.modules if m.startswith('convcalc.rules.')"
        " and m[15:] not in ('base', 'checks', 'index', 'table', '_text')))\n"
    )
    result = run_python("-c", script)
    assert result.returncode == 0, result.stderr
    network_rules = [module_name(found.rule) for found in NETWORK_CHECKS]
    relu_rules = [module_name(found.rule) for found in checks_concerning("relu")]
    assert result.stdout.strip() == str(sorted({*network_rules, *relu_rules}))
    assert len(relu_rules) < len(layer_checks()) / 2
