"""Per-dimension sliding-window arithmetic, exactly as PyTorch computes it.

All sizes are Python ints, so a 10**30-pixel input is exact. `//` floors, as PyTorch's
`div_rtn` does. Each kind's module gives the formulas it uses and their sources.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from convcalc.core.records import frozen

Pad = tuple[int, int]


def effective_kernel(kernel: int, dilation: int) -> int:
    """The span a dilated kernel covers."""
    return dilation * (kernel - 1) + 1


@frozen
class Window:
    """One spatial dimension of a sliding-window layer (convolution or pooling)."""

    size: int
    kernel: int
    stride: int
    dilation: int
    pad_before: int
    pad_after: int
    ceil_mode: bool = False

    # Each property is written out in the fields (no property calling another): the rules read
    # them for every window of every layer.

    @property
    def effective_kernel(self) -> int:
        return self.dilation * (self.kernel - 1) + 1

    @property
    def padded(self) -> int:
        return self.size + self.pad_before + self.pad_after

    @property
    def fits(self) -> bool:
        """Whether at least one whole window fits in the padded input."""
        return self.size + self.pad_before + self.pad_after >= self.dilation * (self.kernel - 1) + 1

    @property
    def span(self) -> int:
        """`L + p0 + p1 - k_eff`: what the stride has to divide for an exact result."""
        return self.size + self.pad_before + self.pad_after - self.dilation * (self.kernel - 1) - 1

    @property
    def remainder(self) -> int:
        span = self.size + self.pad_before + self.pad_after - self.dilation * (self.kernel - 1) - 1
        return span % self.stride

    @property
    def exact(self) -> Fraction:
        """The textbook `(W - F + 2P)/S + 1`, unrounded."""
        return Fraction(self.span, self.stride) + 1

    @property
    def output(self) -> int:
        """PyTorch's output size (floor, or pooling's ceil rule); may be < 1 for bad input."""
        stride = self.stride
        span = self.size + self.pad_before + self.pad_after - self.dilation * (self.kernel - 1) - 1
        if not self.ceil_mode:
            return span // stride + 1
        out = (span + stride - 1) // stride + 1
        # PyTorch drops a last window that would start inside the right padding.
        if (out - 1) * stride >= self.size + self.pad_before:
            out -= 1
        return out

    @property
    def skips(self) -> bool:
        """Whether the stride jumps over pixels between windows (by design, e.g. 1×1 /2)."""
        return self.stride > self.dilation * (self.kernel - 1) + 1

    @property
    def unread(self) -> int:
        """Real input positions, at the end, that no window reaches (0 when windows skip)."""
        effective = self.dilation * (self.kernel - 1) + 1
        if self.stride > effective:
            return 0
        output = self.output
        if output < 1:
            return 0
        last_covered = (output - 1) * self.stride + effective - 1
        last_real = self.pad_before + self.size - 1
        return max(0, last_real - last_covered)


def expand(value: int | Sequence[int], rank: int) -> tuple[int, ...]:
    """One int per spatial dimension (a bare int applies to every dimension)."""
    if isinstance(value, int):
        return (value,) * rank
    return tuple(value)


def same_padding_pytorch(kernel: int, dilation: int) -> Pad:
    """PyTorch's `padding='same'` (stride 1 only): any odd extra goes after."""
    total = dilation * (kernel - 1)
    return (total // 2, total - total // 2)


def same_padding_tensorflow(size: int, kernel: int, stride: int, dilation: int) -> Pad:
    """TensorFlow's `padding='SAME'`, any stride (tf.nn.convolution docs: "output_spatial_shape[i]
    = ceil(input_spatial_shape[i] / strides[i])"; the total padding is
    `max((out - 1)*s + k_eff - L, 0)`, `pad_before = total // 2`, the odd pixel after)."""
    out = -(-size // stride)
    total = max((out - 1) * stride + effective_kernel(kernel, dilation) - size, 0)
    return (total // 2, total - total // 2)


def resolve_padding(
    padding: object,
    kernels: Sequence[int],
    dilations: Sequence[int],
    sizes: Sequence[int] = (),
    strides: Sequence[int] = (),
    framework: str = "pytorch",
) -> tuple[Pad, ...]:
    """Padding as (before, after) per dimension; keywords follow the reference sheet. TensorFlow's
    `same` depends on the input size and stride, so `sizes` and `strides` are needed for it."""
    rank = len(kernels)
    if isinstance(padding, str):
        spans = [effective_kernel(k, d) for k, d in zip(kernels, dilations, strict=True)]
        if padding == "valid":
            return ((0, 0),) * rank
        if padding == "same" and framework == "tensorflow":
            return tuple(
                same_padding_tensorflow(n, k, s, d)
                for n, k, s, d in zip(sizes, kernels, strides, dilations, strict=True)
            )
        if padding == "same":
            return tuple(
                same_padding_pytorch(k, d) for k, d in zip(kernels, dilations, strict=True)
            )
        if padding == "full":
            return tuple((span - 1, span - 1) for span in spans)
        if padding == "causal":
            return tuple((span - 1, 0) for span in spans)
        raise ValueError(f"unknown padding keyword {padding!r}")
    if isinstance(padding, int):
        return ((padding, padding),) * rank
    pads: list[Pad] = []
    for item in padding:  # type: ignore[attr-defined]
        if isinstance(item, int):
            pads.append((item, item))
        else:
            pads.append((int(item[0]), int(item[1])))
    return tuple(pads)


def windows_for(
    sizes: Sequence[int],
    kernels: Sequence[int],
    strides: Sequence[int],
    dilations: Sequence[int],
    pads: Sequence[Pad],
    ceil_mode: bool = False,
) -> tuple[Window, ...]:
    return tuple(
        Window(size, k, s, d, p[0], p[1], ceil_mode)
        for size, k, s, d, p in zip(sizes, kernels, strides, dilations, pads, strict=True)
    )
