"""Personal-information rules: retention, erasure on request, export, and who viewed a citizen's record."""
