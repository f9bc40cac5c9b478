"""`# convcalc: ignore[CODE]` comments, the unused-suppression rule, and --select/--ignore.

Lines and columns are counted in the spec texts written here (1-based, as editors show them).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import invoke

from convcalc.lint.selection import Selection, matching_codes
from convcalc.lint.suppress import find_suppressions
from convcalc.rules.table import RULES

CONV_224 = "  - {type: conv, filters: 96, kernel: 11, stride: 4}"  # (224 − 11)/4 + 1 = 54.25: CC103
CONV_227 = "  - {type: conv, filters: 96, kernel: 11, stride: 4}"  # on 227: exact, nothing to say


def spec(*layers: str, size: int = 224) -> str:
    return f"input: [{size}, {size}, 3]\nlayers:\n" + "\n".join(layers) + "\n"


def diagnostics(text: str, *args: str) -> list[dict[str, Any]]:
    result = invoke("check", "--format", "json", *args, "-", stdin=text)
    (report,) = json.loads(result.stdout)
    return report["diagnostics"]  # type: ignore[no-any-return]


def codes(text: str, *args: str) -> list[str]:
    return [d["code"] for d in diagnostics(text, *args)]


# --- finding comments ----------------------------------------------------------------------


def test_comments_are_found_with_their_codes_and_columns() -> None:
    text = "a: 1  # convcalc: ignore[CC103, unread-input]\n# convcalc: ignore\nb: '#convcalc: x'\n"
    found = find_suppressions(text)
    assert [(s.line, s.column, s.codes) for s in found] == [
        (1, 7, ("CC103", "unread-input")),
        (2, 1, ()),
    ]


def test_a_hash_inside_a_word_is_not_a_comment() -> None:
    assert find_suppressions("name: a#convcalc: ignore[CC103]\n") == []


# --- suppressing ---------------------------------------------------------------------------


def test_a_comment_on_the_layer_line_suppresses_its_code() -> None:
    assert codes(spec(CONV_224)) == ["CC103"]
    assert codes(spec(CONV_224 + "  # convcalc: ignore[CC103]")) == []


def test_a_rule_name_works_like_its_code() -> None:
    assert codes(spec(CONV_224 + "  # convcalc: ignore[unread-input]")) == []


def test_a_bare_ignore_suppresses_every_code_on_the_line() -> None:
    assert codes(spec(CONV_224 + "  # convcalc: ignore")) == []


def test_another_code_does_not_suppress_and_is_unused() -> None:
    text = spec(CONV_224 + "  # convcalc: ignore[CC104]")
    found = diagnostics(text)
    assert [d["code"] for d in found] == ["CC103", "CC301"]
    unused = found[1]
    assert unused["severity"] == "info"
    assert (unused["line"], unused["column"]) == (3, len(CONV_224) + 3)  # the `#`


def test_an_unused_suppression_is_reported_where_the_comment_is() -> None:
    line = CONV_227 + "   # convcalc: ignore[CC103]"
    (found,) = diagnostics(spec(line, size=227))
    assert (found["code"], found["name"]) == ("CC301", "unused-suppression")
    assert (found["line"], found["column"]) == (3, line.index("#") + 1)


def test_an_unknown_code_in_a_suppression_is_reported() -> None:
    (found,) = diagnostics(spec(CONV_227 + "  # convcalc: ignore[CC999]", size=227))
    assert found["code"] == "CC301"
    assert "CC999" in found["message"]


def test_unused_suppressions_can_be_ignored() -> None:
    text = spec(CONV_227 + "  # convcalc: ignore[CC103]", size=227)
    assert codes(text, "--ignore", "CC301") == []


# --- file-level suppression ----------------------------------------------------------------
# `# convcalc: ignore-file[...]` on any line: ruff's file-level noqa.


def test_file_level_comments_are_told_from_line_ones() -> None:
    text = (
        "# convcalc: ignore-file[CC103]\na: 1  # convcalc: ignore-file\nb: 2  # convcalc: ignore\n"
    )
    found = find_suppressions(text)
    assert [(s.line, s.column, s.codes, s.whole_file) for s in found] == [
        (1, 1, ("CC103",), True),
        (2, 7, (), True),
        (3, 7, (), False),
    ]
    # A longer word is neither: `ignore-files` is not a bare `ignore` either.
    assert find_suppressions("a: 1  # convcalc: ignore-files\n") == []


def test_a_file_level_comment_suppresses_its_codes_everywhere_in_the_file() -> None:
    # Two layers, each CC103 (54.25 then 11.75), on lines 4 and 5; the comment is on neither.
    body = spec(CONV_224, CONV_224.replace("filters: 96", "filters: 8"))
    assert codes(body) == ["CC103", "CC103"]
    assert codes("# convcalc: ignore-file[unread-input]\n" + body) == []
    assert codes(body + "# convcalc: ignore-file\n") == []
    # Other codes stay: the line comment's codes are the file comment's too.
    error = "  - {type: conv, filters: 8, kernel: 99}"  # on the 54 × 54 output: CC101
    assert codes("# convcalc: ignore-file[CC103]\n" + spec(CONV_224, error)) == ["CC101"]


def test_an_unused_or_unknown_file_level_code_is_reported_where_the_comment_is() -> None:
    text = "# convcalc: ignore-file[CC103, CC104, CC999]\n" + spec(CONV_224)
    found = diagnostics(text)
    assert [(d["code"], d["line"], d["column"]) for d in found] == [("CC301", 1, 1)] * 2
    assert found[0]["message"] == "unused suppression: no `CC104` diagnostic in this file"
    assert found[1]["message"] == "`CC999` in a suppression names no rule"
    bare = diagnostics("# convcalc: ignore-file\n" + spec(CONV_227, size=227))
    assert [(d["code"], d["message"]) for d in bare] == [
        ("CC301", "unused suppression: nothing in this file")
    ]


def test_a_file_level_suppression_of_the_only_error_makes_the_exit_code_0(tmp_path: Path) -> None:
    path = tmp_path / "net.yaml"
    error = "  - {type: conv, filters: 8, kernel: 5}"
    path.write_text(spec(error, size=4), encoding="utf-8")
    assert invoke("check", str(path)).exit_code == 1
    path.write_text("# convcalc: ignore-file[CC101]\n" + spec(error, size=4), encoding="utf-8")
    result = invoke("check", str(path))
    assert result.exit_code == 0, result.output


BLOCK_STYLE = """\
input: [32, 32, 3]
layers:
  - type: conv{layer_comment}
    filters: 8
    kernel: 3
    stride: 0{field_comment}
"""


def test_a_comment_on_a_field_line_suppresses_a_diagnostic_about_that_field() -> None:
    plain = BLOCK_STYLE.format(layer_comment="", field_comment="")
    (found,) = diagnostics(plain)
    assert (found["code"], found["line"]) == ("CC010", 6)  # points at `stride: 0`
    on_field = BLOCK_STYLE.format(layer_comment="", field_comment="  # convcalc: ignore[CC010]")
    on_layer = BLOCK_STYLE.format(layer_comment="  # convcalc: ignore[CC010]", field_comment="")
    assert codes(on_field) == []
    assert codes(on_layer) == []


def test_suppressing_the_only_error_makes_the_exit_code_0() -> None:
    text = BLOCK_STYLE.format(layer_comment="", field_comment="  # convcalc: ignore[CC010]")
    assert invoke("check", "-", stdin=text).exit_code == 0
    assert (
        invoke("check", "-", stdin=BLOCK_STYLE.format(layer_comment="", field_comment="")).exit_code
        == 1
    )


def test_a_comment_where_a_block_is_used_suppresses_inside_it() -> None:
    text = (
        "input: [224, 224, 3]\n"
        "blocks:\n"
        "  stem:\n"
        "    layers:\n"
        "      - {type: conv, filters: 96, kernel: 11, stride: 4}\n"
        "layers:\n"
        "  - {type: stem}COMMENT\n"
    )
    assert codes(text.replace("COMMENT", "")) == ["CC103"]
    assert codes(text.replace("COMMENT", "  # convcalc: ignore[CC103]")) == []


def test_the_layer_status_follows_what_is_reported() -> None:
    result = invoke("check", "--format", "json", "-", stdin=spec(CONV_224 + "  # convcalc: ignore"))
    (report,) = json.loads(result.stdout)
    assert report["layers"][0]["status"] == "ok"


def test_suppression_is_read_from_files_too(tmp_path: Path) -> None:
    path = tmp_path / "net.yaml"
    path.write_text(spec(CONV_224 + "  # convcalc: ignore[CC103]"), encoding="utf-8")
    result = invoke("check", "--format", "concise", str(path))
    assert result.stdout.splitlines() == ["no problems in 1 file"]


# --- --select and --ignore -------------------------------------------------------------------

BOTH = spec(CONV_224, "  - {type: conv, filters: 8, kernel: 3, stride: 2, padding: 1}")
# second conv: (54 − 3 + 2)/2 + 1 = 27.5, only padding dropped: CC104


def test_select_and_ignore_by_code_prefix_and_name() -> None:
    assert codes(BOTH) == ["CC103", "CC104"]
    assert codes(BOTH, "--select", "CC103") == ["CC103"]
    assert codes(BOTH, "--select", "CC10") == ["CC103", "CC104"]
    assert codes(BOTH, "--select", "padding-remainder") == ["CC104"]
    assert codes(BOTH, "--ignore", "CC103,CC104") == []
    assert codes(BOTH, "--select", "ALL", "--ignore", "unread-input") == ["CC104"]
    assert codes(BOTH, "--select", "CC0") == []


def test_fail_on_counts_only_what_is_selected() -> None:
    assert invoke("check", "--fail-on", "warning", "-", stdin=BOTH).exit_code == 1
    args = ("check", "--fail-on", "warning", "--ignore", "CC103", "-")
    assert invoke(*args, stdin=BOTH).exit_code == 0
    assert invoke("check", "--fail-on", "info", "--ignore", "CC103", "-", stdin=BOTH).exit_code == 1


def test_matching_is_generic_over_the_registry() -> None:
    assert matching_codes("ALL") == frozenset(RULES)
    assert matching_codes("cc1") == {code for code in RULES if code.startswith("CC1")}
    for rule in RULES.values():
        assert matching_codes(rule.name) == {rule.id}
        assert Selection(ignore=(rule.id,)).codes() == frozenset(RULES) - {rule.id}


@pytest.mark.parametrize("selector", ["CC9", "nonsense", "unread_input"])
def test_a_selector_that_matches_nothing_is_a_usage_error(selector: str) -> None:
    result = invoke("check", "--ignore", selector, "-", stdin=BOTH)
    assert result.exit_code == 2
    assert selector in result.stderr
