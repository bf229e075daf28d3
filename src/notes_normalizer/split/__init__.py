"""Splitting: a repaired note into question units."""
