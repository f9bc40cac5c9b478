"""Write the manual's generated sections from the registries, so the docs cannot drift.

    python tools/readme_sections.py          # rewrite the files in docs/ in place
    python tools/readme_sections.py --check  # exit 1 if any of them is out of date

In docs/kinds.md, between `<!-- kinds:start -->` and `<!-- kinds:end -->`: a table of the layer
kinds (KINDS). In docs/diagnostics.md, between `<!-- rules:start -->` and `<!-- rules:end -->`:
a table of the codes, then one page per diagnostic (RULES). In docs/integrations.md, between
`<!-- limits:start -->` and `<!-- limits:end -->`: the limits (core/limits.py LIMITS).
tests/test_readme.py runs the same check.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from convcalc.core.limits import LIMITS, Limit
from convcalc.kinds import KINDS
from convcalc.kinds.base import Field, LayerKind
from convcalc.rules.table import RULES, Rule

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _field(field: Field) -> str:
    if field.required:
        text = f"`{field.name}` (required)"
    elif field.default is None:
        text = f"`{field.name}`"
    else:
        text = f"`{field.name}` = `{field.default}`"
    if field.aliases:
        text += " (also " + ", ".join(f"`{alias}`" for alias in field.aliases) + ")"
    return text


def kinds_section() -> str:
    lines = [
        "| kind | also written | fields (defaults) | what it is |",
        "|---|---|---|---|",
    ]
    for kind in KINDS.values():
        lines.append(_kind_row(kind))
    return "\n".join(lines)


def _kind_row(kind: LayerKind) -> str:
    aliases = ", ".join(f"`{alias}`" for alias in kind.aliases) or "—"
    fields = "; ".join(_field(field) for field in kind.fields) or "—"
    return f"| `{kind.name}` | {aliases} | {_cell(fields)} | {_cell(kind.summary)} |"


def _rule_page(rule: Rule) -> str:
    strict = "yes: `--strict` makes it an error" if rule.strict else "no"
    lines = [
        f"## {rule.id} {rule.name}",
        "",
        f"Default severity: **{rule.severity}**. Escalated by `--strict`: {strict}.",
        "",
        " ".join(rule.doc.split()),
    ]
    if rule.example:
        lines += ["", "```yaml", rule.example, "```"]
    return "\n".join(lines)


def rules_section() -> str:
    rows = ["| code | name | severity |", "|---|---|---|"]
    rows += [
        f"| [{rule.id}](#{rule.anchor}) | `{rule.name}` | {rule.severity} |"
        for rule in sorted(RULES.values(), key=lambda r: r.id)
    ]
    pages = [_rule_page(rule) for rule in sorted(RULES.values(), key=lambda r: r.id)]
    return "\n".join(rows) + "\n\n" + "\n\n".join(pages)


def _limit_default(limit: Limit) -> str:
    mebibyte = 1024 * 1024
    if limit.attribute == "file_bytes" and limit.default % mebibyte == 0:
        return f"{limit.default // mebibyte} MiB"
    return f"{limit.default:,}"


def limits_section() -> str:
    rows = [
        "| what | default | option | configuration key | past it |",
        "|---|---|---|---|---|",
    ]
    rows += [
        f"| {_cell(limit.what)} | {_limit_default(limit)} | `{limit.option} N` | `{limit.key}` "
        f"| {_cell(limit.past)} |"
        for limit in LIMITS
    ]
    return "\n".join(rows)


def _fill(text: str, name: str, body: str, path: Path) -> str:
    pattern = re.compile(rf"(<!-- {name}:start -->\n).*?(<!-- {name}:end -->)", re.DOTALL)
    if not pattern.search(text):
        raise SystemExit(
            f"{path.name} has no <!-- {name}:start --> ... <!-- {name}:end --> markers"
        )
    return pattern.sub(lambda m: m.group(1) + body + "\n" + m.group(2), text)


# Each generated section: its marker name, the document it lives in, and what writes it.
SECTIONS: tuple[tuple[str, Path, Callable[[], str]], ...] = (
    ("kinds", DOCS / "kinds.md", kinds_section),
    ("rules", DOCS / "diagnostics.md", rules_section),
    ("limits", DOCS / "integrations.md", limits_section),
)


def render(path: Path, text: str) -> str:
    """The document's text with its generated sections replaced by fresh ones."""
    for name, home, section in SECTIONS:
        if home == path:
            text = _fill(text, name, section(), path)
    return text


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="only check; exit 1 when stale")
    options = parser.parse_args()
    stale = False
    for path in sorted({home for _, home, _ in SECTIONS}):
        current = path.read_text(encoding="utf-8")
        fresh = render(path, current)
        if fresh == current:
            continue
        stale = True
        if options.check:
            print(f"stale: {path.relative_to(ROOT)}", file=sys.stderr)
            continue
        handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(fresh)
        os.chmod(name, path.stat().st_mode)  # mkstemp makes the file private
        os.replace(name, path)
    return 1 if options.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
