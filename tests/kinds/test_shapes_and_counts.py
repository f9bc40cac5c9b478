"""Hand-worked shapes and parameter counts for the newer kinds. Expected values come from papers,
framework documentation and model summaries (quoted) or are worked by hand in the comments; none
is copied from convcalc's output."""

from __future__ import annotations

import pytest

from convcalc.core.settings import CalculationSettings
from convcalc.engine.calculator import calculate_network
from convcalc.engine.results import LayerResult, NetworkReport
from convcalc.kinds import lookup_kind
from convcalc.load.files import load_text


def calculate(text: str) -> NetworkReport:
    network, problems = load_text(text, "net.yaml")
    assert network is not None, [p.message for p in problems]
    return calculate_network(network, CalculationSettings())


def one(input_: str, layer: str) -> LayerResult:
    report = calculate(f"input: {input_}\nlayers:\n  - {layer}")
    assert report.worst is None or report.worst.name != "ERROR", report.diagnostics
    return report.layers[0]


def shape(layer: LayerResult) -> tuple[int, ...]:
    assert layer.output_shape is not None
    return (*layer.output_shape.spatial, layer.output_shape.channels)


# --- conv_transpose ---------------------------------------------------------------------------


def test_dcgan_generator_upsampling_step() -> None:
    # PyTorch DCGAN tutorial: ConvTranspose2d(ngf*8, ngf*4, 4, 2, 1, bias=False), ngf = 64, on 8×8:
    # (8 − 1)·2 − 1 − 1 + 1·(4 − 1) + 0 + 1 = 16; weights 512 · 256 · 4 · 4 = 2,097,152.
    layer = one(
        "[8, 8, 512]",
        "{type: ConvTranspose2d, out_channels: 256, kernel_size: 4, stride: 2, padding: 1, "
        "bias: false}",
    )
    assert shape(layer) == (16, 16, 256)
    assert (layer.weights, layer.biases) == (2_097_152, 0)


def test_unet_up_convolution() -> None:
    # Ronneberger et al. 2015: "2x2 up-convolution that halves the number of feature channels",
    # 28×28×1024 → 56×56×512: weights 1024 · 512 · 2 · 2 = 2,097,152, biases 512.
    layer = one("[28, 28, 1024]", "{type: conv_transpose, filters: 512, kernel: 2, stride: 2}")
    assert shape(layer) == (56, 56, 512)
    assert (layer.weights, layer.biases) == (2_097_152, 512)


def test_output_padding_and_dilation_and_groups() -> None:
    # 1-D, L = 5: (5 − 1)·3 − 2 − 0 + 2·(3 − 1) + 2 + 1 = 17; output_padding 2 < stride 3.
    # Weights C_in · (C_out / g) · k = 4 · (6 / 2) · 3 = 36.
    layer = one(
        "[5, 4]",
        "{type: conv_transpose, filters: 6, kernel: 3, stride: 3, padding: [[2, 0]], "
        "dilation: 2, output_padding: 2, groups: 2}",
    )
    assert shape(layer) == (17, 6)
    assert (layer.weights, layer.biases) == (36, 6)


def test_keras_spelling_and_keras_keywords_only() -> None:
    # Keras' keywords follow Keras' rule (tests/kinds/test_keras_kinds_parity.py replays Keras);
    # `causal` is no transposed convolution's padding.
    assert lookup_kind("Conv2DTranspose") == (lookup_kind("conv_transpose")[0], 2)  # type: ignore[index]
    network, problems = load_text(
        "input: [8, 8, 3]\n"
        "layers: [{type: conv_transpose, filters: 4, kernel: 3, padding: causal}]",
        "net.yaml",
    )
    assert network is None
    assert [p.code for p in problems] == ["CC004"]
    assert "`valid`, `same`, `full`" in problems[0].message


# --- separable_conv, depthwise ------------------------------------------------------------------


def test_xception_separable_conv_parameters() -> None:
    # Keras Xception summary: "block2_sepconv1 (SeparableConv2D) (None, 147, 147, 128) 8768":
    # depthwise 64 · 3·3 = 576 + pointwise 64 · 128 = 8,192 (use_bias=False).
    layer = one(
        "[147, 147, 64]",
        "{type: SeparableConv2D, filters: 128, kernel_size: 3, padding: same, use_bias: false}",
    )
    assert shape(layer) == (147, 147, 128)
    assert layer.params == 8_768


def test_separable_conv_with_depth_multiplier_and_bias() -> None:
    # Keras formula: C_in·k·k·dm + C_in·dm·filters + filters = 32·9·2 + 32·2·64 + 64 = 4,736.
    layer = one(
        "[16, 16, 32]",
        "{type: separable_conv, filters: 64, kernel: 3, depth_multiplier: 2, stride: 2}",
    )
    assert shape(layer) == (7, 7, 64)  # (16 − 3)/2 + 1 = 7.5 → 7
    assert (layer.weights, layer.biases) == (576 + 4_096, 64)


def test_mobilenet_depthwise_conv_with_groups_in() -> None:
    # Keras MobileNet summary: "conv_dw_1 (DepthwiseConv2D) (None, 112, 112, 32) 288" = 3·3·32.
    layer = one(
        "[112, 112, 32]",
        "{type: conv, filters: 32, kernel: 3, padding: 1, groups: in, bias: false}",
    )
    assert shape(layer) == (112, 112, 32)
    assert layer.params == 288


def test_depthwise_label() -> None:
    report = calculate(
        "input: [8, 8, 4]\nlayers: [{type: conv, filters: 8, kernel: 3, groups: in}]"
    )
    from convcalc.kinds import KINDS

    label = KINDS["conv"].geometry(report.layers[0].spec, 2)
    assert "depthwise" in label


# --- locally_connected ---------------------------------------------------------------------------


def test_keras_locally_connected_2d_documentation_example() -> None:
    # Keras docs, LocallyConnected2D(64, (3, 3), input_shape=(32, 32, 3)): "now model.output_shape
    # == (None, 30, 30, 64)"; "this layer will consume (30*30)*(3*3*3*64) + (30*30)*64
    # parameters" = 1,555,200 + 57,600.
    layer = one("[32, 32, 3]", "{type: LocallyConnected2D, filters: 64, kernel_size: 3}")
    assert shape(layer) == (30, 30, 64)
    assert (layer.weights, layer.biases) == (1_555_200, 57_600)


def test_keras_locally_connected_1d_documentation_example() -> None:
    # Keras docs, LocallyConnected1D(64, 3, input_shape=(10, 32)): "(None, 8, 64)"; by the same
    # count 8·3·32·64 = 49,152 weights and 8·64 = 512 biases.
    layer = one("[10, 32]", "{type: locally_connected, filters: 64, kernel: 3, padding: valid}")
    assert shape(layer) == (8, 64)
    assert (layer.weights, layer.biases) == (49_152, 512)


# --- padding layers -----------------------------------------------------------------------------


def test_zeropad_per_side_in_spatial_order() -> None:
    # PyTorch ZeroPad2d((1, 2, 3, 4)): left 1, right 2, top 3, bottom 4; on 10×10: 17×13.
    layer = one("[10, 10, 3]", "{type: ZeroPad2d, padding: [[3, 4], [1, 2]]}")
    assert shape(layer) == (17, 13, 3)
    assert layer.params == 0


@pytest.mark.parametrize(
    "kind", ["zeropad", "ConstantPad1d", "reflection_pad", "ReplicationPad1d", "circular_pad"]
)
def test_padding_kinds_add_both_sides(kind: str) -> None:
    assert shape(one("[6, 2]", f"{{type: {kind}, padding: [[2, 3]]}}")) == (11, 2)


# --- global and adaptive pooling ------------------------------------------------------------------


def test_global_pooling_keeps_dims_for_pytorch_spelling() -> None:
    # torchvision ResNet-50: AdaptiveAvgPool2d((1, 1)) on 7×7×2048 → 1×1×2048.
    assert shape(one("[7, 7, 2048]", "global_avgpool")) == (1, 1, 2048)


def test_global_pooling_flattens_for_keras_spelling() -> None:
    # Keras GlobalAveragePooling2D on (7, 7, 2048): output shape (None, 2048).
    layer = one("[7, 7, 2048]", "GlobalAveragePooling2D")
    assert layer.output_shape is not None and layer.output_shape.is_flat
    assert layer.output_shape.channels == 2048
    kept = one("[7, 7, 2048]", "{type: GlobalMaxPooling2D, keepdims: true}")
    assert shape(kept) == (1, 1, 2048)
    flat = one("[7, 7, 2048]", "{type: global_maxpool, keepdims: false}")
    assert flat.output_shape is not None and flat.output_shape.is_flat


def test_adaptive_pooling_to_any_size() -> None:
    # torchvision AlexNet: AdaptiveAvgPool2d((6, 6)) on 13×13×256 → 6×6×256.
    assert shape(one("[13, 13, 256]", "{type: AdaptiveAvgPool2d, output_size: 6}")) == (6, 6, 256)
    # PyTorch allows an output larger than the input (bins overlap).
    assert shape(one("[5, 3]", "{type: adaptive_maxpool, output_size: 9}")) == (9, 3)


# --- upsample -----------------------------------------------------------------------------------


def test_upsample_scale_and_size() -> None:
    assert shape(one("[7, 7, 8]", "{type: upsample, scale: 2}")) == (14, 14, 8)
    # PyTorch: floor(5 · 1.5) = 7; floor(10 · 0.7) = 7 in floats (exactly 6.999… would be 6).
    assert shape(one("[5, 8]", "{type: Upsample, scale_factor: 1.5}")) == (7, 8)
    assert shape(one("[10, 8]", "{type: upsample, scale: 0.7}")) == (7, 8)
    assert shape(one("[7, 7, 8]", "{type: upsample, size: [9, 20], mode: bilinear}")) == (9, 20, 8)


def test_keras_upsampling_size_is_the_factor() -> None:
    # Keras UpSampling2D(size=(2, 3)) on (7, 7, C): (14, 21, C).
    assert shape(one("[7, 7, 8]", "{type: UpSampling2D, size: [2, 3]}")) == (14, 21, 8)
    assert shape(one("[7, 7, 8]", "{type: upsample, size: [2, 3]}")) == (2, 3, 8)


def test_upsample_to_a_second_inputs_size() -> None:
    """F.interpolate(x, size=reference.shape[2:], mode="nearest") (Ultralytics' CBFuse): the
    reference's sizes, x's channels; the field is x's alone (the reference gives a size only)."""
    report = calculate(
        "input: [32, 32, 3]\nlayers:\n"
        "  - {type: conv, name: big, filters: 8, kernel: 3, padding: 1}\n"
        "  - {type: conv, name: small, from: input, filters: 4, kernel: 3, stride: 4, padding: 1}\n"
        "  - {type: upsample, name: up, from: [small, big]}\n"
    )
    up = report.layers[-1]
    assert shape(up) == (32, 32, 4)
    # Nearest ×4 of a 3×3 /4 layer on the image: each output unit reads one unit of it, 3×3
    # pixels (the big layer's 3×3 field is not read: it gives only the size).
    assert up.receptive_field is not None
    assert up.receptive_field.size == (3, 3)
    assert not report.diagnostics


def test_upsample_of_a_huge_input_is_exact() -> None:
    size = 10**30
    layer = one(f"[{size}, 1]", "{type: upsample, scale: 3}")
    assert shape(layer) == (3 * size, 1)
    half = one(f"[{size + 1}, 1]", "{type: upsample, scale: 0.5}")
    assert shape(half) == (size // 2, 1)  # floor((10^30 + 1) / 2), no float rounding


# --- norms, prelu, identity ----------------------------------------------------------------


def test_convnext_layernorm_over_channels() -> None:
    # ConvNeXt-T: LayerNorm(96) channels-last on 56×56×96: 96 scales + 96 shifts.
    layer = one("[56, 56, 96]", "layernorm")
    assert (layer.weights, layer.biases, layer.buffers) == (96, 96, 0)


def test_layernorm_explicit_shape_follows_the_layout() -> None:
    # hwc: [W, C] = [4, 8] → 2·32 = 64; chw: PyTorch's LayerNorm([C, H, W]) = [8, 4, 4] → 256.
    assert one("[4, 4, 8]", "{type: layernorm, normalized_shape: [4, 8]}").params == 64
    report = calculate(
        "input: [8, 4, 4]\nlayout: chw\nlayers: [{type: layernorm, normalized_shape: [8, 4, 4]}]"
    )
    assert report.layers[0].params == 256
    no_bias = one("[4, 4, 8]", "{type: layernorm, bias: false}")
    assert (no_bias.weights, no_bias.biases) == (8, 0)


def test_groupnorm_and_instancenorm_counts() -> None:
    # GroupNorm(32, 256): 256 scales + 256 shifts.
    assert one("[14, 14, 256]", "{type: groupnorm, num_groups: 32}").params == 512
    # InstanceNorm2d(64): PyTorch defaults affine=False, track_running_stats=False.
    plain = one("[32, 32, 64]", "instancenorm")
    assert (plain.params, plain.buffers) == (0, 0)
    full = one("[32, 32, 64]", "{type: InstanceNorm2d, affine: true, track_running_stats: true}")
    assert (full.params, full.buffers) == (128, 128)


def test_prelu_slopes() -> None:
    assert one("[8, 8, 16]", "prelu").params == 1  # PyTorch PReLU() default
    assert one("[8, 8, 16]", "{type: PReLU, num_parameters: channels}").params == 16
    # Keras PReLU() shares no axis: one slope per element, 8·8·16.
    assert one("[8, 8, 16]", "{type: prelu, num_parameters: all}").params == 1_024


def test_identity_passes_through() -> None:
    layer = one("[5, 7, 3]", "Identity")
    assert shape(layer) == (5, 7, 3)
    assert layer.params == 0


def test_tensorflow_same_for_separable_and_locally_connected() -> None:
    network, _ = load_text(
        "input: [10, 10, 3]\nlayers:\n"
        "  - {type: separable_conv, filters: 4, kernel: 3, stride: 3, padding: same}\n",
        "net.yaml",
    )
    assert network is not None
    report = calculate_network(network, CalculationSettings(framework="tensorflow"))
    assert report.layers[0].output_shape is not None
    assert report.layers[0].output_shape.spatial == (4, 4)  # ceil(10 / 3)
