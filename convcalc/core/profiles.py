"""Framework profiles: the arithmetic conventions of the frameworks whose files convcalc imports.

An importer (`convcalc/load/formats/`) writes each layer with explicit values in convcalc's own
kinds (Darknet's `pad=1` becomes padding `size/2`, Caffe's pooling becomes `ceil_mode`), and
names its profile on the NetworkSpec (`framework`). The calculator then runs the network with
that framework's rules in place of `--framework`'s, and counts parameters the framework's way
too, next to convcalc's own count.
"""

from __future__ import annotations

from collections.abc import Mapping

from convcalc.core.records import field, frozen


@frozen
class FrameworkProfile:
    name: str  # the value of CalculationSettings.framework while its networks are calculated
    title: str  # as people write it: "Darknet"
    # What the framework's own parameter count is, for the docs and JSON readers.
    counted: str
    # Whether the framework's count includes convcalc's buffers (batch-norm running statistics).
    counts_buffers: bool
    # Numbers the framework stores per layer of a kind beyond those (Caffe's BatchNorm keeps a
    # third blob, the moving-average factor).
    extra_per_kind: Mapping[str, int] = field(default_factory=dict)

    def parameters(self, kind: str, params: int, buffers: int) -> int:
        """One layer's parameters as the framework counts them, from convcalc's figures."""
        own = params + (buffers if self.counts_buffers else 0)
        return own + self.extra_per_kind.get(kind, 0)


PROFILES: dict[str, FrameworkProfile] = {
    profile.name: profile
    for profile in (
        FrameworkProfile(
            name="darknet",
            title="Darknet",
            counted="the floats darknet's save_weights writes to a .weights file: biases, "
            "batch-norm scales, rolling means and variances, weights",
            counts_buffers=True,
        ),
        FrameworkProfile(
            name="ultralytics",
            title="Ultralytics",
            counted="the parameters model.info() reports (every weight and bias, batch-norm "
            "scales and shifts; not its running statistics), without a detection head's DFL: "
            "its reg_max fixed weights act on decoded boxes, not on a feature map",
            counts_buffers=False,
        ),
        FrameworkProfile(
            name="caffe",
            title="Caffe",
            counted="Caffe's blob sizes (Net::learnable_params): weights and biases, and "
            "BatchNorm's three blobs (mean, variance, moving-average factor)",
            counts_buffers=True,
            extra_per_kind={"batchnorm": 1},
        ),
    )
}
