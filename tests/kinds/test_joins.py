"""Joins and the receptive field through them; expected values worked by hand in comments."""

from __future__ import annotations

from convcalc.core.settings import CalculationSettings
from convcalc.engine.calculator import calculate_network
from convcalc.engine.results import NetworkReport
from convcalc.load.files import load_text


def calculate(text: str) -> NetworkReport:
    network, problems = load_text(text, "net.yaml")
    assert network is not None, problems
    return calculate_network(network, CalculationSettings())


def output(report: NetworkReport, name: str, layout: str = "hwc") -> list[int] | None:
    for layer in report.layers:
        if layer.spec.name == name:
            return layer.output_shape.in_layout(layout) if layer.output_shape else None
    raise KeyError(name)


def codes(report: NetworkReport) -> list[str]:
    return [d.code for d in report.diagnostics]


INCEPTION = """
input: [56, 56, 64]
layers:
  - {type: conv, name: b1, filters: 64, kernel: 1}
  - {type: conv, name: b3, from: input, filters: 96, kernel: 3, padding: 1}
  - {type: maxpool, name: pool, from: input, kernel: 3, stride: 1, padding: 1}
  - {type: concat, name: cat, from: [b1, b3, pool]}
"""


def test_concat_stacks_channels() -> None:
    report = calculate(INCEPTION)
    assert output(report, "cat") == [56, 56, 64 + 96 + 64]
    assert codes(report) == []


def test_concat_union_of_receptive_fields() -> None:
    # b1 sees 1 pixel, b3 and pool see 3 centred on it: the union is 3, padding 1, jump 1.
    field = calculate(INCEPTION).layers[3].receptive_field
    assert field is not None
    assert (field.size, field.jump, field.padding) == ((3, 3), (1, 1), (1, 1))


def test_concat_along_a_spatial_axis() -> None:
    report = calculate(
        "input: [28, 28, 8]\nlayers:\n"
        "  - {type: maxpool, name: half, kernel: [2, 1]}\n"  # 14x28x8
        "  - {type: concat, name: cat, from: [input, half], axis: 0}\n"
    )
    assert output(report, "cat") == [28 + 14, 28, 8]


def test_concat_in_chw_layout_joins_channels() -> None:
    report = calculate(
        "input: [3, 32, 32]\nlayout: chw\nlayers:\n"
        "  - {type: conv, name: a, filters: 8, kernel: 1}\n"
        "  - {type: concat, name: cat, from: [input, a]}\n"
    )
    assert output(report, "cat", "chw") == [11, 32, 32]


def test_concat_mismatch_names_both_branches() -> None:
    report = calculate(
        "input: [32, 32, 8]\nlayers:\n"
        "  - {type: maxpool, name: a, kernel: 2}\n"  # 16x16x8
        "  - {type: concat, name: cat, from: [input, a]}\n"
    )
    assert codes(report) == ["CC220"]
    message = report.diagnostics[0].message
    assert "input is 32×32×8" in message
    assert "a is 16×16×8" in message


def test_add_needs_equal_shapes() -> None:
    report = calculate(
        "input: [56, 56, 64]\nlayers:\n"
        "  - {type: conv, name: main, filters: 128, kernel: 3, padding: 1}\n"
        "  - {type: add, name: sum, from: [main, input]}\n"
        "  - relu\n"
    )
    assert codes(report) == ["CC220"]
    assert "main is 56×56×128" in report.diagnostics[0].message
    assert [layer.calculated for layer in report.layers] == [True, True, False]


def test_multiply_broadcasts_a_gate() -> None:
    # squeeze-and-excitation: 1x1xC gate times HxWxC features
    report = calculate(
        "input: [56, 56, 64]\nlayers:\n"
        "  - {type: avgpool, name: squeeze, kernel: 56}\n"  # 1x1x64
        "  - {type: conv, name: gate, filters: 64, kernel: 1}\n"
        "  - {type: multiply, name: scaled, from: [input, gate]}\n"
    )
    assert output(report, "scaled") == [56, 56, 64]
    assert codes(report) == []


def test_multiply_that_does_not_broadcast() -> None:
    report = calculate(
        "input: [56, 56, 64]\nlayers:\n"
        "  - {type: maxpool, name: half, kernel: 2}\n"
        "  - {type: multiply, from: [input, half]}\n"
    )
    assert codes(report) == ["CC220"]


def test_misaligned_branches_warn() -> None:
    # a: k3 pad 1 sees [-1, 1] (centre 0); b: k3 padded 2 before sees [-2, 0] (centre -1).
    report = calculate(
        "input: [16, 4]\nlayers:\n"
        "  - {type: conv, name: a, filters: 4, kernel: 3, padding: 1}\n"
        "  - {type: conv, name: b, from: input, filters: 4, kernel: 3, padding: [[2, 0]]}\n"
        "  - {type: add, name: sum, from: [a, b]}\n"
    )
    assert codes(report) == ["CC120"]
    field = report.layers[2].receptive_field
    assert field is not None
    # union [-2, 1]: size 4, padding 2
    assert (field.size, field.padding) == ((4,), (2,))


def test_named_outputs() -> None:
    report = calculate(
        "input: [32, 32, 3]\noutputs: [stem, head]\nlayers:\n"
        "  - {type: conv, name: stem, filters: 8, kernel: 3}\n"
        "  - {type: conv, name: head, filters: 4, kernel: 3}\n"
        "  - {type: conv, name: aux, from: stem, filters: 2, kernel: 1}\n"
    )
    assert report.totals is not None
    outputs = {name: shape.in_layout("hwc") for name, shape in report.totals.outputs if shape}
    assert outputs == {"stem": [30, 30, 8], "head": [28, 28, 4]}
