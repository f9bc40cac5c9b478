"""Configuration files: `[tool.convcalc]` in `pyproject.toml`, or `.convcalc.yaml`.

As ruff does, each checked file uses the nearest configuration found walking up from its
directory (`.convcalc.yaml` first when a directory has both; a `pyproject.toml` without
`[tool.convcalc]` is passed over). Keys mirror the command-line options, which win over them.
`select`, `ignore`, `strict` and `exclude` apply per file; `format`, `fail-on` and `layout` shape
the whole run and come from the configuration that applies to the current directory.

`extend = "../shared.toml"` (as in ruff) starts from another configuration file, named relative to
the one that says it: each key the file itself gives replaces the shared one (limits one by one).
A shared file may extend another; a cycle or a file that cannot be read is a usage error.
"""

from __future__ import annotations

import os
import re
import stat
import sys
from pathlib import Path
from typing import Any

from convcalc.core import limits
from convcalc.core.printable import printable
from convcalc.core.records import fields, frozen, replace
from convcalc.core.shapes import LAYOUTS
from convcalc.lint.selection import SelectorError, check_selectors
from convcalc.load.files import InputError, read_regular
from convcalc.load.problems import did_you_mean
from convcalc.load.raw import Raw, RawMap, RawScalar, RawSeq, describe
from convcalc.load.yaml_source import YamlProblem, parse_yaml
from convcalc.report import REPORTERS

YAML_NAME = ".convcalc.yaml"
PYPROJECT = "pyproject.toml"
SEVERITIES = ("error", "warning", "info")
MAX_CONFIG_BYTES = 1024 * 1024  # a configuration is a few lines
# A TOML file that may hold `tool.convcalc` (see _may_hold_table).
_TOOL_CONVCALC = re.compile(
    rb"""^(?![ \t]*\#)[^\n]*?(["']?)tool\1[ \t]*\.[ \t]*(["']?)convcalc\2"""
    rb"""|^[ \t]*\[[ \t]*(["']?)tool\3[ \t]*\]"""
    rb"""|^[ \t]*(["']?)tool\4[ \t]*=""",
    re.MULTILINE,
)
# Spellings accepted for each key: `fail_on` as well as `fail-on`, as TOML users write either.
_KEYS = {
    "select": "select",
    "ignore": "ignore",
    "strict": "strict",
    "exclude": "exclude",
    "fail-on": "fail_on",
    "format": "output_format",
    "output-format": "output_format",
    "layout": "layout",
    "per-file-ignores": "per_file_ignores",
    "extend": "extend",  # read by read_config before the table's other keys
    **{limit.key: limit.attribute for limit in limits.LIMITS},
}


class ConfigError(Exception):
    """A configuration file that cannot be used; a usage error (exit code 2)."""


@frozen
class Config:
    """One configuration file's settings; None where the file says nothing."""

    path: str | None = None
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] | None = None
    strict: bool | None = None
    exclude: tuple[str, ...] = ()
    fail_on: str | None = None
    output_format: str | None = None
    layout: str | None = None
    # `per-file-ignores`: (glob, codes) pairs; the codes are not reported in files the glob
    # matches (by name or path end, as `exclude` matches), over `ignore` and `--ignore`.
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # Limits this file raises or lowers, by Limits attribute (applied to the whole run).
    limits: tuple[tuple[str, int], ...] = ()


def _plain(raw: Raw | None, path: Path) -> Any:
    """A Raw tree as plain Python values; ConfigError for a key given twice or not text."""
    if raw is None:
        return None
    if isinstance(raw, RawScalar):
        return raw.value
    if isinstance(raw, RawSeq):
        return [_plain(item, path) for item in raw.items]
    table: dict[str, Any] = {}
    for entry in raw.entries:
        key = entry.key
        if not isinstance(key, RawScalar) or not isinstance(key.value, str):
            raise ConfigError(f"{_where(path, key)}: a key must be text, got {describe(key)}")
        if key.value in table:
            raise ConfigError(f"{_where(path, key)}: `{printable(key.value)}` is given twice")
        table[key.value] = _plain(entry.value, path)
    return table


def _where(path: Path, raw: Raw) -> str:
    location = raw.location
    if location.line is None:
        return printable(str(path))
    return f"{printable(str(path))}:{location.line}:{location.column}"


def _shown(value: Any) -> str:
    """A configured value as a message repeats it: escaped and cut short."""
    try:
        return printable(repr(value))
    except RecursionError:
        return "a deeply nested value"


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return tuple(value)
    raise ConfigError(f"{where} must be a list of text, got {_shown(value)}")


def _per_file_ignores(value: Any, where: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """`{"legacy/*.yaml": ["CC104"]}`: each glob's codes, code prefixes or rule names."""
    if not isinstance(value, dict):
        raise ConfigError(f"{where} must map globs to lists of codes, got {_shown(value)}")
    pairs = []
    for glob, codes in value.items():
        entry = f"{where} `{printable(str(glob))}`"
        selectors = _strings(codes, entry)
        try:
            check_selectors(selectors)
        except SelectorError as error:
            raise ConfigError(f"{entry}: {error}") from None
        pairs.append((str(glob), selectors))
    return tuple(pairs)


def _choice(value: Any, choices: tuple[str, ...] | list[str], where: str) -> str:
    if isinstance(value, str) and value.lower() in choices:
        return value.lower()
    raise ConfigError(f"{where} must be one of {', '.join(choices)}, got {_shown(value)}")


def parse_table(table: Any, origin: str) -> Config:
    """The settings in one `[tool.convcalc]` table or `.convcalc.yaml` mapping."""
    if table is None:
        return Config(path=origin)
    if not isinstance(table, dict):
        raise ConfigError(f"{origin}: the configuration must be a mapping of options")
    values: dict[str, Any] = {}
    limit_values: dict[str, int] = {}
    for key, value in table.items():
        name = _KEYS.get(str(key).replace("_", "-"))
        where = f"{origin}: `{printable(str(key))}`"
        if name is None:
            hint = did_you_mean(str(key), _KEYS) or "known keys: " + ", ".join(_KEYS)
            raise ConfigError(f"{origin}: unknown key `{printable(str(key))}`; {hint}")
        if name in values or name in limit_values:
            raise ConfigError(f"{where} is given twice")
        if name == "extend":
            continue
        if name in limits.BY_ATTRIBUTE:
            if (
                isinstance(value, bool)
                or not isinstance(value, int)
                or not 1 <= value <= limits.HIGHEST
            ):
                raise ConfigError(
                    f"{where} must be a whole number from 1 to {limits.HIGHEST:,}, "
                    f"got {printable(repr(value))}"
                )
            limit_values[name] = value
            continue
        if name in ("select", "ignore", "exclude"):
            values[name] = _strings(value, where)
            if name != "exclude":
                try:
                    check_selectors(values[name])
                except SelectorError as error:
                    raise ConfigError(f"{where}: {error}") from None
        elif name == "per_file_ignores":
            values[name] = _per_file_ignores(value, where)
        elif name == "strict":
            if not isinstance(value, bool):
                raise ConfigError(f"{where} must be true or false, got {_shown(value)}")
            values[name] = value
        elif name == "fail_on":
            values[name] = _choice(value, SEVERITIES, where)
        elif name == "layout":
            values[name] = _choice(value, LAYOUTS, where)
        else:
            values[name] = _choice(value, list(REPORTERS), where)
    return Config(path=origin, limits=tuple(limit_values.items()), **values)


def _read(path: Path) -> bytes:
    try:
        data = read_regular(str(path), MAX_CONFIG_BYTES)
    except InputError as error:
        raise ConfigError(f"cannot read the configuration: {error}") from None
    if len(data) > MAX_CONFIG_BYTES:
        raise ConfigError(f"{printable(str(path))}: larger than {MAX_CONFIG_BYTES // 1024} KiB")
    return data


def _may_hold_table(data: bytes) -> bool:
    """Whether a TOML file can hold `tool.convcalc`, told without parsing it; exact for every
    valid TOML file (parsing one for which this is False gives no `tool.convcalc`).

    TOML writes that key path in one of three ways: `tool` dotted onto `convcalc` (a header
    `[tool.convcalc]`, `[ "tool" . 'convcalc' ]`, `[[tool.convcalc]]`, or a dotted key
    `tool.convcalc.select = ...`), a `[tool]` header followed by a `convcalc` key, or
    `tool = {convcalc = ...}` before any header. Keys are case-sensitive, a quoted key is the bare
    one, whitespace around a dot or in brackets is spaces or tabs, no key spans lines and a line
    whose first character but blanks is `#` holds none (it is a comment, or text inside a
    multi-line string, `# [tool.convcalc] ...` in this project's own file); only an
    escape in a quoted key (`"\\u0074ool"`, `\\U...`) spells either word otherwise, so a file with
    one is parsed. Files passed over are not parsed at all, so one that is not valid TOML is not
    reported either (as a pyproject.toml without the word `convcalc` never was). This project's
    own pyproject.toml names convcalc as its project and its script: parsing it (and loading
    tomllib for it) was 5 ms of every check run in the repository.
    """
    if b"\\u" in data or b"\\U" in data:
        return True
    return b"convcalc" in data and _TOOL_CONVCALC.search(data) is not None


def _table(path: Path) -> tuple[Any, str] | None:
    """The file's settings as plain values, and how messages name it; None for a pyproject.toml
    without `[tool.convcalc]`."""
    data = _read(path)
    if path.name == PYPROJECT or path.suffix == ".toml":
        if not _may_hold_table(data):
            return None  # most pyproject.toml files: no need to parse them
        # Imported here: only a file that may hold the table needs the TOML parser (5 ms to load).
        if sys.version_info >= (3, 11):
            import tomllib
        else:  # pragma: no cover - Python 3.10
            import tomli as tomllib
        try:
            document = tomllib.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
            raise ConfigError(f"{printable(str(path))}: not valid TOML ({error})") from None
        except RecursionError:  # tomllib reads nested arrays and tables by recursion
            raise ConfigError(
                f"{printable(str(path))}: not valid TOML (nested too deeply)"
            ) from None
        tool = document.get("tool")
        if not isinstance(tool, dict) or "convcalc" not in tool:
            return None
        return tool["convcalc"], f"{printable(str(path))} [tool.convcalc]"
    try:
        root = parse_yaml(data.decode("utf-8-sig"), str(path))
    except UnicodeDecodeError:
        raise ConfigError(f"{printable(str(path))}: not UTF-8 text") from None
    except YamlProblem as problem:
        raise ConfigError(f"{printable(str(path))}: {problem.diagnostic.message}") from None
    if root is not None and not isinstance(root, RawMap):
        raise ConfigError(f"{printable(str(path))}: the configuration must be a mapping of options")
    return _plain(root, path), printable(str(path))


def _given(table: dict[str, Any]) -> set[str]:
    """The Config attributes a table sets (whichever spelling of each key it uses)."""
    return {_KEYS[name] for key in table if (name := str(key).replace("_", "-")) in _KEYS}


def _extended(base: Config, local: Config, given: set[str]) -> Config:
    """The shared configuration with each key the extending file gives replaced by its own."""
    inherited = {
        field.name: getattr(base, field.name)
        for field in fields(Config)
        if field.name not in given and field.name not in ("path", "limits")
    }
    merged_limits = {**dict(base.limits), **dict(local.limits)}
    return replace(local, **inherited, limits=tuple(merged_limits.items()))


def read_config(path: Path) -> Config | None:
    """The file's settings, over those of the file it extends; None for a pyproject.toml without
    `[tool.convcalc]`."""
    found = _table(path)
    if found is None:
        return None
    return _resolved(*found, path, ())


def _resolved(table: Any, origin: str, path: Path, extending: tuple[str, ...]) -> Config:
    """One file's table over the file its `extend` names, and so on down the chain.
    `extending`: the files whose `extend` led here, to refuse a cycle."""
    local = parse_table(table, origin)
    extend_keys = [key for key in table if str(key) == "extend"] if isinstance(table, dict) else []
    if not extend_keys:
        return local
    shared = table[extend_keys[0]]
    where = f"{origin}: `extend`"
    if not isinstance(shared, str) or not shared:
        raise ConfigError(f"{where} must be the path of a configuration file, got {_shown(shared)}")
    target = Path(path.parent, os.path.expanduser(shared))
    chain = (*extending, os.path.realpath(path))
    if os.path.realpath(target) in chain:
        cycle = " → ".join(printable(name) for name in (*chain, os.path.realpath(target)))
        raise ConfigError(f"{where} makes a cycle: {cycle}")
    try:
        found = _table(target)
    except ConfigError as error:
        raise ConfigError(f"{where}: {error}") from None
    if found is None:
        raise ConfigError(f"{where}: {printable(str(target))} has no [tool.convcalc] table")
    # A problem further down is named by the file that has it.
    base = _resolved(*found, target, chain)
    return _extended(base, local, _given(table))


class ConfigFinder:
    """The configuration for each directory: `--config`, none (`--isolated`), or the nearest."""

    def __init__(self, explicit: str | None = None, isolated: bool = False) -> None:
        self.isolated = isolated
        self.fixed: Config | None = None
        if explicit is not None:
            found = read_config(Path(explicit))
            if found is None:
                raise ConfigError(f"{explicit}: has no [tool.convcalc] table")
            self.fixed = found
        self._cache: dict[str, Config] = {}

    def for_directory(self, directory: str) -> Config:
        if self.fixed is not None:
            return self.fixed
        if self.isolated:
            return Config()
        start = os.path.abspath(directory)
        walked: list[str] = []
        current = start
        found = Config()
        while True:
            if current in self._cache:
                found = self._cache[current]
                break
            walked.append(current)
            here = self._in(current)
            if here is not None:
                found = here
                break
            parent = os.path.dirname(current)
            if parent == current:
                break
            current = parent
        for directory_walked in walked:
            self._cache[directory_walked] = found
        return found

    def for_file(self, path: str) -> Config:
        return self.for_directory(os.path.dirname(os.path.abspath(path)))

    @staticmethod
    def _in(directory: str) -> Config | None:
        for name in (YAML_NAME, PYPROJECT):
            candidate = Path(directory, name)
            try:
                present = os.path.lexists(candidate) and not stat.S_ISDIR(
                    os.stat(candidate).st_mode
                )
            except OSError:
                # A directory that cannot be searched: nothing in it can be read, so nothing in
                # it is checked (the walk says so); its configuration cannot matter.
                present = False
            if present:
                found = read_config(candidate)
                if found is not None:
                    return found
        return None


def run_limits(given: tuple[tuple[str, int], ...], finder: ConfigFinder) -> limits.Limits:
    """The command line's limits over the current directory's configuration's, over the defaults.

    Limits shape the whole run, as `format` does: a file's own configuration does not change them.
    """
    configured = finder.for_directory(os.curdir).limits
    return limits.with_values(limits.DEFAULT, {**dict(configured), **dict(given)})
