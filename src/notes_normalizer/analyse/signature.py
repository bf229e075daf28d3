"""A question's signature, read from its wording: the concepts it names (vocabulary synonyms and
the aliases the notes define), the aspects it asks about (原因, 作用, 区别 …), its remaining words
and numbers, and the same per clause when it asks several things. Wordings are `fold`ed first (case,
width, 1x1 / 1*1 / 1×1, spaces between Chinese and Latin, the note's own marks such as （重点）).
What merging compares."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from notes_normalizer.language.vocabulary import Vocabulary, modifier_before, normalize
from notes_normalizer.split.wording import reads_as_question

_COORDINATOR = re.compile(r"^\s*(?:[和与及或跟、,，/&]|以及|还有)\s*$")
_PUNCTUATION = re.compile(r"^[\W_]+$")


@dataclass(frozen=True)
class Signature:
    concepts: tuple[str, ...]  # in order of mention; the first is the question's subject
    aspects: frozenset[str]
    words: frozenset[str]  # remaining content words of the wording
    coordinated: frozenset[str]  # concepts joined by 和/与/、 to another concept of the wording
    subject: tuple[str, ...] = ()  # concepts of the first clause: "什么是BN？…学习率…" is about BN
    key: str = ""  # the wording folded to its letters: same key, same wording
    numbers: tuple[str, ...] = ()  # "VGG16" / "第3层": questions that differ here are different
    variants: frozenset[str] = frozenset()  # concepts named with a word glued in front: 局部响应+归一化
    clauses: tuple[Signature, ...] = ()  # each clause that asks, when the wording asks more than one
    text: str = ""  # the folded wording this signature reads

    @property
    def bare(self) -> bool:
        """A title that only names concepts (`## 梯度消失`, `**RNN**`): what it asks is unknown."""
        return bool(self.concepts) and not self.aspects and not self.words

    @property
    def parts(self) -> tuple[Signature, ...]:
        """What the wording asks, clause by clause (itself when it asks one thing)."""
        return self.clauses or (self,)


def signature(title: str, words: Vocabulary) -> Signature:
    unworded, rest = signature_before_cut(title, words)
    return with_content_words(unworded, rest, words)


_CLAUSE_END = re.compile(r"[?？;；。!！]+")
_COMMA = re.compile(r"[,，]")
_NOT_LETTERS = re.compile(r"[\W_]+")
_DIGITS = re.compile(r"\d+")
_COUNT = re.compile(r"\s*[(（]\s*\d+\s*[)）]\s*$")
_LATIN_OF = re.compile(r"(?<=[a-z0-9])的(?=[\u3400-\u9fff])")  # "1x1的卷积核" names 1x1卷积核


def fold(title: str, words: Vocabulary) -> str:
    """The wording as merging reads it: `normalize`d, without the note's own marks (（重点）) and
    without the other names it glosses a concept with (`Adagrad（自适应梯度算法）`)."""
    text = _COUNT.sub("", normalize(title))  # 优势 (3): the note counts its points
    for mark in map(normalize, words.annotations):  # （重点）, `池化层 -- 需要补充`
        text = re.sub(rf"[(（\[【]\s*{re.escape(mark)}\s*[)）\]】]|\s+[-—–]+\s*{re.escape(mark)}\s*$", "", text)
    text = _QUOTES.sub("", text)  # ReLU神经元“死亡”: quoted for emphasis, the same words
    return _LATIN_OF.sub("", _without_glosses(_without_dashed_name(text, words), words)).strip()


_DASHED = re.compile(r"^(.+?)\s+[-—–]{1,2}\s+([^-—–]+)$")


def _without_dashed_name(text: str, words: Vocabulary) -> str:
    """`L2 正则化 -- 权重衰减`, `L1 正则化 - 稀疏正则化`: another name of what the title names, after a dash,
    when it names nothing the part before the dash does not (no other concept, aspect or number)."""
    match = _DASHED.match(text)
    if not match:
        return text
    head, tail = match.groups()
    named = set(words.concepts_in(head))
    if not named or words.aspects_in(tail) or re.search(r"\d", tail):
        return text
    spelled, tail = normalize(head), normalize(tail)
    mentions = words.mentions(tail)
    if mentions and all(set(m.concepts) <= named or tail[m.start:m.end] in spelled for m in mentions):
        return head
    return text


_QUOTES = re.compile(r"[“”\"「」『』]")
_GLOSS = re.compile(r"[(（]([^()（）]{1,60})[)）]")


def _without_glosses(text: str, words: Vocabulary) -> str:
    """`卷积层（Convolutional Layer）`, `RMSProp（Root Mean Square Propagation）`: a bracket after a named
    concept that names nothing else, asks nothing and counts nothing is another name of it."""
    if "(" not in text and "（" not in text:
        return text
    outside = set(words.concepts_in(_GLOSS.sub(" ", text)))
    if not outside:
        return text

    def gloss(match: re.Match) -> str:
        inner = match.group(1)
        if set(words.concepts_in(inner)) - outside or words.aspects_in(inner) \
                or re.search(r"\d", words.strip_concepts(inner)):  # `（MAE/L1 Loss）` counts nothing: L1 Loss is MAE
            return match.group(0)
        return " "
    return _GLOSS.sub(gloss, text)


def _clause_texts(text: str) -> list[str]:
    """The clauses of a wording: its sentences (？。；), and inside one sentence the comma pieces
    that ask; a piece that asks nothing joins the clause it leads to (若一个模型不收敛,那么是否…)."""
    clauses: list[str] = []
    for sentence in _CLAUSE_END.split(text):
        pending, own = "", []
        for piece in (p.strip() for p in _COMMA.split(sentence)):
            if not piece:
                continue
            pending = f"{pending},{piece}" if pending else piece
            if reads_as_question(piece):
                own.append(pending)
                pending = ""
        if pending:
            if own:
                own[-1] = f"{own[-1]},{pending}"
            else:
                own.append(pending)
        clauses.extend(own)
    return clauses


# Words that name an aspect only when nothing else is asked: 是什么 (定义), 常见 / 常用 (类型),
# 效果 (作用: 对训练效果的影响 asks the influence), 过程 (流程: 训练过程中 is when, not how).
_WEAK_ASPECTS = {"定义": ("是什么", "解释", "讲解", "详解", "了解"), "类型": ("常见", "常用", "有哪些"),
                 "作用": ("效果",), "流程": ("过程",)}
_THAN = re.compile(r"[^,，。？?]{0,8}?(?:比|相比于?|相较于?|较)\s*")  # Tanh 收敛速度比 Sigmoid
_WHY = re.compile(r"为什么|为何|why\b")
_PURPOSE = re.compile(r"(?:为什么|为何).*(?:需要|要用|引入|使用|采用|常用|选用)")


_SETTING_AFTER = re.compile(r"\s*(?:[(（][^)）]*[)）])?\s*(?:中|里|内|当中|之中)")


def _without_settings(text: str, mentions: list, concepts: list[str], words: Vocabulary) -> list[str]:
    """`卷积神经网络（CNN）中的 Padding 作用`, `在 CNN 里，1x1 卷积`: a field named as the place of another
    concept that belongs to it says where, not what is asked (RNN 中的梯度消失 stays: 梯度消失 is no part
    of RNN's field)."""
    topic_of = words.topic_of
    for mention in mentions:
        if not _SETTING_AFTER.match(text, mention.end):
            continue
        for field_name in mention.concepts:
            if field_name in concepts and any(topic_of.get(other) == field_name for other in concepts
                                               if other != field_name):
                concepts = [c for c in concepts if c != field_name]
    return concepts


def _read_clause(text: str, words: Vocabulary) -> Signature:
    mentions = words.mentions(text)
    concepts = list(words.concepts_in(text))
    coordinated: set[str] = set()
    for left, right in zip(mentions, mentions[1:], strict=False):
        if _COORDINATOR.match(text[left.end:right.start]):
            coordinated.update(left.concepts + right.concepts)
    for mention in mentions:  # 梯度消失/爆炸 names two coordinated concepts at once
        if len(mention.concepts) > 1:
            coordinated.update(mention.concepts)
        elided = words.elided_after(text, mention)  # 梯度消失,爆炸: 爆炸 is 梯度爆炸
        if elided and elided not in concepts:
            concepts.append(elided)
            coordinated.update((*mention.concepts, elided))
    concepts = _without_settings(text, mentions, concepts, words)
    variants = frozenset(f"{modifier}+{concept}" for mention in mentions
                         if (modifier := modifier_before(text, mention.start, words)) for concept in mention.concepts)
    aspects = words.aspects_in(text)
    if "区别" not in aspects and any(_THAN.fullmatch(text[left.end:right.start])
                                   for left, right in zip(mentions, mentions[1:], strict=False)):
        aspects.append("区别")  # 为什么 ReLU 比 Sigmoid 更好: one measured against the other is a comparison
    if "作用" not in aspects and _PURPOSE.search(text):
        aspects.append("作用")  # 为什么激活函数需要非线性: why it is needed is what it is for
    if not aspects and _WHY.search(text):
        aspects.append("原因")  # 为什么 RNN 会梯度消失: a why that names nothing else asks the reason
    for aspect, spellings in _WEAK_ASPECTS.items():
        # "原因是什么" asks the reason, not what the concept is; "常见防止过拟合方法" asks how to prevent it
        if aspect in aspects and len(aspects) > 1:
            plain = text
            for spelling in spellings:
                plain = plain.replace(spelling, " ")
            if aspect not in words.aspects_in(plain):
                aspects.remove(aspect)
    first_clause = re.split(r"[?？;；。]", text.strip(" ?？;；。"), maxsplit=1)[0]
    return Signature(tuple(concepts), frozenset(aspects), frozenset(), frozenset(coordinated),
                     tuple(words.concepts_in(first_clause)) or tuple(concepts), text=text, variants=variants)


_SOFTENER = re.compile(r"(?<=[\u3400-\u9fff])(?:一下|一些)$")
_SETTING = re.compile(r"在[^,，;；?？。在]{1,20}?(?:中|里|内|上)")  # 在CNN中: where, not what


def _with_elided_subject(clause: Signature, first: Signature, words: Vocabulary) -> Signature:
    """`阐述一下感受野的概念，并说一下在CNN中如何计算`: a later clause whose concepts only say
    where (在CNN中) asks about the first clause's subject (how the receptive field is computed)."""
    if not clause.concepts or words.concepts_in(_SETTING.sub(" ", clause.text)):
        return clause
    subject = first.subject or first.concepts
    return dataclasses.replace(clause, concepts=subject, subject=subject, coordinated=frozenset(), variants=frozenset())


def signature_before_cut(title: str, words: Vocabulary) -> tuple[Signature, str]:
    """The signature without its content words (they need jieba), and the text they come from."""
    text = fold(title, words)
    clause_texts = _clause_texts(text)
    clauses = tuple(_read_clause(c, words) for c in clause_texts) if len(clause_texts) > 1 else ()
    if clauses:
        clauses = (clauses[0], *(_with_elided_subject(c, clauses[0], words) for c in clauses[1:]))
    unworded = dataclasses.replace(_read_clause(text, words), key=_NOT_LETTERS.sub("", text),
                                   numbers=tuple(sorted(_DIGITS.findall(text))), clauses=clauses)
    return unworded, words.strip_concepts(text)


def with_content_words(unworded: Signature, rest: str, words: Vocabulary) -> Signature:
    aspect_parts = words.aspect_parts  # holds the aspect words themselves too
    # `解释一下`, `介绍一下`: jieba keeps the softener on the verb; the verb alone is what is asked
    tokens = {_SOFTENER.sub("", token.strip()) or token.strip() for token in words.cut(rest)}
    text = unworded.text or ""
    spelled = " ".join(text[m.start:m.end] for m in words.mentions(text)) if re.search(r"[a-z]", rest) else ""
    content = frozenset(t for t in tokens if t and t not in words.stopwords and t not in aspect_parts
                        and not _PUNCTUATION.match(t) and len(t) > 1
                        and not set(t) <= words.particles  # 预测时有什么: jieba's 时有 is two particles
                        and not any(t in normalize(c) for c in unworded.concepts)  # 梯度消失,爆炸
                        and not (t.isascii() and t in spelled))  # `Mini梯度下降(Mini-batch Gradient Descent)`
    clauses = tuple(dataclasses.replace(c, words=frozenset(w for w in content if w in c.text))
                    for c in unworded.clauses)
    return dataclasses.replace(unworded, words=content, clauses=clauses)


def answer_tokens(text: str, words: Vocabulary) -> list[str]:
    """Words of an answer for comparing answers: concepts folded, stopwords and symbols dropped."""
    concepts, rest = answer_concepts(text, words)
    return concepts + answer_words(rest, words)


def answer_concepts(text: str, words: Vocabulary) -> tuple[list[str], str]:
    """The answer's concepts as tokens, and the text left for jieba."""
    concepts, rest = words.split_concepts(re.sub(r"<[^>]+>|\$[^$]*\$|https?://\S+", " ", text))
    return [f"#{c}" for c in concepts], rest


def answer_words(rest: str, words: Vocabulary) -> list[str]:
    return [t for t in words.cut(rest)
            if t.strip() and t not in words.stopwords and not _PUNCTUATION.match(t) and len(t) > 1]
