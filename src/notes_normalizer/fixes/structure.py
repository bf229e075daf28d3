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
    file_names = {ctx.note.path.name}
    result = list(lines)
    mask = code_mask(lines)
    last_chrome = -1
    for index, line in enumerate(lines[:60]):
        text = line.text.strip()
        if mask[index]:
            break
        if WEB_CHROME_LINE.match(line.text) or text in file_names:
            last_chrome = index
    for index in range(last_chrome + 1):
        line = lines[index]
        text = line.text.strip()
        if WEB_CHROME_LINE.match(line.text) or text in file_names:
            ctx.record(line, "structure.web-chrome", line.text, "")
            result[index] = None
        elif not text:
            result[index] = None
    return [line for line in result if line is not None]
