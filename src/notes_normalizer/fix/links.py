"""Link defects: links between notes and to files beside them, written for the notes folder.

In the site a note is published at another path (`notes/<slug>.md`), so `[见](./其他笔记.md#小节)`
must point at that page; a link to a PDF beside the notes needs the file copied into the site; a link
to a file that is not there would break the page (and `mkdocs build --strict`). Web links, in-page
anchors and mail links are left alone.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import PurePosixPath
from urllib.parse import quote

from notes_normalizer.fix import Context, outside_code_spans, prose_lines
from notes_normalizer.fix.images import clean_reference
from notes_normalizer.fix.math import outside_math
from notes_normalizer.model import Line
from notes_normalizer.text.paths import relpath

_LINK = re.compile(
    r'(?<!!)\[(?P<text>(?>!\[[^\]\n]*\]\([^)\n]*\)|[^\]\n])*)\]\(\s*(?P<dest><[^>\n]*>|[^)\s"]+(?: +[^)\s"]+)*)'
    r'(?:\s+"(?P<title>[^"\n]*)")?\s*\)')
_EXTERNAL = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.\-]*:|//|#)")
_WINDOWS_DRIVE = re.compile(r"^[A-Za-z]:[\\/]")


def _find_note(ctx: Context, path: str) -> str | None:
    """The note a local link means: relative to the linking note, then by file name."""
    if not ctx.note_pages:
        return None
    root = ctx.images.roots[0] if ctx.images and ctx.images.roots else None
    candidates = []
    if root and not path.startswith(("/", "~")) and not _WINDOWS_DRIVE.match(path):
        joined = posixpath.normpath(posixpath.join(posixpath.dirname(ctx.note.name), path))
        candidates += [joined, joined + ".md"]
    name = PurePosixPath(path).name
    by_name = [note for note in ctx.note_pages if PurePosixPath(note).name in (name, name + ".md")]
    if len(by_name) == 1:
        candidates.append(by_name[0])
    return next((candidate for candidate in candidates if candidate in ctx.note_pages), None)


def _relink(ctx: Context, line: Line, match: re.Match) -> str:
    destination = match.group("dest").strip("<>")
    if _EXTERNAL.match(destination) and not _WINDOWS_DRIVE.match(destination) \
            and not destination.lower().startswith("file:"):
        return match.group(0)
    path, _, fragment = destination.partition("#")
    cleaned = clean_reference(path)
    anchor = f"#{fragment}" if fragment else ""
    title = f' "{match.group("title")}"' if match.group("title") is not None else ""
    note = _find_note(ctx, cleaned)
    if note is not None:
        target = relpath(ctx.note_pages[note], posixpath.dirname(ctx.page_path) or ".")
        return f"[{match.group('text')}]({quote(target)}{anchor}{title})"
    source = ctx.images.find(ctx.note.path.parent, cleaned) if ctx.images else None
    if source is not None and not str(source).lower().endswith((".md", ".markdown")):
        target = relpath(ctx.images.place(source), posixpath.dirname(ctx.page_path) or ".")
        return f"[{match.group('text')}]({quote(target)}{anchor}{title})"
    if ctx.images and ctx.images.refused is not None:
        ctx.problem(line, "outside-notes", f"refused: {destination} is outside the notes folder")
    else:
        ctx.problem(line, "link.missing", f"link target not found: {destination}")
    return match.group("text")


def relink_local_links(lines: list[Line], ctx: Context) -> list[Line]:
    """Point links at the pages and files as published; a link to nothing keeps only its text."""
    result = list(lines)
    for index, line in prose_lines(lines):
        if "](" not in line.text:
            continue
        new_text = outside_code_spans(line.text, lambda part, line=line: outside_math(
            part, lambda text: _LINK.sub(lambda match: _relink(ctx, line, match), text)))
        if new_text != line.text:
            ctx.record(line, "links.relinked", line.text, new_text)
            result[index] = line.with_text(new_text)
    return result
