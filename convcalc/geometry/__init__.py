"""Pure arithmetic of windows: output sizes, padding, unit maps, receptive fields, the solver.

Knows no layer kinds, rules or files; imports only `convcalc.core`."""
