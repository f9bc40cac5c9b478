"""The diagnostics: their table (rules/table.py, all the loader reads) and the checks the
calculator runs (rules/checks.py, one module per rule, named after it)."""
