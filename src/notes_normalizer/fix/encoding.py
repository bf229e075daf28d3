"""Encoding and whitespace defects: invisible characters that break Markdown's reading of a line.

(Byte-level decoding, BOMs and CRLF are handled when the note is read, in `reading.py`.)
"""

from __future__ import annotations

import re
import unicodedata

from notes_normalizer.fix import Context, rewrite_prose
from notes_normalizer.model import Line

# Zero-width characters and BOMs inside the text carry no meaning in notes but stop Markdown from
# seeing a list marker or a heading. They go before HTML is sanitized: `java\u200bscript:` is harmless
# to a browser, but would become `javascript:` if they were removed after the sanitizer looked.
_ZERO_WIDTH_CHARACTERS = "\u200b\u200c\u200d\u2060\ufeff"
_ZERO_WIDTH = re.compile(f"[{_ZERO_WIDTH_CHARACTERS}]")
# Non-breaking and other wide spaces that indent a line hide its structure from Markdown.
_WIDE_SPACES = "\u00a0" + "".join(map(chr, range(0x2000, 0x200B))) + "\u202f\u205f\u3000"
_LEADING_WHITESPACE = re.compile(f"^[ \t{_WIDE_SPACES}]+")
_WIDE_SPACE = re.compile(f"[{_WIDE_SPACES}]")


# Text copied out of a PDF often spells common characters with look-alikes from the Kangxi radical and
# CJK compatibility blocks (`⼀⽤⽅` for `一用方`): many fonts show them as boxes and search never
# matches them. Their compatibility mapping (NFKC) is the ordinary character; only these blocks are
# mapped, since NFKC elsewhere would also turn full-width punctuation into ASCII.
_LOOKALIKE_RANGES = "\u2e80-\u2eff\u2f00-\u2fdf\uf900-\ufaff\U0002f800-\U0002fa1f"
_LOOKALIKE = re.compile(f"[{_LOOKALIKE_RANGES}]")
_LOOKALIKE_STARTS = tuple(chr(c) for start, end in ((0x2E80, 0x2EFF), (0x2F00, 0x2FDF), (0xF900, 0xFAFF),
                                                    (0x2F800, 0x2FA1F)) for c in range(start, end + 1))


def plain_cjk_characters(text: str) -> str:
    return _LOOKALIKE.sub(lambda match: unicodedata.normalize("NFKC", match.group(0)), text)


def replace_lookalike_characters(lines: list[Line], ctx: Context) -> list[Line]:
    return rewrite_prose(lines, ctx, "encoding.lookalike", plain_cjk_characters, needs=_LOOKALIKE_STARTS)


def drop_zero_width_characters(lines: list[Line], ctx: Context) -> list[Line]:
    return rewrite_prose(lines, ctx, "encoding.zero-width", lambda text: _ZERO_WIDTH.sub("", text),
                         needs=tuple(_ZERO_WIDTH_CHARACTERS))


def plain_leading_spaces(lines: list[Line], ctx: Context) -> list[Line]:
    """Wide spaces in a line's indentation become plain spaces; a line of only spaces becomes empty.
    (Runs after HTML sanitizing, which can leave such a line behind.)"""
    def clean(text: str) -> str:
        match = _LEADING_WHITESPACE.match(text)
        if not match or not _WIDE_SPACE.search(match.group(0)):
            return text
        rest = text[match.end():]
        return _WIDE_SPACE.sub(" ", match.group(0)) + rest if rest else ""
    return rewrite_prose(lines, ctx, "encoding.wide-space", clean, needs=tuple(_WIDE_SPACES))
