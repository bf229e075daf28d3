"""Rendering: repaired notes -> the Markdown pages of the site (content in Chinese)."""

from __future__ import annotations

import datetime
import html

import yaml

from notes_normalizer.model import FixedNote, Line

META_KEYS = ("title", "date", "author", "tags", "description")


def _front_matter(meta: dict, search: dict | None = None) -> str:
    def plain(value):
        if isinstance(value, (datetime.date, datetime.datetime)):
            return value.isoformat()
        if isinstance(value, list):
            return [plain(item) for item in value if item is not None]
        return value if isinstance(value, (str, int, float, bool)) else str(value)

    kept = {key: plain(meta[key]) for key in META_KEYS if meta.get(key) not in (None, "", [])}
    if isinstance(kept.get("tags"), list):
        kept["tags"] = [str(tag).strip() for tag in kept["tags"] if str(tag).strip()]
    if search is not None:
        kept["search"] = search
    if not kept:
        return ""
    return "---\n" + yaml.safe_dump(kept, allow_unicode=True, sort_keys=False) + "---\n\n"


def note_page(fixed: FixedNote, lines: list[Line] | None = None, search: dict | None = None) -> str:
    """A repaired note as a page: its metadata, a title if the note has none, then its text
    (`lines`: the note's lines as the source view shows them, with question links)."""
    meta = dict(fixed.note.meta)
    meta["title"] = fixed.title
    lines = fixed.lines if lines is None else lines
    body = "\n".join(line.text for line in lines).rstrip("\n") + "\n"
    heading = "" if fixed.heading_title else f"# {fixed.title}\n\n"
    byline = [str(meta[key]) for key in ("author", "date") if meta.get(key)]
    byline_html = (f'<p class="kb-nav kb-byline">{html.escape(" · ".join(byline))}</p>\n\n'
                   if byline else "")
    return _front_matter(meta, search) + heading + byline_html + body
