"""The rq jobs: module-level functions that take ids (or nothing) and find their work in the database."""
