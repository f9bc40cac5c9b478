"""`python -m convcalc`."""

from __future__ import annotations

from convcalc.cli.main import main

if __name__ == "__main__":
    main()
