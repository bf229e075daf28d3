"""Merging by the reader's definition (../shared/corpora/SAME-QUESTION.md), on wordings of our own:
what must merge, what must stay apart, no page grown by chains, numbers as vetoes, near-linear
candidates, and aliases the notes define."""

from __future__ import annotations

import textwrap

from hypothesis import given, settings
from hypothesis import strategies as st

from notes_normalizer.build import build_site
from notes_normalizer.merge import Merger, merge_units
from notes_normalizer.model import Line
from notes_normalizer.split.units import Unit


def unit(note: str, title: str, answer: str = "答案。", index: int = 1) -> Unit:
    return Unit(note=note, index=index, question=title, line=index, end_line=index,
                body=[Line(text, index) for text in answer.split("\n")])


def same(a: str, b: str, answer_a: str = "答案甲。", answer_b: str = "答案乙。", note_b: str = "b.md") -> bool:
    return len(merge_units([unit("a.md", a, answer_a), unit(note_b, b, answer_b, index=2)])) == 1


def test_a_broader_question_of_several_clauses_is_the_same_as_one_of_them():
    assert same("神经网络的正则化方法？过拟合的解决方法？", "怎么解决过拟合")
    assert same("怎么判断模型是否过拟合，有哪些防止过拟合的策略？", "Overfitting如何解决")
    assert same("介绍一下GAN,讲一讲生成模型和判别模型以及他们的关系", "GAN网络的思想")


def test_spaces_between_chinese_and_latin_and_the_notes_marks_are_ignored():
    assert same("L2 正则化的作用", "L2正则化有什么作用？")
    assert same("怎么解决过拟合（重点）", "如何防止过拟合？")
    assert same("梯度消失,爆炸的原因", "梯度消失和梯度爆炸的原因是什么？")
    assert same("1*1的卷积核的作用", "神经网络中1×1卷积有什么作用？")


def test_a_bare_concept_title_is_the_question_asking_what_it_is_or_does():
    assert same("Attention 机制", "Attention机制的作用", "注意力让模型关注重要的部分。", "关注重要的部分，加权求和。")
    assert same("Resnet", "ResNet 起作用的原因。")
    assert not same("CNN", "CNN 有什么不足？", "卷积神经网络由卷积层和池化层组成。", "对旋转不变性差，需要大量数据。")
    assert not same("Attention 机制", "自注意力中为何要缩放？")
    assert not same("CNN", "简述CNN分类网络的演变脉络及各自的贡献与特点")


def test_numbers_and_named_variants_veto():
    assert not same("VGG16 的结构", "VGG19 的结构")
    assert not same("第3层卷积的作用", "第4层卷积的作用")
    assert not same("解释一元函数极值判别法则。", "解释多元函数极值判别法则。")
    assert not same("简单介绍下ELMO", "简单介绍下GPT")
    assert not same("平均池化（Mean Pooling）", "最大池化（max pooling）")  # kinds of pooling
    assert not same("神经网络怎样进行参数初始化？", "Xavier")  # one initialisation among several
    assert not same("MobileNet的结构", "ShuffleNet的结构")
    assert not same("YOLO的原理", "SSD的原理") and not same("Faster R-CNN的原理", "R-CNN的原理")
    assert not same("什么是知识蒸馏", "什么是剪枝") and not same("自注意力的原理", "注意力机制的原理")
    assert not same("小批量梯度下降的优缺点", "随机梯度下降的优缺点")
    assert not same("Bi-LSTM的结构", "LSTM的结构")  # a Latin word hyphened to the front names a variant
    assert same("self-attention的原理", "自注意力的原理")
    assert same("平均池化", "average pooling")


def test_a_wording_that_says_a_good_deal_more_asks_something_else():
    assert not same("Dropout 如何实现？", "下面哪项操作能实现跟神经网络中Dropout的类似效果？")
    assert same("如何防止过拟合", "防止过拟合的方法")  # one word more: a narrower wording


def test_a_later_clause_that_only_says_where_asks_about_the_first_clauses_subject():
    assert not same("阐述一下感受野的概念，并说一下在CNN中如何计算", "卷积神经网络参数量和计算量的计算。")
    assert same("阐述一下感受野的概念，并说一下在CNN中如何计算", "感受野怎么计算？")


def test_a_field_named_as_the_place_of_its_own_concept_says_where_not_what():
    assert same("卷积神经网络（CNN）中的 Padding 作用", "为什么需要 Padding ？")
    assert same("在 CNN 里，1x1 卷积的作用", "1x1卷积的作用")
    # a concept outside the field's own: the place narrows the question
    assert not same("RNN 中为何会出现梯度消失", "梯度消失的原因")


def test_a_latin_word_spelled_inside_the_wordings_own_concept_says_nothing_more():
    assert same("Mini梯度下降(Mini-batch Gradient Descent, MBGD)", "小批量梯度下降（Mini-batch Gradient Descent）")


def test_another_name_after_a_dash_is_a_gloss():
    assert same("L1 正则化 - 稀疏正则化", "L1正则化")
    assert same("L2 正则化 -- 权重衰减", "L2 正则化（Weight Decay）")
    assert not same("RNN - 梯度消失", "RNN")  # a concept of its own after the dash: another question


def test_one_concept_measured_against_another_asks_a_comparison():
    assert same("为什么 ReLU 比 Sigmoid 和 Tanh 更好？", "Relu VS Sigmoid VS tanh")
    assert same("为什么Tanh收敛速度比Sigmoid快？", "为何 tanh 比 sigmoid 收敛快？")


def test_why_a_thing_is_commonly_used_asks_what_it_is_for_not_its_kinds():
    assert not same("ReLU 有哪些变体？", "为什么神经网络种常用relu作为激活函数？")
    assert same("ReLU的作用", "为什么神经网络中常用ReLU作为激活函数？")


def test_two_questions_of_one_note_stay_apart_unless_it_repeats_itself():
    assert not same("梯度下降法缺点", "如何对梯度下降法进行调优", note_b="a.md")
    assert not same("Dropout在训练和测试时都需要吗？", "Dropout如何平衡训练和测试时的差异呢？", note_b="a.md")
    assert same("怎么判断模型是否过拟合，有哪些防止过拟合的策略？", "神经网络的正则化方法？过拟合的解决方法？",
                note_b="a.md")


def test_titles_that_name_nothing_known_merge_only_on_what_they_ask():
    assert not same("总结", "总结", "BN 很重要。", "学习率要调。")
    assert same("胶囊路由的迭代次数如何选择？", "胶囊路由迭代次数如何选择")


def test_no_page_grows_by_a_chain_of_look_alikes():
    """A ~ B and B ~ C but not A ~ C: the page of A takes B, and C does not follow B onto it."""
    a = unit("a.md", "梯度消失", "链式求导中小于一的数连乘。")
    b = unit("b.md", "梯度消失的原因和解决方法", "连乘导致；用 ReLU、残差、BN。", index=2)
    c = unit("c.md", "如何解决梯度消失和梯度爆炸？怎么做梯度裁剪？", "梯度裁剪和正则。", index=3)
    merger = Merger([a, b, c])
    for cluster in merger.clusters():
        _asks_its_canonical_question(merger, cluster)


def _asks_its_canonical_question(merger: Merger, cluster) -> None:
    """Every member but the canonical question was admitted by a score against the canonical
    question (its wording; answers read against the page's), never against another member."""
    canonical = cluster.canonical
    assert set(cluster.scores) == {(canonical.id, member.id) for member in cluster.members if member is not canonical}
    assert all(score.value >= merger.threshold for score in cluster.scores.values())
    assert all(merger.signatures[m.id].numbers == merger.signatures[canonical.id].numbers for m in cluster.members)


_CONCEPT_WORDS = ["BN", "Dropout", "LSTM", "梯度消失", "过拟合", "卷积核", "学习率", "Adam"]
_FORMS = ["{c}的作用", "{c}有什么作用？", "为什么要用{c}", "{c}的原理是什么", "介绍一下{c}", "{c}的缺点",
          "第{n}层{c}的作用", "{c}{n}和{c}{m}的区别", "参数{n}如何影响{c}？"]


@st.composite
def wordings(draw):
    form = draw(st.sampled_from(_FORMS))
    return form.format(c=draw(st.sampled_from(_CONCEPT_WORDS)), n=draw(st.integers(1, 9)),
                       m=draw(st.integers(10, 19)))


@settings(max_examples=60, deadline=None)
@given(st.lists(wordings(), min_size=2, max_size=40))
def test_merging_never_puts_different_numbers_on_one_page_and_every_member_asks_the_canonical_question(titles):
    units = [unit(f"n{i % 5}.md", title, f"关于{title}的回答。", index=i + 1) for i, title in enumerate(titles)]
    merger = Merger(units)
    for cluster in merger.clusters():
        _asks_its_canonical_question(merger, cluster)


def test_templated_questions_that_differ_in_their_numbers_are_never_candidates():
    units = [unit("t.md", f"第{i}个问题：参数{i}如何影响模型{i % 97}？", f"参数{i}的答案。", index=i + 1)
             for i in range(2000)]
    merger = Merger(units)
    assert len(merger.candidate_pairs()) < len(units)  # all pairs would be two million
    assert len(merger.clusters()) == len(units)


def test_look_alike_questions_are_compared_with_a_bounded_number_of_pages():
    units = [unit(f"n{i}.md", f"{_CONCEPT_WORDS[i % 8]}的作用是什么？", f"回答{i}。", index=i + 1)
             for i in range(3000)]
    merger = Merger(units)
    assert len(merger.candidate_pairs()) <= 64 * len(units)
    assert len(merger.clusters()) == 8


def test_a_page_of_thousands_of_look_alikes_does_not_make_each_unit_read_every_answer_it_holds():
    forms = ["{c}的作用是什么？", "{c}有什么作用", "为什么要用{c}？", "{c}的原理", "介绍一下{c}"]
    units = [unit(f"n{i}.md", forms[i % 5].format(c="Dropout"), f"Dropout的回答，第{i}条。", index=i + 1)
             for i in range(2000)]
    merger = Merger(units)
    read = merger.features.answers.similarity
    calls = []
    merger.features.answers.similarity = lambda a, b: calls.append((a, b)) or read(a, b)
    clusters = merger.clusters()
    assert max(len(cluster.members) for cluster in clusters) > 1000  # one page holds most of them
    assert len(calls) <= 16 * len(units)  # every answer of that page would be about 1,000 per unit


def test_aliases_a_note_defines_merge_across_languages(tmp_path):
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "a.md").write_text(textwrap.dedent("""\
        # 甲

        ## 胶囊网络的原理

        胶囊网络（Capsule Network）用向量表示实体。
        """), "utf-8")
    (notes / "b.md").write_text(textwrap.dedent("""\
        # 乙

        ## Capsule Network 的原理是什么？

        动态路由。
        """), "utf-8")
    site = build_site(notes)
    assert [len(q.members) for q in site.kb.questions] == [2]


def test_an_everyday_word_glossed_in_english_is_no_concept_of_its_own():
    from notes_normalizer.analyse.aliases import mined_concepts
    from notes_normalizer.language.vocabulary import vocabulary
    texts = ["CNN 模型所需的计算力和参数（parameters）数量是怎么计算的？",
             "胶囊网络（Capsule Network）用向量表示实体。"]
    assert mined_concepts(texts, vocabulary()) == {"胶囊网络": ["胶囊网络", "Capsule Network"]}
    assert same("BN训练和测试时的参数是一样的么", "BN在训练和预测时有什么差别？")  # 一样: asks the difference


def test_a_bare_title_is_the_same_as_one_naming_its_concept_beside_another():
    assert same("RNN 梯度消失", "RNN 梯度爆炸/梯度消失")
    assert not same("RNN", "RNN 梯度消失")
    assert not same("RNN", "RNN 梯度爆炸/梯度消失")  # 梯度爆炸/梯度消失 narrows RNN, beside nothing of it
    assert same("BN层为什么有效", "Batch Normalization的作用")


def test_a_notes_questions_about_different_concepts_never_share_a_page_under_a_broader_one():
    units = [unit("a.md", "梯度消失和梯度爆炸", "连乘导致。"), unit("b.md", "梯度消失", "导数小于1。", index=2),
             unit("b.md", "梯度爆炸", "导数大于1。", index=3)]
    pages = [sorted(u.title for u in cluster.members) for cluster in Merger(units).clusters()]
    assert ["梯度消失", "梯度爆炸"] not in [[t for t in page if t != "梯度消失和梯度爆炸"] for page in pages]


def test_a_count_of_points_is_not_a_number_of_the_question():
    assert same("ReLU 相比 sigmoid 的优势 (3)", "ReLU相比sigmoid有什么优势？")


def test_questions_about_something_the_vocabulary_lacks_merge_on_their_words():
    assert same("神经网络组成？", "神经网络的组成", "输入层、隐藏层和输出层。", "由神经元按层连接而成。")
    assert not same("总结", "总结", "BN 很重要。", "学习率要调。")


def test_a_word_glued_in_front_of_a_concept_names_a_variant_unless_the_other_wording_says_it_too():
    from notes_normalizer.language.vocabulary import modifier_before, normalize, vocabulary
    words = vocabulary()

    def modifiers(title: str) -> list[str]:
        text = normalize(title)
        return [modifier_before(text, mention.start, words) for mention in words.mentions(text)]
    assert modifiers("理解局部响应归一化") == ["局部响应"]
    assert modifiers("调节batch size对训练效果影响") == ["", ""]  # a verb acts on the concept
    assert modifiers("为什么需要非线性激活函数") == ["", ""]  # two concepts side by side
    assert not same("归一化含义？", "理解局部响应归一化")  # LRN is not normalisation in general
    assert same("为什么需要非线性激活函数？", "为什么激活函数需要非线性？")


def test_a_comparison_names_no_variant_of_what_it_compares_with():
    assert same("为什么Tanh收敛速度比Sigmoid快？", "为何 tanh 比 sigmoid 收敛快？")


def test_a_notes_own_answers_do_not_make_two_of_its_questions_one():
    shared = "交叉熵、均方误差、Hinge 损失、0-1 损失都是常见的损失函数，按任务选择。"
    merged = merge_units([unit("a.md", "目标函数，损失函数，代价函数", shared),
                          unit("a.md", "损失函数有哪些？ 怎么用？", shared, index=2)])
    assert len(merged) == 2
    assert same("损失函数有哪些？", "常见的损失函数")  # asking for kinds, in either words


def test_a_notes_mark_after_a_dash_is_no_part_of_the_question():
    assert same("池化层 -- 需要补充", "池化层（Pooling Layer）")
    assert same("Weight Normalization -- TODO", "Weight Normalization")


def test_a_page_never_brings_two_questions_of_one_note_about_different_concepts_together():
    merged = merge_units([unit("a.md", "Pooling层的作用", "降维，扩大感受野，平移不变性。"),
                          unit("b.md", "池化层", "池化降维，扩大感受野。", index=1),
                          unit("b.md", "卷积，池化的意义", "卷积提取特征，池化降维。", index=2)])
    pages = [sorted(u.id for u in c.members) for c in merged]
    assert not any({"b.md#1", "b.md#2"} <= set(page) for page in pages)
