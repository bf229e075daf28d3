"""Math defects: TeX that Typora or MathJax accepted but arithmatex or KaTeX do not.

Dollar signs are paired by a left-to-right scan (`math_spans`), the way Typora and MathJax pair
them, so `$a$ 和 $ b $` is two formulas and never one formula ` 和 `.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from notes_normalizer.fix import BULLET_CHARACTERS, Context, code_mask, prose_lines, rewrite_prose
from notes_normalizer.model import Line


@dataclass(frozen=True)
class MathSpan:
    start: int  # index of the opening delimiter
    end: int  # index just past the closing delimiter
    display: bool

    @property
    def width(self) -> int:
        return 2 if self.display else 1


_HTML_TAG = re.compile(r"</?[A-Za-z][^<>\n]*>")
_SPECIAL = re.compile(r"[\\<$]")


def math_spans(text: str) -> list[MathSpan]:
    """Closed `$…$` and `$$…$$` spans of one line. `\\$` is a literal dollar; a `$$` met while an
    inline formula is open closes it and opens the next (`$a$$b$` is two touching formulas); a `$`
    inside an HTML tag (`<img :src="$withBase(…)">`) is not a delimiter."""
    if "$" not in text:  # most lines: nothing to scan
        return []
    spans = []
    opened = -1
    index = 0
    while (special := _SPECIAL.search(text, index)) is not None:  # skip straight to the next \\, < or $
        index = special.start()
        char = text[index]
        if char == "\\":
            index += 2
            continue
        if char == "<" and opened < 0 and (tag := _HTML_TAG.match(text, index)):
            index = tag.end()  # a `$` inside an HTML tag's attributes is not math
            continue
        if char == "$":
            if opened >= 0:
                spans.append(MathSpan(opened, index + 1, False))
                opened = -1
            elif text.startswith("$$", index):
                close = _closing_display(text, index + 2)
                if close < 0:
                    break
                spans.append(MathSpan(index, close + 2, True))
                index = close + 2
                continue
            else:
                opened = index
        index += 1
    return spans


def _closing_display(text: str, start: int) -> int:
    """Index of the `$$` that closes a display formula opened before `start`, or -1; an escaped dollar is skipped."""
    index = start
    while index < len(text) - 1:
        if text[index] == "\\":
            index += 2
        elif text[index] == "$" and text[index + 1] == "$":
            return index
        else:
            index += 1
    return -1


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


_QUOTE_PREFIX = re.compile(r"^[ \t]*(?:>[ \t]?)+")
_ATX_HEADING = re.compile(r"^#{1,6}(?:\s|$)")


def quote_prefix(text: str) -> str:
    """The `> > ` markers a quoted line starts with ("" outside quotes)."""
    match = _QUOTE_PREFIX.match(text)
    return match.group(0) if match else ""


def display_block_roles(lines: list[Line]) -> list[str]:
    """For each line: "open", "body" or "close" of a multi-line `$$` display block, or "" outside.
    An opening line holds an odd number of `$$` and starts or ends with one (`公式如下：$$`); the
    next line holding a `$$` closes the block, whatever follows it (`$$ {l}`), as MathJax pairs
    them. Quote markers are not part of the line. A block must close, and never holds a heading:
    a `$$` that meets neither opens nothing, and the text after it stays prose."""
    roles, inside, opened_at = [], False, 0
    for index, (line, is_code) in enumerate(zip(lines, code_mask(lines), strict=True)):
        text = line.text[len(quote_prefix(line.text)):].strip()
        if is_code:
            roles.append("")
        elif inside and _ATX_HEADING.match(text):
            roles[opened_at:] = [""] * (len(roles) - opened_at)
            roles.append("")
            inside = False
        elif inside:
            inside = "$$" not in text
            roles.append("body" if inside else "close")
        elif text.count("$$") % 2 == 1 and (text.startswith("$$") or text.endswith("$$")):
            roles.append("open")
            inside, opened_at = True, index
        else:
            roles.append("")
    if inside:
        roles[opened_at:] = [""] * (len(roles) - opened_at)
    return roles


def expand_part(lines: list[Line], ctx: Context) -> list[Line]:
    return _rewrite_all_math(lines, ctx, "math.partial", lambda tex: _PART.sub(r"\\partial", tex))


def trim_inline_math_spaces(lines: list[Line], ctx: Context) -> list[Line]:
    """`$ x $` -> `$x$`: arithmatex only reads `$` followed by, and closed after, a non-space."""
    def trim(span: MathSpan, body: str) -> str:
        if span.display or not body.strip():
            delimiter = "$" * span.width
            return f"{delimiter}{body}{delimiter}"
        return f"${body.strip()}$"
    return rewrite_prose(lines, ctx, "math.inner-spaces", lambda text: rewrite_math(text, trim), needs=("$",))


def inline_display_math_in_sentence(lines: list[Line], ctx: Context) -> list[Line]:
    """`text $$x$$ text`: arithmatex reads `$$` as display math only as a block of its own, so a
    display formula inside a sentence renders with stray dollars. Make it inline; a `$$…$$` that is
    alone on its line is kept as display math."""
    def inline(text: str) -> str:
        spans = math_spans(text)
        if len(spans) == 1 and spans[0].display and not (text[:spans[0].start] + text[spans[0].end:]).strip():
            return text
        def inline_span(span: MathSpan, body: str) -> str:
            if not span.display or not body.strip() or "$" in body:  # `$$$$`, `$$$x$$$`: ambiguous, leave
                return text[span.start:span.end]
            return f"${body.strip()}$"
        return rewrite_math(text, inline_span)
    return rewrite_prose(lines, ctx, "math.display-in-sentence", inline, needs=("$",))


def outside_math(text: str, fn) -> str:
    """Apply `fn` to the parts of a line that are not math."""
    out, position = [], 0
    for span in math_spans(text):
        out += [fn(text[position:span.start]), text[span.start:span.end]]
        position = span.end
    out.append(fn(text[position:]))
    return "".join(out)


# Operators KaTeX typesets upright when written as commands; authors often write them bare.
_OPERATORS = "arcsin|arccos|arctan|sinh|cosh|tanh|sin|cos|tan|exp|log|ln|max|min|argmax|argmin|det|lim|sup|inf"
_BARE_OPERATOR = re.compile(rf"(?<![\\A-Za-z])({_OPERATORS})(?![A-Za-z])")
_OPERATOR_COMMAND = {"argmax": r"\operatorname*{arg\,max}", "argmin": r"\operatorname*{arg\,min}"}
# `kernel_size`: a word, an underscore, a word; in TeX that is `kernel` with subscript `s` + `ize`.
# Not an operator with a short subscript: `log_ex` is log base e of x (but `max_pool` is a name).
_IDENTIFIER = re.compile(rf"(?<![\\A-Za-z{{])(?!(?:{_OPERATORS})_[A-Za-z]{{1,2}}(?![A-Za-z]))"
                         r"([A-Za-z]{2,}(?:_[A-Za-z]{2,})+)(?![A-Za-z{])")
_TEXT_COMMAND = re.compile(r"\\(?:text|mathrm|operatorname|textit|textbf|mbox)\*?\{[^}]*\}")


def _outside_text_commands(tex: str, fn) -> str:
    out, position = [], 0
    for match in _TEXT_COMMAND.finditer(tex):
        out += [fn(tex[position:match.start()]), match.group(0)]
        position = match.end()
    out.append(fn(tex[position:]))
    return "".join(out)


def _tex_words(tex: str) -> str:
    def identifiers(part: str) -> str:
        return _IDENTIFIER.sub(lambda m: r"\text{" + m.group(1).replace("_", r"\_") + "}", part)

    def operators(part: str) -> str:
        return _BARE_OPERATOR.sub(lambda m: _OPERATOR_COMMAND.get(m.group(1), "\\" + m.group(1)), part)
    # Operators only outside every \text{…}, the ones just written too.
    return _outside_text_commands(_outside_text_commands(tex, identifiers), operators)


def _rewrite_all_math(lines: list[Line], ctx: Context, kind: str, tex_fn) -> list[Line]:
    """Apply `tex_fn` to the TeX of every formula: inline and display spans on a line, and the
    lines of multi-line display blocks."""
    def span_fn(span: MathSpan, body: str) -> str:
        delimiter = "$" * span.width
        return delimiter + tex_fn(body) + delimiter

    result = rewrite_prose(lines, ctx, kind, lambda text: rewrite_math(text, span_fn), needs=("$",))
    for index, role in enumerate(display_block_roles(result)):
        line = result[index]
        if role == "open":
            lead, tex = line.text.split("$$", 1)
            new_text = f"{lead}$${tex_fn(tex)}"
        elif role == "close":
            tex, tail = line.text.rsplit("$$", 1)
            new_text = f"{tex_fn(tex)}$${tail}"
        elif role == "body":
            new_text = tex_fn(line.text)
        else:
            continue
        if new_text != line.text:
            ctx.record(line, kind, line.text, new_text)
            result[index] = line.with_text(new_text)
    return result


def fix_tex_words(lines: list[Line], ctx: Context) -> list[Line]:
    """Bare operator names (`tanh`, `exp`, `max`) become `\\tanh` ...; multi-letter identifiers with
    underscores (`kernel_size`) become `\\text{kernel\\_size}`."""
    return _rewrite_all_math(lines, ctx, "math.tex-words", _tex_words)


_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")
_BLOCK_START = re.compile(rf"^\s*(?:[-*+{BULLET_CHARACTERS}]|\\-|\d{{1,9}}[.)])\s|^\s*#{{1,6}}\s")


def _paragraph_units(lines: list[Line]) -> list[list[int]]:
    """Indices of lines that Markdown reads as one paragraph (or one list item's first paragraph):
    consecutive prose lines, cut at blank lines, display-math lines, list items and headings."""
    units: list[list[int]] = []
    current: list[int] = []
    roles = display_block_roles(lines)
    prose = dict(prose_lines(lines))
    for index, line in enumerate(lines):
        starts_block = bool(_BLOCK_START.match(line.text))
        if index not in prose or not line.text.strip() or roles[index] or starts_block:
            if current:
                units.append(current)
            current = [index] if (index in prose and starts_block and not roles[index]) else []
            continue
        current.append(index)
    if current:
        units.append(current)
    return units


def join_broken_inline_math(lines: list[Line], ctx: Context) -> list[Line]:
    """An inline formula broken across lines (`$ f(x) = \\left\\{` … `\\right. $`) cannot be read by
    arithmatex once a delimiter touches a line end; put each such formula on one line. Only spans
    that look like TeX (no Chinese text inside) are joined, so a stray `$` never glues lines."""
    result: list[Line | None] = list(lines)
    for unit in _paragraph_units(lines):
        offsets, text = [], ""
        for index in unit:
            offsets.append(len(text))
            text += lines[index].text + "\n"
        ranges: list[list[int]] = []  # line ranges (within the unit) to put on one line, merged
        for span in math_spans(text):
            body = text[span.start:span.end]
            if span.display or "\n" not in body or _CJK.search(body):
                continue
            first = max(i for i, offset in enumerate(offsets) if offset <= span.start)
            last = max(i for i, offset in enumerate(offsets) if offset < span.end)
            if ranges and first <= ranges[-1][1]:
                ranges[-1][1] = max(ranges[-1][1], last)
            else:
                ranges.append([first, last])
        for first, last in ranges:
            joined = " ".join([lines[unit[first]].text.rstrip()]
                              + [lines[unit[i]].text.strip() for i in range(first + 1, last + 1)])
            ctx.record(lines[unit[first]], "math.joined-lines",
                       "\n".join(lines[unit[i]].text for i in range(first, last + 1)), joined)
            result[unit[first]] = lines[unit[first]].with_text(joined)
            for i in range(first + 1, last + 1):
                result[unit[i]] = None
    return [line for line in result if line is not None]


def separate_display_blocks(lines: list[Line], ctx: Context) -> list[Line]:
    """arithmatex reads `$$…$$` as display math only as a block of its own: give every display
    block (multi-line, or alone on its line) a blank line before and after."""
    roles = display_block_roles(lines)
    mask = code_mask(lines)
    result: list[Line] = []
    for index, line in enumerate(lines):
        spans = [] if mask[index] or roles[index] else math_spans(line.text)
        alone = len(spans) == 1 and spans[0].display and not (
            line.text[:spans[0].start] + line.text[spans[0].end:]).strip()
        starts = roles[index] == "open" or alone
        ends = roles[index] == "close" or alone
        # In a quote the blank line is a quote line of its own (`>`), or it would end the quote.
        blank = quote_prefix(line.text).rstrip()
        if starts and result and result[-1].text.strip() not in ("", blank):
            ctx.record(line, "math.display-spacing", result[-1].text, "（前面插入空行）")
            result.append(Line(blank, line.number))
        result.append(line)
        if ends and index + 1 < len(lines) and lines[index + 1].text.strip() not in ("", blank):
            ctx.record(line, "math.display-spacing", line.text, "（后面插入空行）")
            result.append(Line(blank, line.number))
    return result
