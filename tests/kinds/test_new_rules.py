"""Each diagnostic added with the newer kinds, on a malformed spec (PyTorch's conditions were
recorded by tools/record_torch_kinds.py; the messages are quoted in each rule's doc)."""

from __future__ import annotations

import pytest

from convcalc.core.diagnostics import Severity
from convcalc.core.settings import AnalysisSettings
from convcalc.engine.calculator import analyse_network
from convcalc.load.files import load_text
from convcalc.rules.table import RULES


def diagnostics(text: str, framework: str = "pytorch") -> list[tuple[str, str]]:
    network, problems = load_text(text, "net.yaml")
    assert network is not None, [p.message for p in problems]
    report = analyse_network(network, AnalysisSettings(framework=framework))
    return [(d.code, d.message) for d in report.diagnostics]


def codes(text: str, framework: str = "pytorch") -> list[str]:
    return [code for code, _ in diagnostics(text, framework)]


CASES = [
    # ConvTranspose1d on 4 with k 1, padding 2: (4 − 1)·1 − 4 + 0 + 0 + 1 = 0
    ("CC108", "input: [4, 8]\nlayers: [{type: conv_transpose, filters: 2, kernel: 1, padding: 2}]"),
    # Upsample scale 0.1 on 5: floor(0.5) = 0
    ("CC108", "input: [5, 5, 2]\nlayers: [{type: upsample, scale: 0.1}]"),
    (
        "CC109",
        "input: [8, 2]\nlayers: [{type: conv_transpose, filters: 2, kernel: 3, stride: 2, "
        "output_padding: 2}]",
    ),
    ("CC110", "input: [5, 4, 2]\nlayers: [{type: reflection_pad, padding: [[0, 0], [4, 0]]}]"),
    ("CC110", "input: [5, 2]\nlayers: [{type: CircularPad1d, padding: 6}]"),
    (
        "CC110",
        "input: [5, 2]\nlayers: [{type: conv, filters: 2, kernel: 3, padding: 5, "
        "padding_mode: reflect}]",
    ),
    ("CC111", "input: [5, 2]\nlayers: [{type: upsample, scale: 2, size: 10}]"),
    ("CC111", "input: [5, 2]\nlayers: [upsample]"),
    ("CC112", "input: [5, 2]\nlayers: [{type: upsample, scale: 2, mode: bilinear}]"),
    ("CC112", "input: [5, 2]\nlayers: [{type: upsample, scale: 2, align_corners: false}]"),
    ("CC115", "input: [1, 1, 4]\nlayers: [instancenorm]"),
    ("CC205", "input: [4, 5, 2]\nlayers: [{type: layernorm, normalized_shape: 5}]"),
    ("CC206", "input: [4, 4, 4]\nlayers: [{type: groupnorm, num_groups: 3}]"),
    ("CC208", "input: [5, 4, 2]\nlayers: [{type: prelu, num_parameters: 3}]"),
    # groups: in with 6 filters on 4 channels: "out_channels must be divisible by groups"
    ("CC201", "input: [5, 5, 4]\nlayers: [{type: conv, filters: 6, kernel: 3, groups: in}]"),
    ("CC202", "input: [5, 5, 4]\nlayers: [{type: groupnorm, num_groups: 2, num_channels: 8}]"),
]


@pytest.mark.parametrize(
    ("code", "text"), CASES, ids=[f"{c}-{i}" for i, (c, _) in enumerate(CASES)]
)
def test_rule_fires_as_an_error(code: str, text: str) -> None:
    found = codes(text)
    assert code in found, diagnostics(text)
    assert RULES[code].severity == Severity.ERROR
    # An error stops this layer: nothing else goes wrong on a one-layer net.
    assert len(set(found)) == 1, found


def test_empty_output_shows_the_equation() -> None:
    ((_, message),) = diagnostics(
        "input: [4, 8]\nlayers: [{type: conv_transpose, filters: 2, kernel: 1, padding: 2}]"
    )
    assert "(4 − 1)·1 − 2 − 2 + 1·(1 − 1) + 0 + 1 = 0" in message
    ((_, message),) = diagnostics("input: [5, 2]\nlayers: [{type: upsample, scale: 0.1}]")
    assert "floor(5 × 0.1) = 0" in message


def test_output_padding_below_dilation_is_fine() -> None:
    # PyTorch accepts output_padding 2 with stride 1 and dilation 3 (2 < 3).
    text = (
        "input: [5, 2]\nlayers: [{type: conv_transpose, filters: 2, kernel: 3, dilation: 3, "
        "output_padding: 2}]"
    )
    assert codes(text) == []


def test_padding_limits_at_the_edge() -> None:
    # reflect: each side < L (4 on 5 fine); circular: each side <= L (5 on 5 fine); replicate: any.
    assert codes("input: [5, 2]\nlayers: [{type: reflection_pad, padding: 4}]") == []
    assert codes("input: [5, 2]\nlayers: [{type: circular_pad, padding: [[5, 0]]}]") == []
    assert codes("input: [1, 2]\nlayers: [{type: replication_pad, padding: 50}]") == []
    # PyTorch 'same' with reflect on 5 with kernel 12 pads (5, 6): refused.
    text = (
        "input: [5, 2]\nlayers: [{type: conv, filters: 2, kernel: 12, padding: same, "
        "padding_mode: reflect}]"
    )
    assert codes(text) == ["CC110"]


def test_groupnorm_single_value_is_a_warning() -> None:
    text = "input: [1, 1, 32]\nlayers: [{type: groupnorm, num_groups: 32}]"
    assert codes(text) == ["CC207"]
    assert RULES["CC207"].severity == Severity.WARNING


def test_instancenorm_on_a_flat_input_needs_spatial() -> None:
    assert codes("input: [16]\nlayers: [instancenorm]") == ["CC013"]


def test_prelu_channels_keyword_is_fine() -> None:
    assert codes("input: [5, 4, 2]\nlayers: [{type: prelu, num_parameters: 2}]") == []


def test_layernorm_mismatch_hint_lists_trailing_shapes() -> None:
    ((code, message),) = diagnostics(
        "input: [4, 5, 2]\nlayers: [{type: layernorm, normalized_shape: [4, 2]}]"
    )
    assert code == "CC205"
    assert "4×2" in message


def test_new_rule_codes_are_in_their_ranges() -> None:
    new = {"CC108", "CC109", "CC110", "CC111", "CC112", "CC113", "CC114", "CC115"}
    new |= {"CC205", "CC206", "CC207", "CC208"}
    assert new <= set(RULES)
    for code in new:
        rule = RULES[code]
        assert rule.doc.strip() and rule.example.strip(), code
