"""`--format junit`: JUnit XML, as GitLab merge requests and Jenkins read test reports.

One `<testsuite>` per checked file (its path is the suite name, its `file` and each case's
classname). Each diagnostic is a `<testcase>`: a `<failure>` when it is at or above `--fail-on`,
else a passing case with the message in `<system-out>`. A clean file is one passing case named
`convcalc`; a skipped non-spec YAML file one `<skipped>` case. What the run could not check (a
mistyped path, an unreadable file: exit code 2) is an `<error>` case in a suite of its own, so
a partial run never reads as a clean one.

The document is valid against `junit-10.xsd`, the schema Jenkins' xunit plugin checks a report
with before reading it (it drops one that fails): a `<testcase>` has no `file` or `line` and
`<testsuites>` no `skipped` there. The path is in the classname (GitLab shows it as the suite)
and the line in the case name and at the start of its text, `path:line:col: …`.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence

import click

from convcalc.core.diagnostics import Diagnostic, Severity
from convcalc.core.printable import printable
from convcalc.engine.results import NetworkReport
from convcalc.report.base import Reporter, ReportOptions
from convcalc.report.concise import concise_line


def _suite_of(path: str, tests: int, failures: int, skipped: int) -> ET.Element:
    """A `<testsuite>` for one file; `file` is the schema's place for the path (a case has none)."""
    attributes = {"name": path, "file": path, "tests": str(tests), "failures": str(failures)}
    attributes |= {"errors": "0", "skipped": str(skipped), "time": "0"}
    return ET.Element("testsuite", attributes)


def _case(suite: ET.Element, name: str, classname: str) -> ET.Element:
    return ET.SubElement(suite, "testcase", {"name": name, "classname": classname, "time": "0"})


def _details(diagnostic: Diagnostic) -> str:
    hint = f"\nhint: {printable(diagnostic.hint, None)}" if diagnostic.hint else ""
    return concise_line(diagnostic) + hint


# User text goes through printable(): XML 1.0 cannot hold most control characters even as
# character references, and a lone surrogate (an undecodable byte in a file name) is no XML at all.
def _suite(report: NetworkReport, fail_on: Severity) -> ET.Element:
    source = printable(report.source, None)
    failures = sum(1 for diagnostic in report.diagnostics if diagnostic.severity >= fail_on)
    suite = _suite_of(source, max(len(report.diagnostics), 1), failures, 0)
    for diagnostic in report.diagnostics:
        location = diagnostic.location
        line = location.line if location is not None else None
        where = f" (line {line})" if line is not None else ""
        layer = f" {printable(diagnostic.layer)}" if diagnostic.layer else ""
        case = _case(suite, f"{diagnostic.code} {diagnostic.name}{layer}{where}", source)
        if diagnostic.severity >= fail_on:
            failure = ET.SubElement(
                case,
                "failure",
                {
                    "message": printable(diagnostic.message, None),
                    "type": f"{diagnostic.code} {diagnostic.severity}",
                },
            )
            failure.text = _details(diagnostic)
        else:
            ET.SubElement(case, "system-out").text = _details(diagnostic)
    if not report.diagnostics:
        _case(suite, "convcalc", source)
    return suite


def _skipped_suite(path: str) -> ET.Element:
    path = printable(path, None)
    suite = _suite_of(path, 1, 0, 1)
    case = _case(suite, "convcalc", path)
    # GitLab shows a skipped case's text as the reason; other readers take the message.
    reason = "not a convcalc spec (no top-level `layers`)"
    ET.SubElement(case, "skipped", {"message": reason}).text = reason
    return suite


def _failure_suite(failure: str) -> ET.Element:
    text = printable(failure, None)
    suite = _suite_of("convcalc", 1, 0, 0)
    suite.set("errors", "1")
    case = _case(suite, f"could not check: {text}", "convcalc")
    ET.SubElement(case, "error", {"message": text, "type": "usage or I/O error"}).text = text
    return suite


class JunitReporter(Reporter):
    """A suite is made from each report as it comes (the document is written at the end, since
    the root holds the totals): no report is kept whole."""

    def __init__(self, options: ReportOptions) -> None:
        super().__init__(options)
        self._suites: list[ET.Element] = []

    def add(self, report: NetworkReport) -> None:
        self._suites.append(_suite(report, self.options.fail_on))

    def finish(self, reports: Sequence[NetworkReport]) -> None:
        root = ET.Element("testsuites", {"name": "convcalc"})
        suites = self._suites + [_skipped_suite(path) for path in self.options.skipped]
        suites += [_failure_suite(failure) for failure in self.options.failures]
        root.extend(suites)
        # Each suite counts its skipped cases; the root has no `skipped` in junit-10.xsd.
        for key in ("tests", "failures", "errors"):
            root.set(key, str(sum(int(suite.get(key, "0")) for suite in suites)))
        root.set("time", "0")
        ET.indent(root)
        text = ET.tostring(root, encoding="unicode")
        click.echo('<?xml version="1.0" encoding="UTF-8"?>\n' + text)
