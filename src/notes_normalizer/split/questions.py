"""Questions: split each repaired note into question units.

Notes mark questions in every style there is, so the splitter reads the note's block structure
(markdown-it tokens with line maps) instead of matching lines:

- headings: a heading whose section holds deeper headings is a *topic* unless it reads as a
  question itself (then the deeper headings are parts of its answer); a heading without deeper
  headings is a question, unless its body is a run of numbered or question-like bold markers;
- inside a topic (or a note without headings): numbered list items whose first line is all bold,
  bold-line pseudo-headings (`**1、误差反向传播思想：**`, `**何为共线性?**`), and short lines ending
  in a question mark;
- inside an answer: follow-up questions in nested list items (`- **拓展1：为什么…？**`).

Text before the first question of a topic is the topic's introduction; reference sections
(参考资料 …) are not questions. Nothing is dropped: every line of a note belongs to exactly one
unit, one introduction, or one reference section, and the source view shows them all in order.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

from notes_normalizer.fix.math import math_spans
from notes_normalizer.language.vocabulary import Vocabulary, normalize, vocabulary
from notes_normalizer.model import FixedNote, Line

# How a question is marked in its note; the source view uses this to place its anchor.
HEADING, BOLD_LINE, BOLD_ITEM, QUESTION_LINE, FOLLOW_UP = (
    "heading", "bold-line", "bold-item", "question-line", "follow-up")
GROUP = "group"  # a bold line that names a group of questions (**面试篇：**), not a question
GROUP_ITEM = "group-item"  # a bold list item over sub-items that are the questions (`- **BP**`)


@dataclass
class Unit:
    """One question as a note asks it, with the answer the note gives."""

    note: str  # note name, relative to the notes folder
    index: int  # position in the note, from 1
    question: str  # the wording as written (Markdown inline, numbering removed)
    line: int  # source line of the question
    end_line: int  # last source line of the answer
    body: list[Line]  # the answer, dedented to the left margin
    topic_heading: str = ""  # the note's own topic heading above it, if any
    parent: int | None = None  # index of the question a follow-up belongs to
    style: str = HEADING
    marker: int = 0  # index into the fixed note's lines of the question's own line

    @cached_property
    def id(self) -> str:
        return f"{self.note}#{self.index}"

    # Cached: read many times per build. A unit is not changed once split.
    @cached_property
    def title(self) -> str:
        return plain_text(self.question)

    @cached_property
    def answer(self) -> str:
        return "\n".join(line.text for line in self.body).strip("\n")

    @property
    def answered(self) -> bool:
        """Whether the note answers it: a rule (`-----------`) between questions is no answer, nor is
        a placeholder the author left (`- [ ] TODO`, `待补充`)."""
        return any(line.text.strip() and not _RULE.match(line.text) and not _NO_ANSWER_YET.match(line.text)
                   for line in self.body)


_RULE = re.compile(r"^\s{0,3}(?:(?:-\s*){3,}|(?:\*\s*){3,}|(?:_\s*){3,})$")
_NO_ANSWER_YET = re.compile(r"^\s*(?:[-*+]\s+)?(?:\[[ xX]?\]\s*)?(?:TODO|TBD|待补充|待完善|待更新|未完待续)"
                          r"\s*[.。…:：]*\s*$", re.IGNORECASE)


@dataclass
class NoteOutline:
    """A note split into questions, plus the parts that are not questions."""

    fixed: FixedNote
    units: list[Unit] = field(default_factory=list)
    topics: list[tuple[int, str]] = field(default_factory=list)  # (line index, topic heading)


@cache
def _parser() -> MarkdownIt:
    # Only block structure and the inline tokens' source text are read: the inline rules are skipped.
    return MarkdownIt("commonmark").enable("table").disable("inline")


# --- text helpers -----------------------------------------------------------------------------

_NUMBERING = re.compile(
    r"^\s*(?:\d+(?:\.\d+){2,}\.?|\d+(?:\.\d+)+\.?(?=\s+[^\s倍个%％层次])|[QqＱ]\s*\d+\s*[.:：、)）]?|(?:问题?|[QqＱ](?:uestion)?)\s*[:：]|问题?\s*\d+\s*[.:：、]?|第[一二三四五六七八九十百\d]+(?:[题问个章节篇]|部分)[:：、]?"
    r"|\d+\s*(?:[、．:：)）]|\.(?!\d))|[一二三四五六七八九十]+\s*[、.．:：)）]"
    r"|[（(]\s*(?:\d+|[一二三四五六七八九十]+)\s*[)）]|[①-⑳])\s*")
_TAGS = re.compile(r"<[^>]*>")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_TEX_SYMBOLS = {r"\times": "×", r"\cdot": "·", r"\alpha": "α", r"\beta": "β", r"\gamma": "γ",
                r"\sigma": "σ", r"\mu": "μ", r"\lambda": "λ", r"\theta": "θ", r"\partial": "∂"}
_TEX_SYMBOL = re.compile("(" + "|".join(map(re.escape, _TEX_SYMBOLS)) + r")(?![a-zA-Z])\s*")
_ESCAPED = re.compile(r"\\([*_`$\\\[\]])")
_MARKS = re.compile(r"\*\*|__|==|`|\$")
_LONE_MARK = re.compile(r"(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w)")
_SPACES = re.compile(r"\s+")


def strip_numbering(text: str) -> str:
    """'Q1：如何调试超参数？' -> '如何调试超参数？'; '1、误差反向传播思想：' -> '误差反向传播思想'."""
    text = text.strip()
    stripped = _NUMBERING.sub("", text, count=1)
    text = stripped if stripped.strip() else text
    return text.strip().rstrip(":：").strip()


def with_formulas(markdown: str) -> list[tuple[str, bool]]:
    """A line cut into its text and its formulas: (text, False) and (TeX without `$`, True) pieces."""
    pieces, position = [], 0
    for span in math_spans(markdown):
        pieces += [(markdown[position:span.start], False),
                   (markdown[span.start + span.width:span.end - span.width].strip(), True)]
        position = span.end
    return pieces + [(markdown[position:], False)]


@lru_cache(maxsize=8192)  # splitting asks again about the same lines (markers, titles, headings)
def plain_text(markdown: str) -> str:
    """Inline Markdown as the words a reader sees: no tags, emphasis marks, link targets or `$`;
    the TeX of a formula as written (`d_{k}` keeps its underscore)."""
    pieces = with_formulas(markdown)
    if len(pieces) > 1:
        out = []
        for text, formula in pieces:
            if formula:
                out.append(_TEX_SYMBOL.sub(lambda symbol: _TEX_SYMBOLS[symbol.group(1)], text))
            else:  # the spaces around a formula are the author's
                before, after = (" " if text[:1].isspace() else ""), (" " if text[-1:].isspace() else "")
                out.append(before + plain_text(text) + after)
        return _SPACES.sub(" ", "".join(out)).strip()
    text = _LINK.sub(r"\1", markdown)
    text = _TAGS.sub("", text)
    if "\\" in text:
        text = _TEX_SYMBOL.sub(lambda match: _TEX_SYMBOLS[match.group(1)], text)
        text = _ESCAPED.sub(r"\1", text)
    text = _MARKS.sub("", text)
    text = _LONE_MARK.sub("", text)
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


_INTERROGATIVE = re.compile(
    r"[?？]\s*$|什么|为什么|为何|如何|怎么|怎样|哪些|哪个|哪种|是否|有何|何为|何时|多少|吗\s*$|呢\s*$"
    r"|区别|异同|对比|比较|关系|联系|优缺点|优点|缺点|好处|坏处|作用|原因|原理|意义|影响|简述|简单叙述|叙述|说明|描述|阐述"
    r"|讲一讲|讲讲"
    r"|解释|介绍|谈谈|说说|推导|列举|证明|^\s*(?:what|why|how|when|which|explain|describe)\b",
    re.IGNORECASE)


def reads_as_question(text: str) -> bool:
    return bool(_INTERROGATIVE.search(plain_text(text))) or bool(re.match(r"\s*[QqＱ]\s*\d", text))


def _numbered(text: str) -> bool:
    return _NUMBERING.match(text) is not None and strip_numbering(text) != text.strip()


_BOLD_SPAN = r"(?:\*\*|__)(?:(?!\*\*|__).)+?(?:\*\*|__)"
_BOLD_ITEM = re.compile(r"^[\s>]*(?:[-*+]|\d+[.)])\s+(?:\*\*|__)")
_LIST_ITEM_TEXT = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(.+)$")
_BOLD_LEAD = re.compile(rf"^\s*({_BOLD_SPAN}(?:\s*{_BOLD_SPAN})*)\s*([:：]?)\s*(.*)$")
_MAX_MARKER_CHARS = 80
_MAX_QUESTION_CHARS = 160  # a bold line that ends in a question mark is a question, however long


def bold_lead(text: str) -> tuple[str, str] | None:
    """Split a line that starts with bold text into (bold wording, rest), or None.
    The bold part must read as a heading: short, and either the whole line, ending in a colon or
    question mark, or followed by a colon."""
    match = _BOLD_LEAD.match(text)
    if not match:
        return None
    lead, colon, rest = match.groups()
    wording = re.sub(r"\*\*|__", "", lead).strip()
    longest = _MAX_QUESTION_CHARS if re.search(r"[?？]\s*$", wording) else _MAX_MARKER_CHARS
    if not wording or len(plain_text(wording)) > longest:
        return None
    if rest and not colon and not re.search(r"[:：?？]$", wording):
        return None
    return wording, rest


# --- blocks -----------------------------------------------------------------------------------

@dataclass
class _Block:
    kind: str  # "heading", "paragraph", "list", or the token type of anything else
    start: int  # line index, inclusive
    end: int  # line index, exclusive
    level: int = 0  # heading level
    text: str = ""  # heading or paragraph inline source
    items: list[tuple[int, int, str]] = field(default_factory=list)  # list items: start, end, first line
    ordered: bool = False


def _blocks(lines: list[Line]) -> list[_Block]:
    """The note's top-level blocks, with their line ranges."""
    tokens = _parser().parse("\n".join(line.text for line in lines))
    blocks: list[_Block] = []
    for position, token in enumerate(tokens):
        if token.level != 0 or token.map is None or token.nesting == -1:
            continue
        start, end = token.map
        if token.type == "heading_open":
            blocks.append(_Block("heading", start, end, int(token.tag[1]), tokens[position + 1].content))
        elif token.type == "paragraph_open":
            blocks.append(_Block("paragraph", start, end, text=tokens[position + 1].content))
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            blocks.append(_Block("list", start, end, items=_items(tokens, position),
                                 ordered=token.type == "ordered_list_open"))
        else:
            blocks.append(_Block(token.type, start, end))
    # A block ends where the next begins, so blank lines between blocks stay with the one above.
    for block, following in zip(blocks, blocks[1:], strict=False):
        block.end = following.start
    if blocks:
        blocks[-1].end = len(lines)
    return blocks


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

@dataclass
class _Marker:
    """Where a question starts inside a topic: the block (and list item) that asks it."""

    block: int
    item: int | None
    wording: str
    rest: str  # answer text on the question's own line
    style: str


_ASKED = re.compile(r"^\s*(?:问题?|[QqＱ](?:uestion)?)\s*\d*\s*[:：]\s*(?=\S)")  # 问：… / Q: …


def _paragraph_marker(block: _Block) -> tuple[str, str, str] | None:
    first_line, _, more = block.text.partition("\n")
    lead = bold_lead(first_line)
    if lead:
        wording, rest = lead
        if rest and _ASKED.match(wording + " x"):  # **问：** 什么是 BN？
            wording, rest = rest, ""
        return wording, "\n".join(part for part in (rest, more) if part), BOLD_LINE
    text = plain_text(first_line)
    if _ASKED.match(text) and len(text) <= _MAX_MARKER_CHARS:
        return first_line, "", QUESTION_LINE  # the answer is the paragraph's next lines
    if not more and len(text) <= _MAX_MARKER_CHARS and re.search(r"[?？]$", text):
        return block.text, "", QUESTION_LINE
    return None


_STATEMENT_END = re.compile(r"[。．.!！；;]\s*$")
_ANCHOR_LINK = re.compile(r"^\s*(?:[-*+]|\d+[.)])?\s*\[[^\]]*\]\(#[^)]*\)\s*$")  # a table of contents' line


def _statement(wording: str) -> bool:
    """`**共线性会造成冗余，导致过拟合。**`: a bold sentence of an answer, not a question."""
    return bool(_STATEMENT_END.search(plain_text(wording))) and not reads_as_question(wording)


_QUESTION_NOUN = re.compile(r"(?:原理|原因|作用|区别|异同|优缺点|缺点|优点|方法|定义|意义|影响|推导|复杂度"
                            r"|计算量|参数量|思想|过程|流程|步骤)$|^\s*(?:为什么|为何|如何|怎么|怎样|什么是|何为|是否)")


def asks_in_a_list(text: str) -> bool:
    """A short list line that asks a question by itself (`梯度消失,爆炸的原因`, `为什么…？`), as
    question lists write them; answer points (`Data augmentation`, `解决方法：…。`) do not."""
    text = plain_text(text)
    if not text or len(text) > 60 or re.search(r"[。；;：:]", text.rstrip("?？")):
        return False
    return bool(re.search(r"[?？]$", text) or _QUESTION_NOUN.search(text))


def _item_marker(first_line: str, has_answer: bool) -> tuple[str, str] | None:
    """A list item that asks a question: its first line is bold (`1. **BN 的作用**`), or it ends in a
    question mark and the item goes on with an answer (`1. 什么是 BN？` + indented answer)."""
    if _ANCHOR_LINK.match(first_line):
        return None
    lead = bold_lead(first_line)
    if lead and not lead[1] and _statement(lead[0]):
        return None
    if lead and (not lead[1] or reads_as_question(lead[0])):
        return lead
    text = plain_text(first_line)
    if has_answer and len(text) <= _MAX_MARKER_CHARS and re.search(r"[?？]$", text):
        return first_line, ""
    return None


def _sub_items(lines: list[Line]) -> list[tuple[int, int, str]]:
    """The list items directly inside a list item's nested lines: start, end (offsets into `lines`),
    first line."""
    indents = [len(line.text) - len(line.text.lstrip(" ")) for line in lines if line.text.strip()]
    margin = min(indents, default=0)
    tokens = _parser().parse("\n".join(line.text[margin:] for line in lines))
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


def _markers(blocks: list[_Block], lines: list[Line], strict: bool, groups=None) -> list[_Marker]:
    """Question markers among a topic's own blocks (`lines`: the note's). `strict` (inside a heading
    that did not read as a topic) only accepts markers that are numbered or read as questions."""
    found = []
    for number, block in enumerate(blocks):
        if block.kind == "paragraph":
            marker = _paragraph_marker(block)
            if marker:
                found.append(_Marker(number, None, *marker))
        elif block.kind == "list":
            for item_number, (start, end, first) in enumerate(block.items):
                has_answer = end - start > first.count("\n") + 2  # more than its first line and a blank
                lead = _item_marker(first.split("\n", 1)[0], has_answer)
                if lead:
                    wording = lead[0]
                    style = BOLD_ITEM
                    if not lead[1] and has_answer and not reads_as_question(wording) and _groups_questions(
                            wording, _sub_items(lines[start + 1:end])):
                        style = GROUP_ITEM
                    elif block.ordered:
                        wording = f"{item_number + 1}. {wording}"  # numbered, for `strict`
                    found.append(_Marker(number, item_number, wording, lead[1], style))
    if strict:
        found = [m for m in found if _numbered(m.wording) or reads_as_question(m.wording) or m.style == GROUP_ITEM]
    # A bold line that heads nothing and asks nothing is an answer's point, not a question.
    kept = []
    for position, marker in enumerate(found):
        following = found[position + 1] if position + 1 < len(found) else None
        next_block = following.block if following is not None else len(blocks)
        empty = not marker.rest and marker.item is None and next_block == marker.block + 1
        if marker.style == BOLD_LINE and not reads_as_question(marker.wording):
            if empty:
                continue
            if groups is not None and groups(marker.wording):
                marker.style = GROUP
        kept.append(marker)
    return kept


def _asks_on_its_own(heading: str) -> bool:
    """A sub-heading that is a question of its own (`为什么训练时不采用移动平均？`), not a part of
    the question above it (`如何产生？`, `如何解决？`)."""
    return reads_as_question(heading) and len(strip_numbering(plain_text(heading))) >= 8


def _asks_by_its_mark(wording: str) -> bool:
    """`为什么…？` or `为什么…？——万能近似定理`: a wording that asks, with a question mark of its own."""
    text = plain_text(wording)
    return bool(re.search(r"[?？]$", text) or (re.search(r"[?？]", text) and reads_as_question(text)))


def _dedent(lines: list[Line], width: int) -> list[Line]:
    result = []
    for line in lines:
        spaces = len(line.text) - len(line.text.lstrip(" "))
        result.append(line.with_text(line.text[min(spaces, width):]))
    return result


def _trim(lines: list[Line]) -> list[Line]:
    start, end = 0, len(lines)
    while start < end and not lines[start].text.strip():
        start += 1
    while end > start and not lines[end - 1].text.strip():
        end -= 1
    return lines[start:end]


class _Splitter:
    def __init__(self, fixed: FixedNote, words: Vocabulary):
        self.fixed = fixed
        self.lines = fixed.lines
        self.outline = NoteOutline(fixed)
        self.words = words

    def unit(self, question: str, marker: int, body: list[Line], end: int, style: str,
             topic: str, parent: int | None = None) -> Unit:
        unit = Unit(note=self.fixed.note.name, index=len(self.outline.units) + 1,
                    question=strip_numbering(question), line=self.lines[marker].number,
                    end_line=self.lines[max(end - 1, marker)].number, body=_trim(body),
                    topic_heading=topic, parent=parent, style=style, marker=marker)
        self.outline.units.append(unit)
        self._follow_ups(unit)
        return unit

    def split(self) -> NoteOutline:
        blocks = _blocks(self.lines)
        if blocks and blocks[0].kind == "heading" and self._is_title(blocks[0], blocks):
            self.outline.topics.append((blocks[0].start, plain_text(blocks[0].text)))
            blocks = blocks[1:]
        self._container(blocks, topic="", strict=False)
        return self.outline

    def _is_title(self, heading: _Block, blocks: list[_Block]) -> bool:
        """The note's own title: its name, or its only level-1 heading (`# Q1` … `# Q9` are questions)."""
        text = plain_text(heading.text)
        names = {self.fixed.note.stem, str(self.fixed.note.meta.get("title", ""))}
        only_h1 = sum(1 for b in blocks if b.kind == "heading" and b.level == 1) == 1
        return text in names or (heading.level == 1 and only_h1)

    def _container(self, blocks: list[_Block], topic: str, strict: bool) -> None:
        """A topic's blocks: its own questions until the first heading, then its sections."""
        first_heading = next((n for n, b in enumerate(blocks) if b.kind == "heading"), len(blocks))
        self._flat(blocks[:first_heading], topic, strict)
        position = first_heading
        while position < len(blocks):
            heading = blocks[position]
            end = next((n for n in range(position + 1, len(blocks))
                        if blocks[n].kind == "heading" and blocks[n].level <= heading.level), len(blocks))
            self._section(heading, blocks[position + 1:end], topic)
            position = end

    def _section(self, heading: _Block, body: list[_Block], topic: str) -> None:
        text = heading.text
        end = body[-1].end if body else heading.end
        if not plain_text(text) or (self.words.holds_no_question(strip_numbering(plain_text(text)))
                                    and not _markers(body, self.lines, True)):
            return  # references, tables of contents, empty headings: shown in the source view only
        has_subheadings = any(block.kind == "heading" for block in body)
        name = strip_numbering(plain_text(text))
        if has_subheadings and not reads_as_question(text):
            self.outline.topics.append((heading.start, name))
            self._container(body, name, strict=False)
            return
        first_sub = next((n for n, block in enumerate(body) if block.kind == "heading"), None)
        if first_sub is not None and any(_asks_on_its_own(b.text) for b in body if b.kind == "heading"):
            # `### BN 在训练和测试时分别是怎么做的？` over `#### 为什么训练时不采用移动平均？`: two questions;
            # the deeper ones follow the answer, as questions of the same topic.
            stop = body[first_sub].start
            self.unit(text, heading.start, self.lines[heading.end:stop], stop, HEADING, topic)
            self._container(body[first_sub:], topic, strict=False)
            return
        if not has_subheadings and not reads_as_question(text) and self._labels_its_questions(body):
            self.outline.topics.append((heading.start, name))
            self._flat(body, name, strict=True)
            return
        glued = [] if has_subheadings else self._bold_questions_inside(body)
        stops = [body[m.block].start for m in glued] + [end]
        self.unit(text, heading.start, self.lines[heading.end:stops[0]], stops[0], HEADING, topic)
        for marker, stop in zip(glued, stops[1:], strict=True):  # `**另一个问题？**` inside the answer
            start = body[marker.block].start
            self.unit(marker.wording, start, self.lines[start + 1:stop], stop, BOLD_LINE, topic)

    def _bold_questions_inside(self, body: list[_Block]) -> list[_Marker]:
        """Whole bold lines inside a question's answer that ask another question of their own
        (six characters or more, ending in a question mark): where two questions were glued. When
        the answer's other whole bold lines do not ask (`**参考1：…**` … `**参考5：…？**`), they are
        all points of this answer."""
        bold_lines = [m for m in _markers(body, self.lines, False)
                      if m.item is None and m.style in (BOLD_LINE, GROUP) and not m.rest]
        if not all(_asks_by_its_mark(m.wording) for m in bold_lines):
            return []
        return [m for m in bold_lines if m.block > 0 and len(plain_text(m.wording)) >= 6]

    def _names_only_an_aspect(self, wording: str) -> bool:
        """`**优点**：…`, `**解决方法**：…` under `### SGD`: a point of the heading's answer (what
        it asks about the heading's concept), not a question of its own."""
        text = normalize(strip_numbering(plain_text(wording)).strip(" :："))
        return bool(self.words.aspects_in(text)) and not self.words.term_breaks.sub("", text).strip()

    def _labels_its_questions(self, body: list[_Block]) -> bool:
        """A heading that does not ask, over two question markers or more, or over one that opens its
        section (`## 4. RNN` + `- **RNN有什么缺陷…？**`), or over a group label: a topic. Markers
        that only name an aspect (`**优点**`, `**缺点**`) are its answer's points."""
        markers = [m for m in _markers(body, self.lines, True) if not self._names_only_an_aspect(m.wording)]
        if len(markers) >= 2 or any(m.style == GROUP_ITEM for m in _markers(body, self.lines, False)):
            return True
        # One marker opening the section labels it only when the note marks it as a question (bold,
        # numbered, 问：): a plain sentence ending in ？ there is the answer asking its reader
        # (如下图所示，…落在圆内的概率是多少？ under 例子1：估计圆周率的值).
        return len(markers) == 1 and markers[0].block == 0 and not markers[0].rest \
            and len(plain_text(markers[0].wording)) >= 6 \
            and (markers[0].style != QUESTION_LINE or bool(_ASKED.match(plain_text(markers[0].wording))))

    def _flat(self, blocks: list[_Block], topic: str, strict: bool) -> None:
        """Blocks without headings: split them at their question markers."""
        markers = _markers(blocks, self.lines, strict, self.words.names_a_group)
        for position, marker in enumerate(markers):
            if marker.style == GROUP:  # its text until the next question is the group's introduction
                topic = plain_text(strip_numbering(marker.wording))
                self.outline.topics.append((blocks[marker.block].start, topic))
                continue
            if marker.style == GROUP_ITEM:
                item_start, item_end, _ = blocks[marker.block].items[marker.item]
                self.outline.topics.append((item_start, plain_text(strip_numbering(marker.wording))))
                self._group_items(item_start + 1, item_end, plain_text(strip_numbering(marker.wording)))
                continue
            following = markers[position + 1] if position + 1 < len(markers) else None
            block = blocks[marker.block]
            if marker.item is None:
                start, marker_line = block.start + 1, block.start
                if marker.rest:
                    # the answer starts on the question's line: keep it, without the question
                    start = block.start
            else:
                item_start, item_end, _ = block.items[marker.item]
                start, marker_line = item_start + 1, item_start
            if following is None:
                end = blocks[-1].end
            elif following.item is not None and following.block == marker.block:
                end = blocks[following.block].items[following.item][0]
            else:
                end = blocks[following.block].start
            body = list(self.lines[start:end])
            if marker.item is not None:
                indent = len(self.lines[item_start].text) - len(self.lines[item_start].text.lstrip())
                item_end = min(item_end, end)
                nested = _dedent(self.lines[start:item_end], indent + 4)
                body = nested + list(self.lines[item_end:end])
            if marker.rest and marker.item is not None:  # `1. **Q？** answer…`: the answer's first words
                body.insert(0, self.lines[marker_line].with_text(marker.rest))
            elif marker.rest and body:  # the question's own line, now holding only the answer's start
                body[0] = body[0].with_text(marker.rest.split("\n", 1)[0])
            elif marker.rest:
                body = [self.lines[marker_line].with_text(marker.rest)]
            self.unit(marker.wording, marker_line, body, end, marker.style, topic)

    def _group_items(self, start: int, end: int, topic: str) -> None:
        """Each sub-item of a group label is a question; what it nests is its answer."""
        for item_start, item_end, first in _sub_items(self.lines[start:end]):
            first_line = first.split("\n", 1)[0]
            head = start + item_start
            nested = self.lines[head + 1:start + item_end]
            body = _dedent(nested, min((len(line.text) - len(line.text.lstrip(" "))
                                        for line in nested if line.text.strip()), default=0))
            lead = bold_lead(first_line)
            wording, rest = lead if lead else (first_line, "")
            if rest:
                body.insert(0, self.lines[head].with_text(rest))
            self.unit(wording, head, body, start + item_end, BOLD_ITEM, topic)

    def _nested_in(self, unit: Unit, line: Line) -> bool:
        """The body line sits deeper in the note than the unit's own list item."""
        def indent(text: str) -> int:
            return len(text) - len(text.lstrip())
        return indent(self.lines[self._index_of(line)].text) > indent(self.lines[unit.marker].text)

    def _index_of(self, line: Line) -> int:
        """Where a (possibly dedented) body line sits in the note."""
        return self._positions.get((line.number, line.text.strip()), 0)

    @cached_property
    def _positions(self) -> dict[tuple[int, str], int]:
        positions: dict[tuple[int, str], int] = {}
        for n, own in enumerate(self.lines):
            positions.setdefault((own.number, own.text.strip()), n)
        return positions

    def _follow_ups(self, unit: Unit) -> None:
        """Follow-up questions in the answer's list items become units of their own."""
        # A follow-up is a list item that starts in bold, or, in a list of questions, a plain item
        # that asks by itself (`- **交叉熵和相对熵？**` over `- L1,L2 regularization的原理`).
        in_a_list = unit.style == BOLD_ITEM and any(
            (item := _LIST_ITEM_TEXT.match(line.text)) and asks_in_a_list(item.group(1)) for line in unit.body)
        if unit.parent is not None or not (in_a_list or any(_BOLD_ITEM.match(line.text) for line in unit.body)):
            return  # nothing that can be a follow-up: no markdown-it parse of the answer
        tokens = _parser().parse("\n".join(line.text for line in unit.body))
        taken: list[tuple[int, int, str, str]] = []
        for position, token in enumerate(tokens):
            if token.type != "list_item_open" or token.map is None:
                continue
            start, end = token.map
            if any(s <= start < e for s, e, _, _ in taken):
                continue
            first = next((t.content for t in tokens[position + 1:position + 4] if t.type == "inline"), "")
            lead = bold_lead(first.split("\n", 1)[0])
            if lead and self.words.is_follow_up(lead[0]):
                taken.append((start, end, lead[0], lead[1]))
            elif in_a_list and not lead and token.level == 1 and asks_in_a_list(first.split("\n", 1)[0]) \
                    and self._nested_in(unit, unit.body[start]):
                taken.append((start, end, first.split("\n", 1)[0], ""))
        if not taken:
            return
        body = unit.body
        kept = [True] * len(body)
        for start, end, wording, rest in taken:
            for index in range(start, end):
                kept[index] = False
            indent = len(body[start].text) - len(body[start].text.lstrip())
            answer = _dedent(body[start + 1:end], indent + 4)
            if rest:
                answer.insert(0, body[start].with_text(rest))
            child = Unit(note=unit.note, index=len(self.outline.units) + 1, question=strip_numbering(
                self.words.strip_follow_up(wording)), line=body[start].number,
                end_line=body[end - 1].number, body=_trim(answer), topic_heading=unit.topic_heading,
                parent=unit.index, style=FOLLOW_UP,
                marker=self._index_of(body[start]))
            self.outline.units.append(child)
        unit.body = _trim([line for line, keep in zip(body, kept, strict=True) if keep])
        unit.__dict__.pop("answer", None)  # drop the cached answer of the body before


def split_questions(fixed: FixedNote, words: Vocabulary | None = None) -> NoteOutline:
    """Split a repaired note into its question units (see the module's docstring). `words`: the
    vocabulary with the user's kb.yml additions (which sections hold no question, follow-up words)."""
    return _Splitter(fixed, words or vocabulary()).split()
