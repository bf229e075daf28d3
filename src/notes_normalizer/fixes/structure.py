"""Structure defects: text that is not the author's content, or content whose block structure was
lost on the way (copied web pages, flattened lists)."""

from __future__ import annotations

from ..dialects import WEB_CHROME_LINE
from ..model import Line
from . import Context, code_mask


def remove_web_chrome(lines: list[Line], ctx: Context) -> list[Line]:
    """Drop the page furniture a copied code-host page carries ("Skip to content", "History",
    "362 lines (209 loc) · 13.1 KB", the file name as the host's breadcrumb shows it, with its
    extension) from the top of a web-copy note. Only the leading block is searched: the same words
    further down are the author's."""
    if "web-copy" not in ctx.note.dialects:
        return lines
    def is_chrome(line: Line) -> bool:
        return bool(WEB_CHROME_LINE.match(line.text)) or line.text.strip() == ctx.note.path.name

    head = []
    for line, is_code in zip(lines[:60], code_mask(lines[:60]), strict=True):
        if is_code:
            break
        head.append(line)
    end = max((i + 1 for i, line in enumerate(head) if is_chrome(line)), default=0)
    kept = []
    for line in lines[:end]:
        if is_chrome(line):
            ctx.record(line, "structure.web-chrome", line.text, "")
        elif line.text.strip():
            kept.append(line)
    return kept + lines[end:]
