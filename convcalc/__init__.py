"""convcalc: check CNN layer geometry, parameters and receptive fields."""

from __future__ import annotations

__version__ = "0.1.0"
# Where convcalc lives and its documentation, as `[project.urls]` in pyproject.toml declares them
# (tests/test_project_urls.py keeps the two equal); SARIF logs link rules into DOCUMENTATION. A
# constant, not importlib.metadata: reading the installed metadata costs start-up time.
HOMEPAGE = "https://github.com/convcalc/convcalc"
DOCUMENTATION = "https://github.com/convcalc/convcalc/blob/main/docs"
