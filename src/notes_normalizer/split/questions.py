"""Questions: split each repaired note into question units.

Notes mark questions in every style there is, so the splitter reads the note's block structure
(markdown-it tokens with line maps) instead of matching lines:

- headings: a heading whose section holds deeper headings is a *topic* unless it reads as a
  question itself or is one item of a numbered list of question headings (then the deeper
  headings are parts of its answer); a heading without deeper
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
from functools import cached_property
from pathlib import PurePosixPath

from notes_normalizer.language.vocabulary import Vocabulary, normalize, vocabulary
from notes_normalizer.model import FixedNote, Line
from notes_normalizer.split.markers import (
    ASKED,
    BOLD_ITEM_LINE,
    LIST_ITEM_TEXT,
    Block,
    Marker,
    block_parser,
    blocks_of,
    find_markers,
    sub_items,
)
from notes_normalizer.split.sections import (
    ASPECT,
    FACET,
    LABELS_QUESTIONS,
    PART,
    SKIP,
    STRUCTURE,
    SUB_QUESTIONS,
    TOPIC,
    WITHIN,
    Owner,
    Section,
    asking_sentence,
    explaining_chars,
    names_only_an_aspect,
    note_shape,
    role_of,
    states_the_question,
    title_asks,
)
from notes_normalizer.split.units import (
    BOLD_ITEM,
    BOLD_LINE,
    FOLLOW_UP,
    GROUP,
    GROUP_ITEM,
    HEADING,
    QUESTION_LINE,
    NoteOutline,
    Unit,
)
from notes_normalizer.split.wording import (
    asks_by_its_mark,
    asks_in_a_list,
    asks_on_its_own,
    asks_outright,
    bold_lead,
    is_numbered,
    is_statement,
    plain_text,
    reads_as_question,
    strip_numbering,
)


def _dedent(lines: list[Line], width: int) -> list[Line]:
    result = []
    for line in lines:
        body = line.text.lstrip(" \t")
        margin = line.text[:len(line.text) - len(body)].expandtabs(4)  # a tab indents to the next 4 columns
        result.append(line.with_text(margin[min(len(margin), width):] + body))
    return result


def _trim(lines: list[Line]) -> list[Line]:
    start, end = 0, len(lines)
    while start < end and not lines[start].text.strip():
        start += 1
    while end > start and not lines[end - 1].text.strip():
        end -= 1
    return _closed_disclosures(lines[start:end])


_DISCLOSURE_TAG = re.compile(r"<(/?)details\b[^>]*>", re.IGNORECASE)
_ONLY_A_DISCLOSURE_TAG = re.compile(r"^\s*</?details\b[^>]*>\s*$", re.IGNORECASE)


def _closed_disclosures(lines: list[Line]) -> list[Line]:
    """An answer cut out of `<details><summary>question</summary> answer </details>`, without the
    `</details>` that closed its question and the next question's `<details>`: the lines holding
    only a tag that opens or closes nothing inside the answer."""
    unmatched: list[int] = []
    opened: list[int] = []
    for index, line in enumerate(lines):
        for tag in _DISCLOSURE_TAG.finditer(line.text):
            if not tag.group(1):
                opened.append(index)
            elif opened:
                opened.pop()
            else:
                unmatched.append(index)
    dropped = {index for index in (*unmatched, *opened) if _ONLY_A_DISCLOSURE_TAG.match(lines[index].text)}
    if not dropped:
        return lines
    return _trim([line for index, line in enumerate(lines) if index not in dropped])


def _is_leaf_or_asks(section: tuple[Block, list[Block]]) -> bool:
    heading, body = section
    return reads_as_question(heading.text) or not any(block.kind == "heading" for block in body)


def _numbered_question_lists(sections: list[tuple[Block, list[Block]]]) -> set[int]:
    """The sections that are items of a numbered list of questions: `### 4.计算感受野` among
    `### 1. 前向传播与反向传播计算`, `### 2.梯度爆炸和梯度消失`, `### 3.如何计算卷积参数量？`, where most
    of the other numbered headings of its level ask or hold no deeper heading. Such an item is a
    question even when it does not read as one and has sub-headings of its own."""
    numbered = [n for n, (heading, _) in enumerate(sections) if is_numbered(plain_text(heading.text))]
    if len(numbered) < 3:
        return set()
    questions = sum(_is_leaf_or_asks(sections[n]) for n in numbered)
    return {n for n in numbered if 2 * (questions - _is_leaf_or_asks(sections[n])) > len(numbered) - 1}


_EXPLANATION_CHARS = 40  # text before a heading's first question that explains the heading itself
_OWN_ANSWER_CHARS = 15  # a note's own question needs at least this much answer of its own
_FILE_NUMBERING = re.compile(r"^\s*\d+(?:[_\-、\s]|\.(?!\d))+")  # 12_为什么要用残差连接, 03-xxx, not 1x1卷积
_CATEGORY = re.compile(r"^\s*([^-–—]{1,12}?)\s+[-–—]+\s+(\S.*)$")
_HAN = re.compile(r"[\u3400-\u9fff]")
# The note's own table of contents (`- [1.1，SGD](#11sgd)`, `[TOC]`, `<!-- TOC -->`): navigation of the
# note, which its question's page has no use for (the source view keeps it).
_NAVIGATION = re.compile(r"^\s*(?:(?:[-*+]|\d+[.)])\s*\[[^\]]*\]\(#[^)]*\)\s*|\[toc\]|<!--\s*/?toc\s*-->)\s*$",
                         re.IGNORECASE)
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
_ATX_HEADING = re.compile(r"^\s{0,3}#{1,6}(?:\s|$)")


def blocks_start_heading(text: str) -> bool:
    return bool(_ATX_HEADING.match(text))


def _explains(lines: list[Line]) -> bool:
    """More than an introduction: a few lines, or one long one, of what the heading names."""
    text = [plain_text(line.text) for line in lines if line.text.strip()]
    return len(text) >= 3 or sum(map(len, text)) >= _EXPLANATION_CHARS


class _Splitter:
    def __init__(self, fixed: FixedNote, words: Vocabulary):
        self.owners: list[Owner] = []  # the answers open around the section being split, outermost first
        self.fixed = fixed
        self.lines = fixed.lines
        self.outline = NoteOutline(fixed)
        self.words = words

    def unit(self, question: str, marker: int, body: list[Line], end: int, style: str,
             topic: str, parent: int | None = None) -> Unit:
        for owner in self.owners:
            if owner.lead is None:
                owner.lead = len(owner.body)
        unit = Unit(note=self.fixed.note.name, index=len(self.outline.units) + 1,
                    question=strip_numbering(question), line=self.lines[marker].number,
                    end_line=self.lines[max(end - 1, marker)].number, body=_trim(body),
                    topic_heading=topic, parent=parent, style=style, marker=marker)
        self.outline.units.append(unit)
        self._follow_ups(unit)
        return unit

    def split(self) -> NoteOutline:
        blocks = blocks_of(self.lines)
        title = None
        # `[TOC]` or a linked table of contents may stand above the title
        first = next((n for n, b in enumerate(blocks) if b.kind == "heading"), len(blocks))
        if first < len(blocks) and all(self._navigates(b) for b in blocks[:first]) \
                and self._is_title(blocks[first], blocks):
            title = blocks[first]
            self.outline.topics.append((title.start, plain_text(title.text)))
            blocks = blocks[:first] + blocks[first + 1:]
        owner = self._note_owner(title)
        self.owners += [owner] if owner else []
        self._container(blocks, topic="", strict=False, owner=owner)
        made = owner is not None and self._settle(owner, "")
        self.outline.shape = note_shape(made, owner) if owner else note_shape(False, Owner("", 0, False))
        self._in_note_order()
        return self.outline

    def _navigates(self, block: Block) -> bool:
        return all(not line.text.strip() or _NAVIGATION.match(line.text) for line in self.lines[block.start:block.end])

    def _is_title(self, heading: Block, blocks: list[Block]) -> bool:
        """The note's own title: its name, or its only level-1 heading (`# Q1` … `# Q9` are questions)."""
        text = plain_text(heading.text)
        names = {self.fixed.note.stem, str(self.fixed.note.meta.get("title", ""))}
        only_h1 = sum(1 for b in blocks if b.kind == "heading" and b.level == 1) == 1
        return text in names or (heading.level == 1 and only_h1)

    def _note_owner(self, title: Block | None) -> Owner | None:
        """The note's own question, stated by its title (or front matter title, or file name): what
        its structure sections and the sections that name nothing new answer. None for a title that
        names a collection (`深度学习面试总结`, `CV-深度学习基础知识 (1)`)."""
        if title is not None and not self.words.only_structures(strip_numbering(plain_text(title.text))):
            wording, marker = title.text, title.start
        else:  # no title, or one that only structures (`# 代码实现`): the file's name says what the note asks
            name = str(self.fixed.note.meta.get("title", "")) or self._file_title()
            wording, marker = _FILE_NUMBERING.sub("", name, count=1) or name, -1
        category = _CATEGORY.match(plain_text(wording))
        if category and (self.words.concepts_in(category.group(2)) or _LATIN_WORD.search(category.group(2))):
            wording = category.group(2)  # `Trick - Dropout`, `基础理论 - Softmax`: a category, then the note's name
        text = strip_numbering(plain_text(wording))
        if not text or self.words.names_a_collection(text):
            return None
        asks = title_asks(text, self.words)
        if not (asks or self.words.concepts_in(text) or _LATIN_WORD.search(text) or len(_HAN.findall(text)) >= 2):
            return None
        return Owner(wording=wording, marker=marker, asks=asks, stated=title is not None, of_note=True)

    def _file_title(self) -> str:
        """The file's name, or for a folder's README/index the folder's (the folder names the topic)."""
        path = PurePosixPath(self.fixed.note.name)
        if path.stem.lower() in ("readme", "index", "_index") and len(path.parts) > 1:
            return path.parts[-2]
        return path.stem

    def _settle(self, owner: Owner, topic: str, least: int = _OWN_ANSWER_CHARS, context: Owner | None = None) -> bool:
        """The owner becomes a unit when it holds an answer of its own (`least` characters of it). A
        wording that names only an aspect (`解决方案`) names its `context`'s concept too."""
        body = _trim([line for line in owner.body if not _NAVIGATION.match(line.text)])
        # A heading's topic is a question when it explains itself before its questions (`前言`, its own
        # prose), not because a `总结` or `代码实践` closes it. The note's own title answers with all its parts.
        lead = owner.body if owner.asks or owner.of_note or owner.lead is None else owner.body[:owner.lead]
        if not body and least > 0 or explaining_chars(lead, self.words) < least:
            return False
        marker = owner.marker if owner.marker >= 0 else self._index_of(body[0])
        style = HEADING if blocks_start_heading(self.lines[marker].text) else QUESTION_LINE
        end = max((self._index_of(line) for line in body), default=marker) + 1
        wording = owner.wording
        if context is not None and not self.words.concepts_in(plain_text(wording)) \
                and not _LATIN_WORD.search(plain_text(wording)):
            wording = f"{strip_numbering(plain_text(context.wording))}：{strip_numbering(wording)}"
        self.unit(wording, marker, body, end, style, topic)
        return True

    def _in_note_order(self) -> None:
        """Units in the order of their lines (an owner is settled after the questions inside it)."""
        units = self.outline.units
        order = sorted(units, key=lambda unit: (unit.marker, unit.index))
        if order == units:
            return
        renumbered = {unit.index: position for position, unit in enumerate(order, start=1)}
        for unit in order:
            unit.index = renumbered[unit.index]
            if unit.parent is not None:
                unit.parent = renumbered[unit.parent]
            unit.__dict__.pop("id", None)
        self.outline.units = order

    def _container(self, blocks: list[Block], topic: str, strict: bool, owner: Owner | None = None) -> None:
        """A topic's blocks: its own questions until the first heading, then its sections."""
        first_heading = next((n for n, b in enumerate(blocks) if b.kind == "heading"), len(blocks))
        self._intro(blocks[:first_heading], topic, strict, owner)
        sections, position = [], first_heading
        while position < len(blocks):
            heading = blocks[position]
            end = next((n for n in range(position + 1, len(blocks))
                        if blocks[n].kind == "heading" and blocks[n].level <= heading.level), len(blocks))
            sections.append((heading, blocks[position + 1:end]))
            position = end
        in_question_list = _numbered_question_lists(sections)
        for n, (heading, body) in enumerate(sections):
            self._section(Section(heading, body, n in in_question_list), topic, owner)

    def _intro(self, blocks: list[Block], topic: str, strict: bool, owner: Owner | None) -> None:
        """Text before a container's first heading: its questions, and what comes before the first of
        them, which is its owner's answer."""
        if not blocks:
            return
        strict = strict or owner is not None  # inside an answer, only numbered or asking markers ask
        markers = self._markers(blocks, strict, self.words.names_a_group, owner)
        if owner is not None:
            stop = blocks[markers[0].block].start if markers else blocks[-1].end
            self._add(owner, blocks[0].start, stop)
        if markers:
            self._flat(blocks, topic, strict, owner)

    def _add(self, owner: Owner, start: int, stop: int) -> None:
        if stop > start:
            owner.body.extend(self.lines[start:stop])

    def _section(self, section: Section, topic: str, owner: Owner | None) -> None:
        heading, body, text = section.heading, section.body, section.text
        end = body[-1].end if body else heading.end
        name = section.name
        role = role_of(self, section, owner)
        if role == SKIP:
            return  # references, tables of contents, empty headings: shown in the source view only
        if role in (STRUCTURE, WITHIN):
            if role == STRUCTURE and owner is not None and not owner.sentence_taken and states_the_question(name) \
                    and not owner.body:
                self._stated_question(section, owner)
                body = [b for n, b in enumerate(body) if any(h.kind == "heading" for h in body[:n + 1])]
            elif owner is not None:
                self._add(owner, heading.start, heading.end)
            self._container(body, topic, strict=False, owner=owner)
            return
        if role in (PART, FACET):
            self._part(section, topic, owner)
            return
        if role == TOPIC:
            self.outline.topics.append((heading.start, name))
            inner = Owner(wording=text, marker=heading.start, asks=False)
            self.owners.append(inner)
            self._container(body, name, strict=False, owner=inner)
            self.owners.pop()
            self._settle(inner, topic, least=_OWN_ANSWER_CHARS)
            return
        if role == ASPECT:  # `## 解决方案` under `# 梯度消失`: its sub-headings are its answer's parts
            inner = Owner(wording=text, marker=heading.start, asks=True)
            self._part(section, topic, inner, own_line=False)
            self._settle(inner, topic, least=0, context=owner)
            return
        if role == SUB_QUESTIONS:
            # `### BN 在训练和测试时分别是怎么做的？` over `#### 为什么训练时不采用移动平均？`: two questions;
            # the deeper ones follow the answer, as questions of the same topic. The sub-sections
            # before the one that holds the first of them are parts of this answer.
            asking = next(n for n, b in enumerate(body) if b.kind == "heading" and asks_on_its_own(b.text))
            level = min(b.level for b in body if b.kind == "heading")
            cut = max((n for n in range(asking + 1) if body[n].kind == "heading" and body[n].level <= level),
                      default=asking)
            stop = body[cut].start
            self.unit(text, heading.start, self.lines[heading.end:stop], stop, HEADING, topic)
            self._container(body[cut:], topic, strict=False)
            return
        if role == LABELS_QUESTIONS:
            first = self.markers(body, True)[0]  # there is one: it labels its questions
            stop = body[first.block].start if first.item is None else body[first.block].items[first.item][0]
            if self.words.concepts_in(name) and _explains(self.lines[heading.end:stop]):
                # `## RNN 梯度爆炸/梯度消失`, its explanation, then questions: the heading is a question too
                self.unit(text, heading.start, self.lines[heading.end:stop], stop, HEADING, topic)
            self.outline.topics.append((heading.start, name))
            self._flat(body, name, strict=True)
            return
        has_subheadings = section.has_subheadings
        glued = [] if has_subheadings else self._bold_questions_inside(body)
        stops = [body[m.block].start for m in glued] + [end]
        self.unit(text, heading.start, self.lines[heading.end:stops[0]], stops[0], HEADING, topic)
        for marker, stop in zip(glued, stops[1:], strict=True):  # `**另一个问题？**` inside the answer
            start = body[marker.block].start
            self.unit(marker.wording, start, self.lines[start + 1:stop], stop, BOLD_LINE, topic)

    def _stated_question(self, section: Section, owner: Owner) -> None:
        """`## 问题` over the question in a sentence: that sentence is the note's question; the rest of
        the section is the start of its answer."""
        paragraph = next((b for b in section.body if b.kind != "heading"), None)
        sentence = asking_sentence(paragraph.text) if paragraph is not None and paragraph.kind == "paragraph" else None
        first_heading = next((b.start for b in section.body if b.kind == "heading"), None)
        stop = first_heading if first_heading is not None else (section.body[-1].end if section.body else
                                                                 section.heading.end)
        owner.stated = True  # `## 问题`: the note says it answers one question
        if sentence is not None:
            owner.wording, owner.marker, owner.asks = sentence, paragraph.start, True
            owner.sentence_taken = True
            self._add(owner, paragraph.start + 1, stop)
        else:
            owner.sentence_taken = True  # the note states its question in prose: its title or name asks it
            if owner.marker < 0:
                owner.marker = section.heading.start
            self._add(owner, section.heading.end, stop)

    def _part(self, section: Section, topic: str, owner: Owner, own_line: bool = True) -> None:
        """A section of the owner's answer, whole but for sub-headings that ask questions of their own."""
        heading, body = section.heading, section.body
        position, index = (heading.start if own_line else heading.end), 0
        while index < len(body):
            block = body[index]
            if block.kind != "heading":
                index += 1
                continue
            end = next((n for n in range(index + 1, len(body))
                        if body[n].kind == "heading" and body[n].level <= block.level), len(body))
            if asks_on_its_own(block.text):
                self._add(owner, position, block.start)
                self._section(Section(block, body[index + 1:end]), topic, owner)
                position = body[end - 1].end if end > index + 1 else block.end
            index = end
        self._add(owner, position, body[-1].end if body else heading.end)

    def labels_its_questions(self, body: list[Block], heading: str) -> bool:
        return self._labels_its_questions(body, heading)

    def markers(self, blocks: list[Block], strict: bool, groups=None) -> list[Marker]:
        return self._markers(blocks, strict, groups)

    def _bold_questions_inside(self, body: list[Block]) -> list[Marker]:
        """Whole bold lines inside a question's answer that ask another question of their own
        (six characters or more, ending in a question mark): where two questions were glued. When
        the answer's other whole bold lines do not ask (`**参考1：…**` … `**参考5：…？**`), they are
        all points of this answer."""
        bold_lines = [m for m in self._markers(body, False)
                      if m.item is None and m.style in (BOLD_LINE, GROUP) and not m.rest]
        if not all(asks_by_its_mark(m.wording) for m in bold_lines):
            return []
        return [m for m in bold_lines if m.block > 0 and len(plain_text(m.wording)) >= 6]

    def _markers(self, blocks: list[Block], strict: bool, groups=None, owner: Owner | None = None) -> list[Marker]:
        """Question markers, without the bold lines that head references or parts (`**参考资料**`, `**解释**`).
        Under an `owner`, the blocks answer a question already: a plain sentence ending in ？ asks its
        reader (`那么仅仅两次握手的话会出现什么问题呢？`), `**缺点：**` is a facet of the owner's answer;
        only marked questions (bold, numbered, 问：) that ask something of their own are questions."""
        found = find_markers(blocks, self.lines, strict, groups, self._labels_a_part)
        if owner is not None:
            found = [m for m in found if not names_only_an_aspect(m.wording, owner, self.words)
                     or self.words.concepts_in(strip_numbering(plain_text(m.wording)))]
            # `1. **输入层（Input Layer）**` listing what the answer explains below: a point
            found = [m for m in found if ASKED.match(plain_text(m.wording)) or (
                m.style == QUESTION_LINE and is_numbered(m.wording)) or (
                m.style != QUESTION_LINE and not is_statement(m.wording) and (
                    asks_by_its_mark(m.wording) or asks_outright(m.wording) or asks_in_a_list(m.wording)
                    or (not m.rest and m.item is None and is_numbered(m.wording))))]
        return found

    def _labels_a_part(self, wording: str) -> bool:
        return self.words.holds_no_question(wording) or self.words.only_structures(wording)

    def _names_only_an_aspect(self, wording: str, heading: str) -> bool:
        """`**优点**：…`, `**解决方法**：…` under `### SGD`, `**VGG缺点**` under `## VGG`: a point
        of the heading's answer (what it asks about the heading's concept), not a question of its own."""
        text = normalize(strip_numbering(plain_text(wording)).strip(" :："))
        about = set(self.words.concepts_in(heading))
        for mention in reversed(self.words.mentions(text)):
            if set(mention.concepts) <= about:
                text = text[:mention.start] + text[mention.end:]
        return bool(self.words.aspects_in(text)) and not self.words.term_breaks.sub("", text).strip()

    def _labels_its_questions(self, body: list[Block], heading: str) -> bool:
        """A heading that does not ask, over two question markers or more, or over one that opens its
        section (`## 4. RNN` + `- **RNN有什么缺陷…？**`), or over a group label: a topic. Markers
        that only name an aspect (`**优点**`, `**缺点**`) are its answer's points."""
        markers = [m for m in self._markers(body, True) if not self._names_only_an_aspect(m.wording, heading)]
        if len(markers) >= 2 or any(m.style == GROUP_ITEM for m in self._markers(body, False)):
            return True
        # One marker opening the section labels it only when the note marks it as a question (bold,
        # numbered, 问：): a plain sentence ending in ？ there is the answer asking its reader
        # (如下图所示，…落在圆内的概率是多少？ under 例子1：估计圆周率的值).
        return len(markers) == 1 and markers[0].block == 0 and not markers[0].rest \
            and len(plain_text(markers[0].wording)) >= 6 \
            and (markers[0].style != QUESTION_LINE or bool(ASKED.match(plain_text(markers[0].wording))))

    def _flat(self, blocks: list[Block], topic: str, strict: bool, owner: Owner | None = None) -> None:
        """Blocks without headings: split them at their question markers."""
        markers = self._markers(blocks, strict, self.words.names_a_group, owner)
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
        for item_start, item_end, first in sub_items(self.lines[start:end]):
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
        # A follow-up is a list item that starts in bold, or, in a list of bold questions, a plain
        # item that asks by itself (`- **交叉熵和相对熵？**` over `- L1,L2 regularization的原理`); under a
        # plain question item (`1. BN层为什么有效`), plain items are its answer's points.
        in_a_list = unit.style == BOLD_ITEM and bool(BOLD_ITEM_LINE.match(self.lines[unit.marker].text)) and any(
            (item := LIST_ITEM_TEXT.match(line.text)) and asks_in_a_list(item.group(1)) for line in unit.body)
        if unit.parent is not None or not (in_a_list or any(BOLD_ITEM_LINE.match(line.text) for line in unit.body)):
            return  # nothing that can be a follow-up: no markdown-it parse of the answer
        tokens = block_parser().parse("\n".join(line.text for line in unit.body))
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
