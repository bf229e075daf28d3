"""The merge signals (merge/signals.py) one by one: each decides the pairs it is for, names itself on
the score, and reads its numbers from `Weights`. A test is named after every signal."""

from __future__ import annotations

import dataclasses
import sys

from notes_normalizer.merge import Merger, Weights
from notes_normalizer.merge.signals import SIGNALS
from tests.unit.merge.test_same_question import unit


def scored(a: str, b: str, answer_a: str = "答案甲。", answer_b: str = "答案乙。", note_b: str = "b.md",
           weights: Weights | None = None):
    first, second = unit("a.md", a, answer_a), unit(note_b, b, answer_b, index=2)
    merger = Merger([first, second], weights=weights or Weights())
    return merger.score(first, second)


def test_signal_different_numbers():
    score = scored("VGG16 的结构", "VGG19 的结构")
    assert (score.signal, score.value) == ("different-numbers", 0.0)


def test_signal_same_wording():
    score = scored("BN的作用？", "BN 的作用")
    assert (score.signal, score.value) == ("same-wording", 1.0)


def test_signal_nothing_named():
    assert scored("一元函数的极值怎么求", "多元函数的极值怎么求").signal == "nothing-named"
    assert scored("一元函数的极值怎么求", "多元函数的极值怎么求").value == 0.0


def test_signal_one_names_a_concept():
    score = scored("BN 的作用", "总结一下今天的内容")
    assert (score.signal, score.value) == ("one-names-a-concept", 0.0)


def test_signal_other_variant():
    score = scored("归一化含义？", "理解局部响应归一化")
    assert (score.signal, score.value) == ("other-variant", 0.0)


def test_signal_bare_title():
    score = scored("Dropout", "Dropout 的作用是什么？")
    assert score.signal == "bare-title" and score.value >= Weights().threshold
    lower = scored("Dropout", "Dropout 的作用是什么？",
                   weights=Weights(bare_explains=0.3, bare_does_not_define=0.0, bare_explains_answers=0.0))
    assert lower.value == 0.3  # its number comes from the weights


def test_a_softened_verb_asks_what_the_verb_asks():
    """`解释一下`: jieba keeps 一下 on the verb; a bare title meets it as it meets `解释`."""
    answer = "BN 对每层输入做归一化，再缩放平移。"
    softened = scored("Batch Normalization", "你能解释一下 Batch Normalization 吗？", answer_a=answer, answer_b=answer)
    assert softened.signal == "bare-title" and softened.value >= Weights().threshold


def test_a_bare_title_fits_what_it_is_better_than_what_it_does():
    """`Batch Normalization` beside a page asking what BN is and one asking what BN does: both fit, the
    first better, so the bare title joins it (the clustering takes the best page)."""
    answer = "BN 对每层输入做归一化，再缩放平移。"
    is_ = scored("Batch Normalization", "什么是 BN？", answer_a=answer, answer_b=answer)
    does = scored("Batch Normalization", "BN 的作用", answer_a=answer, answer_b=answer)
    assert does.value >= Weights().threshold and is_.value > does.value


def test_signal_concepts_and_aspects():
    assert scored("梯度消失的原因", "梯度消失和梯度爆炸的原因和解决方法").signal == "concepts-and-aspects"
    apart = scored("梯度消失的原因", "梯度消失的解决方法")
    assert (apart.signal, apart.value) == ("concepts-and-aspects", 0.0)
    # what one of two concepts is, and what the pair is: each page defines its own
    defined = scored("什么是梯度爆炸？", "梯度消失和梯度爆炸是什么？")
    assert defined.signal == "concepts-and-aspects" and defined.value < Weights().threshold


def test_signal_one_note():
    across = scored("梯度消失的原因", "梯度消失和梯度爆炸的原因和解决方法")
    assert across.value >= Weights().threshold  # two notes: the same question, broader in one
    within = scored("梯度消失的原因", "梯度消失和梯度爆炸的原因和解决方法", note_b="a.md")
    assert (within.signal, within.value) == ("one-note", 0.0)  # one note asks two


def test_signal_vague_wordings():
    answer = "CNN 的特点是局部连接和权值共享，减少参数量，提取局部特征。"
    score = scored("CNN两大神器", "CNN 的特性", answer_a=answer, answer_b=answer)
    assert score.signal == "vague-wordings" and score.value >= Weights().threshold


def test_every_signal_has_a_test_named_after_it():
    tests = {name for name in dir(sys.modules[__name__]) if name.startswith("test_signal_")}
    assert {f"test_signal_{name.replace('-', '_')}" for name, _ in SIGNALS} <= tests


def test_weights_are_one_frozen_object():
    weights = Weights()
    try:
        weights.threshold = 0.1  # type: ignore[misc]
    except dataclasses.FrozenInstanceError:
        pass
    else:
        raise AssertionError("weights can be changed in place")
    assert Merger([], weights=Weights(threshold=0.5)).threshold == 0.5
