"""The importers' rearranging kinds and Caffe's Scale: shapes as their frameworks define them.

PyTorch's PixelUnshuffle(r) maps (C, H, W) to (C·r², H/r, W/r) and PixelShuffle(r) back
(torch.nn docs); darknet's reorg is the same (out_c = c·stride², src/reorg_layer.c), its grouped
route keeps out_c / groups (src/route_layer.c), its [crop] outputs crop_height × crop_width, and
Caffe's Scale holds C factors plus C biases with bias_term (scale_layer.cpp).
"""

from __future__ import annotations

from tests.conftest import calculated

SPEC = """
input: [64, 64, 8]
layers:
  - {type: center_crop, name: crop, size: 52}
  - {type: scale, name: scale, bias: false}
  - {type: scale, name: scale_bias}
  - {type: space_to_depth, name: reorg, block_size: 2}
  - {type: channel_slice, name: half, parts: 2, part: 1}
  - {type: depth_to_space, name: unreorg, block_size: 2}
"""


def test_shapes_parameters_and_fields() -> None:
    report = calculated(SPEC)
    rows = {
        layer.spec.name: (layer.output_shape.spatial, layer.output_shape.channels, layer.params)
        for layer in report.layers
        if layer.output_shape is not None
    }
    assert rows == {
        "crop": ((52, 52), 8, 0),
        "scale": ((52, 52), 8, 8),
        "scale_bias": ((52, 52), 8, 16),
        "reorg": ((26, 26), 32, 0),
        "half": ((26, 26), 16, 0),
        "unreorg": ((52, 52), 4, 0),
    }
    fields = {layer.spec.name: layer.receptive_field for layer in report.layers}
    reorg, unreorg = fields["reorg"], fields["unreorg"]
    assert reorg is not None and unreorg is not None
    # A 2×2 block per position, then each position of a block reads that one position again.
    assert (reorg.size, reorg.jump) == ((2, 2), (2, 2))
    assert (unreorg.size, unreorg.jump) == ((2, 2), (1, 1))
