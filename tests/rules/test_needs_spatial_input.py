"""CC013 needs-spatial-input.

Its documented example (`convcalc rules CC013`, docs/diagnostics.md) reports it and nothing else;
the example fixed reports nothing."""

from __future__ import annotations

from conftest import calculated

CODE = "CC013"
# The documented example fixed: the convolution before the flatten.
FIXED = "input: [32, 32, 3]\nlayers:\n  - {type: conv, filters: 8, kernel: 3}\n  - flatten\n"
OPTIONS: list[str] = []


def test_instancenorm_on_a_flat_input_needs_spatial() -> None:
    text = "input: [16]\nlayers: [instancenorm]"
    assert [diagnostic.code for diagnostic in calculated(text).diagnostics] == [CODE]
