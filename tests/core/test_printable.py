"""User text is printed escaped: no control character, escape sequence or undecodable byte raw."""

from __future__ import annotations

import os

from hypothesis import given
from hypothesis import strategies as st

from convcalc.core.printable import printable


def test_plain_and_non_ascii_text_is_kept() -> None:
    assert printable("layer2.0.conv1") == "layer2.0.conv1"
    assert printable("Faltung_größe_卷积") == "Faltung_größe_卷积"


def test_a_forged_workflow_command_stays_on_one_line() -> None:
    assert printable("x\n::error file=evil.py,line=1::injected") == (
        "x\\n::error file=evil.py,line=1::injected"
    )


def test_terminal_escapes_and_bidi_overrides_are_visible() -> None:
    assert printable("\x1b[2Jred") == "\\x1b[2Jred"
    assert printable("abc\u202edef") == "abc\\u202edef"


def test_an_undecodable_argv_byte_comes_back_as_that_byte() -> None:
    # How Python hands a non-UTF-8 argument to the program under a UTF-8 locale.
    argument = os.fsdecode(b"8x8x3\xff")
    assert printable(argument) == "8x8x3\\xff"


def test_long_text_is_cut_and_says_how_much() -> None:
    assert printable("a" * 100_000) == "a" * 200 + "…(99,800 more characters)"


@given(st.text())
def test_the_result_always_encodes_as_utf8_on_one_line(text: str) -> None:
    shown = printable(text, limit=None)
    shown.encode("utf-8")  # no lone surrogate survives
    assert "\n" not in shown and "\r" not in shown and "\x1b" not in shown


@given(st.text())
def test_escaping_twice_changes_nothing(text: str) -> None:
    # A loader escapes a name inside its message; a format escapes the whole message again.
    once = printable(text, limit=None)
    assert printable(once, limit=None) == once
