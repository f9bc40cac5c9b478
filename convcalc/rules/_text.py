"""Wording shared by the geometry rules."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from convcalc.geometry.arithmetic import Window
from convcalc.geometry.solve import Fixes, nearest_fixes

_NAMES = {
    1: ("position",),
    2: ("row", "column"),
    3: ("slice", "row", "column"),
}


def dimension_name(rank: int, axis: int, count: int) -> str:
    name = _NAMES.get(rank, tuple(f"axis-{i} position" for i in range(rank)))[axis]
    return name if count == 1 else f"{name}s"


def number(value: Fraction) -> str:
    """A fraction as a short decimal; `≈` when it does not terminate."""
    if value.denominator == 1:
        return f"{value.numerator:,}"
    # Integer arithmetic only: a float cannot hold a 10**400 input.
    scaled = value * 10**4
    rounded = round(scaled)
    whole, decimals = divmod(abs(rounded), 10**4)
    sign = "-" if rounded < 0 else ""
    text = f"{sign}{whole:,}.{decimals:04d}".rstrip("0").rstrip(".")
    return text if scaled.denominator == 1 else f"≈{text}"


def equation(window: Window) -> str:
    """`(224 − 11 + 0)/4 + 1 = 54.25 → 54`, the textbook formula and PyTorch's result."""
    pad = window.pad_before + window.pad_after
    return (
        f"({window.size:,} − {window.effective_kernel:,} + {pad:,})/{window.stride:,} + 1"
        f" = {number(window.exact)} → {window.output:,}"
    )


def equations(windows: Sequence[Window], axes: Sequence[int]) -> str:
    """One equation when the named axes agree, else one per axis."""
    texts = [equation(windows[axis]) for axis in axes]
    if len(set(texts)) == 1:
        return texts[0]
    rank = len(windows)
    return "; ".join(
        f"{dimension_name(rank, axis, 1)}s {text}" for axis, text in zip(axes, texts, strict=False)
    )


def fix_text(fix: Fixes, kernel: bool = False) -> str:
    """`input 227 or 223, or 3 more padding (1 before, 2 after)`; with `kernel`, the nearest
    smaller kernel first (for a kernel that does not fit)."""
    options: list[str] = []
    if kernel and fix.smaller_kernel is not None:
        options.append(f"kernel {fix.smaller_kernel:,}")
    sizes = [f"{size:,}" for size in (fix.larger_input, fix.smaller_input) if size is not None]
    if sizes:
        options.append(f"input {' or '.join(sizes)}")
    if fix.more_padding is not None:
        options.append(
            f"{fix.more_padding:,} more padding "
            f"({fix.extra_before:,} before, {fix.extra_after:,} after)"
        )
    return ", or ".join(options)


def fix_hint(windows: Sequence[Window], axes: Sequence[int]) -> str:
    """The nearest input sizes, or extra padding, that make every named axis exact (the same
    solver as `convcalc solve`)."""
    parts = [fix_text(nearest_fixes(windows[axis])) for axis in axes]
    if len(set(parts)) == 1:
        return f"exact with {parts[0]}"
    rank = len(windows)
    return "exact with " + "; ".join(
        f"{dimension_name(rank, axis, 2)}: {part}" for axis, part in zip(axes, parts, strict=True)
    )
