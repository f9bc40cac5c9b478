"""Analysis: shapes, parameters, receptive fields and diagnostics (never prints)."""
