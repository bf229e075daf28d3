"""Question markers: where, in a note's block structure (markdown-it tokens with line maps), a
question starts: bold lines, bold or asking list items, `问：` lines, group labels."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

from notes_normalizer.model import Line
from notes_normalizer.split.units import BOLD_ITEM, BOLD_LINE, GROUP, GROUP_ITEM, QUESTION_LINE
from notes_normalizer.split.wording import (
    ASKED,
    MAX_MARKER_CHARS,
    asks_by_its_mark,
    asks_in_a_list,
    asks_outright,
    bold_lead,
    is_numbered,
    is_statement,
    plain_text,
    reads_as_question,
    strip_numbering,
)


@cache
def block_parser() -> MarkdownIt:
    # Only block structure and the inline tokens' source text are read: the inline rules are skipped.
    return MarkdownIt("commonmark").enable("table").disable("inline")
BOLD_ITEM_LINE = re.compile(r"^[\s>]*(?:[-*+]|\d+[.)])\s+(?:\*\*|__)")
LIST_ITEM_TEXT = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(.+)$")


# --- blocks -----------------------------------------------------------------------------------

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
    if ASKED.match(text) or _numbered_question(text):
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


# --- splitting --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Marker:
    """Where a question starts inside a topic: the block (and list item) that asks it."""

    block: int
    item: int | None
    wording: str
    rest: str  # answer text on the question's own line (the paragraph's next lines follow it)
    style: str


_ENDS_ASKING = re.compile(r"[?？]$")


def _paragraph_marker(block: Block) -> tuple[str, str, str] | None:
    first_line, _, more = block.text.partition("\n")
    if _ONLY_LINKS.match(first_line):
        return None  # a reference: `[为什么要归一化？](https://…)` asks nothing of this note
    lead = bold_lead(first_line)
    if lead and _ONLY_A_URL.match(lead[1]):
        return None  # `**Batch Normalization导读：** https://…`: a reference, titled
    if lead:
        wording, rest = lead
        if rest and ASKED.match(wording + " x"):  # **问：** 什么是 BN？
            wording, rest = rest, ""
        return wording, rest, BOLD_LINE
    text = plain_text(first_line)
    if (ASKED.match(text) or _numbered_question(text)) and len(text) <= MAX_MARKER_CHARS:
        return first_line, "", QUESTION_LINE  # the answer is the paragraph's next lines
    if not more and len(text) <= MAX_MARKER_CHARS and _ENDS_ASKING.search(text):
        return block.text, "", QUESTION_LINE
    return None
def _numbered_question(text: str) -> bool:
    """`1、什么是 BN？`, `Q3. 为什么…?`: a numbered line that ends in a question mark."""
    return is_numbered(text) and bool(_ENDS_ASKING.search(text))


_ONLY_LINKS = re.compile(r"^\s*(?:[-*+]|\d+[.)、])?\s*(?:[\[【（(]?[一二三四五六七八九十\d]*[、.．)）\]】]?\s*)?"
                         r"(?:\[[^\]]*\]\([^)]*\)[\s,，;；、]*)+$")
_ONLY_A_URL = re.compile(r"^\s*<?https?://\S+\s*$")
_ANCHOR_LINK = re.compile(r"^\s*(?:[-*+]|\d+[.)])?\s*\[[^\]]*\]\(#[^)]*\)\s*$")  # a table of contents' line


def _item_marker(first_line: str, has_answer: bool) -> tuple[str, str] | None:
    """A list item that asks a question: its first line is bold (`1. **BN 的作用**`), or it asks as
    question lists do and the item goes on with an answer (`1. 什么是 BN？`, `1. Normalization的作用`,
    `2. BN训练和测试时的参数是一样的么`, each over an indented answer)."""
    if _ANCHOR_LINK.match(first_line) or _ONLY_LINKS.match(first_line):
        return None
    lead = bold_lead(first_line)
    if lead and _ONLY_A_URL.match(lead[1]):
        return None
    if lead and not lead[1] and is_statement(lead[0]):
        return None
    if lead and (not lead[1] or reads_as_question(lead[0])):
        return lead
    text = plain_text(first_line)
    if has_answer and len(text) <= MAX_MARKER_CHARS and (_ENDS_ASKING.search(text) or asks_in_a_list(text)):
        return first_line, ""
    return None


_QUESTION_THEN_ANSWER = re.compile(r"^([^:：]{4,40}?)\s*[:：]\s*(\S.*)$")


def _question_and_answer(first_line: str) -> tuple[str, str] | None:
    """`什么是过拟合：模型在训练集上好，测试集上差。` -> (question, answer); definition lines
    (`原因：…`, `BN的作用：…`) ask with no question word, and are not split."""
    match = _QUESTION_THEN_ANSWER.match(first_line)
    if not match or _ANCHOR_LINK.match(first_line) or bold_lead(first_line):
        return None
    question, answer = match.group(1).strip(), match.group(2).strip()
    return (question, answer) if asks_outright(question) else None


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


def _groups_questions(wording: str, sub_items: list[tuple[int, int, str]]) -> bool:
    """`- **BP**` over `- 梯度消失,爆炸的原因` `- 梯度消失` `- 为什么…？`: a bold label that does not ask,
    over items most of which ask: the items are the questions."""
    if reads_as_question(wording) or not sub_items:
        return False
    asking = sum(asks_in_a_list(first.split("\n", 1)[0]) for _, _, first in sub_items)
    return 2 * asking >= len(sub_items)


# --- the rules ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class MarkerScan:
    """What the marker rules read: a topic's own blocks, the note's lines, and what the splitter knows
    about the place they sit in. `strict` (inside a heading that did not read as a topic) accepts only
    markers that are numbered or read as questions; `labels_a_part(wording)` (`**参考资料**`,
    `**✅ 解释**`) and `names_a_group(wording)` come from the vocabulary; `point_of_the_answer(marker)`
    is set under a question already asked, whose answer's points are not questions of their own."""

    blocks: list[Block]
    lines: list[Line]
    strict: bool = False
    labels_a_part: Callable[[str], bool] | None = None
    names_a_group: Callable[[str], bool] | None = None
    point_of_the_answer: Callable[[Marker], bool] | None = None


def _bold_or_asking_line(scan: MarkerScan, number: int) -> list[Marker]:
    """A paragraph whose first line is bold (`**BN 的作用**`, `**问：** 什么是 BN？`), is labelled
    (`问：…`, `Q3. …?`), or is one short line ending in a question mark."""
    block = scan.blocks[number]
    marker = _paragraph_marker(block) if block.kind == "paragraph" else None
    return [Marker(number, None, *marker)] if marker else []


def _collapsible_summary(scan: MarkerScan, number: int) -> list[Marker]:
    """`<summary>什么是 BN？</summary>`: the title of a collapsible that asks or is numbered (`答案`,
    `展开` do not ask)."""
    block = scan.blocks[number]
    text = plain_text(block.text)
    if block.kind == "summary" and len(text) <= MAX_MARKER_CHARS and (reads_as_question(text) or is_numbered(text)):
        return [Marker(number, None, text, "", QUESTION_LINE)]
    return []


def _quoted_question(scan: MarkerScan, number: int) -> list[Marker]:
    """`> 为什么要归一化？` over a paragraph: a quoted line that asks, over its answer."""
    block = scan.blocks[number]
    if block.kind != "quote" or number + 1 >= len(scan.blocks) or scan.blocks[number + 1].kind != "paragraph":
        return []
    text = plain_text(block.text)
    if len(text) <= MAX_MARKER_CHARS and (_ENDS_ASKING.search(text) or ASKED.match(text)):
        return [Marker(number, None, text, "", QUESTION_LINE)]
    return []


def _list_item_questions(scan: MarkerScan, number: int) -> list[Marker]:
    """List items that ask (see `_item_marker`), a bold label over items that ask (a group), and
    `1. 什么是过拟合：模型在训练集上好…` lines when the list is a list of them."""
    blocks, block = scan.blocks, scan.blocks[number]
    if block.kind != "list":
        return []
    # A list of one item, followed by text: `1. 什么是 BN？` with its answer not indented under it
    # (the next question's number starts another list).
    answer_follows = len(block.items) == 1 and number + 1 < len(blocks) \
        and blocks[number + 1].kind not in ("heading", "list")
    # One question-and-answer line alone is as likely a point of an answer.
    on_one_line = {n: q for n, (_, _, first) in enumerate(block.items)
                   if (q := _question_and_answer(first.split("\n", 1)[0]))}
    if len(on_one_line) < 2:
        on_one_line = {}
    found = []
    for item_number, (start, end, first) in enumerate(block.items):
        has_answer = answer_follows or any(  # more than its first paragraph
            line.text.strip() for line in scan.lines[start + 1 + first.count("\n"):end])
        lead = _item_marker(first.split("\n", 1)[0], has_answer) or on_one_line.get(item_number)
        if not lead:
            continue
        wording, style = lead[0], BOLD_ITEM
        if not lead[1] and has_answer and not reads_as_question(wording) and _groups_questions(
                wording, sub_items(scan.lines[start + 1:end])):
            style = GROUP_ITEM
        elif block.ordered:
            wording = f"{item_number + 1}. {wording}"  # numbered, for `strict`
        found.append(Marker(number, item_number, wording, lead[1], style))
    return found


def _strict_inside_a_heading(scan: MarkerScan, found: list[Marker]) -> list[Marker]:
    if not scan.strict:
        return found
    return [m for m in found if is_numbered(m.wording) or reads_as_question(m.wording) or m.style == GROUP_ITEM]


def _labels_a_part(scan: MarkerScan, found: list[Marker]) -> list[Marker]:
    if scan.labels_a_part is None:
        return found
    return [m for m in found if not scan.labels_a_part(strip_numbering(plain_text(m.wording)))]


def _point_of_the_answer(scan: MarkerScan, found: list[Marker]) -> list[Marker]:
    if scan.point_of_the_answer is None:
        return found
    return [m for m in found if not scan.point_of_the_answer(m)]


def _numbered_over_its_points(scan: MarkerScan, found: list[Marker]) -> list[Marker]:
    """Whole bold lines numbered as a list (`**🌟 1. 什么是 RNN**`, `**🌟 2. RNN 的核心特点**`) are the
    questions; the unnumbered bold lines between them (`💡 **和普通神经网络的区别**`) are points of the
    answer above, unless they ask with a question mark of their own (`📌 **为什么 CNN 具备平移不变性？**`)."""
    numbered = [m.item is None and m.style == BOLD_LINE and is_numbered(m.wording) for m in found]
    if sum(numbered) < 2:
        return found
    first = numbered.index(True)
    return [m for n, m in enumerate(found)
            if numbered[n] or n < first or asks_by_its_mark(m.wording)
            or not (m.item is None and m.style == BOLD_LINE and not m.rest)]


def _bold_point_or_group(scan: MarkerScan, found: list[Marker]) -> list[Marker]:
    """A bold line that asks nothing: with nothing under it before the next marker, a point of an
    answer (dropped); naming a group of what follows (`**一、基础知识**`), the group's label."""
    kept = []
    for position, marker in enumerate(found):
        next_block = found[position + 1].block if position + 1 < len(found) else len(scan.blocks)
        empty = (not marker.rest and marker.item is None and next_block == marker.block + 1
                 and "\n" not in scan.blocks[marker.block].text)
        if marker.style == BOLD_LINE and not reads_as_question(marker.wording):
            if empty:
                continue
            if scan.names_a_group is not None and scan.names_a_group(marker.wording):
                marker = dataclasses.replace(marker, style=GROUP)
        kept.append(marker)
    return kept


# Where a question starts: each rule reads one block and returns the markers it holds; the first
# rule that finds any decides for that block.
MARKER_RULES: tuple[tuple[str, Callable[[MarkerScan, int], list[Marker]]], ...] = (
    ("bold-or-asking-line", _bold_or_asking_line),
    ("collapsible-summary", _collapsible_summary),
    ("quoted-question", _quoted_question),
    ("list-item-questions", _list_item_questions),
)

# Then, in order, what is not a question after all.
MARKER_FILTERS: tuple[tuple[str, Callable[[MarkerScan, list[Marker]], list[Marker]]], ...] = (
    ("strict-inside-a-heading", _strict_inside_a_heading),
    ("labels-a-part", _labels_a_part),
    ("numbered-over-its-points", _numbered_over_its_points),
    ("bold-point-or-group", _bold_point_or_group),
    ("point-of-the-answer", _point_of_the_answer),
)


def _markers_of(scan: MarkerScan, number: int) -> list[Marker]:
    for _, rule in MARKER_RULES:
        found = rule(scan, number)
        if found:
            return found
    return []


def find_markers(scan: MarkerScan) -> list[Marker]:
    """Question markers among a topic's own blocks: `MARKER_RULES` over each block, then `MARKER_FILTERS`."""
    found = [marker for number in range(len(scan.blocks)) for marker in _markers_of(scan, number)]
    for _, keeps in MARKER_FILTERS:
        found = keeps(scan, found)
    return found
