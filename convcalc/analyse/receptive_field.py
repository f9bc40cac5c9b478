"""Receptive field recurrence (Araujo, Norris and Sim, Distill 2019), per spatial dimension."""

from __future__ import annotations

from collections.abc import Sequence

from convcalc.analyse.arithmetic import Window
from convcalc.analyse.results import ReceptiveField


def at_input(rank: int) -> ReceptiveField:
    """Each input pixel sees itself: size 1, jump 1, no padding."""
    return ReceptiveField((1,) * rank, (1,) * rank, (0,) * rank)


def through_windows(field: ReceptiveField, windows: Sequence[Window]) -> ReceptiveField:
    """`r += (k_eff - 1) * j`, `P += p0 * j`, `j *= s`."""
    return ReceptiveField(
        size=tuple(
            r + (w.effective_kernel - 1) * j
            for r, j, w in zip(field.size, field.jump, windows, strict=True)
        ),
        jump=tuple(j * w.stride for j, w in zip(field.jump, windows, strict=True)),
        padding=tuple(
            p + w.pad_before * j for p, j, w in zip(field.padding, field.jump, windows, strict=True)
        ),
    )
