"""The click front end: options are gathered here and handed to `convcalc.commands`."""

from convcalc.cli.main import main

__all__ = ["main"]
