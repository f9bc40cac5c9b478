"""`--format junit` against its real consumers.

Jenkins: the xunit plugin validates a JUnit report against `junit-10.xsd` before reading it and
drops one that fails; that very file (tests/fixtures/junit/, copied unchanged from the plugin) is
the judge here, through `xmlschema`, a full XSD 1.0 validator. GitLab: its parser
(lib/gitlab/ci/parsers/test/junit.rb) reads `<testsuites>`/`<testsuite>`/`<testcase>`, a case's
`name`, `classname`, `file` and `time`, its status from a `<failure>`, `<error>` or `<skipped>`
child and that child's text as the details, and keeps only the first of two cases with the same
suite, classname and name; `gitlab_cases` reads the same, and nothing else.

Every document is parsed with xml.etree and validated with xmlschema (which parses with
ElementTree too), so no result depends on whether lxml is installed.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
import xmlschema
from conftest import invoke

JENKINS_XSD = Path(__file__).resolve().parent.parent / "fixtures" / "junit" / "junit-10.xsd"

# (224 − 11)/4 + 1 = 54.25: CC103 warning at 3:5
WARNING = "input: [224, 224, 3]\nlayers:\n  - {type: conv, filters: 96, kernel: 11, stride: 4}\n"
# kernel 5 on a 4×4 input: CC101 error at 3:5
ERROR = "input: [4, 4, 3]\nlayers:\n  - {type: conv, filters: 8, kernel: 5}\n"
# (224 − 7 + 6)/2 + 1 = 112.5, only padding dropped: CC104 info at 3:5
INFO = (
    "input: [224, 224, 3]\nlayers:\n"
    "  - {type: conv, filters: 64, kernel: 7, stride: 2, padding: 3}\n"
)
CLEAN = "input: [8, 8, 3]\nlayers: [relu]\n"
# An unclosed flow sequence: the file does not load (CC001 at line 2).
BROKEN = "input: [4, 4, 3\nlayers: [\n"


@cache
def jenkins_schema() -> xmlschema.XMLSchema10:
    return xmlschema.XMLSchema10(str(JENKINS_XSD))


def valid_for_jenkins(document: str | bytes) -> ET.Element:
    """The document as Jenkins' xunit would accept it: raises, with the schema's reason, if not."""
    text = document.decode("utf-8") if isinstance(document, bytes) else document
    jenkins_schema().validate(text)
    return ET.fromstring(text.encode("utf-8"))


@dataclass(frozen=True)
class GitlabCase:
    suite: str
    classname: str
    name: str
    status: str  # GitLab's: success, failed, error or skipped
    details: str | None  # the failure, error or skipped text GitLab shows


def gitlab_cases(root: ET.Element) -> list[GitlabCase]:
    """The test cases GitLab would list, with duplicates (which GitLab drops) kept to be seen."""
    assert root.tag == "testsuites"
    cases = []
    for suite in root.iter("testsuite"):
        for case in suite.findall("testcase"):
            status, details = "success", None
            for tag, name in (("failure", "failed"), ("error", "error"), ("skipped", "skipped")):
                child = case.find(tag)
                if child is not None:
                    status, details = name, child.text
                    break
            cases.append(
                GitlabCase(
                    suite.get("name", ""),
                    case.get("classname", ""),
                    case.get("name", ""),
                    status,
                    details,
                )
            )
    return cases


def check_junit(*args: str) -> tuple[int, ET.Element]:
    result = invoke("check", "--format", "junit", *args)
    return result.exit_code, valid_for_jenkins(result.stdout)


def write(directory: Path, name: str, text: str) -> str:
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def totals(element: ET.Element) -> tuple[str | None, ...]:
    return tuple(element.get(key) for key in ("tests", "failures", "errors", "skipped"))


def test_the_schema_is_jenkins_own_and_refuses_what_it_should() -> None:
    """The fixture is the plugin's schema, and the validator enforces it: a `file` on a case and
    a `skipped` on the root, which convcalc once wrote, are refused."""
    # The digest tests/fixtures/junit/README.md gives for the plugin's file: not edited to pass.
    assert hashlib.sha256(JENKINS_XSD.read_bytes()).hexdigest() == (
        "a1a816f58d1bf95ebabf371994df0b9246dee66ea9572fbec4f9296f1b2c0ff6"
    )
    minimal = (
        '<testsuites><testsuite name="s" tests="1" failures="0" errors="0">{}</testsuite>'
        "</testsuites>"
    )
    assert jenkins_schema().is_valid(minimal.format('<testcase name="c"/>'))
    assert not jenkins_schema().is_valid(minimal.format('<testcase name="c" file="f"/>'))
    assert not jenkins_schema().is_valid(minimal.format('<testcase name="c" line="1"/>'))
    assert not jenkins_schema().is_valid(
        minimal.format("<testcase name='c'/>").replace("<testsuites>", '<testsuites skipped="0">')
    )


def test_a_clean_file_is_one_passing_case(tmp_path: Path) -> None:
    clean = write(tmp_path, "clean.yaml", CLEAN)
    exit_code, root = check_junit(clean)
    assert exit_code == 0
    assert totals(root) == ("1", "0", "0", None)
    (suite,) = root.findall("testsuite")
    assert (suite.get("name"), suite.get("file")) == (clean, clean)
    assert totals(suite) == ("1", "0", "0", "0")
    assert gitlab_cases(root) == [GitlabCase(clean, clean, "convcalc", "success", None)]


def test_fail_on_decides_which_diagnostics_are_failures(tmp_path: Path) -> None:
    paths = [
        write(tmp_path, f"{n}.yaml", t) for n, t in (("w", WARNING), ("e", ERROR), ("i", INFO))
    ]
    warning, error, info = paths

    exit_code, root = check_junit(*paths)
    assert exit_code == 1
    assert totals(root) == ("3", "1", "0", None)
    assert [(c.suite, c.classname, c.name, c.status) for c in gitlab_cases(root)] == [
        (warning, warning, "CC103 unread-input conv1 (line 3)", "success"),
        (error, error, "CC101 kernel-exceeds-input conv1 (line 3)", "failed"),
        (info, info, "CC104 padding-remainder conv1 (line 3)", "success"),
    ]
    (failure,) = root.iter("failure")
    assert failure.get("type") == "CC101 error"
    assert (failure.get("message") or "").startswith("kernel 5 is larger than the padded input 4")
    # The line and column a reader cannot take from an attribute open the details.
    assert (failure.text or "").startswith(f"{error}:3:5: CC101 error conv1: kernel 5")
    assert "\nhint: " in (failure.text or "")
    # A diagnostic below --fail-on passes, its message in the case's output.
    outputs = [case.findtext("system-out") or "" for case in root.iter("testcase")]
    assert outputs[0].startswith(f"{warning}:3:5: CC103 warning conv1: ")
    assert outputs[2].startswith(f"{info}:3:5: CC104 info conv1: ")

    _, root = check_junit("--fail-on", "warning", *paths)
    assert [c.status for c in gitlab_cases(root)] == ["failed", "failed", "success"]
    assert totals(root) == ("3", "2", "0", None)


def test_a_skipped_non_spec_file_is_a_skipped_case(tmp_path: Path) -> None:
    clean = write(tmp_path, "clean.yaml", CLEAN)
    workflow = write(tmp_path, "ci.yml", "on: push\n")
    exit_code, root = check_junit(str(tmp_path))
    assert exit_code == 0
    # The root holds no skipped count in junit-10.xsd; the skipped case is among its tests.
    assert totals(root) == ("2", "0", "0", None)
    suites = {suite.get("name"): suite for suite in root.iter("testsuite")}
    assert set(suites) == {clean, workflow}
    assert totals(suites[workflow]) == ("1", "0", "0", "1")
    assert [c for c in gitlab_cases(root) if c.suite == workflow] == [
        GitlabCase(
            workflow, workflow, "convcalc", "skipped", "not a convcalc spec (no top-level `layers`)"
        )
    ]
    (skipped,) = root.iter("skipped")
    assert skipped.get("message") == skipped.text


def test_a_path_that_could_not_be_checked_is_an_error(tmp_path: Path) -> None:
    """A mistyped path exits 2, and the report says so: an error case, not a clean run."""
    clean = write(tmp_path, "clean.yaml", CLEAN)
    exit_code, root = check_junit(clean, str(tmp_path / "missing.yaml"))
    assert exit_code == 2
    assert totals(root) == ("2", "0", "1", None)
    errors = [case for case in gitlab_cases(root) if case.status == "error"]
    assert len(errors) == 1
    assert errors[0].details is not None and "missing.yaml" in errors[0].details


def test_a_file_that_did_not_load_is_a_failure(tmp_path: Path) -> None:
    broken = write(tmp_path, "broken.yaml", BROKEN)
    exit_code, root = check_junit(broken)
    assert exit_code == 1
    (case,) = gitlab_cases(root)
    assert (case.classname, case.name, case.status) == (
        broken,
        "CC001 yaml-syntax (line 2)",
        "failed",
    )
    assert (case.details or "").startswith(f"{broken}:2:")
    assert totals(root) == ("1", "1", "0", None)


def test_many_files_one_suite_each_and_the_root_adds_them_up(tmp_path: Path) -> None:
    texts = [WARNING, ERROR, INFO, CLEAN, BROKEN]
    paths = [write(tmp_path, f"spec{n:02}.yaml", texts[n % len(texts)]) for n in range(40)]
    write(tmp_path, "notes.yaml", "title: not a spec\n")
    exit_code, root = check_junit(str(tmp_path))
    assert exit_code == 1
    suites = root.findall("testsuite")
    assert sorted(suite.get("name") or "" for suite in suites) == sorted(
        [*paths, str(tmp_path / "notes.yaml")]
    )
    for suite in suites:
        cases = suite.findall("testcase")
        assert int(suite.get("tests", "")) == len(cases)
        assert int(suite.get("failures", "")) == sum(
            case.find("failure") is not None for case in cases
        )
        assert int(suite.get("skipped", "")) == sum(
            case.find("skipped") is not None for case in cases
        )
    for key in ("tests", "failures", "errors"):
        assert int(root.get(key, "")) == sum(int(suite.get(key, "")) for suite in suites)
    assert totals(root) == ("41", "16", "0", None)  # 8 errors and 8 files that did not load
    # GitLab keeps only the first of two cases with the same suite, classname and name.
    keys = [(c.suite, c.classname, c.name) for c in gitlab_cases(root)]
    assert len(keys) == len(set(keys))


def test_user_text_is_escaped_and_still_valid(tmp_path: Path) -> None:
    # A newline, a forged workflow command, a terminal escape, a NUL and C0/DEL controls that XML
    # 1.0 cannot hold even as references, and the characters XML itself gives meaning to.
    name = 'a<b>&"c"\n::error::x\x1b[2J\x00\x01\x7f'
    # A JSON string is a YAML double-quoted scalar (YAML's escapes are a superset of JSON's).
    spec = ERROR.replace("{type: conv,", f"{{type: conv, name: {json.dumps(name)},")
    exit_code, root = check_junit(write(tmp_path, "evil.yaml", spec))
    assert exit_code == 1
    (case,) = gitlab_cases(root)
    assert case.name.startswith('CC101 kernel-exceeds-input a<b>&"c"\\n::error::x\\x1b[2J\\x00')


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file names are bytes")
def test_a_non_utf8_file_name_is_escaped_and_valid(tmp_path: Path) -> None:
    with open(os.path.join(os.fsencode(tmp_path), b"bad\xff.yaml"), "wb") as handle:
        handle.write(ERROR.encode("utf-8"))
    # A real process with a strict UTF-8 stdout: a raw byte or a surrogate would fail the write.
    answer = subprocess.run(
        [sys.executable, "-m", "convcalc", "check", "--format", "junit", str(tmp_path)],
        capture_output=True,
        env={**os.environ, "LC_ALL": "C.UTF-8", "PYTHONIOENCODING": "utf-8:strict"},
        timeout=60,
        check=False,
    )
    assert answer.returncode == 1, answer.stderr
    root = valid_for_jenkins(answer.stdout)
    shown = f"{tmp_path}/bad\\xff.yaml"
    (case,) = gitlab_cases(root)
    assert (case.suite, case.classname, case.status) == (shown, shown, "failed")
