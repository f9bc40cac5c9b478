"""The commands, without click: each gathers its inputs, runs the engine and hands results to a
reporter, and returns an exit code."""
