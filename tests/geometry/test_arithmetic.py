"""Sliding-window arithmetic against worked examples (AlexNet's and ResNet's first layers)."""

from __future__ import annotations

from fractions import Fraction

import pytest

from convcalc.geometry.arithmetic import Window, resolve_padding


@pytest.mark.parametrize(
    ("size", "kernel", "stride", "pad", "expected"),
    [
        (227, 11, 4, 0, 55),  # AlexNet conv1: (227 - 11)/4 + 1 = 55
        (224, 11, 4, 0, 54),  # (224 - 11)/4 + 1 = 54.25, floored
        (224, 7, 2, 3, 112),  # ResNet stem: (224 - 7 + 6)/2 + 1 = 112.5 -> 112
        (7, 3, 1, 0, 5),
        (7, 3, 2, 0, 3),
        (5, 3, 1, 1, 5),
        (5, 3, 2, 1, 3),
        (5, 3, 3, 1, 2),  # (5 - 3 + 2)/3 + 1 = 2.33 -> 2
        (10, 3, 2, 0, 4),  # 4.5 -> 4
        (11, 5, 2, 0, 4),  # (11 - 5)/2 + 1 = 4
        (380, 5, 1, 0, 376),
        (512, 5, 1, 0, 508),
    ],
)
def test_conv_output_matches_worked_examples(
    size: int, kernel: int, stride: int, pad: int, expected: int
) -> None:
    assert Window(size, kernel, stride, 1, pad, pad).output == expected


def test_exact_value_is_the_textbook_fraction() -> None:
    assert Window(224, 11, 4, 1, 0, 0).exact == Fraction(217, 4)  # 54.25


@pytest.mark.parametrize(
    ("size", "kernel", "stride", "pad", "unread"),
    [
        (224, 11, 4, 0, 1),  # the last column is never read
        (10, 3, 2, 0, 1),  # "never reads the last input pixel"
        (224, 7, 2, 3, 0),  # remainder 1 is the right padding
        (5, 3, 3, 1, 0),  # remainder only padding
        (227, 11, 4, 0, 0),
    ],
)
def test_unread_counts_real_pixels_only(
    size: int, kernel: int, stride: int, pad: int, unread: int
) -> None:
    assert Window(size, kernel, stride, 1, pad, pad).unread == unread


def test_kernel_larger_than_padded_input_does_not_fit() -> None:
    assert not Window(4, 5, 1, 1, 0, 0).fits
    assert Window(4, 5, 1, 1, 1, 0).fits  # 4 + 1 >= 5


def test_dilation_widens_the_kernel() -> None:
    # k_eff = d*(k-1) + 1 = 2*2 + 1 = 5; (32 - 5)/1 + 1 = 28
    window = Window(32, 3, 1, 2, 0, 0)
    assert window.effective_kernel == 5
    assert window.output == 28


@pytest.mark.parametrize(
    ("size", "kernel", "stride", "pad", "ceil", "expected"),
    [
        (380, 2, 2, 0, False, 190),  # Chainer example: max pooling 2/2 on 380x512
        (512, 2, 2, 0, False, 256),
        (7, 2, 2, 0, False, 3),
        (7, 2, 2, 0, True, 4),  # ceil((7 - 2)/2) + 1 = 4: the last window hangs past
        # ceil mode drops a window that would start in the right padding:
        # (5 + 2 - 2 + 1)//2 + 1 = 4, but (4 - 1)*2 = 6 >= 5 + 1, so 3
        (5, 2, 2, 1, True, 3),
    ],
)
def test_pool_output_with_ceil_rule(
    size: int, kernel: int, stride: int, pad: int, ceil: bool, expected: int
) -> None:
    assert Window(size, kernel, stride, 1, pad, pad, ceil_mode=ceil).output == expected


def test_padding_keywords_follow_reference_sheet() -> None:
    # same (PyTorch, stride 1): total d*(k-1), extra after
    assert resolve_padding("same", [4], [1]) == ((1, 2),)
    assert resolve_padding("same", [3, 3], [2, 1]) == ((2, 2), (1, 1))
    assert resolve_padding("valid", [3], [1]) == ((0, 0),)
    assert resolve_padding("full", [3], [2]) == ((4, 4),)  # k_eff - 1 = 4 both sides
    assert resolve_padding("causal", [3], [2]) == ((4, 0),)


def test_padding_forms() -> None:
    assert resolve_padding(2, [3, 3], [1, 1]) == ((2, 2), (2, 2))
    assert resolve_padding((1, 0), [3, 3], [1, 1]) == ((1, 1), (0, 0))
    assert resolve_padding(((1, 2), (0, 1)), [3, 3], [1, 1]) == ((1, 2), (0, 1))
