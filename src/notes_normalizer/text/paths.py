"""Site paths and URLs: where MkDocs serves a docs-relative page, and links between pages (many
thousands per build)."""

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


def page_url(path: str, use_directory_urls: bool = True) -> str:
    """The URL (relative to the site root) MkDocs gives a docs-relative .md path."""
    stem = path[:-3]
    if not use_directory_urls:
        return stem + ".html"
    if stem == "index" or stem.endswith("/index"):
        return stem[:-5]
    return stem + "/"


def relative_url(from_path: str, to_path: str, anchor: str = "", use_directory_urls: bool = True) -> str:
    """A link from one page to another (and an anchor on it), as the browser resolves it."""
    source, target = page_url(from_path, use_directory_urls), page_url(to_path, use_directory_urls)
    base = source if source.endswith("/") or not source else posixpath.dirname(source)
    link = relpath(target or ".", base or ".")
    if target.endswith("/") and not link.endswith("/"):
        link += "/"
    return link + (f"#{anchor}" if anchor else "")
