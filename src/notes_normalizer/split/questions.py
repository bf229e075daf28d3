"""Questions: split each repaired note into question units.

Notes mark questions in every style there is, so the splitter reads the note's block structure
(markdown-it tokens with line maps) instead of matching lines:

- the note first: its own question, stated by its title, its file name (`12_为什么要用残差连接.md`)
  or the sentence under `## 问题`, is the *owner* of what only structures its answer;
- each heading section then plays the role the first of `sections.SECTION_RULES` gives it: a
  reference, answer structure (`## 解答`, `### 代码实现`), a part of its owner's answer, a topic
  (a question too when it explains itself), a question with sub-questions, a heading over question
  markers, or a question;
- text without headings is split at its question markers (`in_text.QuestionsInText`: bold lines,
  numbered or asking list items, `问：` labels, follow-ups in an answer's list items).

Nothing is dropped: every line of a note belongs to a unit, an owner's answer, a topic's
introduction or a reference section, and the source view shows them all in order.
"""


from __future__ import annotations

import re

from notes_normalizer.language.vocabulary import Vocabulary, vocabulary
from notes_normalizer.model import FixedNote, Line
from notes_normalizer.split.asking import asking_sentence, question_opening, states_the_question
from notes_normalizer.split.blocks import Block, blocks_of
from notes_normalizer.split.in_text import QuestionsInText
from notes_normalizer.split.lines import trim
from notes_normalizer.split.owners import LATIN_WORD, note_owner, opens_with_its_question
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
    asks_what_it_names,
    explaining_chars,
    note_shape,
    numbered_question_lists,
    role_of,
    subject_of_the_question_before,
)
from notes_normalizer.split.stand_ins import bold_headings, line_headings, outline_of_questions
from notes_normalizer.split.units import BOLD_LINE, HEADING, QUESTION_LINE, NoteOutline, Unit, in_note_order
from notes_normalizer.split.wording import (
    asks_on_its_own,
    plain_text,
    strip_numbering,
)

_EXPLANATION_CHARS = 40  # text before a heading's first question that explains the heading itself
_OWN_ANSWER_CHARS = 15  # a note's own question needs at least this much answer of its own
# The note's own table of contents (`- [1.1，SGD](#11sgd)`, `[TOC]`, `<!-- TOC -->`): navigation of the
# note, which its question's page has no use for (the source view keeps it).
_NAVIGATION = re.compile(r"^\s*(?:(?:[-*+]|\d+[.)])\s*\[[^\]]*\]\(#[^)]*\)\s*|\[toc\]|<!--\s*/?toc\s*-->)\s*$",
                         re.IGNORECASE)
_ATX_HEADING = re.compile(r"^\s{0,3}#{1,6}(?:\s|$)")


def _is_atx_heading(text: str) -> bool:
    return bool(_ATX_HEADING.match(text))


def _explains(lines: list[Line]) -> bool:
    """More than an introduction: a few lines, or one long one, of what the heading names."""
    text = [plain_text(line.text) for line in lines if line.text.strip()]
    return len(text) >= 3 or sum(map(len, text)) >= _EXPLANATION_CHARS


class _Splitter(QuestionsInText):
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
        if parent is None and self.outline.units:
            topic = subject_of_the_question_before(question, self.outline.units[-1], topic, self.words) or topic
        unit = Unit(note=self.fixed.note.name, index=len(self.outline.units) + 1,
                    question=strip_numbering(question), line=self.lines[marker].number,
                    end_line=self.lines[max(end - 1, marker)].number, body=trim(body),
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
        if title is None and (listed := outline_of_questions(self.lines)):
            for index in listed:  # a note that only lists the questions to review
                self.unit(self.lines[index].text, index, [], index + 1, QUESTION_LINE, "")
            self.outline.shape = note_shape(None, False)
            return self.outline
        owner = note_owner(self.fixed.note, title, self.words)
        if title is None and owner is not None and blocks and blocks[0].kind == "paragraph":
            opens_with_its_question(owner, self.lines[blocks[0].start].text, blocks[0].start)
        self.owners += [owner] if owner else []
        self._container(blocks, topic="", strict=False, owner=owner)
        made = owner is not None and (self._settle(owner, "") or self._title_of_a_topic(owner))
        self.outline.shape = note_shape(owner, made)
        self.outline.units = in_note_order(self.outline.units)
        return self.outline

    def _navigates(self, block: Block) -> bool:
        return all(not line.text.strip() or _NAVIGATION.match(line.text) for line in self.lines[block.start:block.end])

    def _is_title(self, heading: Block, blocks: list[Block]) -> bool:
        """The note's own title: its name, or its only level-1 heading (`# Q1` … `# Q9` are questions)."""
        text = plain_text(heading.text)
        names = {self.fixed.note.stem, str(self.fixed.note.meta.get("title", ""))}
        only_h1 = sum(1 for b in blocks if b.kind == "heading" and b.level == 1) == 1
        return text in names or (heading.level == 1 and only_h1)

    def _settle(self, owner: Owner, topic: str, least: int = _OWN_ANSWER_CHARS, context: Owner | None = None) -> bool:
        """The owner becomes a unit when it holds an answer of its own (`least` characters of it). A
        wording that names only an aspect (`解决方案`) names its `context`'s concept too."""
        body = trim([line for line in owner.body if not _NAVIGATION.match(line.text)])
        while body and _is_atx_heading(body[-1].text):  # `## QA` whose questions became pages: heads nothing here
            body = trim(body[:-1])
        # A heading's topic is a question when it explains itself before its questions (`前言`, its own
        # prose), not because a `总结` or `代码实践` closes it. The note's own title answers with all its parts.
        lead = owner.body if owner.asks or owner.of_note or owner.lead is None else owner.body[:owner.lead]
        if not body and least > 0 or explaining_chars(lead, self.words) < least:
            return False
        marker = owner.marker if owner.marker >= 0 else self._index_of(body[0])
        style = HEADING if _is_atx_heading(self.lines[marker].text) else QUESTION_LINE
        end = max((self._index_of(line) for line in body), default=marker) + 1
        wording = owner.wording
        if context is not None and not self.words.concepts_in(plain_text(wording)) \
                and not LATIN_WORD.search(plain_text(wording)):
            wording = f"{strip_numbering(plain_text(context.wording))}：{strip_numbering(wording)}"
        unit = self.unit(wording, marker, body, end, style, topic)
        for restating in owner.restated_by:
            restating.restates = unit.index
        return True

    def _title_of_a_topic(self, owner: Owner) -> bool:
        """A title naming a topic (`# MLP`, `# 局部最小值，鞍点`, or a file `dropout.md` of links) is what a
        reader looks up, even with only figures or links of its own under it. When the note asks one
        question under its title, that question is the note's, and its page starts at the title."""
        if not owner.of_note or owner.asks:
            return False
        # A title with nothing of its own under it heads the note's questions (`# 基于深度学习的模型`).
        own = [line for line in owner.body
               if line.text.strip() and not _is_atx_heading(line.text) and not _NAVIGATION.match(line.text)]
        if not own:
            return False
        units = self.outline.units
        if owner.marker < 0:  # named by its file: its first line stands for the title it lacks
            if len(units) == 1:
                return False
            owner.marker = self._index_of(own[0])
        elif len(units) == 1:
            only = units[0]
            units[0] = Unit(note=only.note, index=1, question=only.question, line=self.lines[owner.marker].number,
                            end_line=only.end_line, body=trim(owner.body + only.body), topic_heading=only.topic_heading,
                            style=HEADING, marker=owner.marker)
            return True
        restating = self._first_asking_what(owner.wording, owner.marker + 1, units)  # `## Softmax 定义`
        self._settle(owner, "", least=0)
        if restating is not None:
            restating.restates = units[-1].index
        return True

    def _container(self, blocks: list[Block], topic: str, strict: bool, owner: Owner | None = None) -> None:
        """A topic's blocks: its own questions until the first heading, then its sections."""
        first_heading = next((n for n, b in enumerate(blocks) if b.kind == "heading"), len(blocks))
        if first_heading == len(blocks) and (outlined := line_headings(blocks, self.lines, 6, self.words)):
            blocks = outlined  # `SGD` over `- 不稳定` …: plain lines standing in for headings
            first_heading = next(n for n, b in enumerate(blocks) if b.kind == "heading")
        self._intro(blocks[:first_heading], topic, strict, owner)
        sections, position = [], first_heading
        while position < len(blocks):
            heading = blocks[position]
            end = next((n for n in range(position + 1, len(blocks))
                        if blocks[n].kind == "heading" and blocks[n].level <= heading.level), len(blocks))
            sections.append((heading, blocks[position + 1:end]))
            position = end
        in_question_list = numbered_question_lists(sections)
        for n, (heading, body) in enumerate(sections):
            self._section(Section(heading, body, n in in_question_list), topic, owner)

    def _intro(self, blocks: list[Block], topic: str, strict: bool, owner: Owner | None) -> None:
        """Text before a container's first heading: its questions, and what comes before the first of
        them, which is its owner's answer."""
        if not blocks:
            return
        strict = strict or owner is not None  # inside an answer, only numbered or asking markers ask
        markers = self.markers(blocks, strict, self.words.names_a_group, owner)
        if owner is not None:
            stop = blocks[markers[0].block].start if markers else blocks[-1].end
            self._add(owner, blocks[0].start + (owner.marker == blocks[0].start), stop)  # not its own line
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
        if role == SKIP:  # references, tables of contents, empty headings: shown in the source view only
            first = next((n for n, b in enumerate(body) if b.kind == "heading"), None)
            if first is not None:  # `## 知识体系` over `### CNN`: the overview is skipped, not what it holds
                self._container(body[first:], topic, strict=False, owner=owner)
            return
        if role in (PART, WITHIN) and owner is not None and owner.of_note \
                and asks_what_it_names(text, owner.wording, self.words):
            # `## LSTM` under the note's `LSTM介绍理解`: the note restates its question there
            first = next((n for n, b in enumerate(body) if b.kind == "heading"), len(body))
            stop = body[first].start if first < len(body) else end
            owner.restated_by.append(self.unit(text, heading.start, self.lines[heading.end:stop], stop, HEADING, topic))
            self._container(body[first:], topic, strict=False, owner=owner)
            return
        if role == STRUCTURE and self._opens_with_a_question(section, topic, owner):
            return
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
            first = len(self.outline.units)
            self._container(body, name, strict=False, owner=inner)
            self.owners.pop()
            if not self._settle(inner, topic, least=_OWN_ANSWER_CHARS):
                self._asked_by_its_first_question(heading, name, first, topic)
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
            explained = self.words.concepts_in(name) and _explains(self.lines[heading.end:stop])
            if explained:
                # `## RNN 梯度爆炸/梯度消失`, its explanation, then questions: the heading is a question too
                self.unit(text, heading.start, self.lines[heading.end:stop], stop, HEADING, topic)
            self.outline.topics.append((heading.start, name))
            first = len(self.outline.units)
            self._flat(body, name, strict=True)
            if not explained:
                self._asked_by_its_first_question(heading, name, first, topic)
            return
        self._question(section, topic, owner)

    def _question(self, section: Section, topic: str, owner: Owner | None) -> None:
        """A section that asks: everything under it is its answer, but for bold lines that ask questions
        of their own (glued, or outlining the answer as sub-headings)."""
        heading, body, text = section.heading, section.body, section.text
        end = body[-1].end if body else heading.end
        has_subheadings = section.has_subheadings
        glued = [] if has_subheadings else self._bold_questions_inside(body)
        if not has_subheadings and not glued and (
                outlined := bold_headings(body, self.markers(body, False), heading.level + 1, self.words)):
            self._section(Section(heading, outlined, section.in_question_list), topic, owner)
            return
        stops = [body[m.block].start for m in glued] + [end]
        self.unit(text, heading.start, self.lines[heading.end:stops[0]], stops[0], HEADING, topic)
        for marker, stop in zip(glued, stops[1:], strict=True):  # `**另一个问题？**` inside the answer
            start = body[marker.block].start
            self.unit(marker.wording, start, self.lines[start + 1:stop], stop, BOLD_LINE, topic)

    def _asked_by_its_first_question(self, heading: Block, name: str, first: int, topic: str) -> None:
        """`## 卷积神经网络（CNN）` right over `**1. 什么是 CNN？**`: the heading asks that question, so it
        is a unit that restates it (units from index `first` are the heading's)."""
        unit = self._first_asking_what(name, heading.end, self.outline.units[first:])
        if unit is not None:
            unit.restates = self.unit(heading.text, heading.start, [], heading.end, HEADING, topic).index

    def _first_asking_what(self, name: str, start: int, units: list[Unit]) -> Unit | None:
        """The first of `units` when it asks what `name` names and nothing that explains stands between
        line `start` and it."""
        inside = [unit for unit in units if unit.parent is None and unit.marker >= start]
        if not inside:
            return None
        unit = min(inside, key=lambda u: u.marker)
        if not asks_what_it_names(unit.question, name, self.words) \
                or explaining_chars(self.lines[start:unit.marker], self.words) >= _OWN_ANSWER_CHARS:
            return None
        return unit

    def _opens_with_a_question(self, section: Section, topic: str, owner: Owner | None) -> bool:
        """`## 拓展` / `## 问题深入` whose first sentence asks a further question: that question, answered
        by the section (its sub-headings judged as usual)."""
        body = section.body
        if not body or body[0].kind != "paragraph" or not self.words.extends_an_answer(section.name):
            return False
        question = question_opening(body[0].text)
        if question is None:
            return False
        first_heading = next((n for n, b in enumerate(body) if b.kind == "heading"), len(body))
        end = body[first_heading - 1].end
        self.unit(question, body[0].start, self.lines[body[0].start:end], end, QUESTION_LINE, topic)
        self._container(body[first_heading:], topic, strict=False, owner=owner)
        return True

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

def split_questions(fixed: FixedNote, words: Vocabulary | None = None) -> NoteOutline:
    """Split a repaired note into its question units (see the module's docstring). `words`: the
    vocabulary with the user's kb.yml additions (which sections hold no question, follow-up words)."""
    return _Splitter(fixed, words or vocabulary()).split()
