"""convcalc: check CNN layer geometry, parameters and receptive fields."""

from __future__ import annotations

__version__ = "0.1.0"
