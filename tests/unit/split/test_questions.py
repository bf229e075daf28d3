"""The splitter: one small note per question style, written for these tests."""

from __future__ import annotations

import time

import pytest

from notes_normalizer.model import FixedNote
from notes_normalizer.split.questions import split_questions
from notes_normalizer.split.units import BOLD_ITEM, BOLD_LINE, FOLLOW_UP, HEADING, QUESTION_LINE
from notes_normalizer.split.wording import plain_text, strip_numbering
from tests.helpers import make_note


def outline(text: str, name: str = "note.md"):
    note = make_note(text, name=name)
    return split_questions(FixedNote(note, note.lines, [], []))


def titles(text: str) -> list[str]:
    return [unit.title for unit in outline(text).units]


def test_q_headings_are_questions_with_their_numbering_removed():
    result = outline("""
        # 面试题

        ## Q1：如何调试超参数？

        网格搜索和随机搜索。

        ## Q2：Dropout 的作用
        随机丢弃神经元。
        """)
    assert [u.title for u in result.units] == ["如何调试超参数？", "Dropout 的作用"]
    first, second = result.units
    assert (first.style, first.line, first.end_line) == (HEADING, 3, 6)
    assert first.answer == "网格搜索和随机搜索。"
    assert second.answer == "随机丢弃神经元。"


def test_a_heading_that_groups_questions_is_a_topic():
    result = outline("""
        # 笔记

        ## 激活函数相关

        ### 为什么需要非线性激活函数？

        否则多层等于一层。

        ### 常见的激活函数

        sigmoid、tanh、ReLU。

        ## 卷积神经网络

        ### 池化层的作用

        降维。
        """)
    assert [u.title for u in result.units] == ["为什么需要非线性激活函数？", "常见的激活函数", "池化层的作用"]
    assert [u.topic_heading for u in result.units] == ["激活函数相关", "激活函数相关", "卷积神经网络"]
    assert [t for _, t in result.topics] == ["笔记", "激活函数相关", "卷积神经网络"]


def test_sub_headings_of_a_question_are_part_of_its_answer():
    result = outline("""
        ## 梯度爆炸是如何产生的？怎么解决？

        ### 如何产生？

        链式求导。

        ### 如何解决？

        梯度裁剪。

        ## 下一个问题是什么？

        答案。
        """)
    assert titles_of(result) == ["梯度爆炸是如何产生的？怎么解决？", "下一个问题是什么？"]
    assert "### 如何解决？" in result.units[0].answer and "梯度裁剪。" in result.units[0].answer


def titles_of(result) -> list[str]:
    return [u.title for u in result.units]


def test_numbered_items_with_a_bold_question_and_follow_ups():
    result = outline("""
        ## 面试总结

        1. **梯度消失的原因和解决方法**

            **原因：** 连乘。

            - **梯度剪切：** 限制范围。

        2. **LSTM 如何解决梯度消失？**

            门控结构。

            - **拓展1：** **RNN 为什么用 tanh 而不是 sigmoid？**

                导数范围更大。

            - **拓展2:为什么 CNN 用 ReLU 就可以？**

                没有循环连乘。

        3. **1\\*1卷积核作用？**

            - 降维
        """)
    assert titles_of(result) == ["梯度消失的原因和解决方法", "LSTM 如何解决梯度消失？",
                                 "RNN 为什么用 tanh 而不是 sigmoid？", "为什么 CNN 用 ReLU 就可以？",
                                 "1*1卷积核作用？"]
    first, lstm, tanh, relu, conv = result.units
    assert first.style == BOLD_ITEM and "**梯度剪切：** 限制范围。" in first.answer
    assert first.answer.startswith("**原因：**")  # dedented out of the list item
    assert (tanh.style, tanh.parent, relu.parent) == (FOLLOW_UP, lstm.index, lstm.index)
    assert tanh.answer == "导数范围更大。" and relu.answer == "没有循环连乘。"
    assert "拓展" not in lstm.answer and lstm.answer == "门控结构。"
    assert conv.answer == "- 降维"


def test_answer_points_in_a_numbered_list_are_not_questions():
    result = outline("""
        ### 卷积核的大小为什么都是奇数的？

        1. **更容易padding**：两边对称。
        2. **更容易找到锚点**：中心确定。
        """)
    assert titles_of(result) == ["卷积核的大小为什么都是奇数的？"]


def test_bold_line_pseudo_headings_split_a_note_without_headings():
    result = outline("""
        # 神经网络笔记

        **1、误差反向传播思想：**

        计算损失对每个神经元的梯度。

        **2、无监督逐层训练：**预训练：每次训练一层。

        **何为共线性, 跟过拟合有啥关联?**

        - 共线性会造成冗余。

        **面试篇：**

        下面是常被问到的。

        什么样的数据不适合用深度学习？

        数据集太小。

        **发展缺陷：**

        容易陷入局部最优。

        **1）自下而上的非监督学习**

        **2）自顶向下的监督学习**
        """)
    assert titles_of(result) == ["误差反向传播思想", "无监督逐层训练", "何为共线性, 跟过拟合有啥关联?",
                                 "什么样的数据不适合用深度学习？", "发展缺陷"]
    units = result.units
    assert [u.style for u in units] == [BOLD_LINE, BOLD_LINE, BOLD_LINE, QUESTION_LINE, BOLD_LINE]
    assert units[1].answer == "预训练：每次训练一层。"
    # a group line starts a topic; its introduction belongs to no question
    assert [u.topic_heading for u in units] == ["", "", "", "面试篇", "面试篇"]
    assert "下面是常被问到的" not in " ".join(u.answer for u in units)
    # bold lines that head nothing are points of the answer above, not questions
    assert "自顶向下的监督学习" in units[-1].answer


def test_a_question_without_an_answer_is_kept_unanswered():
    result = outline("""
        ## KL散度性质

        ## 信息熵为何如此定义

        香农。
        """)
    assert titles_of(result) == ["KL散度性质", "信息熵为何如此定义"]
    assert [u.answered for u in result.units] == [False, True]


def test_reference_sections_are_not_questions():
    assert titles("""
        ## 什么是 BN？

        批归一化。

        ## 参考资料

        - https://example.com
        """) == ["什么是 BN？"]


def test_a_leaf_heading_holding_numbered_bold_questions_is_their_topic():
    result = outline("""
        ## 基础篇

        1. **什么是过拟合？**

            训练好测试差。

        2. **如何防止过拟合？**

            正则化。
        """)
    assert titles_of(result) == ["什么是过拟合？", "如何防止过拟合？"]
    assert [u.topic_heading for u in result.units] == ["基础篇", "基础篇"]


def test_every_line_of_a_note_is_in_one_place_at_most():
    """Units never share lines (an answer is never on two pages)."""
    from notes_normalizer.fix.images import ImageResolver
    from notes_normalizer.fix.pipeline import fix_note
    from notes_normalizer.model import Options
    from notes_normalizer.read.reading import load_notes
    from tests.helpers import NOTES

    notes, _ = load_notes(NOTES, Options())
    for note in notes:
        fixed = fix_note(note, ImageResolver([NOTES], "images"), "notes/x.md")
        result = split_questions(fixed)
        assert len(result.units) >= 5, note.name
        seen: dict[tuple[int, str], str] = {}
        for unit in result.units:
            for line in unit.body:
                if line.text.strip():
                    key = (line.number, line.text.strip())
                    assert key not in seen, f"{note.name}:{line.number} in {seen.get(key)} and {unit.title}"
                    seen[key] = unit.title


@pytest.mark.parametrize("text, expected", [
    ("Q1：如何调试超参数？", "如何调试超参数？"), ("1、误差反向传播思想：", "误差反向传播思想"),
    ("一、DBN：", "DBN"), ("（3）池化", "池化"), ("1x1 卷积的作用", "1x1 卷积的作用"),
    ("1.5 倍学习率", "1.5 倍学习率"), ("2) 自顶向下", "自顶向下"), ("第3题：BN", "BN"),
    ("第12个问题：参数12如何影响模型？", "参数12如何影响模型？"), ("第二问：为什么", "为什么"),
    ("📊 面试准备检查清单", "面试准备检查清单"), ("🚀 6. CNN 典型层次及其作用", "CNN 典型层次及其作用"),
    ('Q1: "Why is Transformer better?"', "Why is Transformer better?"),
    ('"a" 和 "b" 的区别', '"a" 和 "b" 的区别'),
    # who asks, in notes written as an interview
    ("面试官：**“你能解释一下 BN 吗？”**", "你能解释一下 BN 吗？"),
    ("如果考官继续问： “BN 为什么有效？”", "BN 为什么有效？"),
    ("追问：为什么？", "为什么？"), ("面试官问：什么是 BN？", "什么是 BN？"),
])
def test_strip_numbering(text, expected):
    assert strip_numbering(text) == expected


def test_an_interview_written_out_gives_the_questions_asked():
    """`面试官：**“…？”**` asks; `🔥 **最佳回答（简短清晰）**：` only labels the answer (a structure word with a
    note in brackets), and `🔥 **如果考官继续问：** **“…？”**` asks again, without its label."""
    result = outline("""
        ### 🎯 面试时如何回答 BN?

        面试官：**“你能解释一下 Batch Normalization 吗？”**

        🔥 **最佳回答（简短清晰）**：

        > BN 是一种归一化方法，让每一层的输入更加稳定。

        🔥 **如果考官继续问：** **“BN 为什么能加速训练？”**

        > 因为 BN 让梯度更加稳定，学习率可以设得更大。
        """)
    names = titles_of(result)
    assert "你能解释一下 Batch Normalization 吗？" in names and "BN 为什么能加速训练？" in names
    assert not any("最佳回答" in name or "考官" in name for name in names)


def test_plain_text_of_a_wording():
    assert plain_text("**$1\\times 1$卷积**的<mark>作用</mark>") == "1×1卷积的作用"
    assert plain_text("[BN](x.md) 和 `dropout`") == "BN 和 dropout"


def test_hostile_lines_split_quickly():
    text = "\n\n".join(["*" * 5000, "**" + "*_" * 3000 + "**：", "_" * 5000 + "？", "**a" * 3000])
    start = time.perf_counter()
    outline(text)
    assert time.perf_counter() - start < 2


def test_question_and_answer_lines():
    result = outline("""
        # 问答

        问：什么是过拟合？
        答：训练集好、测试集差。

        Q: Why does BN help?

        A: It normalizes each layer's inputs.

        **问：** 1x1 卷积有什么作用？

        降维。
        """)
    assert titles_of(result) == ["什么是过拟合？", "Why does BN help?", "1x1 卷积有什么作用？"]
    assert result.units[0].answer == "答：训练集好、测试集差。"
    assert result.units[1].answer == "A: It normalizes each layer's inputs."


def test_plain_numbered_questions_with_indented_answers():
    result = outline("""
        ## 卷积

        1. 什么是感受野？

            输出上一个点对应的输入区域。

        2. 池化层有什么作用？

            降维，平移不变性。

        3. 这一条只是一个要点？
        4. 这一条也是。
        """)
    assert titles_of(result) == ["什么是感受野？", "池化层有什么作用？"]
    assert "这一条只是一个要点？" in result.units[1].answer


def test_level_one_headings_can_be_the_questions_themselves():
    assert titles("""
        # 什么是过拟合？

        训练好测试差。

        # 如何防止过拟合？

        正则化。
        """) == ["什么是过拟合？", "如何防止过拟合？"]
    assert titles("""
        Setext 标题的笔记
        ================

        如何选择学习率？
        ----------------

        从小到大试。
        """) == ["如何选择学习率？"]


def test_an_item_question_with_its_answer_on_the_same_line_keeps_every_line():
    result = outline("""
        ## 归一化

        1. **什么是BN？** 批归一化。

            更多解释。

        2. **什么是LN？** 层归一化。
        """)
    assert titles_of(result) == ["什么是BN？", "什么是LN？"]
    assert result.units[0].answer.split("\n") == ["批归一化。", "", "更多解释。"]
    assert result.units[1].answer == "层归一化。"


@pytest.mark.parametrize("text, title", [
    ("深度学习基础\n===\n\nIndex\n---\n\n# 反向传播算法\n", "深度学习基础"),  # setext title first
    ("```python\n# 注释\n```\n\n# 真正的标题\n", "真正的标题"),  # never a comment inside a fence
    ("正文一段。\n\n## 小节\n", "note"),  # no level-one heading: the file name
    ("# `BN - batch normalization`\n", "BN - batch normalization"),  # set off as code: as a reader sees it
    ("# **激活函数**\n", "激活函数"),
])
def test_a_notes_title_is_its_first_level_one_heading_of_either_style(text, title):
    note = make_note(text)
    assert FixedNote(note, note.lines, [], []).title == title


def test_a_note_view_shows_a_setext_title_once():
    from notes_normalizer.site.note_page import note_page
    note = make_note("深度学习基础\n===\n\n## 反向传播\n\n正文。\n")
    page = note_page(FixedNote(note, note.lines, [], []))
    assert page.count("深度学习基础") == 2 and "# 深度学习基础" not in page  # front matter title + the note's own


def test_a_plain_sentence_asking_the_reader_is_part_of_the_answer_under_its_heading():
    note = ("# 采样\n\n## 蒙特卡洛算法\n\n#### 例子：估计圆周率\n\n"
            "如下图所示，从正方形中随机均匀抽取点，落在圆内的概率是多少？\n\n面积之比是 π/4。\n\n"
            "#### 问：为什么样本越多越准？\n\n大数定律。\n")
    assert titles(note) == ["例子：估计圆周率", "为什么样本越多越准？"]


def test_bold_aspect_labels_under_a_concept_heading_are_its_answer_not_questions():
    note = ("# 笔记\n\n## 优化器\n\n### SGD (随机梯度下降)\n\n"
            "- **优点**：计算代价极小。\n\n- **缺点**：收敛不稳定。\n\n"
            "### AdaGrad\n\n- **优点**：自适应学习率。\n- **缺点**：学习率衰减到 0。\n\n"
            "### 问题列表\n\n- **AdaGrad 的缺点是什么？**\n- **RMSProp 的作用？**\n")
    assert titles(note) == ["SGD (随机梯度下降)", "AdaGrad", "AdaGrad 的缺点是什么？", "RMSProp 的作用？"]


def test_a_placeholder_the_author_left_is_no_answer():
    note = ("# 笔记\n\n## BN可以防止过拟合么？\n\n- [ ] TODO\n\n## 什么是 Dropout？\n\n待补充\n\n"
            "## 什么是 BN？\n\n批归一化。\n")
    assert [(unit.title, unit.answered) for unit in outline(note).units] == [
        ("BN可以防止过拟合么？", False), ("什么是 Dropout？", False), ("什么是 BN？", True)]


def test_a_bold_sentence_that_names_an_aspect_but_gives_its_answer_is_a_point():
    from notes_normalizer.split.wording import is_statement
    assert is_statement("在 CNN 中，Padding 作用是防止特征图尺寸缩小，保护边界信息，提高模型的训练稳定性。")
    assert is_statement("共线性会造成冗余，导致过拟合。")
    assert not is_statement("BN 的作用是什么？")
    assert not is_statement("Dropout 的作用。")  # a heading with a stray full stop still asks
