"""The zoo: specs of torchvision's CNNs shipped inside the package (convcalc/zoo/*.yaml).

`zoo:NAME` stands for a file wherever a spec path is read (check, calc's --set, sweep, solve,
completion): `read_bytes` in load/files.py comes here for it. The specs are package data, read
through the package's loader (`pkgutil.get_data`) so they are found in a wheel or a zip as in a
checkout; the entries are the catalog's, so nothing lists a directory. (importlib.resources
would do as well, but it imports tempfile, shutil and compressors: 8 ms of every `check`.)
Every check imports this module (for `is_zoo`); the standard modules that reading, listing and
suggesting entries need are imported where they are used, so a check that names no zoo entry
loads none of them (json, pkgutil and difflib: 3 ms).
"""

from __future__ import annotations

import re
from typing import Any

from convcalc.core.printable import printable

PREFIX = "zoo:"
SUFFIX = ".yaml"
# Each entry's input, parameters and MACs as the engine computes them, written beside the specs by
# tools/write_zoo.py (and checked against the engine by tests/cli/test_zoo.py), so that listing
# the zoo does not compute 74 networks.
CATALOG = "catalog.json"


# How an entry is named; anything else (`../x`, `ResNet50`) is no entry, found or not.
_NAME = re.compile(r"[a-z0-9_]+")


class ZooError(Exception):
    """No zoo entry of that name (a usage error: exit code 2)."""


def is_zoo(path: str) -> bool:
    return path.startswith(PREFIX)


def catalog() -> dict[str, dict[str, Any]]:
    """The written figures per entry: `input` (as written), `params` and `macs` (None where the
    engine could not compute them)."""
    import json  # here: only listing the zoo reads the catalog (see the module's docstring)

    entries: dict[str, dict[str, Any]] = json.loads(_package_data(CATALOG).decode("utf-8"))
    return entries


def names() -> list[str]:
    """Every zoo entry, sorted: the catalog's (tests/cli/test_zoo.py checks that it lists every
    spec in the package's zoo directory, and no other)."""
    return sorted(catalog())


def _package_data(file_name: str) -> bytes:
    import pkgutil  # here: only a zoo entry is package data (see the module's docstring)

    data = pkgutil.get_data("convcalc", f"zoo/{file_name}")
    if data is None:  # a loader that cannot read data files
        raise FileNotFoundError(f"zoo/{file_name}")
    return data


def close_matches(name: str) -> list[str]:
    """Entries spelled like `name` (a typo, or a size left out: `resnet` → resnet18 … 152)."""
    import difflib  # here: only a name that is no entry needs it (see the module's docstring)

    known = names()
    lowered = name.lower()
    starting = [entry for entry in known if lowered and entry.startswith(lowered)]
    similar = difflib.get_close_matches(lowered, known, n=5, cutoff=0.6)
    return list(dict.fromkeys([*similar, *starting]))[:8]


def unknown(name: str) -> ZooError:
    matches = close_matches(name)
    hint = (
        "did you mean " + ", ".join(f"zoo:{match}" for match in matches) + "?"
        if matches
        else "`convcalc zoo` lists them"
    )
    return ZooError(f"zoo:{printable(name)}: no such zoo entry; {hint}")


def spec_bytes(path: str) -> bytes:
    """The spec text of `zoo:NAME` (or of a bare NAME); ZooError for an unknown name."""
    name = path[len(PREFIX) :] if is_zoo(path) else path
    if not _NAME.fullmatch(name):  # also refuses `../x`
        raise unknown(name)
    try:
        return _package_data(name + SUFFIX)
    except FileNotFoundError:
        raise unknown(name) from None
