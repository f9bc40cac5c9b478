"""The figures the table prints: rounded as Python's `round` rounds the exact quotient."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from convcalc.report.base import _round_half_even, bytes_text, short_count


@given(st.integers(), st.integers(min_value=1, max_value=10**30))
def test_integer_rounding_is_rounding_the_exact_quotient(numerator: int, denominator: int) -> None:
    assert _round_half_even(numerator, denominator) == round(Fraction(numerator, denominator))


def test_halves_go_to_the_even_neighbour() -> None:
    assert [_round_half_even(n, 2) for n in (1, 3, 5, -1, -3)] == [0, 2, 2, 0, -2]


def test_three_significant_digits_and_the_next_unit_up() -> None:
    assert short_count(4_089_446_400) == "4.09 G"
    assert short_count(236_000) == "236 k"
    assert short_count(999_600) == "1.00 M"  # 999.6 k rounds to 1000 k: the next unit
    assert short_count(9_995_000) == "10.0 M"  # 9.995 → 10.00 (half to even): one decimal less
    assert bytes_text(1024) == "1.00 KiB"
    assert bytes_text(102_236_160) == "97.5 MiB"
