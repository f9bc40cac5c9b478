"""constant and similarity (convcalc/kinds/embeddings.py) against the shapes and parameters of
Ultralytics' text-guided modules, worked by hand from their source (ultralytics 8.4.190,
nn/modules/block.py and head.py); the whole modules are compared against the recorded models in
tests/load/formats/test_ultralytics.py."""

from __future__ import annotations

from collections.abc import Callable

from tests.conftest import calculated, invoke

# WorldDetect's docstring feeds `text = torch.randn(1, 80, 512)`: 80 classes of 512 channels.
WORLD_LEVEL = """\
input: [20, 20, 256]
layers:
  - {type: constant, name: text, from: input, shape: [80, 512]}
  - {type: conv, name: cv3, from: input, filters: 512, kernel: 1}
  - {type: similarity, name: cv4, from: [cv3, text], scale: true, bias: true}
"""


def test_contrastive_head_scores_each_position_against_each_class() -> None:
    """ContrastiveHead: `(w @ x.flatten(2)).view(-1, w.shape[1], *x.shape[2:])` is
    (1, 80, 20, 20); its parameters are `bias` (one) and `logit_scale` (one)."""
    report = calculated(WORLD_LEVEL)
    text, _, scores = report.layers
    assert text.output_shape is not None and scores.output_shape is not None
    assert (text.output_shape.spatial, text.output_shape.channels) == ((80,), 512)
    assert text.params == 0 and text.receptive_field is None
    assert (scores.output_shape.spatial, scores.output_shape.channels) == ((20, 20), 80)
    assert (scores.weights, scores.biases) == (1, 1)
    assert scores.macs == 20 * 20 * 80 * 512  # one 512-long dot product per position and class
    assert report.diagnostics == ()


def test_max_sigmoid_attention_keeps_one_weight_per_head() -> None:
    """MaxSigmoidAttnBlock(64, 64, nh=2, ec=64, gc=512): gl is Linear(512, 64) (32,832
    parameters), `bias` is zeros(nh) and the weights `aw` are viewed (bs, nh, h, w)."""
    report = calculated(
        "input: [40, 40, 64]\nlayers:\n"
        "  - {type: constant, name: text, from: input, shape: [80, 512]}\n"
        "  - {type: dense, name: gl, from: text, units: 64, axis: last}\n"
        "  - {type: similarity, name: aw, from: [input, gl], heads: 2, reduce: max, bias: true}\n"
    )
    _, gl, aw = report.layers
    assert gl.params == 512 * 64 + 64
    assert aw.output_shape is not None
    assert (aw.output_shape.spatial, aw.output_shape.channels) == ((40, 40), 2)
    assert (aw.weights, aw.biases) == (0, 2)


def test_text_of_other_channels_is_a_join_mismatch(
    reported_codes: Callable[..., list[str]],
) -> None:
    """torch refuses `w @ x.flatten(2)` when the widths differ (mat1 and mat2 shapes cannot be
    multiplied): one error at the layer, the layers after it still checked."""
    text = WORLD_LEVEL.replace("filters: 512", "filters: 256")
    assert reported_codes(text) == ["CC220"]
    result = invoke("check", "--isolated", "--format", "concise", "-", stdin=text)
    assert result.exit_code == 1
    assert (
        "`similarity` needs a sequence of tokens with the first input's channels" in result.output
    )
    assert "cv3 is 20×20×256, text is 80×512" in result.output
    assert (
        "hint: project `text` to 256 channels first: `{type: dense, units: 256, axis: last}`"
        in (result.output)
    )
