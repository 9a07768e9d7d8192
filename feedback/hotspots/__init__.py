"""Hot spots: what many citizens report about one place, mined from cases or from a file of past messages."""
