"""How each format is told from its content: one function per importer, named after its module
(`Importer.recognise` calls it). Kept apart from the importers: every YAML file a check reads is
asked whether it is Ultralytics', and importing an importer (ultralytics.py is 1,900 lines) would
cost a plain spec more than reading it."""

from __future__ import annotations

import re

# A Darknet section header, `[net]`; darknet.py reads the sections with it too.
DARKNET_SECTION = re.compile(r"^\s*\[([^\]]*)\]")
DARKNET_NET_SECTIONS = ("net", "network")

_CAFFE_LAYER_START = re.compile(r"^\s*layers?\s*\{", re.MULTILINE)
_CAFFE_LEGACY_INPUT = re.compile(r"""^\s*input\s*:\s*["']""", re.MULTILINE)

_ULTRALYTICS_TOP_KEY = re.compile(r"^(backbone|head|input|layers)\s*:", re.MULTILINE)


def darknet(text: str) -> bool:
    """A Darknet config's first section (after comments and blank lines) is `[net]`."""
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped[0] in "#;":
            continue
        match = DARKNET_SECTION.match(stripped)
        return match is not None and match.group(1).strip().lower() in DARKNET_NET_SECTIONS
    return False


def caffe(text: str) -> bool:
    """A net definition has `layer {` (or V1's `layers {`) blocks, or the legacy `input:
    "data"`; a solver prototxt (`net:`, `base_lr:`) and YAML have neither."""
    return bool(_CAFFE_LAYER_START.search(text) or _CAFFE_LEGACY_INPUT.search(text))


def ultralytics(text: str) -> bool:
    """Top-level `backbone:` and `head:` keys, as every Ultralytics model YAML has, and no
    `input:` or `layers:` (a convcalc spec with stray keys stays a spec)."""
    found = {match.group(1) for match in _ULTRALYTICS_TOP_KEY.finditer(text)}
    return found == {"backbone", "head"}
