"""Wiring: build a process's runtime, register every table, run migrations and the operator commands."""
