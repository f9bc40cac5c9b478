"""A file convcalc writes: whole or not at all. The text goes to a temporary file beside it,
moved into place (`os.replace`) only when the run finished; a failed run leaves what was there.
Its own module: tempfile (with shutil and the compressors it loads) is imported only by the
runs that write a file."""

from __future__ import annotations

import os
import tempfile
from contextlib import suppress
from typing import TextIO


class OutputFile:
    """A file written through a temporary one in the same directory (so `os.replace` is atomic)."""

    def __init__(self, path: str) -> None:
        self.path = path
        directory = os.path.dirname(os.path.abspath(path))
        descriptor, self._temporary = tempfile.mkstemp(
            dir=directory, prefix=f".{os.path.basename(path)}.", suffix=".tmp"
        )
        self._committed = False
        self.stream: TextIO = open(descriptor, "w", encoding="utf-8", newline="")  # noqa: SIM115

    def commit(self) -> None:
        """The file in place, with the permissions a newly created file gets (mkstemp's are
        owner-only)."""
        self.stream.close()
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(self._temporary, 0o666 & ~umask)
        os.replace(self._temporary, self.path)
        self._committed = True

    def discard(self) -> None:
        """The temporary file removed, unless it was committed: nothing else is touched."""
        self.stream.close()
        if not self._committed:
            with suppress(FileNotFoundError):
                os.unlink(self._temporary)
