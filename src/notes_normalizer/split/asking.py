"""How a question is asked in running text: the short sentence a `## 问题` section states it in, the
question an extension section opens with, a note title that asks, and the connectives by which an
author turns to the reader (`那么…？`), which ask no question of the note's own."""

from __future__ import annotations

import re

from notes_normalizer.language.vocabulary import Vocabulary, normalize
from notes_normalizer.split.sections import KINDS, WHAT_IT_IS
from notes_normalizer.split.wording import asks_in_a_list, asks_outright, plain_text, reads_as_question

_STATED_IN_A_SENTENCE = {"问题", "题目", "问题描述"}  # `## 问题` over the question in a sentence
_MAX_SENTENCE_CHARS = 40  # longer, it is the author telling why they ask: the title says it better


def asking_sentence(paragraph: str) -> str | None:
    """The question a `## 问题` section states: the paragraph, when it is one short line that asks
    (`ROI Pooling 和 ROI Align 的区别是什么`, `为什么使用F1 score？（…）`)."""
    lines = paragraph.strip().split("\n")
    text = plain_text(lines[0]).rstrip("。.")
    if len(lines) > 1 or not text or len(re.sub(r"[（(][^）)]*[）)]\s*$", "", text)) > _MAX_SENTENCE_CHARS:
        return None
    sentence = re.sub(r"[。.]\s*$", "", lines[0].strip())
    return sentence if (re.search(r"[?？]", text) or asks_in_a_list(text) or reads_as_question(text)) else None


# `**那么ICS会导致什么问题？**`: the author turning to the next point (a connective before the question)
TURNS_TO_THE_READER = re.compile(r"^(?:那么|那|所以|因此|于是|但是|可是|然后|而)")
_QUOTED_QUESTION = re.compile(r"[“\"「]([^”\"」]{4,40})[”\"」]")
_MAX_ASKED_CHARS = 60


def question_opening(paragraph: str) -> str | None:
    """The question an extension section opens with (`## 拓展` over `…我们先讨论下“为什么要对数值型特征做
    归一化”这个问题`, `## 问题深入` over `那么深度学习中应该怎么做图像归一化呢？有两种方法：`): a quoted
    question in its first line, or its first sentence when it asks; else None."""
    first = plain_text(paragraph.strip().split("\n")[0])
    for quoted in _QUOTED_QUESTION.findall(first):
        if reads_as_question(quoted):
            return quoted
    sentence = re.split(r"(?<=[?？])|[。！!；;]", first, maxsplit=1)[0].strip()
    asked = TURNS_TO_THE_READER.sub("", sentence).strip()
    if re.search(r"[?？]$", asked) and len(asked) <= _MAX_ASKED_CHARS and reads_as_question(asked):
        return asked
    return None


def title_asks(text: str, words: Vocabulary) -> bool:
    """A note title that asks something (`梯度消失和爆炸以及解决方法`, `特征融合concat和add的区别`), not
    one that names a topic to explain (`LSTM介绍理解`, `三种常见的激活函数`)."""
    plain = plain_text(text)
    return asks_outright(plain) or bool(set(words.aspects_in(plain)) - {WHAT_IT_IS, KINDS})


def states_the_question(name: str) -> bool:
    return normalize(name) in _STATED_IN_A_SENTENCE
