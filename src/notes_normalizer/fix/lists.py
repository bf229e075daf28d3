"""List defects: items nested by 2-3 spaces or tabs (which Python-Markdown flattens or turns into
code), lists glued to the paragraph above, flattened nesting, empty items; and when a line under
an item is the author's code or their prose."""

from __future__ import annotations

import re
from dataclasses import dataclass

from notes_normalizer.fix import Context, code_mask
from notes_normalizer.fix.math import math_spans
from notes_normalizer.model import Line

LIST_ITEM = re.compile(r"^([ \t]*)([-*+]|\d{1,9}[.)])([ \t]+|$)")
HEADING_LINE = re.compile(r"^#{1,6}\s")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")
_CODE_START = re.compile(r"^(?:#|//|/\*|>>>|\$ |def |class |import |from |return\b|print\(|for |while |if |"
                         r"else\b|[{}\[\]]|[A-Za-z_][\w.]*\s*(?:=|\())")
_MATH = re.compile(r"\$[^$\s]|\\[A-Za-z]+")


def columns(indent: str) -> int:
    """Visual width of leading whitespace, with tabs to the next multiple of 4 (Python-Markdown's)."""
    width = 0
    for char in indent:
        width = width + 4 - width % 4 if char == "\t" else width + 1
    return width


def content_column(item: re.Match) -> int:
    """Where a list item's content starts (CommonMark): after the marker and up to 4 spaces; with
    more, or none, one column after the marker. Lines that reach it belong to the item."""
    marker_end = columns(item.group(1) + item.group(2))
    gap = columns(item.group(1) + item.group(2) + item.group(3)) - marker_end
    return marker_end + (gap if 0 < gap <= 4 else 1)


def _indent(text: str) -> int:
    return columns(text[:len(text) - len(text.lstrip(" \t"))])


# An English sentence: words, perhaps in brackets or with punctuation after them.
_WORD = re.compile(r"[(\"'“‘]*[A-Za-z][A-Za-z'’-]*(?:\([A-Za-z' -]*)?[)\"'”’,.;:!?]*")
_NOT_IN_SENTENCES = re.compile(r"[=;{}\[\]<>]|->|::|\w\([^)\s]*\)")  # no operators, no calls like fc(x)
_KEYWORD_FIRST = re.compile(r"(?:return|def|class|import|from|for|while|if|elif|else|try|except|with|lambda|"
                            r"print|assert|raise|yield|var|let|const|function)\b")  # lower case: code, not a sentence
# Lines a note puts under a list item that are no program: an image, a linked image, a quote.
_BLOCK_CONTENT = re.compile(r"!\[|\[!\[|<img\b|>(?!>>)", re.IGNORECASE)


def looks_like_sentence(text: str) -> bool:
    """An English sentence (`NIN(Network in Network) uses micro networks …`), not a statement:
    six or more tokens, nearly all of them words, and none of code's operators."""
    tokens = text.split()
    if len(tokens) < 6 or _NOT_IN_SENTENCES.search(text) or _KEYWORD_FIRST.match(text):
        return False
    words = sum(1 for token in tokens if _WORD.fullmatch(token) or _CJK.search(token))
    return words >= 0.8 * len(tokens)


def looks_like_prose_or_math(text: str) -> bool:
    """Chinese or English prose, TeX, an image or a quote, as opposed to program code, for a line
    that Markdown would make code."""
    stripped = text.strip()
    if not stripped:
        return False
    if _BLOCK_CONTENT.match(stripped) or looks_like_sentence(stripped):
        return True
    if _CODE_START.match(stripped) and not stripped.startswith("$"):
        return False
    visible = [char for char in stripped if not char.isspace()]
    return (len(_CJK.findall(stripped)) >= 0.3 * len(visible) or bool(_MATH.search(stripped))
            or stripped.startswith("$$") or bool(math_spans(stripped)))


# Blocks that do not take lazy continuation lines: HTML, headings, fences, quotes, tables.
NOT_PARAGRAPH = re.compile(r"<[A-Za-z/!]|#{1,6}(?:\s|$)|```|~~~|>|\|")
_RULE = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")


# Deeper nesting than any real note uses; past it Python-Markdown runs out of stack inside MkDocs.
MAX_LIST_DEPTH = 16


@dataclass
class _Item:
    marker: int  # column of the list marker in the source
    content: int  # column where the item's text starts in the source
    ordered: bool = False
    loose: bool = False  # holds a blank line: Python-Markdown then reads a next item into it


def normalize_indentation(lines: list[Line], ctx: Context) -> list[Line]:
    """Re-indent list items and their content to Python-Markdown's model: nesting by 4 columns per
    level, content 4 columns past its item. Editors like Typora nest with 2-3 spaces (which
    Python-Markdown flattens) and put tabs before text inside items (which it turns into code).

    A nested item keeps its depth; content lines keep any extra indentation of up to 3 columns
    dropped; 4+ extra columns stay a code block only when the line looks like program code, while
    prose and math go back to their item's column. Fenced code moves with its opening fence. Outside
    lists, only over-indented prose and math lines are moved (to column 0)."""
    # Long on purpose: one pass over the lines, whose state (the open items, an open fence, an
    # indented code run, the blank before) every branch reads and changes; split into functions,
    # that state would travel through all of them.
    result = list(lines)
    mask = code_mask(lines)
    end_list_before: set[int] = set()  # indented code that follows a list: end the list explicitly
    blank_before: set[int] = set()  # a rule or an item right under a list item's text: CommonMark starts it
    items: list[_Item] = []
    previous_blank = True
    previous_is_paragraph = False  # only paragraph text takes lazy continuation lines
    too_deep = False
    fence_shift: tuple[int, int] | None = None  # (source indent, target indent) of an open fence
    code_base: int | None = None  # source indent of the first line of an indented code run

    def record(index: int, new_text: str) -> None:
        if new_text != lines[index].text:
            ctx.record(lines[index], "structure.indentation", lines[index].text, new_text)
            result[index] = lines[index].with_text(new_text)

    for index, line in enumerate(lines):
        text = line.text
        indent = _indent(text)
        if not text.strip():
            previous_blank = True
            continue
        item = None if mask[index] else LIST_ITEM.match(text)
        content = text[item.end():] if item else text
        is_paragraph = not mask[index] and not NOT_PARAGRAPH.match(content.lstrip(" \t"))
        if not mask[index] and not item and _RULE.match(text):
            # `-----` under an item is a rule to GitHub and Typora (an underline cannot continue a
            # list lazily); Python-Markdown would indent it into the item or make the item a heading.
            is_paragraph = False
            if items and not previous_blank:
                blank_before.add(index)
        # A lazy continuation line continues a paragraph with more paragraph text; a line that starts
        # another kind of block never does.
        lazy = not previous_blank and previous_is_paragraph and is_paragraph and not item
        previous_is_paragraph = is_paragraph
        if mask[index] and fence_shift is not None:  # inside a fence opened within a list item
            source, target = fence_shift
            keep = max(0, indent - source)
            record(index, " " * (target + keep) + text.lstrip(" \t"))
            if index + 1 >= len(lines) or not mask[index + 1]:
                fence_shift = None
            continue
        # 4+ columns past the enclosing content make a list line code, unless it reads as prose
        # (then it is dedented, and so is an item either way).
        if item and (indent < (items[-1].content if items else 0) + 4 or looks_like_prose_or_math(text)):
            code_base = None
            closed: list[_Item] = []
            while items and (indent < items[-1].content and indent <= items[-1].marker + 1
                             or indent < items[-1].marker):
                closed.insert(0, items.pop())
            ordered = item.group(2)[0].isdigit()
            if closed and closed[0].ordered != ordered and not items:
                # `* a` then `1. b`: two lists to CommonMark and Typora, one bullet list to
                # Python-Markdown unless something ends the first.
                end_list_before.add(index)
            elif closed and closed[0].loose and not previous_blank:
                # `- a` / blank / `    more` / `- b`: Python-Markdown reads `- b` into the item
                # above it; CommonMark and Typora start the next item.
                blank_before.add(index)
            if previous_blank:
                for open_item in items:
                    open_item.loose = True
            if len(items) >= MAX_LIST_DEPTH and not too_deep:
                too_deep = True
                ctx.problem(line, "structure.deep-nesting",
                            f"lists nested deeper than {MAX_LIST_DEPTH} levels are shown at level {MAX_LIST_DEPTH}")
            record(index, " " * (4 * min(len(items), MAX_LIST_DEPTH)) + text.lstrip(" \t"))
            items.append(_Item(indent, content_column(item), ordered))
        elif HEADING_LINE.match(text):
            items.clear()
            previous_blank = True  # a heading ends its block: what follows starts a new one
            continue
        else:
            left_list = False
            if items and not lazy:  # unless it continues a paragraph, a line leaves the items it does not reach
                while items and indent < items[-1].content:
                    items.pop()
                left_list = not items
            opens_fence = mask[index] and (index == 0 or not mask[index - 1])
            if not items:
                code_like = opens_fence or not mask[index] and not looks_like_prose_or_math(text)
                if left_list and indent >= 4 and code_like:
                    # Code indented 4+ after a list: once the list moves left, it would read as the
                    # list's content; an HTML comment ends the list, as Markdown guides advise.
                    end_list_before.add(index)
                # Top level: 1-3 columns of indentation mean nothing to Markdown; 4+ make code, which
                # is right for code but not for prose or math. Fenced code is the author's own.
                if opens_fence and 0 < indent < 4:
                    # A fence at top level moves to column 0 with its whole block, so that it stays
                    # outside a list that moved left before it.
                    record(index, text.lstrip(" \t"))
                    fence_shift = (indent, 0)
                elif not mask[index] and (0 < indent < 4 or (
                        indent >= 4 and previous_blank and looks_like_prose_or_math(text))):
                    record(index, text.lstrip(" \t"))
                previous_blank = False
                continue
            if previous_blank:
                for open_item in items:
                    open_item.loose = True
            target = 4 * min(len(items), MAX_LIST_DEPTH)
            if indent - items[-1].content >= 4 and not looks_like_prose_or_math(text) and not mask[index]:
                # An indented code block the author meant: 4 columns past the item's content, its
                # own lines keeping their indentation relative to its first line.
                code_base = indent if code_base is None else code_base
                target += 4 + max(0, indent - code_base)
            else:
                code_base = None
            record(index, " " * target + text.lstrip(" \t"))
            if mask[index]:  # an opening fence: its block moves with it
                fence_shift = (indent, target)
        previous_blank = False
    if not end_list_before and not blank_before:
        return result
    output: list[Line] = []
    for index, line in enumerate(result):
        if index in end_list_before:
            ctx.record(line, "structure.end-list", "", "<!-- -->")
            output += [Line("<!-- -->", line.number), Line("", line.number)]
        elif index in blank_before:
            ctx.record(line, "structure.list-spacing", line.text, "（前面插入空行）")
            output.append(Line("", line.number))
        output.append(line)
    return output


def drop_empty_list_items(lines: list[Line], ctx: Context) -> list[Line]:
    """`6.` or `-` with nothing after it and nothing indented under it renders as an empty bullet.
    Between two non-blank lines it leaves a blank line, so the blocks around it stay apart."""
    mask = code_mask(lines)
    result = []
    for index, line in enumerate(lines):
        item = None if mask[index] else LIST_ITEM.match(line.text)
        if item and not line.text[item.end():].strip():
            following = next((other for other in lines[index + 1:] if other.text.strip()), None)
            if following is None or _indent(following.text) < content_column(item) \
                    or LIST_ITEM.match(following.text):
                ctx.record(line, "structure.empty-item", line.text, "")
                before = result[-1].text if result else ""
                after = lines[index + 1].text if index + 1 < len(lines) else ""
                if before.strip() and after.strip():
                    result.append(line.with_text(""))
                continue
        result.append(line)
    return result


_BULLET_ITEM = re.compile(r"^([ \t]*)[-*+]\s+\S")
_NUMBERED_ITEM = re.compile(r"^([ \t]*)\d{1,9}[.)]\s")


def nest_flattened_lists(lines: list[Line], ctx: Context) -> list[Line]:
    """In a copied web page a numbered list under a bullet arrives at the bullet's own level
    (`• sigmoid` then `1. …` `2. …`). Move such a run (with its content lines) one level in.
    Runs on normalized indentation, where a level is exactly 4 columns, so its output is final."""
    if "web-copy" not in ctx.note.dialects:
        return lines
    result = list(lines)
    bullet_column: int | None = None
    in_run = False
    moving_fence = False  # a fenced block that started inside a run moves whole, blank lines included
    for index, (line, is_code) in enumerate(zip(lines, code_mask(lines), strict=True)):
        if moving_fence and is_code:
            if line.text.strip():
                result[index] = line.with_text("    " + line.text)
                ctx.record(line, "structure.nested-list", line.text, result[index].text)
            continue
        moving_fence = False
        if not line.text.strip():
            bullet_column, in_run = None, False
            continue
        indent = _indent(line.text)
        numbered = None if is_code else _NUMBERED_ITEM.match(line.text)
        if bullet_column is not None and (numbered and indent == bullet_column
                                          or in_run and (is_code or indent > bullet_column)):
            in_run, moving_fence = True, is_code
            new_text = "    " + line.text
            ctx.record(line, "structure.nested-list", line.text, new_text)
            result[index] = line.with_text(new_text)
        elif not is_code and _BULLET_ITEM.match(line.text):
            bullet_column, in_run = indent, False
        else:
            bullet_column, in_run = None, False
    return result


_INTERRUPTING_ITEM = re.compile(r"^[ ]{0,3}(?:[-*+]|1[.)])[ \t]+\S")


def separate_lists_from_paragraphs(lines: list[Line], ctx: Context) -> list[Line]:
    """`……有如下三点：` then `* 链式求导` on the next line: Typora and GitHub (CommonMark) start a list
    there; Python-Markdown needs a blank line first, or it prints the `*` as text. Insert one where a
    list (bullets, or an ordered list starting at 1, as CommonMark allows) follows paragraph text."""
    mask = code_mask(lines)
    result: list[Line] = []
    for index, line in enumerate(lines):
        previous = lines[index - 1].text if index else ""
        # A quote, at any depth, takes the item in as its lazy continuation in Python-Markdown.
        quote = previous.lstrip().startswith(">")
        if (index and not mask[index] and not mask[index - 1] and _INTERRUPTING_ITEM.match(line.text)
                and previous.strip() and not LIST_ITEM.match(previous)
                and (quote or _indent(previous) < 4 and not NOT_PARAGRAPH.match(previous.lstrip()))):
            ctx.record(line, "structure.list-spacing", previous, "（列表前插入空行）")
            result.append(Line("", line.number))
        result.append(line)
    return result
