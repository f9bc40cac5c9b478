"""`convcalc convert FILE --to convcalc`: another framework's config written as the equivalent
convcalc spec, so a user can move over and edit it. Knows nothing of click.

The spec is the Raw tree the importer builds for `check` (convcalc/load/formats/), written out:
checking the converted spec gives the same figures as checking the original. It goes to
standard output, or to `--output` whole or not at all (a temporary file moved into place).
"""

from __future__ import annotations

import os
import sys

from convcalc.commands.exitcodes import ERRORS_FOUND, OK, usage_error
from convcalc.core.diagnostics import Diagnostic, Severity
from convcalc.core.printable import printable
from convcalc.core.records import frozen
from convcalc.load.files import STDIN, InputError, chosen_importer, decode, read_bytes
from convcalc.load.formats._raw import spec_text
from convcalc.report.output_file import OutputFile


def _is_input(output: str, path: str) -> bool:
    try:
        return os.path.samefile(output, path)
    except OSError:
        return os.path.realpath(output) == os.path.realpath(path)


@frozen
class ConvertSettings:
    path: str
    to: str = "convcalc"
    output: str | None = None  # None: standard output
    from_format: str | None = None  # --from: None, recognised from the name and content
    scale: str | None = None  # --scale: the model scale (Ultralytics); None: the file's default


def _say(diagnostic: Diagnostic) -> None:
    where = f"{diagnostic.location}: " if diagnostic.location else ""
    hint = f"\n    hint: {diagnostic.hint}" if diagnostic.hint else ""
    sys.stderr.write(f"{where}{diagnostic.code} {diagnostic.severity} {diagnostic.message}{hint}\n")


def run_convert(settings: ConvertSettings) -> int:
    """0 when converted cleanly; 1 when the original has errors (the spec is still written when
    the file could be read, with what was passed over said on standard error); 2 for a usage or
    I/O problem."""
    source = "<stdin>" if settings.path == STDIN else settings.path
    try:
        data = read_bytes(settings.path)
    except InputError as error:
        return usage_error(error)
    decoded = decode(data, source)
    if isinstance(decoded, Diagnostic):
        _say(decoded)
        return ERRORS_FOUND
    importer = chosen_importer(decoded, source, settings.from_format)
    if importer is None:
        return usage_error(
            f"{printable(source)} is not in a format convcalc imports (it reads as a convcalc "
            "spec already); use --from to name its format"
        )
    tree, problems = importer.read(decoded, source, settings.scale)
    for problem in problems:
        _say(problem)
    if tree is None:
        return ERRORS_FOUND
    text = spec_text(
        tree,
        f"Converted by `convcalc convert` from {printable(source)} ({importer.title}).\n"
        "`convcalc check` of this spec gives the same figures as of the original.",
    )
    if settings.output is None:
        sys.stdout.write(text)
    else:
        if settings.path != STDIN and _is_input(settings.output, settings.path):
            return usage_error(
                f"--output {printable(settings.output)} is the input; "
                "convcalc does not overwrite its inputs"
            )
        try:
            written = OutputFile(settings.output)
        except OSError as error:
            return usage_error(f"cannot write {printable(settings.output)}: {error.strerror}")
        try:
            written.stream.write(text)
            written.commit()
        except OSError as error:
            return usage_error(f"cannot write {printable(settings.output)}: {error.strerror}")
        finally:
            written.discard()
    worst = max((problem.severity for problem in problems), default=None)
    return ERRORS_FOUND if worst is Severity.ERROR else OK
