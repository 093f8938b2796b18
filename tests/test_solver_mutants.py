"""Solver behaviours the mutation run (docs/testing.md) found untested."""
