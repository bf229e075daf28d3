"""Encoding and whitespace defects: invisible characters that break Markdown's reading of a line.

(Byte-level decoding, BOMs and CRLF are handled when the note is read, in `reading.py`.)
"""

from __future__ import annotations

import re

from ..model import Line
from . import Context, rewrite_prose

# Zero-width characters and BOMs inside the text carry no meaning in notes but stop Markdown from
# seeing a list marker or a heading. Non-breaking and ideographic spaces at a line start do the same.
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
_LEADING_WHITESPACE = re.compile("^[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_WIDE_SPACE = re.compile("[\u00a0\u2000-\u200a\u202f\u205f\u3000]")


def _clean(text: str) -> str:
    text = _ZERO_WIDTH.sub("", text)
    return _LEADING_WHITESPACE.sub(lambda m: _WIDE_SPACE.sub(" ", m.group(0)), text)


def strip_invisible_characters(lines: list[Line], ctx: Context) -> list[Line]:
    """Drop zero-width characters; turn non-breaking spaces that indent a line into plain spaces;
    a line left holding only spaces becomes empty."""
    def clean(text: str) -> str:
        cleaned = _clean(text)
        return "" if not cleaned.strip() and cleaned != text else cleaned
    return rewrite_prose(lines, ctx, "encoding.invisible", clean)
