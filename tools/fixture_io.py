"""What every fixture recorder in tools/ shares: writing a file whole or not at all, and the
shapes of what a framework returned.

The recorders run as scripts (`python tools/record_….py`), so this module is found next to them.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any


def write_atomic(path: Path, text: str | bytes) -> None:
    """Write `text` (or bytes) to `path` through a temporary file and a rename, with the usual
    mode."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, 0o666 & ~umask)  # mkstemp makes 0600 files
        data = text.encode("utf-8") if isinstance(text, str) else text
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def classify(message: str, reasons: Sequence[tuple[str, str]]) -> str:
    """The label of the first (label, pattern) whose pattern matches a torch error message."""
    for label, pattern in reasons:
        if re.search(pattern, message):
            return label
    return "other"


def shape_of(value: Any) -> Any:
    """A tensor's shape as a list, nested as the tensors are (lists and tuples of them); None for
    anything else. Duck-typed on `.shape`, so this module needs no framework."""
    if isinstance(value, (list, tuple)):
        return [shape_of(item) for item in value]
    shape = getattr(value, "shape", None)
    return None if shape is None else list(shape)
