"""Suggestions for names the loader does not know.

difflib is imported by `did_you_mean`, when a name is not known: a spec without such a mistake
(every spec a check passes) does not load it.
"""

from __future__ import annotations

from collections.abc import Iterable

# difflib's ratio a suggestion of a kind, field or key needs. 0.6 (difflib's default) matched
# unrelated names (`Reshape` → `resize` 0.62, `activation` → `dilation` 0.67, `hardswish` → `swish`
# 0.71); typos of a letter or two (`strid`, `kernal`, `$widht`) stay above 0.75.
SIMILAR = 0.75
# For the user's own layer names, where no suggestion can name a different kind of thing and short
# names with a swapped letter (`rleu` for `relu1`, 0.67) still deserve one.
SIMILAR_NAME = 0.6


def did_you_mean(word: str, candidates: Iterable[str], cutoff: float = SIMILAR) -> str | None:
    """`did you mean `stride`?` for the closest known name, if any is close."""
    import difflib  # here: see the module's docstring

    pool = sorted(set(candidates))
    lowered = {candidate.lower(): candidate for candidate in pool}
    matches = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=cutoff)
    return f"did you mean `{lowered[matches[0]]}`?" if matches else None
