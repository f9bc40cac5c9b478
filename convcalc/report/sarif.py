"""`--format sarif`: SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.

One run; the driver links the project (informationUri) and describes each rule that has results
(id, name, descriptions, help with the example, its page in docs/diagnostics.md, default level),
and each result points at its rule by id and index. A file inside a git work tree is named from
its root (GitHub resolves paths against the checkout, whatever directory convcalc ran in); a file
outside one keeps its path, absolute ones as `file://` URIs.

Each result carries a partial fingerprint made of its rule, file, layer and message: the instances
of a repeated block are reported at the block's line, and without it GitHub would merge their
alerts. Where a block was used is a related location. The invocation says whether the run checked
everything it was asked to (a mistyped path is not a clean run), with a notification per failure.
"""

from __future__ import annotations

import functools
import hashlib
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from convcalc import DOCUMENTATION, HOMEPAGE, __version__
from convcalc.core.diagnostics import Diagnostic, Severity
from convcalc.core.printable import printable
from convcalc.core.specs import Location
from convcalc.engine.results import NetworkReport
from convcalc.report.base import Reporter
from convcalc.report.json_writer import write_json
from convcalc.rules.table import RULES

if TYPE_CHECKING:
    from convcalc.rules.table import Rule

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
_NOT_FILES = ("<stdin>", "<command line>")
# The key of convcalc's partial fingerprint; the version changes if what it hashes changes.
FINGERPRINT = "convcalcResult/v1"


def _text(doc: str) -> str:
    return " ".join(doc.split())


def _rule(rule: Rule) -> dict[str, Any]:
    full = _text(rule.doc)
    short = full.split(". ")[0].rstrip(".") + "."
    help_text = full + (f"\n\nExample:\n\n{rule.example}" if rule.example else "")
    # An indented code block, not a fence: the log is often pasted inside fenced blocks.
    example = "\n".join(f"    {line}" for line in rule.example.splitlines())
    help_markdown = full + (f"\n\nExample:\n\n{example}" if rule.example else "")
    return {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": short},
        "fullDescription": {"text": full},
        "help": {"text": help_text, "markdown": help_markdown},
        "helpUri": f"{DOCUMENTATION}/diagnostics.md#{rule.anchor}",
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {"tags": ["convcalc", rule.stage], "strict": rule.strict},
    }


@functools.lru_cache(maxsize=256)
def _repository_root(directory: str) -> str | None:
    """The work tree holding the directory (a `.git` directory or file), if any."""
    current = Path(directory)
    for candidate in (current, *current.parents):
        if (candidate / ".git").exists():
            return str(candidate)
    return None


def artifact_uri(path: str) -> str:
    """Relative to the repository root when the file is inside one, as GitHub resolves it (a
    run from a subfolder must not write `../` paths); else as written, absolute as `file://`."""
    absolute = os.path.abspath(path)
    root = _repository_root(os.path.dirname(absolute))
    if root is not None:
        path = os.path.relpath(absolute, root)
    elif os.path.isabs(path):
        return Path(path).as_uri()
    # The file name's own bytes, percent-encoded (an undecodable byte is no UTF-8 character).
    return quote(path.replace(os.sep, "/").encode("utf-8", "surrogateescape"))


def _physical(location: Location) -> dict[str, Any] | None:
    if location.source in _NOT_FILES:
        return None
    # A problem with no line (an empty file, a whole document) is shown on the first line.
    region = {"startLine": location.line or 1, "startColumn": location.column or 1}
    return {"artifactLocation": {"uri": artifact_uri(location.source)}, "region": region}


def _fingerprint(diagnostic: Diagnostic) -> str:
    source = diagnostic.location.source if diagnostic.location is not None else ""
    parts = (diagnostic.code, source, diagnostic.layer or "", diagnostic.message)
    whole = "\0".join(parts).encode("utf-8", "surrogateescape")
    return hashlib.sha256(whole).hexdigest()[:32]


def _result(diagnostic: Diagnostic, index: dict[str, int]) -> dict[str, Any]:
    layer = f"{diagnostic.layer}: " if diagnostic.layer else ""
    hint = f" (hint: {diagnostic.hint})" if diagnostic.hint else ""
    result: dict[str, Any] = {
        "ruleId": diagnostic.code,
        "level": LEVELS[diagnostic.severity],
        "message": {"text": printable(f"{layer}{diagnostic.message}{hint}", None)},
        "partialFingerprints": {FINGERPRINT: _fingerprint(diagnostic)},
    }
    if diagnostic.code in index:
        result["ruleIndex"] = index[diagnostic.code]
    physical = _physical(diagnostic.location) if diagnostic.location is not None else None
    location: dict[str, Any] = {}
    if physical is not None:
        location["physicalLocation"] = physical
    if diagnostic.layer:
        # The layer as well as the line: all a result of `calc` or unnamed stdin can point at.
        layer_name = printable(diagnostic.layer, None)
        location["logicalLocations"] = [{"fullyQualifiedName": layer_name, "kind": "member"}]
    if location:
        result["locations"] = [location]
    related: list[dict[str, Any]] = []
    for site in diagnostic.use_sites:
        site_physical = _physical(site)
        if site_physical is not None:
            related.append(
                {
                    "id": len(related),
                    "physicalLocation": site_physical,
                    "message": {"text": "the block is used here"},
                }
            )
    if related:
        result["relatedLocations"] = related
    return result


def sarif_log(reports: Sequence[NetworkReport], failures: Sequence[str] = ()) -> dict[str, Any]:
    # The rules that have results: enough for a viewer, and the log stays readable.
    used = {diagnostic.code for report in reports for diagnostic in report.diagnostics}
    rules = [RULES[code] for code in sorted(used) if code in RULES]
    index = {rule.id: position for position, rule in enumerate(rules)}
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "convcalc",
                        "version": __version__,
                        "informationUri": HOMEPAGE,
                        "rules": [_rule(rule) for rule in rules],
                    }
                },
                "invocations": [
                    {
                        "executionSuccessful": not failures,
                        "toolExecutionNotifications": [
                            {"level": "error", "message": {"text": printable(failure, None)}}
                            for failure in failures
                        ],
                    }
                ],
                # Columns count characters (code points), as convcalc's messages do.
                "columnKind": "unicodeCodePoints",
                "results": [
                    _result(diagnostic, index)
                    for report in reports
                    for diagnostic in report.diagnostics
                ],
            }
        ],
    }


class SarifReporter(Reporter):
    """The log is one document written at the end, but it reads only the diagnostics: a run
    keeps those (`summary_only`), not each file's layers."""

    def add(self, report: NetworkReport) -> None:
        pass

    def finish(self, reports: Sequence[NetworkReport]) -> None:
        write_json(sarif_log(reports, self.options.failures))
