"""Every number the merge decides with, in one frozen object: the signals read them from here, and
`benchmarks/merge_weights.py` sweeps them against every labelled corpus (a weight is chosen by the
worst corpus, never by one)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Weights:
    threshold: float = 0.7  # a unit joins a page whose canonical question it scores this with
    later_clause: float = 0.9  # one clause of a broader wording: a little less sure
    same_note: float = 0.85  # two questions of one note are one only when the note plainly repeats itself
    answer_bonus: float = 0.05  # what answers alike add to wordings alike
    # concepts
    concept_part: float = 0.85  # 梯度消失 / 梯度消失和梯度爆炸: one names a concept the other names beside another
    concept_part_defined: float = 0.5  # 什么是梯度爆炸 / 梯度消失和梯度爆炸是什么: each page defines its own
    concept_narrowed: float = 0.1  # RNN / RNN 梯度消失: related, not the same (shown, never merged)
    # what the wordings ask about their concepts
    aspects_nested: float = 0.85  # 原因 / 原因和解决方法
    aspects_overlap: float = 0.75  # 原因和作用 / 原因和解决方法
    aspect_one_sided: float = 0.8  # 梯度消失 (asks nothing named) / 梯度消失的原因
    # other words
    words_few_more: float = 0.85  # one wording says a little more
    words_many_more: float = 0.6  # one wording says a good deal more
    own_words: int = 3  # words of its own that make it a good deal more
    words_overlap: float = 0.85  # half the words shared
    words_apart: float = 0.6
    # a title that only names a concept
    both_bare: float = 0.9  # both titles name the same concepts
    both_bare_beside: float = 0.8  # RNN 梯度消失 / RNN 梯度爆炸/梯度消失
    bare_explains: float = 0.75  # the other asks what it is or does (`Resnet` / `ResNet 起作用的原因`)
    bare_does_not_define: float = 0.03  # … less when it asks what the concept does, not what it is
    bare_explains_answers: float = 0.2  # … plus this much of the answers' similarity
    bare_asks_one_thing: float = 0.5  # the other asks one thing about it (常见的激活函数): answers decide
    bare_ceiling: float = 0.95
    # titles that name no known concept
    near_string: float = 0.85  # a fuzzy string similarity counts from here (spelling, word order)
    unnamed_answers: float = 0.2  # two titles that only name something unknown need answers this alike
    # vague wordings of one concept, settled by their answers
    vague_words: int = 3  # a wording with more words of its own says what it asks: it is not vague
    answers_agree: float = 0.2  # answers' TF-IDF similarity that settles two vague wordings
    vague_ceiling: float = 0.85
    # speed, not judgement
    answers_read: int = 8  # answers of a page a unit's answer is read against: more than real pages hold


WEIGHTS = Weights()
