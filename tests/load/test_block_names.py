"""torchvision's module names written with blocks: `names:` templates on a repeated use and
`flat:` uses numbered into a parent Sequential. That the zoo's DenseNet, RegNet and VGG-BN
specs come out with torchvision's very names is checked against the recorded modules in
tests/test_zoo.py; here, the syntax's own contract: the numbering rules and the errors."""

from __future__ import annotations

import pytest

from convcalc.load.files import load_text

DENSE = """\
input: [8, 8, 4]
blocks:
  unit:
    args: {filters: 2}
    layers:
      - {type: conv, name: conv, filters: $filters, kernel: 1}
      - {type: concat, name: cat, from: [input, conv]}
layers:
  - {type: unit, name: features.denseblock1, repeat: 3, NAMES}
"""

VGG_BN = """\
input: [32, 32, 3]
blocks:
  conv_bn_relu:
    args: {filters: null}
    layers:
      - {type: conv, name: conv, filters: $filters, kernel: 3, padding: 1}
      - {type: batchnorm, from: conv}
      - relu
  stage:
    args: {filters: null, convs: 1}
    layers:
      - {type: conv_bn_relu, flat: true, repeat: $convs, filters: $filters}
      - {type: maxpool, kernel: 2}
layers:
  - {type: stage, name: features, flat: true, filters: 8}
  - {type: stage, name: features, flat: true, filters: 16, convs: 2}
  - {type: conv, name: features.11, filters: 4, kernel: 1}
  - {type: conv_bn_relu, name: features, flat: true, filters: 4}
"""


def names(text: str) -> list[str]:
    network, problems = load_text(text, "net.yaml")
    assert network is not None, problems
    return [layer.name for layer in network.layers]


def problem(text: str) -> tuple[str, int | None, int | None, str | None]:
    network, problems = load_text(text, "net.yaml")
    assert network is None
    [found] = problems
    return found.message, found.location.line, found.location.column, found.hint


@pytest.mark.parametrize(
    ("template", "instances"),
    [
        ('names: "denselayer{n}"', ["denselayer1", "denselayer2", "denselayer3"]),
        ('names: "block2-{i}"', ["block2-0", "block2-1", "block2-2"]),
        ('names: "u{i}_{n}"', ["u0_1", "u1_2", "u2_3"]),
    ],
)
def test_names_template_counts_from_0_or_1(template: str, instances: list[str]) -> None:
    expected = [
        f"features.denseblock1.{instance}.{layer}"
        for instance in instances
        for layer in ("conv", "cat")
    ]
    assert names(DENSE.replace("NAMES", template)) == expected


def test_named_instances_are_block_instances_and_inner_references_stay_local() -> None:
    network, _ = load_text(DENSE.replace("NAMES", 'names: "denselayer{n}"'), "net.yaml")
    assert network is not None
    assert network.block_names["features.denseblock1"] == "unit×3"
    assert network.block_names["features.denseblock1.denselayer2"] == "unit"
    second_cat = network.layers[3]
    assert second_cat.inputs == (
        "features.denseblock1.denselayer1.cat",
        "features.denseblock1.denselayer2.conv",
    )


def test_flat_uses_number_their_layers_into_the_named_sequence() -> None:
    # conv, bn, relu, pool | conv, bn, relu, conv, bn, relu, pool | an explicit 11 | 12, 13, 14
    assert names(VGG_BN) == [f"features.{index}" for index in range(15)]


def test_a_name_written_inside_a_flat_block_still_serves_from() -> None:
    network, _ = load_text(VGG_BN, "net.yaml")
    assert network is not None
    assert network.layers[1].inputs == ("features.0",)  # `from: conv`
    assert "features" not in network.block_outputs  # a flat use has no instance of its own


@pytest.mark.parametrize(
    ("template", "words", "column"),
    [
        ('names: "layer{x}"', ["`{x}`"], 64),
        ('names: "layer{n"', ["unmatched brace"], 64),
        ('names: "layer"', ["same name"], 64),
        ("names: [a]", ["template"], 64),
        ('names: "layer{n}", flat: true', ["cannot go together"], 57),
    ],
)
def test_bad_templates_are_located_errors(template: str, words: list[str], column: int) -> None:
    message, line, at, hint = problem(DENSE.replace("NAMES", template))
    assert all(word in message for word in words), message
    assert (line, at) == (9, column)
    assert hint is None or "{n}" in hint or "drop" in hint


def test_a_clash_with_a_numbered_name_is_a_duplicate_name_error() -> None:
    text = VGG_BN.replace("features.11", "features.10")
    message, line, _column, _hint = problem(text)
    # The explicit name comes second: it is the one refused, pointing at where 10 was taken.
    assert "`features.10` is already used (line 13)" in message  # stage 2's pool
    assert line == 17


def test_names_without_a_use_name_number_instances_into_the_enclosing_scope() -> None:
    # ShuffleNetV2's stage: stage2.0 is a stride-2 unit, stage2.1 … stage2.3 stride-1 units.
    text = """\
input: [8, 8, 4]
blocks:
  unit:
    args: {filters: 4}
    layers:
      - {type: conv, name: conv, filters: $filters, kernel: 1}
  stage:
    args: {units: 1}
    layers:
      - {type: unit, name: 0, filters: 8}
      - {type: unit, repeat: $units, names: "{n}"}
layers:
  - {type: stage, name: stage2, units: 3}
"""
    network, problems = load_text(text, "net.yaml")
    assert network is not None, problems
    assert [layer.name for layer in network.layers] == [f"stage2.{k}.conv" for k in range(4)]
    # The instances belong to stage2 itself: no container between them.
    assert network.layers[3].blocks == ("stage2", "stage2.3")
    assert network.block_uses == {"stage2": ("units",), "stage2.0": ("filters",)}
