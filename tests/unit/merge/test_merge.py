"""The merge's rules on pairs of titles: the same question in other words is one page; related
questions stay apart; spellings fold; candidates come from an index."""

from __future__ import annotations

import pytest

from notes_normalizer.analyse.signature import signature
from notes_normalizer.language.vocabulary import normalize, vocabulary
from notes_normalizer.merge import Merger, merge_units
from notes_normalizer.model import Line
from notes_normalizer.split.units import Unit


def unit(note: str, title: str, answer: str = "答案。", index: int = 1) -> Unit:
    return Unit(note=note, index=index, question=title, line=index, end_line=index,
                body=[Line(text, index) for text in answer.split("\n")])


def same(a: str, b: str, answer_a: str = "答案甲。", answer_b: str = "答案乙。") -> bool:
    clusters = merge_units([unit("a.md", a, answer_a), unit("b.md", b, answer_b)])
    return len(clusters) == 1


@pytest.mark.parametrize("a, b", [
    ("BN 有什么作用？", "批归一化的作用是什么"),
    ("Batch Normalization 的作用", "BN的作用？"),
    ("1x1 卷积有什么作用？", "1*1卷积核作用？"),
    ("$1\\times 1$卷积的作用", "1×1卷积的作用"),
    ("为什么引入非线性激励函数？", "为什么需要非线性激活函数？"),
    ("梯度剪切的原理", "梯度裁剪的原理是什么"),
    ("梯度爆炸/消失是如何产生的？怎么解决？", "梯度消失和梯度爆炸的原因和解决方法"),
    ("什么是过拟合,欠拟合，解决过拟合和欠拟合的方法有哪些？", "深度学习常见防止过拟合方法"),
    ("解决overfitting", "如何防止过拟合"),
    ("CNN的特性？", "卷积神经网络的特点"),
])
def test_the_same_question_in_other_words_is_merged(a, b):
    assert same(a, b)


@pytest.mark.parametrize("a, b", [
    ("1×1卷积的作用", "怎么减少卷积层参数量？"),
    ("什么造成梯度消失？", "LSTM 如何解决梯度消失？"),
    ("梯度消失的原因", "LSTM 的结构是如何解决梯度消失和梯度爆炸的问题的"),
    ("Dropout 为什么能够防止过拟合？", "如何防止过拟合？"),
    ("BN在训练和预测时有什么差别？", "批归一化（BN）算法流程"),
    ("如何调试超参数？", "如何给超参数选择合适的范围？"),
    ("增大batch size有何好处？", "盲目增大batch size有何坏处？"),
    ("为什么tanh激活函数会比sigmoid激活函数的表现好？", "RNN的激活函数使用tanh而不是sigmoid的原因？"),
    ("池化层的作用", "卷积层的作用"),
    ("常见的激活函数", "激活函数有哪些性质？"),
])
def test_related_questions_stay_apart(a, b):
    assert not same(a, b)


def test_a_bare_concept_title_joins_the_question_its_answer_answers():
    answer = "sigmoid、tanh、ReLU、Leaky ReLU、Maxout 是常用的激活函数。"
    units = [unit("a.md", "常见的激活函数", "1. sigmoid 2. tanh 3. ReLU 4. Leaky ReLU 5. softmax", 1),
             unit("a.md", "如何选择激活函数？", "输出层用 sigmoid，隐藏层默认用 ReLU。", 2),
             unit("b.md", "激活函数", answer, 1)]
    clusters = merge_units(units)
    groups = sorted(sorted(u.title for u in c.members) for c in clusters)
    assert groups == [["如何选择激活函数？"], ["常见的激活函数", "激活函数"]]


def test_vocabulary_folds_spellings():
    words = vocabulary()
    assert normalize("1\\times 1") == normalize("1*1") == normalize("１×１") == "1x1"
    assert words.concepts_in("BN层") == words.concepts_in("Batch Normalization") == ["批归一化"]
    assert words.concepts_in("ReLU激活函数的优点") == ["ReLU"]  # the narrower concept says it all
    assert set(words.concepts_in("梯度爆炸/消失")) == {"梯度爆炸", "梯度消失"}
    assert words.concepts_in("GANs organ") == []  # ASCII names only match as whole words
    sig = signature("梯度消失和梯度爆炸的原因", words)
    assert sig.coordinated == {"梯度消失", "梯度爆炸"} and sig.aspects == {"原因"}


def test_candidates_come_from_an_index_not_all_pairs():
    concepts = list(vocabulary().concepts)[:60]
    asks = ["的作用是什么", "的原因", "有哪些缺点", "如何计算", "和其他方法的区别"]
    units = [unit(f"n{i % 7}.md", f"{c}{a}", f"关于{c}的回答", i)
             for i, (c, a) in enumerate((c, a) for c in concepts for a in asks)]
    pairs = Merger(units).candidate_pairs()
    assert len(pairs) < len(units) * (len(units) - 1) / 2 / 10


def test_compound_terms_the_questions_name_that_the_vocabulary_lacks():
    from notes_normalizer.language.vocabulary import compound_terms
    titles = ["上采样的原理和常用方式", "增大感受野的方法？", "数据不平衡的解决方法", "深度可分离卷积的概念和作用"]
    assert compound_terms(titles, vocabulary()) == {"上采样", "数据不平衡"}  # known concepts need no entry

