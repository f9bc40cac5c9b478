"""The kind registry imports a kind's module when the kind is first looked up, through the index
in convcalc/kinds/index.py (written by tools/kind_index.py): the index must say what the modules
themselves define, and the registry must read as the dict of every kind it always was."""

from __future__ import annotations

import pytest
from conftest import run_python

from convcalc.kinds import KINDS, MODULES, lookup_kind, module_kinds
from convcalc.kinds.base import normalise_kind
from convcalc.kinds.index import KIND_MODULES, SPELLINGS


def test_the_index_names_each_kinds_module_in_registry_order() -> None:
    defined = [(kind.name, module) for module in MODULES for kind in module_kinds(module)]
    assert list(KIND_MODULES.items()) == defined
    assert len({name for name, _ in defined}) == len(defined)  # no two kinds share a name


def test_every_spelling_in_a_module_is_indexed_with_its_rank() -> None:
    for module in MODULES:
        for kind in module_kinds(module):
            assert lookup_kind(kind.name) == (kind, None) or kind.name in _shadowed()
            for alias, rank in kind.aliases.items():
                found = SPELLINGS[normalise_kind(alias)]
                assert found == (kind.name, rank) or normalise_kind(alias) in _shadowed()
    written = {
        normalise_kind(spelling)
        for module in MODULES
        for kind in module_kinds(module)
        for spelling in (kind.name, *kind.aliases)
    }
    assert set(SPELLINGS) == written


def _shadowed() -> set[str]:
    """Spellings two kinds claim: the later in registry order wins, as it always did."""
    seen: dict[str, int] = {}
    for module in MODULES:
        for kind in module_kinds(module):
            for spelling in {normalise_kind(s) for s in (kind.name, *kind.aliases)}:
                seen[spelling] = seen.get(spelling, 0) + 1
    return {spelling for spelling, count in seen.items() if count > 1}


def test_the_index_file_is_what_the_tool_writes() -> None:
    result = run_python("tools/kind_index.py", "--check")
    assert result.returncode == 0, result.stderr


def test_the_registry_reads_as_a_dict_of_every_kind() -> None:
    every = {kind.name: kind for module in MODULES for kind in module_kinds(module)}
    assert list(KINDS) == list(every)
    assert len(KINDS) == len(every)
    assert list(KINDS.values()) == list(every.values())
    assert list(KINDS.items()) == list(every.items())
    assert "conv" in KINDS and "no_such_kind" not in KINDS
    assert KINDS.get("no_such_kind") is None
    assert KINDS.get("conv") is every["conv"]
    with pytest.raises(KeyError):
        KINDS["no_such_kind"]


def test_looking_a_kind_up_imports_its_module_alone() -> None:
    script = (
        "import sys\n"
        "from convcalc.kinds import KINDS, lookup_kind\n"
        "before = {m for m in sys.modules if m.startswith('convcalc.kinds.')}\n"
        "found = lookup_kind('Conv2d')\n"
        "assert found is not None and found[0] is KINDS['conv'] and found[1] == 2\n"
        "print(sorted({m for m in sys.modules if m.startswith('convcalc.kinds.')} - before))\n"
        "print(len(list(KINDS.values())))\n"
    )
    result = run_python("-c", script)
    assert result.returncode == 0, result.stderr
    loaded, count = result.stdout.splitlines()
    # conv's module and what it imports itself (the activations a conv may fuse), no others
    assert loaded == str(
        ["convcalc.kinds._common", "convcalc.kinds.activation", "convcalc.kinds.conv"]
    )
    assert int(count) == len(KIND_MODULES)
