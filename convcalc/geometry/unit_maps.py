"""Which input units each output unit of a layer reads, per spatial dimension, as a periodic table.

A sliding window reads `k` units `d` apart starting at `o*s - p0`: the same pattern for every
output unit. Transposed convolution, upsampling and adaptive pooling read patterns that repeat
only every few output units, so a `UnitMap` describes one period: output unit `q*up + φ` reads
the input units `q*down + first + t*step` for `t < count`, with `(first, step, count) =
reads[φ]`. `count == 0` means the unit reads no input (a transposed convolution with a kernel
smaller than its stride leaves gaps that only the bias fills).

Borders are ignored: a map describes the interior, as if the input went on forever, which is what
a receptive field describes (units near a border simply see part padding). Everything is exact
integer and fraction arithmetic; a period above `MAX_PERIOD` units is not tabulated (the caller
then reports no receptive field rather than spend time on a pathological layer).
"""

from __future__ import annotations

from fractions import Fraction
from math import gcd

from convcalc.core.records import frozen
from convcalc.geometry.arithmetic import Window

MAX_PERIOD = 512

Reads = tuple[int, int, int]  # first, step, count


@frozen
class UnitMap:
    up: int  # output units per period
    down: int  # input units the pattern moves by per period
    reads: tuple[Reads, ...]  # one per phase, len == up


def window_map(window: Window) -> UnitMap:
    """A convolution or pooling window: `k` taps `d` apart from `o*s - p0`."""
    return UnitMap(1, window.stride, ((-window.pad_before, window.dilation, window.kernel),))


def transposed_map(kernel: int, stride: int, dilation: int, pad_before: int) -> UnitMap | None:
    """Transposed convolution: output `o` is fed by input `i` through tap `t` when
    `i*s + t*d == o + p0` (the cropped `p0` shifts the output grid). For phase `φ` the taps that
    hit satisfy `t*d ≡ φ + p0 (mod s)`: with `g = gcd(d, s)` none when `g` does not divide
    `φ + p0`, else every `m = s/g`-th tap from the smallest solution `t0`; consecutive hits are
    `d/g` input units apart."""
    if stride > MAX_PERIOD:
        return None
    g = gcd(dilation, stride)
    m = stride // g
    reads: list[Reads] = []
    for phase in range(stride):
        c = phase + pad_before
        if c % g:
            reads.append((0, 1, 0))
            continue
        t0 = (c // g) * pow(dilation // g, -1, m) % m if m > 1 else 0
        if t0 >= kernel:
            reads.append((0, 1, 0))
            continue
        count = (kernel - 1 - t0) // m + 1
        t_last = t0 + (count - 1) * m
        # The last tap meets the lowest input unit.
        reads.append(((c - t_last * dilation) // stride, dilation // g, count))
    return UnitMap(stride, 1, tuple(reads))


def resample_map(ratio: Fraction, mode: str, align_corners: bool = False) -> UnitMap | None:
    """Upsampling (PyTorch `interpolate`) where `ratio` = input size / output size in exact
    terms (`1/scale`), or with `align_corners` (input size − 1) / (output size − 1), 0 for a
    single output unit. Per output unit `o`:

    - nearest: reads `floor(o*ratio)`;  nearest-exact: `floor((o + 1/2)*ratio)`;
    - linear, bilinear, trilinear (per dimension the same): source `x = (o + 1/2)*ratio - 1/2`,
      or `x = o*ratio` with `align_corners`, reads `floor(x)` and, unless `x` is whole (its
      weight would be 0), `floor(x) + 1`;
    - bicubic: `floor(x) - 1 … floor(x) + 2`, or only `x` when it is whole (the cubic kernel is
      0 at distances 1 and 2).

    `ratio = a/b` repeats every `b` output units, moving `a` input units.
    """
    a, b = ratio.numerator, ratio.denominator
    if b > MAX_PERIOD:
        return None
    reads: list[Reads] = []
    for phase in range(b):
        if mode == "nearest":
            reads.append(((phase * a) // b, 1, 1))
        elif mode == "nearest-exact":
            reads.append((((2 * phase + 1) * a) // (2 * b), 1, 1))
        else:
            # x = numerator / (2b)
            numerator = 2 * phase * a if align_corners else (2 * phase + 1) * a - b
            base, fraction = divmod(numerator, 2 * b)
            if not fraction:
                reads.append((base, 1, 1))
            elif mode == "bicubic":
                reads.append((base - 1, 1, 4))
            else:
                reads.append((base, 1, 2))
    return UnitMap(b, a, tuple(reads))


def bins_map(size: int, output: int) -> UnitMap | None:
    """Adaptive pooling of `size` units to `output` bins: bin `i` reads
    `[floor(i*size/output), ceil((i+1)*size/output))`; the pattern repeats every
    `output/gcd` bins, moving `size/gcd` units."""
    g = gcd(size, output)
    up, down = output // g, size // g
    if up > MAX_PERIOD:
        return None
    reads: list[Reads] = []
    for phase in range(up):
        start = (phase * size) // output
        end = -((-(phase + 1) * size) // output)  # ceil
        reads.append((start, 1, end - start))
    return UnitMap(up, down, tuple(reads))


__all__ = [
    "MAX_PERIOD",
    "UnitMap",
    "bins_map",
    "resample_map",
    "transposed_map",
    "window_map",
]
