"""Question markers: where, in a note's blocks (`split.blocks`), a question starts: bold lines, bold
or asking list items, `问：` lines, `<summary>` titles, group labels. `MARKER_RULES` read one block
each, `MARKER_FILTERS` then take back what is not a question after all."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass

from notes_normalizer.model import Line
from notes_normalizer.split.blocks import ENDS_ASKING, Block, numbered_question, sub_items
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


@dataclass(frozen=True)
class Marker:
    """Where a question starts inside a topic: the block (and list item) that asks it."""

    block: int
    item: int | None
    wording: str
    rest: str  # answer text on the question's own line (the paragraph's next lines follow it)
    style: str


def is_whole_bold_line(marker: Marker) -> bool:
    """`**…**` alone in its paragraph (no list item, no answer on its line)."""
    return marker.item is None and marker.style in (BOLD_LINE, GROUP) and not marker.rest


def _paragraph_marker(block: Block) -> tuple[str, str, str] | None:
    first_line, _, more = block.text.partition("\n")
    if _ONLY_LINKS.match(first_line):
        # a reference: `[为什么要归一化？](https://…)` asks nothing of this note, unless the note answers
        # it in the lines right under it (the article it read, then what it took from it)
        asked = _LINK_TEXT.fullmatch(first_line.strip())
        answered = more.strip() and not any(_ONLY_LINKS.match(line) for line in more.split("\n") if line.strip())
        if asked and answered and ENDS_ASKING.search(asked.group(1).strip()):
            return asked.group(1).strip(), "", BOLD_LINE  # set off by its link as a bold line is
        return None
    lead = bold_lead(first_line)
    if _titles_a_link(lead):
        return None
    if lead:
        wording, rest = lead
        if rest and ASKED.match(wording + " x"):  # **问：** 什么是 BN？
            wording, rest = rest, ""
        return wording, rest, BOLD_LINE
    text = plain_text(first_line)
    if (ASKED.match(text) or numbered_question(text)) and len(text) <= MAX_MARKER_CHARS:
        return first_line, "", QUESTION_LINE  # the answer is the paragraph's next lines
    if not more and len(text) <= MAX_MARKER_CHARS and ENDS_ASKING.search(text):
        return block.text, "", QUESTION_LINE
    return None
_ONLY_LINKS = re.compile(r"^\s*(?:[-*+]|\d+[.)、])?\s*(?:[\[【（(]?[一二三四五六七八九十\d]*[、.．)）\]】]?\s*)?"
                         r"(?:\[[^\]]*\]\([^)]*\)[\s,，;；、]*)+$")
_LINK_TEXT = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_ONLY_A_URL = re.compile(r"^\s*<?https?://\S+\s*$")


def _titles_a_link(lead: tuple[str, str] | None) -> bool:
    """`**Batch Normalization导读：** https://…`: a reference with a bold title, no question."""
    return bool(lead) and bool(_ONLY_A_URL.match(lead[1]))
_ANCHOR_LINK = re.compile(r"^\s*(?:[-*+]|\d+[.)])?\s*\[[^\]]*\]\(#[^)]*\)\s*$")  # a table of contents' line


def _item_marker(first_line: str, has_answer: bool) -> tuple[str, str] | None:
    """A list item that asks a question: its first line is bold (`1. **BN 的作用**`), or it asks as
    question lists do and the item goes on with an answer (`1. 什么是 BN？`, `1. Normalization的作用`,
    `2. BN训练和测试时的参数是一样的么`, each over an indented answer)."""
    if _ANCHOR_LINK.match(first_line) or _ONLY_LINKS.match(first_line):
        return None
    lead = bold_lead(first_line)
    if _titles_a_link(lead):
        return None
    if lead and not lead[1] and is_statement(lead[0]):
        return None
    if lead and (not lead[1] or reads_as_question(lead[0])):
        return lead
    text = plain_text(first_line)
    if has_answer and len(text) <= MAX_MARKER_CHARS and (ENDS_ASKING.search(text) or asks_in_a_list(text)):
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
    if len(text) <= MAX_MARKER_CHARS and (ENDS_ASKING.search(text) or ASKED.match(text)):
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
    """Whole bold lines numbered as a list (`**🌟 2. RNN 的核心特点**`, `**🌟 3. RNN 计算流程**`) are the
    questions; the unnumbered bold lines between two consecutive numbers (`💡 **和普通神经网络的区别**`)
    are points of the answer above, unless they ask with a question mark of their own."""
    numbers = [_list_number(m) for m in found]
    between: set[int] = set()
    items = [n for n, number in enumerate(numbers) if number is not None]
    for left, right in zip(items, items[1:], strict=False):
        if numbers[right] == numbers[left] + 1:
            between.update(range(left + 1, right))
    return [m for n, m in enumerate(found)
            if n not in between or asks_by_its_mark(m.wording) or "\n" in scan.blocks[m.block].text
            or not is_whole_bold_line(m)]


_LIST_NUMBER = re.compile(r"^\W*?(\d+)\s*[.、:：)）]|^\W*?(\d)\uFE0F?\u20E3")


def _list_number(marker: Marker) -> int | None:
    """The number of a whole bold line numbered as a list item (`🌟 2. …`, `2、…`, `2️⃣ …`)."""
    if not is_whole_bold_line(marker):
        return None
    match = _LIST_NUMBER.match(plain_text(marker.wording))
    return int(match.group(1) or match.group(2)) if match else None


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
