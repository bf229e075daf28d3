"""Where the author's literal text is: fenced code blocks and inline code spans, which no repair
rewrites and no analysis reads as prose."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from notes_normalizer.model import Line

_FENCE = re.compile(r"^ {0,3}(?:\t| {4})*(`{3,}|~{3,})")


def code_mask(lines: list[Line]) -> list[bool]:
    """True for each line that belongs to a fenced code block (fence lines included).
    Fences may be indented (inside list items); an unclosed fence runs to the end, as in CommonMark."""
    return list(_code_mask(tuple(line.text for line in lines)))


@lru_cache(maxsize=64)  # most fixes ask about the same, unchanged lines of a note: answer once
def _code_mask(texts: tuple[str, ...]) -> tuple[bool, ...]:
    mask = []
    fence = ""
    for text in texts:
        match = _FENCE.match(text)
        if fence:
            mask.append(True)
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence) \
                    and not text.strip().strip(fence[0]):
                fence = ""
        elif match and not (match.group(1)[0] == "`" and "`" in text[match.end():]):
            fence = match.group(1)
            mask.append(True)
        else:
            mask.append(False)
    return tuple(mask)


def prose_lines(lines: list[Line]) -> Iterator[tuple[int, Line]]:
    """(index, line) for every line outside fenced code."""
    for index, (line, is_code) in enumerate(zip(lines, code_mask(lines), strict=True)):
        if not is_code:
            yield index, line


_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")


def outside_code_spans(text: str, fn: Callable[[str], str]) -> str:
    """Apply `fn` to the parts of `text` that are not inline code spans."""
    if "`" not in text:
        return fn(text)
    out = []
    position = 0
    for match in _CODE_SPAN.finditer(text):
        out.append(fn(text[position:match.start()]))
        out.append(match.group(0))
        position = match.end()
    out.append(fn(text[position:]))
    return "".join(out)
