"""A hint must fix what it is attached to: each hint below is applied as written, and the
diagnostic it was attached to goes away (with PyTorch's figures for the fixed net)."""

from __future__ import annotations

import re

import yaml

from convcalc.core.diagnostics import Diagnostic
from convcalc.core.settings import CalculationSettings
from convcalc.engine.calculator import calculate_network
from convcalc.engine.results import NetworkReport
from convcalc.load.files import load_text

SNIPPET = re.compile(r"`(\{type: [^`]*\})`")


def report(text: str) -> NetworkReport:
    network, problems = load_text(text, "net.yaml")
    assert network is not None, [p.message for p in problems]
    return calculate_network(network, CalculationSettings())


def problems(text: str) -> list[Diagnostic]:
    network, loaded = load_text(text, "net.yaml")
    if network is None:
        return loaded
    return [*loaded, *calculate_network(network, CalculationSettings()).diagnostics]


def only(text: str, code: str) -> Diagnostic:
    (found,) = [d for d in problems(text) if d.code == code]
    assert found.hint is not None
    return found


def codes(text: str) -> list[str]:
    return [d.code for d in problems(text)]


# --- joins ------------------------------------------------------------------------------------

# A U-Net level on an odd size: 49 → maxpool → 24 → upsample → 48, concatenated with the 49.
UNET = """input: [50, 50, 3]
layers:
  - {type: conv, name: enc, filters: 8, kernel: 2}
  - {type: maxpool, name: pool, kernel: 2}
  - {type: upsample, name: up, scale: 2}
  - {type: concat, name: join, from: [enc, up]}
"""


def test_spatial_mismatch_hint_pads_the_smaller_branch_and_that_fixes_it() -> None:
    error = only(UNET, "CC220")
    assert error.hint is not None
    assert "filters" not in error.hint and "projection" not in error.hint
    assert "rows enc 49, up 48" in error.hint
    (snippet,) = SNIPPET.findall(error.hint)
    pad = yaml.safe_load(snippet)
    assert pad == {"type": "zeropad", "from": "up", "padding": [[0, 1], [0, 1]]}
    pad["name"] = "up_padded"
    fixed = UNET.replace(
        "  - {type: concat, name: join, from: [enc, up]}",
        f"  - {yaml.safe_dump(pad, default_flow_style=True).strip()}\n"
        "  - {type: concat, name: join, from: [enc, up_padded]}",
    )
    checked = report(fixed)
    assert "CC220" not in [d.code for d in checked.diagnostics]
    # torch.cat([enc, F.pad(up, (0, 1, 0, 1))], dim=1) on N×8×49×49 and N×8×48×48: N×16×49×49.
    join = checked.layers[-1].output_shape
    assert join is not None and (join.spatial, join.channels) == ((49, 49), 16)


def test_spatial_mismatch_in_chw_and_on_one_axis() -> None:
    text = (
        "input: [3, 20, 21]\nlayout: chw\nlayers:\n"
        "  - {type: conv, name: a, filters: 4, kernel: 3, padding: 1}\n"
        "  - {type: conv, name: b, from: input, filters: 4, kernel: [1, 3]}\n"
        "  - {type: add, from: [a, b]}\n"
    )
    error = only(text, "CC220")
    assert error.hint is not None and "columns a 21, b 19" in error.hint
    assert "rows" not in error.hint
    (snippet,) = SNIPPET.findall(error.hint)
    pad = {**yaml.safe_load(snippet), "name": "b_padded"}
    fixed = text.replace(
        "  - {type: add, from: [a, b]}",
        f"  - {yaml.safe_dump(pad, default_flow_style=True).strip()}\n"
        "  - {type: add, from: [a, b_padded]}",
    )
    assert "CC220" not in codes(fixed)


# The rule's documented example: 64 channels added to 32.
CHANNELS = """input: [32, 32, 3]
layers:
  - {type: conv, name: a, filters: 64, kernel: 3, padding: 1}
  - {type: conv, name: b, from: input, filters: 32, kernel: 1}
  - {type: add, from: [a, b]}
"""


def test_channel_mismatch_hint_names_the_filters_or_a_projection_and_both_fix_it() -> None:
    error = only(CHANNELS, "CC220")
    assert error.hint is not None and "give `b` 64 filters" in error.hint
    assert "CC220" not in codes(CHANNELS.replace("filters: 32", "filters: 64"))
    (snippet,) = SNIPPET.findall(error.hint)
    projection = {**yaml.safe_load(snippet), "name": "proj"}
    fixed = CHANNELS.replace(
        "  - {type: add, from: [a, b]}",
        f"  - {yaml.safe_dump(projection, default_flow_style=True).strip()}\n"
        "  - {type: add, from: [a, proj]}",
    )
    assert codes(fixed) == []


def test_flat_branches_get_units_or_a_dense_projection_and_both_fix_it() -> None:
    text = (
        "input: [64]\nlayers:\n  - {type: dense, name: a, units: 10}\n"
        "  - {type: dense, name: b, from: input, units: 12}\n  - {type: add, from: [a, b]}\n"
    )
    error = only(text, "CC220")
    assert error.hint is not None and "give `a` 12 units" in error.hint
    assert "CC220" not in codes(text.replace("units: 10", "units: 12"))
    (snippet,) = SNIPPET.findall(error.hint)
    projection = {**yaml.safe_load(snippet), "name": "proj", "from": "a"}
    fixed = text.replace(
        "  - {type: add, from: [a, b]}",
        f"  - {yaml.safe_dump(projection, default_flow_style=True).strip()}\n"
        "  - {type: add, from: [proj, b]}",
    )
    assert codes(fixed) == []


# --- rank -------------------------------------------------------------------------------------


def test_conv2d_on_an_input_without_channels_hint_adds_the_channel() -> None:
    text = "input: [28, 28]\nlayers:\n  - {type: conv2d, filters: 8, kernel: 3}\n"
    error = only(text, "CC011")
    assert error.hint is not None and "`input: [28, 28, 1]`" in error.hint
    fixed = report(text.replace("[28, 28]", "[28, 28, 1]"))
    assert fixed.diagnostics == ()
    # torch.nn.Conv2d(1, 8, 3) on N×1×28×28: N×8×26×26 and 8·1·9 + 8 = 80 parameters.
    layer = fixed.layers[0]
    assert layer.output_shape is not None and layer.output_shape.spatial == (26, 26)
    assert layer.params == 80


def test_conv2d_on_a_real_1d_signal_keeps_the_1d_hint() -> None:
    # The CC011 example: a signal of 100 positions with 16 channels; `type: conv` fixes it.
    text = "input: [100, 16]\nlayers:\n  - {type: conv2d, filters: 8, kernel: 3}\n"
    error = only(text, "CC011")
    assert error.hint is not None and "`type: conv`" in error.hint
    assert codes(text.replace("conv2d", "conv")) == []


# --- names ------------------------------------------------------------------------------------


def layer(line: str) -> str:
    return f"input: [8, 8, 4]\nlayers:\n  - {line}\n"


def test_framework_layers_convcalc_lacks_are_named_not_mapped_to_a_kind() -> None:
    for written, framework, wrong in [
        ("RepeatVector", "Keras", "repeat"),
        ("AlphaDropout", "PyTorch and Keras", "dropout"),
        ("LSTM", "PyTorch and Keras", "lstm"),
    ]:
        error = only(layer(f"{{type: {written}}}"), "CC007")
        assert error.message == f"`{written}` is a {framework} layer convcalc does not support yet"
        assert error.hint is not None and f"`{wrong}`" not in error.hint


def test_an_elementwise_layer_convcalc_lacks_has_identity_as_stand_in() -> None:
    error = only(layer("{type: FeatureAlphaDropout, name: act}"), "CC007")
    assert error.hint is not None and "`identity` stands in" in error.hint
    assert codes(layer("{type: identity, name: act}")) == []


def test_activation_on_a_layer_without_one_is_named_and_the_hint_fixes_it() -> None:
    text = layer("{type: maxpool, kernel: 2, activation: relu}")
    error = only(text, "CC003")
    assert "dilation" not in error.message + (error.hint or "")
    assert error.hint is not None and "`- relu`" in error.hint
    fixed = text.replace(", activation: relu}", "}\n  - relu")
    assert codes(fixed) == []


def test_keras_arguments_without_effect_are_named_and_removing_them_fixes_it() -> None:
    text = layer("{type: conv, filters: 8, kernel: 3, kernel_initializer: he_normal}")
    error = only(text, "CC003")
    assert error.message.startswith("`kernel_initializer` is a Keras argument")
    assert error.hint == "remove it"
    assert codes(text.replace(", kernel_initializer: he_normal", "")) == []


def test_typos_still_get_their_suggestion() -> None:
    assert only(layer("{type: conv, filters: 8, kernel: 3, strid: 2}"), "CC003").hint == (
        "did you mean `stride`?"
    )
    assert only(layer("{type: maxpol, kernel: 2}"), "CC007").hint == "did you mean `maxpool`?"
    assert only(layer("{type: conv, filters: 8, kernal: 3}"), "CC003").hint == (
        "did you mean `kernel`?"
    )
