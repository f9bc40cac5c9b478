"""User text made safe to print: every message and format shows names, paths and values so.

Text reaches convcalc from argv, file names and spec files. On POSIX, Python decodes undecodable
argv bytes and file names to lone surrogates (``surrogateescape``), which no UTF-8 stream can
write; names may hold control characters, terminal escape sequences or bidirectional overrides
that would move the cursor, recolour the terminal, forge a line of output (a GitHub workflow
command) or reorder what a reader sees. ``printable`` keeps ordinary text, including every
printable non-ASCII letter, as it is, and writes everything else as a visible escape, so a message
always shows what the user typed.
"""

from __future__ import annotations

import re

# A backslash is kept as it is, so that escaping is idempotent: a loader may escape a name inside
# its message and a format escape the whole message again without doubling anything.
# Python's repr-style escapes for the characters people recognise; others as \xNN, \uNNNN.
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
# C0 and C1 controls, DEL, lone surrogates (undecodable bytes), bidirectional controls, and the
# zero-width and line/paragraph separators that change how a line renders or splits.
_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\ud800-\udfff\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]"
)
# How much of one piece of user text a message repeats (a 100 KB argument is not echoed whole).
DEFAULT_LIMIT = 200


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, kept by surrogateescape
        return f"\\x{code - 0xDC00:02x}"
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


def printable(text: str, limit: int | None = DEFAULT_LIMIT) -> str:
    """``text`` with every unsafe character escaped, cut to ``limit`` characters (None: whole)."""
    if limit is not None and len(text) > limit:
        hidden = len(text) - limit
        return _UNSAFE.sub(_escape, text[:limit]) + f"…({hidden:,} more characters)"
    if _UNSAFE.search(text) is None:
        return text
    return _UNSAFE.sub(_escape, text)
