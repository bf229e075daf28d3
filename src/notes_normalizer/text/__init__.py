"""Shared text helpers: paths and URLs, slugs, code-block masks."""
