"""Solving one sliding-window dimension for what is left open.

The relation is PyTorch's output rule made exact: `(L + p0 + p1 − d·(k − 1) − 1)/s + 1 = o` with a
whole `o` (no remainder, so every input pixel is read and no window hangs over the edge). The input
size `L` is always given; kernel `k`, stride `s`, padding `p0 + p1`, dilation `d` and output `o` may
each be given or left open.

Two kinds of answer, simplest first:

1. Keep every given value and fill in the open ones. Open values are searched within bounds:
   kernel 1..KERNEL_MAX, stride 1..STRIDE_MAX (derived instead when the output is given), dilation
   1..DILATION_MAX, total padding 0..k_eff − 1 (`k_eff = d·(k − 1) + 1`; `same` padding at stride 1
   needs exactly k_eff − 1, and more would give windows of mostly padding; `max_padding` widens
   it). An open padding total `P` is split as PyTorch and TensorFlow do: `P // 2` before, the odd
   pixel after.
2. Change one given value (never the output: it is the goal) to its nearest working value above
   and below, with open padding at 0 and open dilation at 1. Offered when the kernel and stride
   are known, as they are for a layer that is already written.

"Simplest" orders by the number of given values changed (an open dilation other than 1 counts as
one), then the total padding, symmetric before asymmetric, then which value changed (input,
padding, kernel, stride, dilation) and by how much, then smaller kernel, stride and dilation.
Pure functions on Python ints: a 10**30 input is solved exactly.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Callable, Iterator
from math import gcd

from convcalc.core.records import frozen
from convcalc.geometry.arithmetic import Pad, Window, same_padding_pytorch, same_padding_tensorflow

KERNEL_MAX = 64
STRIDE_MAX = 64
DILATION_MAX = 8
# How far a changed stride is searched for a divisor: strides are small, sizes may be huge.
STRIDE_STEPS = 10_000
# Open paddings tried per kernel and dilation, smallest (simplest) first: a huge kernel's range of
# paddings is cut short rather than walked.
PADDING_STEPS = 1_000
# The order in which a changed value is offered when everything else ties.
CHANGEABLE = ("input", "padding", "kernel", "stride", "dilation")


@frozen
class Query:
    """What is known about one dimension; None is open. `padding` is (before, after)."""

    input: int
    kernel: int | None = None
    stride: int | None = None
    padding: Pad | None = None
    dilation: int | None = None
    output: int | None = None
    max_padding: int | None = None  # widest total padding tried when padding is open

    def __post_init__(self) -> None:
        for name in ("input", "kernel", "stride", "dilation", "output"):
            value = getattr(self, name)
            if value is not None and value < 1:
                raise ValueError(f"{name} must be at least 1, got {value}")
        if self.padding is not None and min(self.padding) < 0:
            raise ValueError(f"padding must not be negative, got {self.padding}")
        if self.max_padding is not None and self.max_padding < 0:
            raise ValueError(f"max_padding must not be negative, got {self.max_padding}")


@frozen
class Setting:
    """One complete setting whose division is whole."""

    input: int
    kernel: int
    stride: int
    dilation: int
    pad_before: int
    pad_after: int
    output: int
    changed: tuple[str, ...] = ()  # the given values this setting changes
    any_stride: bool = False  # a single window that exactly fills the input: every stride fits

    @property
    def padding(self) -> int:
        return self.pad_before + self.pad_after

    @property
    def symmetric(self) -> bool:
        return self.pad_before == self.pad_after

    @property
    def window(self) -> Window:
        return Window(
            self.input, self.kernel, self.stride, self.dilation, self.pad_before, self.pad_after
        )


@frozen
class Solutions:
    """The simplest settings first; `found` counts every one within the search bounds."""

    query: Query
    settings: tuple[Setting, ...]
    found: int
    stopped: bool = False  # the search reached its bound on settings examined: there may be more


def exact_output(size: int, kernel: int, stride: int, dilation: int, padding: int) -> int | None:
    """The whole output of the textbook formula, or None when it is not whole or below 1."""
    span = size + padding - dilation * (kernel - 1) - 1
    if span < 0 or span % stride:
        return None
    return span // stride + 1


def split(total: int) -> Pad:
    """A total padding as (before, after): the odd pixel after, as PyTorch and TensorFlow do."""
    return (total // 2, total - total // 2)


# ---------------------------------------------------------------------------- keeping the givens


def _padding_limit(query: Query, kernel_span: int) -> int:
    return query.max_padding if query.max_padding is not None else kernel_span - 1


def _strides_and_paddings(query: Query, kernel_span: int) -> Iterator[tuple[int, int, bool]]:
    """(stride, total padding, any stride) pairs that make the division whole for this kernel."""
    size, output = query.input, query.output
    if query.padding is not None:
        paddings: range | list[int] = [sum(query.padding)]
    else:
        low, high = max(0, kernel_span - size), _padding_limit(query, kernel_span)
        if query.stride is not None and output is not None:
            # One padding works: the one that makes the output what was asked.
            padding = query.stride * (output - 1) + kernel_span - size
            if low <= padding <= high:
                yield query.stride, padding, False
            return
        step = 1
        if query.stride is not None:  # only the paddings that leave no remainder
            low += (kernel_span - size - low) % query.stride
            step = query.stride
        paddings = range(low, high + 1, step)[:PADDING_STEPS]
    for padding in paddings:
        span = size + padding - kernel_span
        if span < 0:
            continue
        if query.stride is not None:
            if span % query.stride == 0:
                yield query.stride, padding, False
        elif span == 0:
            yield 1, padding, True  # one window exactly fills the input
        elif output is not None:
            if output > 1 and span % (output - 1) == 0:
                yield span // (output - 1), padding, False
        else:
            for stride in range(1, min(span, STRIDE_MAX) + 1):
                if span % stride == 0:
                    yield stride, padding, False


def _keeping_givens(query: Query) -> Iterator[Setting]:
    dilations = [query.dilation] if query.dilation else range(1, DILATION_MAX + 1)
    kernels = [query.kernel] if query.kernel else range(1, KERNEL_MAX + 1)
    for dilation in dilations:
        for kernel in kernels:
            kernel_span = dilation * (kernel - 1) + 1
            for stride, padding, any_stride in _strides_and_paddings(query, kernel_span):
                output = exact_output(query.input, kernel, stride, dilation, padding)
                if output is None or (query.output is not None and output != query.output):
                    continue
                before, after = query.padding if query.padding is not None else split(padding)
                yield Setting(
                    query.input, kernel, stride, dilation, before, after, output, (), any_stride
                )


# ---------------------------------------------------------------------------- changing one given


def _in_class(around: int, residue: int, modulus: int, low: int, high: int | None) -> list[int]:
    """The nearest values above and below `around` that are ≡ residue (mod modulus) and lie in
    [low, high]; `around` itself is not offered."""
    found: list[int] = []
    above = max(around + 1, low)
    above += (residue - above) % modulus
    if high is None or above <= high:
        found.append(above)
    below = around - 1
    if high is not None:
        below = min(below, high)
    below -= (below - residue) % modulus
    if below >= low:
        found.append(below)
    return found


def _multiples(coefficient: int, target: int, modulus: int) -> tuple[int, int] | None:
    """The class of `x` with `coefficient·x ≡ target (mod modulus)`, as (residue, step)."""
    divisor = gcd(coefficient, modulus)
    if target % divisor:
        return None
    step = modulus // divisor
    if step == 1:
        return 0, 1
    inverse = pow(coefficient // divisor, -1, step)
    return (target // divisor) * inverse % step, step


def _changed_values(name: str, query: Query, values: dict[str, int]) -> list[int]:
    """The nearest values of one given quantity, the others kept, that make the division whole
    (and the output what was asked, when it was)."""
    size, kernel, stride = values["input"], values["kernel"], values["stride"]
    dilation, padding, output = values["dilation"], values["padding"], query.output
    kernel_span = dilation * (kernel - 1) + 1
    reach = size + padding - 1  # what d·(k − 1) may take up
    if name == "input":
        if output is not None:
            return [stride * (output - 1) + kernel_span - padding]
        return _in_class(size, kernel_span - padding, stride, max(1, kernel_span - padding), None)
    if name == "padding":
        if output is not None:
            return [stride * (output - 1) + kernel_span - size]
        return _in_class(padding, kernel_span - size, stride, max(0, kernel_span - size), None)
    if name == "stride":
        span = size + padding - kernel_span
        if output is not None:
            return [span // (output - 1)] if output > 1 and span % (output - 1) == 0 else []
        if span <= 0:
            return []  # one window or none: no stride helps
        bottom = max(0, stride - 1 - STRIDE_STEPS)
        below = next((s for s in range(stride - 1, bottom, -1) if span % s == 0), None)
        top = min(span, stride + STRIDE_STEPS)
        above = next((s for s in range(stride + 1, top + 1) if span % s == 0), None)
        return [s for s in (above, below) if s is not None]
    # Kernel and dilation: the product d·(k − 1) must leave a multiple of the stride.
    coefficient = dilation if name == "kernel" else kernel - 1
    current = kernel - 1 if name == "kernel" else dilation
    lowest = 0 if name == "kernel" else 1
    if coefficient == 0:
        return []  # a 1-tap kernel has no dilation to change
    if output is not None:
        taken = reach - stride * (output - 1)
        if taken < 0 or taken % coefficient:
            return []
        found = [taken // coefficient]
    else:
        congruence = _multiples(coefficient, reach, stride)
        if congruence is None:
            return []
        residue, step = congruence
        found = _in_class(current, residue, step, lowest, reach // coefficient)
    return [value + 1 if name == "kernel" else value for value in found]


def _changing_one(query: Query) -> Iterator[tuple[int, Setting]]:
    """(distance, setting) for each given value moved to its nearest working values."""
    if query.kernel is None or query.stride is None:
        return
    values = {
        "input": query.input,
        "kernel": query.kernel,
        "stride": query.stride,
        "dilation": query.dilation or 1,
        "padding": sum(query.padding) if query.padding is not None else 0,
    }
    given = {
        "input": True,
        "kernel": True,
        "stride": True,
        "padding": query.padding is not None,
        "dilation": query.dilation is not None,
    }
    for name in CHANGEABLE:
        if not given[name]:
            continue
        for value in _changed_values(name, query, values):
            if value == values[name] or value < (0 if name == "padding" else 1):
                continue
            moved = {**values, name: value}
            output = exact_output(
                moved["input"],
                moved["kernel"],
                moved["stride"],
                moved["dilation"],
                moved["padding"],
            )
            if output is None or (query.output is not None and output != query.output):
                continue
            before, after = _padding_sides(query, moved["padding"])
            setting = Setting(
                moved["input"],
                moved["kernel"],
                moved["stride"],
                moved["dilation"],
                before,
                after,
                output,
                (name,),
            )
            yield abs(value - values[name]), setting


def _padding_sides(query: Query, total: int) -> Pad:
    """Given padding kept as written; more padding added half before, the odd pixel after."""
    if query.padding is None:
        return split(total)
    before, after = query.padding
    extra = total - before - after
    if extra >= 0:
        return (before + extra // 2, after + extra - extra // 2)
    return split(total)


# ---------------------------------------------------------------------------- ordering


def _key(setting: Setting, distance: int, query: Query) -> tuple[int, ...]:
    open_dilation = query.dilation is None and setting.dilation != 1
    changed = setting.changed[0] if setting.changed else None
    return (
        len(setting.changed) + int(open_dilation),
        setting.padding,
        int(not setting.symmetric),
        CHANGEABLE.index(changed) + 1 if changed else 0,
        distance,
        setting.kernel,
        setting.stride,
        setting.dilation,
        -setting.input,  # of two inputs equally near, the larger first (no pixel is dropped)
        setting.output,
    )


def solve(query: Query, limit: int | None = 10, most: int | None = None) -> Solutions:
    """Every whole setting within the bounds, the `limit` simplest first (None: all).

    With `most`, the search stops after that many settings (time and memory stay bounded
    however wide the open ranges); `stopped` says so.
    """
    found = 0
    stopped = False

    def keyed() -> Iterator[tuple[tuple[int, ...], int, Setting]]:
        # Every setting is made once: kept givens differ in their values, changes in `changed`.
        nonlocal found, stopped
        kept = ((0, setting) for setting in _keeping_givens(query))
        for distance, setting in itertools.chain(kept, _changing_one(query)):
            if most is not None and found >= most:
                stopped = True
                return
            found += 1
            yield _key(setting, distance, query), found, setting

    ordered = sorted(keyed()) if limit is None else heapq.nsmallest(limit, keyed())
    return Solutions(query, tuple(setting for _, _, setting in ordered), found, stopped)


# ---------------------------------------------------------------------------- fixes and `same`


@frozen
class Fixes:
    """The nearest changes that make a written layer's division whole, from `solve`."""

    larger_input: int | None
    smaller_input: int | None
    more_padding: int | None  # extra total padding
    larger_kernel: int | None
    smaller_kernel: int | None
    strides: tuple[int, ...] = ()  # the nearest strides that divide, as written otherwise

    @property
    def extra_before(self) -> int:
        return (self.more_padding or 0) // 2

    @property
    def extra_after(self) -> int:
        extra = self.more_padding or 0
        return extra - extra // 2


def nearest_fixes(window: Window) -> Fixes:
    """For a diagnostic's hint: the nearest input sizes, extra padding and kernels that fit and
    leave no remainder, everything else as written."""
    query = Query(
        input=window.size,
        kernel=window.kernel,
        stride=window.stride,
        dilation=window.dilation,
        padding=(window.pad_before, window.pad_after),
    )
    changes = [setting for _, setting in _changing_one(query)]

    current = {
        "input": window.size,
        "kernel": window.kernel,
        "padding": window.pad_before + window.pad_after,
    }

    def pick(name: str, larger: bool) -> int | None:
        for setting in changes:
            if setting.changed == (name,):
                value = setting.padding if name == "padding" else getattr(setting, name)
                if (value > current[name]) == larger:
                    return int(value)
        return None

    more = pick("padding", True)
    return Fixes(
        larger_input=pick("input", True),
        smaller_input=pick("input", False),
        more_padding=None if more is None else more - window.pad_before - window.pad_after,
        larger_kernel=pick("kernel", True),
        smaller_kernel=pick("kernel", False),
        strides=tuple(
            sorted({s.stride for s in changes if s.changed == ("stride",)}, key=_near(window))[:2]
        ),
    )


def _near(window: Window) -> Callable[[int], tuple[int, int]]:
    """Strides ordered by distance from the written one, the smaller first."""
    return lambda stride: (abs(stride - window.stride), stride)


@frozen
class SamePadding:
    """The padding that keeps the size (stride 1), or TensorFlow's `same` (output ⌈L/s⌉)."""

    input: int
    kernel: int
    stride: int
    dilation: int
    pad_before: int
    pad_after: int

    @property
    def padding(self) -> int:
        return self.pad_before + self.pad_after

    @property
    def symmetric(self) -> bool:
        return self.pad_before == self.pad_after

    @property
    def rule(self) -> str:
        """PyTorch's `padding='same'` is stride 1 only; at larger strides it is TensorFlow's."""
        return "pytorch" if self.stride == 1 else "tensorflow"

    @property
    def window(self) -> Window:
        return Window(
            self.input, self.kernel, self.stride, self.dilation, self.pad_before, self.pad_after
        )

    @property
    def output(self) -> int:
        return self.window.output

    @property
    def exact(self) -> bool:
        return self.window.remainder == 0


def same_padding(size: int, kernel: int, stride: int = 1, dilation: int = 1) -> SamePadding:
    if min(size, kernel, stride, dilation) < 1:
        raise ValueError("size, kernel, stride and dilation must be at least 1")
    if stride == 1:
        before, after = same_padding_pytorch(kernel, dilation)
    else:
        before, after = same_padding_tensorflow(size, kernel, stride, dilation)
    return SamePadding(size, kernel, stride, dilation, before, after)
