"""CC017 not-expanded.

Its documented example (`convcalc rules CC017`, docs/diagnostics.md: an Ultralytics model YAML
with an RT-DETR decoder row) reports it and nothing else; the example fixed reports nothing."""

from __future__ import annotations

CODE = "CC017"
# The documented example fixed: a Detect head in the decoder's place.
FIXED = """nc: 80
backbone:
  - [-1, 1, Conv, [64, 1, 1]]
head:
  - [[0], 1, Detect, [nc]]
"""
OPTIONS: list[str] = []
