"""identity: passes its input through unchanged (PyTorch nn.Identity, Keras Identity): a
placeholder where a block may or may not have a layer, such as a shortcut without projection."""

from __future__ import annotations

from convcalc.kinds.base import LayerKind

KIND = LayerKind(
    "identity",
    "Passes the input through unchanged.",
    aliases={"passthrough": None},
    positionwise=True,
)
