"""Math defects: TeX that Typora or MathJax accepted but arithmatex or KaTeX do not.

Dollar signs are paired by a left-to-right scan (`math_spans`), the way Typora and MathJax pair
them, so `$a$ 和 $ b $` is two formulas and never one formula ` 和 `.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Line
from . import Context, rewrite_prose


@dataclass(frozen=True)
class MathSpan:
    start: int  # index of the opening delimiter
    end: int  # index just past the closing delimiter
    display: bool

    @property
    def width(self) -> int:
        return 2 if self.display else 1


def math_spans(text: str) -> list[MathSpan]:
    """Closed `$…$` and `$$…$$` spans of one line. `\\$` is a literal dollar; a `$$` met while an
    inline formula is open closes it and opens the next (`$a$$b$` is two touching formulas)."""
    spans = []
    opened = -1
    index = 0
    while index < len(text):
        char = text[index]
        if char == "\\":
            index += 2
            continue
        if char == "$":
            if opened >= 0:
                spans.append(MathSpan(opened, index + 1, False))
                opened = -1
            elif text.startswith("$$", index):
                close = text.find("$$", index + 2)
                if close < 0:
                    break
                spans.append(MathSpan(index, close + 2, True))
                index = close + 2
                continue
            else:
                opened = index
        index += 1
    return spans


def rewrite_math(text: str, fn) -> str:
    """Replace each math span of `text` by `fn(span, body)`, where body is the TeX inside."""
    out, position = [], 0
    for span in math_spans(text):
        out.append(text[position:span.start])
        out.append(fn(span, text[span.start + span.width:span.end - span.width]))
        position = span.end
    out.append(text[position:])
    return "".join(out)


# `\part` is an old plain-TeX spelling some editors accept for `\partial`; KaTeX does not.
_PART = re.compile(r"\\part(?![a-zA-Z])")


def display_block_mask(lines: list[Line]) -> list[bool]:
    """True for lines inside a multi-line `$$` display block (the delimiter lines included)."""
    mask, inside = [], False
    for line in lines:
        text = line.text.strip()
        if inside:
            mask.append(True)
            inside = not text.endswith("$$")
        elif text.startswith("$$") and text.count("$$") % 2 == 1:  # opens, does not close
            mask.append(True)
            inside = True
        else:
            mask.append(False)
    return mask


def expand_part(lines: list[Line], ctx: Context) -> list[Line]:
    def expand(span: MathSpan, body: str) -> str:
        delimiter = "$" * span.width
        return delimiter + _PART.sub(r"\\partial", body) + delimiter

    result = rewrite_prose(lines, ctx, "math.partial", lambda text: rewrite_math(text, expand))
    for index, in_block in enumerate(display_block_mask(result)):
        line = result[index]
        if in_block and (new_text := _PART.sub(r"\\partial", line.text)) != line.text:
            ctx.record(line, "math.partial", line.text, new_text)
            result[index] = line.with_text(new_text)
    return result


def trim_inline_math_spaces(lines: list[Line], ctx: Context) -> list[Line]:
    """`$ x $` -> `$x$`: arithmatex only reads `$` followed by, and closed after, a non-space."""
    def trim(span: MathSpan, body: str) -> str:
        if span.display or not body.strip():
            delimiter = "$" * span.width
            return f"{delimiter}{body}{delimiter}"
        return f"${body.strip()}$"
    return rewrite_prose(lines, ctx, "math.inner-spaces", lambda text: rewrite_math(text, trim))


def inline_display_math_in_sentence(lines: list[Line], ctx: Context) -> list[Line]:
    """`text $$x$$ text`: arithmatex reads `$$` as display math only as a block of its own, so a
    display formula inside a sentence renders with stray dollars. Make it inline; a `$$…$$` that is
    alone on its line is kept as display math."""
    def inline(text: str) -> str:
        spans = math_spans(text)
        if len(spans) == 1 and spans[0].display and not (text[:spans[0].start] + text[spans[0].end:]).strip():
            return text
        return rewrite_math(text, lambda span, body: f"${body.strip() if span.display else body}$")
    return rewrite_prose(lines, ctx, "math.display-in-sentence", inline)
