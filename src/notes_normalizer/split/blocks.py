"""A note's block structure, as the splitter reads it: markdown-it's top-level blocks with their line
ranges (headings, paragraphs cut where a later line starts a question, lists with their items,
`<summary>` lines of collapsibles, one-line quotes)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

from notes_normalizer.model import Line
from notes_normalizer.split.wording import (
    ASKED,
    MAX_MARKER_CHARS,
    bold_lead,
    is_numbered,
    plain_text,
    reads_as_question,
)

ENDS_ASKING = re.compile(r"[?？]$")


@cache
def block_parser() -> MarkdownIt:
    # Only block structure and the inline tokens' source text are read: the inline rules are skipped.
    return MarkdownIt("commonmark").enable("table").disable("inline")


BOLD_ITEM_LINE = re.compile(r"^[\s>]*(?:[-*+]|\d+[.)])\s+(?:\*\*|__)")
LIST_ITEM_TEXT = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(.+)$")


@dataclass
class Block:
    kind: str  # "heading", "paragraph", "list", or the token type of anything else
    start: int  # line index, inclusive
    end: int  # line index, exclusive
    level: int = 0  # heading level
    text: str = ""  # heading or paragraph inline source
    items: list[tuple[int, int, str]] = field(default_factory=list)  # list items: start, end, first line
    ordered: bool = False


def blocks_of(lines: list[Line]) -> list[Block]:
    """The note's top-level blocks, with their line ranges."""
    tokens = block_parser().parse("\n".join(line.text for line in lines))
    blocks: list[Block] = []
    for position, token in enumerate(tokens):
        if token.level != 0 or token.map is None or token.nesting == -1:
            continue
        start, end = token.map
        if token.type == "heading_open":
            blocks.append(Block("heading", start, end, int(token.tag[1]), tokens[position + 1].content))
        elif token.type == "paragraph_open":
            blocks.extend(Block("paragraph", start + offset, end, text=text)
                          for offset, text in _at_question_lines(tokens[position + 1].content))
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            blocks.append(Block("list", start, end, items=_items(tokens, position),
                                 ordered=token.type == "ordered_list_open"))
        elif token.type == "html_block":
            blocks.extend(_around_summaries(token.content, start, end))
        elif token.type == "blockquote_open" and end - start == 1 and tokens[position + 1].type == "paragraph_open":
            blocks.append(Block("quote", start, end, text=tokens[position + 2].content))  # `> 问题？`
        else:
            blocks.append(Block(token.type, start, end))
    # A block ends where the next begins, so blank lines between blocks stay with the one above.
    for block, following in zip(blocks, blocks[1:], strict=False):
        block.end = following.start
    if blocks:
        blocks[-1].end = len(lines)
    return blocks


_SUMMARY = re.compile(r"^\s*(?:<details\b[^>]*>\s*)?<summary\b[^>]*>(.*?)</summary>\s*$", re.IGNORECASE)


def _around_summaries(html: str, start: int, end: int) -> list[Block]:
    """An HTML block, each of its `<summary>…</summary>` lines (the title of a collapsible, where
    notes kept on GitHub often put a question) a block of its own."""
    blocks, part = [], start
    for offset, line in enumerate(html.split("\n")[:end - start]):
        summary = _SUMMARY.match(line)
        if summary:
            if start + offset > part:
                blocks.append(Block("html_block", part, end))
            blocks.append(Block("summary", start + offset, end, text=summary.group(1).strip()))
            part = start + offset + 1
    if part < end:
        blocks.append(Block("html_block", part, end))
    return blocks


def _at_question_lines(paragraph: str) -> list[tuple[int, str]]:
    """A paragraph cut where one of its later lines starts a question (`问：…`, `Q: …`, `2、…？`, a
    whole bold line that asks): notes written without blank lines between questions and answers
    would glue them. (line offset, text) of each part."""
    lines = paragraph.split("\n")
    starts = [0, *(n for n in range(1, len(lines)) if _starts_a_question(lines[n]))]
    stops = [*starts[1:], len(lines)]
    return [(start, "\n".join(lines[start:stop])) for start, stop in zip(starts, stops, strict=True)]


def _starts_a_question(line: str) -> bool:
    text = plain_text(line)
    if ASKED.match(text) or numbered_question(text):
        return len(text) <= MAX_MARKER_CHARS
    lead = bold_lead(line)
    return bool(lead) and not lead[1] and reads_as_question(lead[0])


def _items(tokens: list[Token], position: int) -> list[tuple[int, int, str]]:
    level = tokens[position].level + 1
    items = []
    for index in range(position + 1, len(tokens)):
        token = tokens[index]
        if token.level < level:
            break
        if token.type == "list_item_open" and token.level == level:
            first = next((t.content for t in tokens[index + 1:index + 4] if t.type == "inline"), "")
            items.append((token.map[0], token.map[1], first))
    for number in range(len(items) - 1):  # blank lines between items stay with the one above
        items[number] = (items[number][0], items[number + 1][0], items[number][2])
    return items


def numbered_question(text: str) -> bool:
    """`1、什么是 BN？`, `Q3. 为什么…?`: a numbered line that ends in a question mark."""
    return is_numbered(text) and bool(ENDS_ASKING.search(text))


def sub_items(lines: list[Line]) -> list[tuple[int, int, str]]:
    """The list items directly inside a list item's nested lines: start, end (offsets into `lines`),
    first line."""
    indents = [len(line.text) - len(line.text.lstrip(" ")) for line in lines if line.text.strip()]
    margin = min(indents, default=0)
    tokens = block_parser().parse("\n".join(line.text[margin:] for line in lines))
    for position, token in enumerate(tokens):
        if token.level == 0 and token.type in ("bullet_list_open", "ordered_list_open"):
            return _items(tokens, position)
    return []
