"""Piped output loses the spaces at the end of each line, and only those (escape codes ending a
line keep their place)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from convcalc.report.console import TrimmedStdout

PIECES = st.sampled_from([" ", "  ", "a", "m", "─", "\x1b[0m", "\x1b[1;31m", "\x1b[", "[0m"])


@given(st.lists(PIECES, max_size=30).map("".join))
def test_a_line_is_trimmed_as_the_pattern_trims_it(line: str) -> None:
    assert TrimmedStdout._trimmed(line) == TrimmedStdout._TRAILING.sub(r"\1", line)


def test_spaces_before_closing_escape_codes_go_and_the_codes_stay() -> None:
    assert TrimmedStdout._trimmed("name   ") == "name"
    assert TrimmedStdout._trimmed("\x1b[1mname\x1b[0m   \x1b[0m") == "\x1b[1mname\x1b[0m\x1b[0m"
    assert TrimmedStdout._trimmed("a  b") == "a  b"
