"""CC207 groupnorm-single-value.

Its documented example (`convcalc rules CC207`, docs/diagnostics.md) reports it and nothing else;
the example fixed reports nothing."""

from __future__ import annotations

from conftest import calculated

from convcalc.core.diagnostics import Severity
from convcalc.rules.table import RULES

CODE = "CC207"
# The documented example fixed: groups of more than one value.
FIXED = "input: [4, 4, 32]\nlayers:\n  - {type: groupnorm, num_groups: 32}\n"
OPTIONS: list[str] = []


def test_a_single_value_per_group_is_a_warning() -> None:
    text = "input: [1, 1, 32]\nlayers: [{type: groupnorm, num_groups: 32}]"
    assert [diagnostic.code for diagnostic in calculated(text).diagnostics] == [CODE]
    assert RULES[CODE].severity == Severity.WARNING
