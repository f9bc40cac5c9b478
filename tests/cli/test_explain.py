"""`convcalc explain` and `calc --explain` against the source articles' worked examples: every
expected number here is the article's (/work/shared/seeds, docs/counting.md), not convcalc's."""

from __future__ import annotations

from pathlib import Path

from conftest import invoke

ROOT = Path(__file__).resolve().parents[2]


def explained(*layers: str, size: str = "227x227x3", layer: str = "0") -> str:
    result = invoke("calc", "--input", size, *layers, "--explain", layer)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_alexnet_conv1_as_the_article_works_it() -> None:
    """Seed 001: (227 − 11)/4 + 1 = 55; 96·11·11·3 = 34,848 weights, 34,944 with biases;
    im2col [363 x 3025]; 55·55 = 3025 positions."""
    text = explained("conv:filters=96,kernel=11,stride=4")
    assert "out = (L − k + 2P)/S + 1 = (227 − 11 + 2·0)/4 + 1 = 55" in text
    assert "96 filters, each 3 kernels of 11×11, one per input channel" in text
    assert "weights = k·(C_in/g)·filters = 11·11·3·96 = 34,848" in text
    assert "biases = 96" in text
    assert "= 34,848 + 96 = 34,944" in text
    assert "(3·11·11) × (55·55) = 363 × 3,025" in text
    assert "r = r_in + (k − 1)·j_in = 1 + (11 − 1)·1 = 11" in text
    assert "j = j_in·s = 1·4 = 4" in text


def test_224_is_not_whole_and_the_fixes_are_the_articles() -> None:
    """Seed 001 and the reference: (224 − 11)/4 + 1 = 54.25, not whole; PyTorch gives 54 and
    never reads real pixels; 227 (or a total pad of 3) fixes it."""
    text = explained("conv:filters=96,kernel=11,stride=4", size="224x224x3")
    assert "= 54.25: not whole; PyTorch floors it to 54" in text
    assert "never read: input 223 (counting from 0)" in text
    assert "input 227" in text and "3 more padding" in text


def test_remainder_that_is_only_padding() -> None:
    """Reference: ResNet's stem, (224 − 7 + 6)/2 + 1 = 112.5 → 112; the remainder is padding."""
    text = explained("conv:filters=64,kernel=7,stride=2,padding=3", size="224x224x3")
    assert "= 112.5: not whole; PyTorch floors it to 112" in text
    assert "never read: only padding" in text


def test_ten_wide_input_leaves_the_last_pixel_unread() -> None:
    """Reference: 10 (1-D), k3 s2 p0: (10 − 3)/2 + 1 = 4.5; the last input pixel is never read."""
    text = explained("conv1d:filters=1,kernel=3,stride=2", size="10x1")
    assert "(10 − 3 + 2·0)/2 + 1 = 4.5" in text
    assert "never read: input 9 (counting from 0)" in text


def test_dense_equivalent_of_the_5x5_to_3x3_example() -> None:
    """Seed 002: 5×5 = 25 inputs to 3×3 = 9 outputs: a dense layer has 25×9 = 225 weights, the
    convolution 9."""
    text = explained("conv:filters=1,kernel=3,bias=false", size="5x5x1")
    assert "25 inputs × 9 outputs" in text
    assert "= 225 weights, against 9 here" in text


def test_two_stacked_3x3_see_5x5() -> None:
    """Reference: two stacked 3×3 stride-1 convs have a 5×5 receptive field."""
    text = explained(
        "conv:filters=4,kernel=3", "conv:filters=4,kernel=3", size="32x32x3", layer="1"
    )
    assert "r = r_in + (k − 1)·j_in = 3 + (3 − 1)·1 = 5" in text


def test_11x11x4_per_filter_weights() -> None:
    """Reference: 11x11x4, k5 s2, 2 filters: 4x4x2; 5·5·4 = 100 weights per filter."""
    text = explained("conv:filters=2,kernel=5,stride=2", size="11x11x4")
    assert "(11 − 5 + 2·0)/2 + 1 = 4" in text
    assert "weights = k·(C_in/g)·filters = 5·5·4·2 = 200" in text
    assert "2 filters, each 4 kernels of 5×5" in text


def test_own_formulas_for_ceil_mode_same_and_transposed() -> None:
    pooled = explained("maxpool:kernel=3,stride=2,ceil_mode=true", size="112x112x64")
    assert "⌈(112 − 3 + 2·0)/2⌉ + 1 = 56 (ceil_mode)" in pooled
    assert "channels in = channels out" in pooled
    same = invoke(
        "calc", "--framework", "tensorflow", "--input", "224x224x3",
        "conv:filters=8,kernel=7,stride=2,padding=same", "--explain", "0",
    ).stdout  # fmt: skip
    assert "out = ⌈L/s⌉ = ⌈224/2⌉ = 112" in same
    assert "= 5: 2 before, 3 after" in same
    transposed = explained("conv_transpose:filters=4,kernel=3,stride=2", size="7x7x8")
    assert "(7 − 1)·2 − 0 − 0 + 1·(3 − 1) + 0 + 1 = 15" in transposed


def test_explain_a_spec_layer_by_name_and_index() -> None:
    spec = str(ROOT / "specs/torchvision/resnet50.yaml")
    by_name = invoke("explain", spec, "layer1.0.add")
    assert by_name.exit_code == 0
    assert "element by element" in by_name.stdout
    by_index = invoke("explain", spec, "0")
    assert by_index.stdout.startswith("conv1: conv, layer 0")
    assert invoke("explain", spec, "layers.0").stdout == by_index.stdout


def test_unknown_layer_is_a_usage_error() -> None:
    result = invoke("explain", str(ROOT / "specs/torchvision/resnet50.yaml"), "nope")
    assert result.exit_code == 2
    assert "no layer nope" in result.stderr and "conv1" in result.stderr


def test_missing_file_is_an_io_error() -> None:
    result = invoke("explain", "no/such/file.yaml", "0")
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_a_spec_that_does_not_load_exits_1_with_its_diagnostic(write_spec) -> None:
    path = write_spec("input: [32, 32, 3]\nlayers:\n  - {type: conv, filters: 8}\n")
    result = invoke("explain", path, "0")
    assert result.exit_code == 1
    assert f"{path}:3:5" in result.stdout


def test_standard_input_and_set() -> None:
    spec = (
        "input: [224, 224, 3]\n"
        "layers:\n  - {type: conv, name: c, filters: 96, kernel: 11, stride: 4}\n"
    )
    result = invoke("explain", "-", "c", "--set", "input.size=227", stdin=spec)
    assert result.exit_code == 0
    assert "(227 − 11 + 2·0)/4 + 1 = 55" in result.stdout
    bad = invoke("explain", "-", "c", "--set", "nope.kernel=3", stdin=spec)
    assert bad.exit_code == 2 and "nope" in bad.stderr


def test_a_layer_with_an_error_exits_1() -> None:
    result = invoke("calc", "--input", "8x8x3", "conv:filters=4,kernel=9", "--explain", "0")
    assert result.exit_code == 1
    assert "diagnostics" in result.stdout
