"""The data every stage shares: shapes, layer specs, diagnostics, settings, limits, printable text.

Imports nothing else from convcalc."""
