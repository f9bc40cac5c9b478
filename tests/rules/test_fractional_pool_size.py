"""CC235 fractional-pool-size.

Its documented example reports it and nothing else; the example fixed reports nothing. What
PyTorch refuses (recorded by tools/record_torch_plumbing.py, replayed by
tests/kinds/test_torch_plumbing_parity.py) is this error alone, at PyTorch's own bound: 2-D allows
`output + kernel - 1 == L`, 3-D does not."""

from __future__ import annotations

from conftest import calculated

CODE = "CC235"
FIXED = "input: [5, 5, 8]\nlayers:\n  - {type: fractional_maxpool, kernel: 3, output_size: 3}\n"


def test_the_bound_is_pytorchs_in_2d_and_3d() -> None:
    # FractionalMaxPool2d(3, output_size=4) on 6×6 runs; FractionalMaxPool3d(3, (4, 3, 3)) on
    # 6×6×6 is refused: "pool time 3 too large relative to input time 6".
    flat = "input: [6, 6, 2]\nlayers: [{type: fractional_maxpool, kernel: 3, output_size: 4}]"
    assert calculated(flat).diagnostics == ()
    volume = (
        "input: [6, 6, 6, 2]\n"
        "layers: [{type: FractionalMaxPool3d, kernel_size: 3, output_size: [4, 3, 3]}]"
    )
    assert [d.code for d in calculated(volume).diagnostics] == [CODE]


def test_neither_or_both_sizes() -> None:
    for fields in ("", ", output_size: 3, output_ratio: 0.5"):
        text = f"input: [6, 6, 2]\nlayers: [{{type: fractional_maxpool, kernel: 2{fields}}}]"
        assert [d.code for d in calculated(text).diagnostics] == [CODE]
