"""Benchmarks: scripts that start the service as an operator would and print figures (not timed tests)."""
