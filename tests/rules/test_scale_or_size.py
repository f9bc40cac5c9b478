"""CC111 scale-or-size.

Its documented example (`convcalc rules CC111`, docs/diagnostics.md) reports it and nothing else;
the example fixed reports nothing."""

from __future__ import annotations

from collections.abc import Callable

CODE = "CC111"
# The documented example fixed: a scale alone.
FIXED = "input: [32, 32, 3]\nlayers:\n  - {type: upsample, scale: 2}\n"
OPTIONS: list[str] = []


# PyTorch refuses each of these (recorded by tools/record_torch_kinds.py): an error, and as it
# stops the layer nothing else goes wrong on a one-layer net.
REFUSED = {
    "scale-and-size": ("input: [5, 2]\nlayers: [{type: upsample, scale: 2, size: 10}]"),
    "neither": ("input: [5, 2]\nlayers: [upsample]"),
}


def test_a_second_input_gives_the_size_and_excludes_scale_and_size(
    reported_codes: Callable[..., list[str]],
) -> None:
    base = (
        "input: [16, 16, 3]\nlayers:\n  - {type: conv, name: a, filters: 4, kernel: 2, stride: 2}\n"
        "  - {type: upsample, name: up, from: [a, input]%s}\n"
    )
    assert reported_codes(base % "") == []
    assert reported_codes(base % ", scale: 2") == [CODE]
    assert reported_codes(base % ", size: 16") == [CODE]
