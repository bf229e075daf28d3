"""Relative links between site paths, many thousands per build."""

from __future__ import annotations

import posixpath


def relpath(target: str, base: str = ".") -> str:
    """`posixpath.relpath` for the docs-relative paths a site is made of, without its two
    `abspath` calls (a third of the link phase on a big site). Paths with `.` or `..` parts go
    to `posixpath.relpath` itself."""
    target_parts = [part for part in target.split("/") if part]
    base_parts = [part for part in base.split("/") if part] if base != "." else []
    if (target.startswith("/") or base.startswith("/") or not target_parts
            or any(part in (".", "..") for part in target_parts + base_parts)):
        return posixpath.relpath(target, base)
    common = 0
    for mine, theirs in zip(target_parts, base_parts, strict=False):
        if mine != theirs:
            break
        common += 1
    return "/".join([".."] * (len(base_parts) - common) + target_parts[common:]) or "."
