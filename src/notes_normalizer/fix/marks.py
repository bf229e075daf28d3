"""Highlight and emphasis defects: Typora `==marks==` and `**bold**` that Markdown leaves literal.

pymdown-extensions pairs `==` with CommonMark flanking rules, so a highlight that ends in Chinese
punctuation before a Chinese character (`数据集==没有局部相关性。==目前`) is never closed, whatever
`smart_mark` says. The normalizer pairs the delimiters itself and writes `<mark>` directly.
"""

from __future__ import annotations

import re
import unicodedata

from notes_normalizer.fix import Context, rewrite_prose
from notes_normalizer.fix.math import display_block_roles, outside_math
from notes_normalizer.model import Line

_SETEXT_OR_RULE = re.compile(r"^\s*=+\s*$")
_DOUBLE_EQUALS = re.compile(r"(?<!=)==(?!=)")
_DOUBLE_STAR = re.compile(r"(?<![*\\])\*\*(?!\*)")


def _only_punctuation(text: str) -> bool:
    return all(unicodedata.category(char)[0] in "PSZ" for char in text)


def _pair_highlights(text: str) -> str:
    """Turn `==x==` pairs into `<mark>x</mark>`; drop delimiters that enclose nothing but spaces or
    punctuation (`== ==`, `Maxout==:==`). `a == b` (spaces around) is a comparison and stays."""
    positions = [m.start() for m in _DOUBLE_EQUALS.finditer(text)]
    if not positions:
        return text
    out, cursor, index = [], 0, 0
    while index < len(positions):
        start = positions[index]
        opens = start + 2 < len(text) and not text[start + 2].isspace()
        if index + 1 < len(positions):
            end = positions[index + 1]
            inner = text[start + 2:end]
            if not inner.strip() or _only_punctuation(inner.strip()):
                out += [text[cursor:start], inner.strip()]
                cursor, index = end + 2, index + 2
                continue
            if opens and not text[end - 1].isspace():
                out += [text[cursor:start], f"<mark>{inner}</mark>"]
                cursor, index = end + 2, index + 2
                continue
        index += 1
    out.append(text[cursor:])
    return "".join(out)


def convert_highlights(lines: list[Line], ctx: Context) -> list[Line]:
    def convert(text: str) -> str:
        if _SETEXT_OR_RULE.match(text):
            return text
        return outside_math(text, _pair_highlights)
    return rewrite_prose(lines, ctx, "marks.highlight", convert, needs=("==",))


def drop_stray_bold(text: str) -> str:
    """Drop empty bold (`** **`, `****`). In `** **1*1卷积核作用？**` only the first `**` is stray:
    removing it lets the real bold pair up."""
    text = re.sub(r"(?<![*\\])\*{4}(?!\*)", "", text)
    positions = [m.start() for m in _DOUBLE_STAR.finditer(text)]
    stray = [start for number, start in enumerate(positions)
             if number % 2 == 0 and number + 1 < len(positions)
             and not text[start + 2:positions[number + 1]].strip()]
    # With an odd count the empty pair's second `**` really opens the bold after it: keep it.
    odd = len(positions) % 2 == 1
    for start in reversed(stray):
        end = positions[positions.index(start) + 1]
        text = text[:start] + (text[end:] if odd else text[end + 2:])
    return text


def drop_empty_bold(lines: list[Line], ctx: Context) -> list[Line]:
    def drop(text: str) -> str:
        dropped = outside_math(text, drop_stray_bold)
        # What stood at the start of the line must not leave indentation behind (`**** 文字`).
        indent = len(text) - len(text.lstrip(" \t"))
        return text[:indent] + dropped[indent:].lstrip(" ") if dropped != text else text
    return rewrite_prose(lines, ctx, "marks.empty-bold", drop, needs=("**",))


# Four or more `*`/`_`, or three or more `=`, mean nothing in Markdown (bold italic is `***`), but
# thousands of them make Python-Markdown's emphasis parser recurse until it crashes the build.
_DELIMITER_RUN = re.compile(r"(?<!\\)(\*{4,}|_{4,}|={3,})")
_RULE_LINE = re.compile(r"^\s*(?:(?:\*\s*){3,}|(?:_\s*){3,}|(?:-\s*){3,}|=+)\s*$")


def escape_delimiter_runs(lines: list[Line], ctx: Context) -> list[Line]:
    """Escape each character of a long `*`, `_` or `=` run (`____` blanks in an exercise stay
    visible as written); rule and setext-underline lines are left alone."""
    def escape(text: str) -> str:
        if _RULE_LINE.match(text):
            return text
        return outside_math(text, lambda part: _DELIMITER_RUN.sub(
            lambda m: "".join("\\" + char for char in m.group(0)), part))
    return rewrite_prose(lines, ctx, "marks.escaped-run", escape, needs=("****", "____", "==="))


# A single `*` between two letters or digits (`3*3`, `500*500`, `2*k*c`) is a multiplication sign in
# notes, but Markdown pairs two of them into italics and drops both.
_TIMES = re.compile(r"(?<=[0-9A-Za-z)\]）])(?<![*\\])\*(?!\*)(?=[0-9A-Za-z(（\[])")
_STAR_RUN = re.compile(r"(?<!\\)\*{2,3}")
_LIST_OR_RULE = re.compile(r"^\s*(?:[-*+]\s+)?(?:\*\s*){3,}$")


def escape_multiplication(text: str) -> str:
    return _TIMES.sub(r"\\*", text)


def pair_bold(text: str) -> str:
    """`**GAN **` (a space inside the closing `**`) stays literal in Markdown: the spaces move out.
    A line with an odd number of `**`/`***` runs has one that pairs with nothing: one inside a word
    (`x**2`, `a***b`) is the author's text and is escaped to show as written; otherwise the last
    run is a bold that never closed, and goes."""
    runs = list(_STAR_RUN.finditer(text))
    if len(runs) % 2 == 1:
        inside_word = [run for run in runs if 0 < run.start() and run.end() < len(text)
                       and text[run.start() - 1].isalnum() and text[run.end()].isalnum()]
        if inside_word:
            lone = inside_word[0]
            return text[:lone.start()] + "\\*" * len(lone.group(0)) + text[lone.end():]
        lone = runs[-1]
        return text[:lone.start()] + text[lone.end():]
    out, cursor = [], 0
    for opening, closing in zip(runs[::2], runs[1::2], strict=True):
        if opening.group(0) != closing.group(0):
            continue
        inner = text[opening.end():closing.start()]
        if inner.strip() and inner != inner.strip():
            out += [text[cursor:opening.start()], inner[:len(inner) - len(inner.lstrip())],
                    opening.group(0), inner.strip(), closing.group(0), inner[len(inner.rstrip()):]]
            cursor = closing.end()
    out.append(text[cursor:])
    return "".join(out)


def repair_asterisks(lines: list[Line], ctx: Context) -> list[Line]:
    """Multiplication signs escaped, bold with spaces inside its delimiters closed, a lone bold
    delimiter shown as written."""
    def repair(text: str) -> str:
        if _LIST_OR_RULE.match(text):
            return text
        indent = len(text) - len(text.lstrip(" \t"))
        marker = re.match(r"[-*+]\s+", text[indent:])
        start = indent + (marker.end() if marker else 0)  # a list marker `*` is no delimiter
        return text[:start] + outside_math(text[start:], lambda part: pair_bold(escape_multiplication(part)))
    roles = display_block_roles(lines)
    if not any(roles):
        return rewrite_prose(lines, ctx, "marks.asterisks", repair, needs=("*",))
    outside = [line.with_text("") if role else line for line, role in zip(lines, roles, strict=True)]
    rewritten = rewrite_prose(outside, ctx, "marks.asterisks", repair, needs=("*",))  # TeX keeps its `*`
    return [line if role else new for line, new, role in zip(lines, rewritten, roles, strict=True)]
