"""The router: who the citizen is (identity) and which department their matter goes to."""
