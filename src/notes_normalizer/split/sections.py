"""What a heading section is to a reader: the named rules the splitter asks, in order, for every heading.

A note's headings do three jobs: they ask a question (`## BN 的作用`), they name a topic whose sections
ask the questions (`## 1. 卷积层`), or they only structure an answer (`## 问题`, `## 解答`, `### 代码实现`,
the `## 过拟合` / `## 欠拟合` halves of "过拟合和欠拟合的表现与解决方法"). Each rule is a predicate over the
section and the answer it sits in (its *owner*: the note's own question, or the heading above it that
asks or explains); the first rule that holds names the section's role. `SECTION_RULES` is that list,
like `fix.pipeline.FIXES`: a rule has a name a test and `notes-kb merges` can point at.

The note's own shape follows from the same evidence (`note_shape`): one question (its title, file
name or opening sentence asks and its sections answer it), a topic (its title names a concept its
sections explain, beside questions of their own), or a file of questions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from notes_normalizer.language.vocabulary import Vocabulary, normalize
from notes_normalizer.model import Line
from notes_normalizer.split.blocks import Block
from notes_normalizer.split.units import Unit
from notes_normalizer.split.wording import (
    asks_by_its_mark,
    asks_on_its_own,
    is_numbered,
    is_statement,
    plain_text,
    reads_as_question,
    strip_numbering,
)

# A section's role: what the splitter does with it.
SKIP = "reference-or-navigation"  # shown in the note's source view only
STRUCTURE = "answer-structure"  # its text joins the owner's answer; its sub-sections are judged in its place
PART = "part-of-the-answer"  # the whole section joins the owner's answer (sub-questions apart)
WITHIN = "within-the-answer"  # names nothing new, but its sub-sections do: its text joins the answer, they are judged
ASPECT = "aspect-of-its-owner"  # `## 解决方案` under `# 梯度消失`: asks about the owner's concept; sub-headings parts
FACET = "facet-of-its-owner"  # `### 缺点` under `## SGD`: a part of the heading's answer
LIST_ITEM = "question-list-item"  # an item of a numbered list of question headings: sub-headings are parts
TOPIC = "topic"  # holds questions; a question too when it explains its concept (prose before them, parts)
SUB_QUESTIONS = "asks-over-sub-questions"  # asks, and some of its sub-headings ask questions of their own
LABELS_QUESTIONS = "labels-its-questions"  # a heading over question markers (bold lines, numbered items)
QUESTION = "question"  # asks; everything under it is its answer

ONE_QUESTION, TOPIC_NOTE, QUESTION_FILE = "one question", "topic", "questions"

_LATIN = re.compile(r"[a-z][a-z0-9+\-]*[a-z0-9+]|[a-z]", re.IGNORECASE)
HAN = re.compile(r"[\u3400-\u9fff]")  # a Chinese character
KINDS = "类型"  # the vocabulary's aspect of kinds (常见, 常用, 种类, 几种 …)
WHAT_IT_IS = "定义"  # its aspect of what a thing is (定义, 概述, 介绍, 理解 …)


@dataclass
class Owner:
    """The answer a section sits in: the note's own question or a heading's. Structure sections and
    parts add their lines to it; it becomes a unit once it holds an answer."""

    wording: str  # Markdown inline
    marker: int  # line index of its own line (a heading, the asking sentence, or its answer's first line)
    asks: bool  # its wording asks a question (else it names a topic)
    body: list[Line] = field(default_factory=list)
    stated: bool = True  # the note states it (a heading, a sentence under `## 问题`), not only its file name
    of_note: bool = False  # the note's own question (its title, file name or `## 问题`), not a heading's
    lead: int | None = None  # how many body lines it had when the first question inside it was split off
    _terms: tuple | None = field(default=None, repr=False, compare=False)
    aspect_only: dict[str, bool] = field(default_factory=dict, repr=False, compare=False)  # headings read so far
    sentence_taken: bool = False  # the `## 问题` section was read
    restated_by: list = field(default_factory=list)  # units of sections that ask its question again

    def terms(self, words: Vocabulary) -> tuple[set[str], set[str]]:
        """The concepts and Latin words its wording names (read once per wording: every section asks)."""
        if self._terms is None or self._terms[0] != self.wording:
            text = plain_text(self.wording)
            self._terms = (self.wording, (set(words.concepts_in(text)),
                                          {w.lower() for w in _LATIN.findall(normalize(text))}))
        return self._terms[1]


@dataclass(frozen=True)
class Section:
    heading: Block
    body: list[Block]
    in_question_list: bool = False

    @property
    def text(self) -> str:
        return self.heading.text

    @cached_property  # cached on a frozen dataclass: cached_property writes __dict__ directly
    def name(self) -> str:
        return strip_numbering(plain_text(self.heading.text))

    @cached_property
    def has_subheadings(self) -> bool:
        return any(block.kind == "heading" for block in self.body)

    @property
    def parts_only(self) -> bool:
        """Sub-headings that are parts of one answer (`#### 感受野计算`, `#### 卷积输入与输出关系`):
        none numbered as a list of its own, none asking with a question mark."""
        return self.in_question_list and not any(
            block.kind == "heading" and (is_numbered(plain_text(block.text)) or asks_by_its_mark(block.text))
            for block in self.body)


def names_nothing_new(heading: str, owner: Owner, words: Vocabulary) -> bool:
    """The heading names nothing its owner's wording does not: `## 过拟合` under "过拟合和欠拟合的表现与
    解决方法", `## add` under "concat和add的区别", `### 深度解读 LSTM 结构` under "LSTM介绍理解". A word
    glued to a concept names a variant of it (`可分离卷积` under "各种卷积方式") and is something new."""
    concepts, _ = owner.terms(words)
    owner_text = normalize(plain_text(owner.wording))
    text = normalize(plain_text(heading))
    named = False
    for mention in reversed(words.mentions(text)):
        if not set(mention.concepts) <= concepts or _glued(text, mention.start, mention.end, words):
            return False
        text, named = text[:mention.start] + " " + text[mention.end:], True
    for word in _LATIN.findall(text):
        if word.lower() not in owner_text:
            return False
        named = True
    rest = words.term_breaks.sub(" ", _LATIN.sub(" ", text))
    pieces = re.findall(r"[\u3400-\u9fff]{2,}", rest)
    return named or all(piece in owner_text for piece in pieces) or len(HAN.findall(rest)) <= 2


def _glued(text: str, start: int, end: int, words: Vocabulary) -> bool:
    """Han characters right before the mention that are no joining or aspect word: a variant's name."""
    before = re.search(r"[\u3400-\u9fff]{2,}$", text[:start])
    return bool(before) and not words.term_breaks.fullmatch(before.group(0)) \
        and not words.term_breaks.search(before.group(0)[-1:])


def asks_what_it_names(question: str, heading: str, words: Vocabulary) -> bool:
    """`什么是 CNN？` under `## 卷积神经网络（CNN）`: the question asks what the heading names, nothing else."""
    concepts, rest = words.split_concepts(plain_text(question))
    if not concepts or set(concepts) != set(words.concepts_in(plain_text(heading))):
        return False
    if set(words.aspects_in(rest)) - {WHAT_IT_IS}:
        return False
    rest = words.term_breaks.sub("", rest)
    return len(re.findall(r"[\u3400-\u9fff]|[a-z]+|\d+", rest, re.IGNORECASE)) <= 1  # not `0-1 损失函数`


def names_only_an_aspect(heading: str, owner: Owner | None, words: Vocabulary) -> bool:
    """`## 解决方案`, `### 原理`, `#### 优缺点` (or `BN的作用` under `## BN`): what it asks about its
    owner's concept, named by an aspect word alone."""
    if owner is None:
        return False
    known = owner.aspect_only.get(heading)
    if known is None:
        known = owner.aspect_only[heading] = _names_only_an_aspect_of(heading, owner, words)
    return known


def _names_only_an_aspect_of(heading: str, owner: Owner, words: Vocabulary) -> bool:
    text = normalize(strip_numbering(plain_text(heading)).strip(" :："))
    about, _ = owner.terms(words)
    for mention in reversed(words.mentions(text)):
        if set(mention.concepts) <= about:
            text = text[:mention.start] + text[mention.end:]
    aspects = words.aspects_in(text)
    # `常用的损失函数` asks for kinds: each kind under it is a question of its own, no facet of one answer;
    # the aspect words must be most of what is left (`深度学习基础` names a field, not its 基础)
    han = len(HAN.findall(text))
    return bool(aspects) and KINDS not in aspects and not words.term_breaks.sub("", text).strip() \
        and 2 * words.aspect_chars(text) >= han



ONLY_A_LINK = re.compile(r"^\s*(?:[-*+]|\d+[.)])?\s*!?\[[^\]]*\]\([^)]*\)\s*$|^\s*<")
_PLACEHOLDER = re.compile(r"^\s*(?:[-*+]\s*)?(?:\[[ xX]?\]\s*)?(?:TODO|TBD|待补充|待完善)\b", re.IGNORECASE)


def explaining_chars(lines: list[Line], words: Vocabulary) -> int:
    """How much of `lines` explains something: prose, not links, placeholders or reference labels."""
    total = 0
    for line in lines:
        if not line.text.strip() or ONLY_A_LINK.match(line.text) or _PLACEHOLDER.match(line.text):
            continue
        text = plain_text(line.text.lstrip(" >-*+"))
        if not words.holds_no_question(text.strip(" :：")):
            total += len(text)
    return total


# --- the rules ---------------------------------------------------------------------------------
# Each rule: (name, predicate(splitter, section, owner) -> bool). The splitter supplies what the
# rules need of the note (its lines, vocabulary and question markers); the first rule that holds wins.

def _is_reference(splitter, section: Section, owner: Owner | None) -> bool:
    words = splitter.words
    return not section.name or (words.holds_no_question(section.name) and not words.structures_an_answer(section.name)
                                and not splitter.markers(section.body, True))


def _only_structures(splitter, section: Section, owner: Owner | None) -> bool:
    """`## 解答`, `### 代码实现BN层`, `## Conv 总结`: a structure word, beside nothing but names."""
    words = splitter.words
    rest = _LATIN.sub(" ", words.strip_concepts(section.name))
    return words.only_structures(section.name) or (
        words.only_structures(rest) and normalize(rest).strip() not in words.explains_a_concept)


def _is_part(splitter, section: Section, owner: Owner | None) -> bool:
    """A section of its owner's answer: it asks nothing of its own and names nothing new. Under a
    question (the owner asks), only a sub-heading with its own question mark asks; under a topic,
    any heading that reads as a question does."""
    if owner is None or section.in_question_list:
        return False
    if is_statement(section.text) and re.search(r"[，,]", section.name) and not splitter.words.aspects_in(section.name):
        return True  # `## SVM依赖于数据分布的距离测度，所以需对数据先做normalization。`: a point of the answer
    # Under a topic, a heading asking an aspect of its concept (`### 常见的激活函数` under `## 激活函数`) asks.
    words = splitter.words
    asks = asks_by_its_mark(section.text) if owner.asks else (
        reads_as_question(section.text) or bool(words.aspects_in(plain_text(section.text)))
        or (owner.of_note and _an_attribute_of_a_concept(section.name, words)))
    if not owner.of_note and KINDS in words.aspects_in(plain_text(owner.wording)) \
            and (words.concepts_in(section.name) or _LATIN.search(section.name)):
        return False  # `### ReLU 函数` under `## ReLU 函数及其变体`: one of the kinds its owner lists
    if _one_of_the_concepts_it_names(section, owner, words):
        return False
    return not asks and names_nothing_new(section.text, owner, words) \
        and not splitter.markers([b for b in section.body if b.kind != "heading"], True)


def _one_of_the_concepts_it_names(section: Section, owner: Owner, words: Vocabulary) -> bool:
    """`## 梯度消失` under the note `梯度消失和梯度爆炸`: a title naming concepts and asking nothing about
    them surveys them, and a section explaining one of them answers what a reader looks up on its own.
    (Under a title that asks, `过拟合和欠拟合的表现与解决方法` or `A 和 B 的区别`, the halves are parts.)"""
    if not owner.of_note or owner.asks or words.aspects_in(plain_text(owner.wording)):
        return False
    concepts, _ = owner.terms(words)
    named = words.concepts_in(section.name)
    return len(concepts) >= 2 and len(named) == 1 and named[0] in concepts \
        and not words.term_breaks.sub("", words.strip_concepts(section.name)).strip()


def _an_attribute_of_a_concept(name: str, words: Vocabulary) -> bool:
    """`## 激活函数的稀疏激活性` under the note `# 激活函数`: a concept's attribute named after 的, something
    a reader looks up (under a heading, `### LeNet 的关键点与贡献` under `## LeNet-5`, it parts that answer)."""
    text = normalize(name)
    return any(re.match(r"\s*的\s*[\u3400-\u9fff]{2,}", text[m.end:]) for m in words.mentions(text))


def _is_whole_part(splitter, section: Section, owner: Owner | None) -> bool:
    """A part, and so are its sub-headings: all of them under a question the note states (`## 过拟合` over
    `### 过拟合的原因` under "过拟合和欠拟合的表现与解决方法"); under a topic, those that name nothing new."""
    return _is_part(splitter, section, owner) and (owner.asks and owner.stated or all(
        names_nothing_new(block.text, owner, splitter.words) for block in section.body if block.kind == "heading"))


def _names_only_an_aspect(splitter, section: Section, owner: Owner | None) -> bool:
    """Under the note's own title (`## 解决方案` in "梯度消失，梯度爆炸问题"); under a heading, such a
    facet (`### 缺点` under `## SGD`) is a part of the heading's answer."""
    # `## 一，参数初始化概述` over `### 1.1 原因`, `### 1.2 为什么重要`: an overview holds questions of its own
    overview = section.has_subheadings and splitter.words.aspects_in(section.name) == [WHAT_IT_IS]
    return owner is not None and owner.of_note and not overview \
        and names_only_an_aspect(section.text, owner, splitter.words)


def _facet_of_its_owner(splitter, section: Section, owner: Owner | None) -> bool:
    """`### 缺点` alone; `### 卷积神经网络的特点` names its concept, and asks on its own."""
    words = splitter.words
    return owner is not None and names_only_an_aspect(section.text, owner, words) \
        and not words.concepts_in(section.name) and not _LATIN.search(section.name)


def _in_question_list(splitter, section: Section, owner: Owner | None) -> bool:
    """An item of a numbered list of questions whose sub-headings only part its answer; a sub-heading
    naming a variant of its concept (`### 空间可分离卷积` under `## 四、可分离卷积`) is no part."""
    if not (section.has_subheadings and section.parts_only):
        return False
    words = splitter.words
    item = normalize(plain_text(section.text))
    named, asked = set(words.concepts_in(item)), set(words.aspects_in(item))
    # (`#### 一维卷积` under `### 从 pytorch 看一维卷积，二维卷积，三维卷积` is one the item names: a part)
    return not any(block.kind == "heading" and normalize(strip_numbering(plain_text(block.text))) not in item
                   and (_names_a_variant_of(plain_text(block.text), named, words)
                        or _asks_another_aspect(plain_text(block.text), named, asked, words))
                   for block in section.body)


def _asks_another_aspect(heading: str, concepts: set[str], asked: set[str], words: Vocabulary) -> bool:
    """`### ✅ Softmax 的作用` under `## 📌 26. 什么是 Softmax？`: the item's concept, asked about otherwise
    (what it is, `#### 感受野的概念` under `### 3. 计算感受野`, is background to the item's own answer)."""
    named, aspects = set(words.concepts_in(heading)), set(words.aspects_in(heading)) - {WHAT_IT_IS}
    return bool(named) and named <= concepts and bool(aspects) and not aspects & asked


def _names_a_variant_of(heading: str, concepts: set[str], words: Vocabulary) -> bool:
    """`空间可分离卷积` of `可分离卷积`: one of `concepts` with a word glued before it that names its kind."""
    text = normalize(heading)
    return any(set(mention.concepts) <= concepts and _glued(text, mention.start, mention.end, words)
               for mention in words.mentions(text))


def _topic(splitter, section: Section, owner: Owner | None) -> bool:
    """A heading over sub-headings that does not ask, or asks for kinds (`CNN 典型层次及其作用` over
    `### 1. 卷积层`, `### 2. 激活层`): its sub-sections are the questions."""
    return section.has_subheadings and (not reads_as_question(section.text)
                                        or KINDS in splitter.words.aspects_in(section.name))


def _asks_over_sub_questions(splitter, section: Section, owner: Owner | None) -> bool:
    return any(b.kind == "heading" and asks_on_its_own(b.text) for b in section.body)


def _labels_its_questions(splitter, section: Section, owner: Owner | None) -> bool:
    return not section.has_subheadings and not reads_as_question(section.text) \
        and splitter.labels_its_questions(section.body, section.name)


SECTION_RULES = (
    (SKIP, _is_reference),
    (STRUCTURE, _only_structures),
    (PART, _is_whole_part),
    (WITHIN, _is_part),
    (ASPECT, _names_only_an_aspect),
    (FACET, _facet_of_its_owner),
    (LIST_ITEM, _in_question_list),
    (TOPIC, _topic),
    (SUB_QUESTIONS, _asks_over_sub_questions),
    (LABELS_QUESTIONS, _labels_its_questions),
    (QUESTION, lambda splitter, section, owner: True),
)


def role_of(splitter, section: Section, owner: Owner | None) -> str:
    return next(name for name, holds in SECTION_RULES if holds(splitter, section, owner))


def note_shape(owner: Owner | None, owner_is_a_question: bool) -> str:
    """What the note is, from what its own question became: one question, a topic it explains, or (no
    question of its own) a file of questions."""
    if owner is None or not owner_is_a_question:
        return QUESTION_FILE
    return ONE_QUESTION if owner.asks else TOPIC_NOTE


def _is_leaf_or_asks(section: tuple[Block, list[Block]]) -> bool:
    heading, body = section
    return reads_as_question(heading.text) or not any(block.kind == "heading" for block in body)


def numbered_question_lists(sections: list[tuple[Block, list[Block]]]) -> set[int]:
    """The sections that are items of a numbered list of questions: `### 4.计算感受野` among
    `### 1. 前向传播与反向传播计算`, `### 2.梯度爆炸和梯度消失`, `### 3.如何计算卷积参数量？`, where most
    of the other numbered headings of its level ask or hold no deeper heading. Such an item is a
    question even when it does not read as one and has sub-headings of its own."""
    numbered = [n for n, (heading, _) in enumerate(sections) if is_numbered(plain_text(heading.text))]
    if len(numbered) < 3:
        return set()
    questions = sum(_is_leaf_or_asks(sections[n]) for n in numbered)
    return {n for n in numbered if 2 * (questions - _is_leaf_or_asks(sections[n])) > len(numbered) - 1}


_ASPECT_ALONE_CHARS = 8  # `解决方案`, `影响`: an aspect word or two, nothing else


def subject_of_the_question_before(question: str, before: Unit, topic: str, words: Vocabulary) -> str:
    """`### 🔥 解决方案` right after `### 🛑 梯度消失的原因`, both under `## 梯度消失和梯度爆炸`: an aspect
    alone asks about the concept the question before it, in the same place, asks about (its merging
    and its page's title read it so: 梯度消失的解决方案). "" when it names something of its own."""
    wording = strip_numbering(plain_text(question))  # the cheap tests first: this runs for every unit
    if len(wording) > _ASPECT_ALONE_CHARS or before.parent is not None or before.topic_heading != topic:
        return ""
    if words.concepts_in(wording) or not words.aspects_in(wording) \
            or len(HAN.findall(wording)) - words.aspect_chars(wording) > 2:  # 神经网络优势 names something
        return ""
    return "和".join(words.concepts_in(before.title))
