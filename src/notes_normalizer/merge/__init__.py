"""Merging: units that ask the same question become one canonical question."""
