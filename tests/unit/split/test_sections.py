"""The section rules (split/sections.py) one by one, the shapes of note they serve, and the property
every unit keeps: it is a question or a concept a reader would look up, never a word that only
structures an answer, never a bare number. Small notes of our own, written for these tests."""

from __future__ import annotations

import dataclasses
import re
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from notes_normalizer.language.vocabulary import vocabulary
from notes_normalizer.model import FixedNote
from notes_normalizer.split.owners import OWNER_RULES
from notes_normalizer.split.questions import split_questions
from notes_normalizer.split.sections import ONE_QUESTION, QUESTION_FILE, SECTION_RULES, TOPIC_NOTE
from tests.helpers import make_note


def outline(text: str, name: str = "note.md"):
    note = make_note(text, name=name)
    return split_questions(FixedNote(note, note.lines, [], []))


def titles_of_units(result) -> list[str]:
    return [unit.title for unit in result.units]


def titles(text: str, name: str = "note.md") -> list[str]:
    return [unit.title for unit in outline(text, name).units]


# --- one test per rule, named after it ------------------------------------------------------------

def test_rule_reference_or_navigation():
    result = outline("""
        ## Dropout 的作用

        防止过拟合。

        ## 参考资料

        - [Dropout 论文](https://example.org)
        """)
    assert [u.title for u in result.units] == ["Dropout 的作用"]
    assert "Dropout 论文" not in result.units[0].answer
    # an overview of the note is skipped, but not the questions it holds
    overview = outline("""
        # 基于深度学习的模型

        ## 知识体系

        主要包括卷积网络、循环网络和注意力机制。

        ### CNN

        卷积神经网络用卷积核提取局部特征。
        """)
    assert [u.title for u in overview.units] == ["CNN"]


def test_rule_answer_structure():
    # `## 解答` and `### 代码实现` only structure the answer of the question the note states
    result = outline("""
        ## 问题

        为什么要用残差连接？

        ## 解答

        让梯度直接回传。

        ### 代码实现

        `y = f(x) + x`
        """, name="12_为什么要用残差连接.md")
    assert [u.title for u in result.units] == ["为什么要用残差连接？"]
    assert "让梯度直接回传" in result.units[0].answer and "y = f(x) + x" in result.units[0].answer


def test_rule_part_of_the_answer():
    # the halves of a comparison the note asks about are parts of its one answer
    result = outline("""
        ## 问题

        过拟合和欠拟合的表现与解决方法。

        ## 过拟合

        ### 过拟合的原因

        模型太复杂。

        ## 欠拟合

        模型太简单。
        """, name="02_过拟合和欠拟合的表现与解决方法.md")
    assert [u.title for u in result.units] == ["过拟合和欠拟合的表现与解决方法"]
    assert "模型太复杂" in result.units[0].answer and "模型太简单" in result.units[0].answer


def test_rule_within_the_answer():
    # `## FLOPs` names nothing new, but its sub-sections each ask about a layer of their own
    result = outline("""
        ## FLOPs

        浮点运算数，衡量模型的计算量。

        ### 标准卷积层的FLOPs

        卷积核大小乘以输出尺寸。

        ### 全连接层的FLOPs

        输入乘以输出。
        """, name="22_CNN网络各种层的FLOPs和参数量计算.md")
    assert [u.title for u in result.units] == [
        "CNN网络各种层的FLOPs和参数量计算", "标准卷积层的FLOPs", "全连接层的FLOPs"]
    assert "浮点运算数" in result.units[0].answer


def test_rule_aspect_of_its_owner():
    # an aspect named alone under the note's own title asks about the title's concept
    result = outline("""
        # 梯度消失

        ## 解决方案

        ### 1. 换用 ReLU

        导数为 1。

        ### 2. 残差结构

        梯度直接回传。
        """, name="梯度消失.md")
    assert [u.title for u in result.units] == ["梯度消失：解决方案"]
    assert "导数为 1" in result.units[0].answer and "梯度直接回传" in result.units[0].answer


def test_rule_facet_of_its_owner():
    # under a heading that names a concept, `### 缺点` is a facet of that heading's answer
    result = outline("""
        # 优化算法笔记

        ## SGD

        每次用一个样本更新参数。

        ### 缺点

        收敛不稳定。

        ## Adam

        结合动量和自适应学习率。
        """)
    assert [u.title for u in result.units] == ["SGD", "Adam"]
    assert "收敛不稳定" in result.units[0].answer


def test_rule_question_list_item():
    result = outline("""
        # 面试题

        ### 1. 前向传播与反向传播计算

        链式法则。

        ### 2. 梯度爆炸和梯度消失

        连乘。

        ### 3. 计算感受野

        #### 概念

        输出像素对应的输入区域。

        #### 公式

        逐层累加。
        """)
    assert [u.title for u in result.units] == ["前向传播与反向传播计算", "梯度爆炸和梯度消失", "计算感受野"]
    assert "逐层累加" in result.units[2].answer


def test_rule_topic():
    # a heading that explains its concept before its questions is a question as well as their topic;
    # one that explains nothing only holds them
    explained = outline("""
        # 深度学习面试题

        ## Batch Normalization

        对每一层的输入做归一化，再缩放平移。

        ### BN 在训练和测试时有什么区别？

        测试时用移动平均。
        """)
    assert [u.title for u in explained.units] == ["Batch Normalization", "BN 在训练和测试时有什么区别？"]
    bare = outline("""
        # 深度学习面试题

        ## 1. 卷积层

        ### 卷积核为什么是奇数？

        有中心点。

        ### 1x1 卷积的作用？

        改变通道数。
        """)
    assert [u.title for u in bare.units] == ["卷积核为什么是奇数？", "1x1 卷积的作用？"]
    assert bare.topics[-1][1] == "卷积层"


def test_rule_asks_over_sub_questions():
    result = outline("""
        ### BN 在训练和测试时分别是怎么做的？

        训练时用批统计量。

        #### 为什么训练时不采用移动平均？

        会与梯度优化冲突。
        """)
    assert [u.title for u in result.units] == ["BN 在训练和测试时分别是怎么做的？", "为什么训练时不采用移动平均？"]


def test_rule_labels_its_questions():
    result = outline("""
        # 深度学习基础

        ## 1. CNN

        - **CNN 为什么可以在 CV 和 NLP 中都使用？**
            * 局部相关性

        - **1x1 卷积核的作用是什么？**
            * 降维
        """)
    assert [u.title for u in result.units] == ["CNN 为什么可以在 CV 和 NLP 中都使用？", "1x1 卷积核的作用是什么？"]


def test_rule_question():
    result = outline("""
        ## Dropout 为什么能防止过拟合？

        相当于集成许多子网络。
        """)
    assert [u.title for u in result.units] == ["Dropout 为什么能防止过拟合？"]


def test_every_section_rule_has_a_test_named_after_it():
    names = {name.replace("-", "_") for name, _ in SECTION_RULES}
    tests = {name.removeprefix("test_rule_") for name in dir(sys.modules[__name__]) if name.startswith("test_rule_")}
    assert names <= tests, f"rules without a test: {sorted(names - tests)}"


# --- the shapes of note (issue: every shape of note splits into the questions a reader would look up) ----

def test_shape_a_file_of_many_questions():
    result = outline("""
        # 深度学习面试总结

        ## 1. 什么是 BN？

        批归一化。

        ## 2. Dropout 的作用

        防止过拟合。

        **3. 为什么要用 ReLU？**

        缓解梯度消失。
        """)
    assert result.shape == QUESTION_FILE
    assert [u.title for u in result.units] == ["什么是 BN？", "Dropout 的作用", "为什么要用 ReLU？"]


def test_shape_one_note_one_question_stated_in_its_file_name():
    result = outline("""
        ## 问题

        我在面试中被问到过这个问题，这里整理一下自己的理解，顺便记录一些参考资料和代码，方便以后复习。

        ## 背景知识

        深层网络难以训练。

        ## 解答

        残差连接让梯度直接回传。

        ## 举例

        ResNet-152。

        ## 总结

        有效。
        """, name="12_为什么要用残差连接.md")
    assert result.shape == ONE_QUESTION
    assert [u.title for u in result.units] == ["为什么要用残差连接"]
    unit = result.units[0]
    assert unit.line <= 3  # where the note states it
    for part in ("深层网络难以训练", "残差连接让梯度直接回传", "ResNet-152", "有效"):
        assert part in unit.answer


def test_shape_one_note_one_question_stated_in_a_sentence():
    assert titles("""
        ## 问题

        ROI Pooling 和 ROI Align 的区别是什么？

        ## ROI Pooling 技术细节

        两次量化。

        ## ROI Align 技术细节

        双线性插值。
        """, name="40_解释 ROI.md") == ["ROI Pooling 和 ROI Align 的区别是什么？"]


def test_shape_a_topic_note_with_a_qa_section():
    result = outline("""
        # Trick - Dropout

        tags: 深度学习

        ## 思想

        训练时随机丢弃神经元，防止过拟合。

        ## QA

        ### 1. 为何 Dropout 能够解决过拟合？

        集成。

        ### 2. Dropout 有什么缺陷？

        训练变慢。
        """, name="Trick - Dropout.md")
    assert result.shape == TOPIC_NOTE
    assert [u.title for u in result.units] == ["Dropout", "为何 Dropout 能够解决过拟合？", "Dropout 有什么缺陷？"]
    assert "随机丢弃神经元" in result.units[0].answer
    assert not result.units[0].answer.rstrip().endswith("QA")  # its questions are pages: the heading heads nothing


def test_shape_an_article_copied_from_a_blog():
    result = outline("""
        # 一文读懂 Batch Normalization

        [阅读原文](https://example.org/post)

        本文介绍 BN 的原理和作用，BN 对每层输入做归一化，使训练更稳定。

        ## BN 的作用

        加速收敛。

        ## 总结

        BN 很常用。
        """, name="一文读懂BN.md")
    names = [u.title for u in result.units]
    assert names[0] == "一文读懂 Batch Normalization" and "BN 的作用" in names
    assert "总结" not in names and "阅读原文" not in names


def test_shape_a_chapter_of_a_book():
    assert titles("""
        # 第三章 深度学习基础

        ## 3.4 激活函数

        ### 3.4.1 为什么需要非线性激活函数？

        否则只是线性变换。

        ### 3.4.2 常见的激活函数有哪些？

        ReLU、Sigmoid。
        """) == ["为什么需要非线性激活函数？", "常见的激活函数有哪些？"]


def test_shape_a_folder_per_topic_named_by_its_readme():
    result = outline("""
        本节整理残差网络的核心思想：学习残差而不是直接学习映射。

        ## ResNet 解决了什么问题？

        退化问题。
        """, name="残差网络/README.md")
    assert [u.title for u in result.units] == ["残差网络", "ResNet 解决了什么问题？"]


def test_shape_a_long_survey_note():
    result = outline("""
        - [一，优化算法](#一优化算法)
          - [1.1，SGD](#11sgd)
          - [1.2，Adam](#12adam)

        ## 一，优化算法

        ### 1.1，SGD

        随机梯度下降。

        ### 1.2，Adam 的原理？Nadam 改进了什么？

        动量加自适应学习率。

        ## 十九，总结

        Adam 常用。
        """, name="深度学习基础-优化算法详解.md")
    names = [u.title for u in result.units]
    assert "SGD" in names and "Adam 的原理？Nadam 改进了什么？" in names
    assert not any(re.match(r"^[一二三四五六七八九十\d]", name) for name in names)
    assert "总结" not in names and "一，优化算法" not in names



def test_shape_a_folder_per_topic_with_labels_set_off_as_code():
    """Some authors set headings and labels off with backticks instead of bold (a heading, a line, a
    list item's label). Code holding Chinese prose is such a label; a labelled reference line (a label,
    then a URL) and a derivation step (`第一部分：`) are not questions."""
    result = outline("""
        # `激活函数`

        ## `一、激活函数的作用：`

        引入非线性因素，解决线性模型不能解决的问题。

        ## `二、常见激活函数：`

        * `2.1、sigmoid 激活函数：`

            导数取值范围是 [0, 0.25]，容易梯度消失。

        * `2.2、relu 激活函数：`

            正区间导数为 1，不会梯度消失。

        ## `三、反向传播推导：`

        * `第一部分：`

            链式法则求导。

        * `第二部分：`

            矩阵形式。

        ## `参考：`

        `形象的解释神经网络激活函数的作用是什么？`: https://example.org/a
        """, name="激活函数/readme.md")
    names = [u.title for u in result.units]
    assert "激活函数的作用" in [n.rstrip("：:") for n in names]
    assert "sigmoid 激活函数" in names and "relu 激活函数" in names
    assert not any("部分" in name for name in names)
    assert not any("形象的解释" in name for name in names)
    assert not any(name.startswith(("一", "二", "2.")) for name in names)


def test_a_title_naming_concepts_surveys_them_each_section_a_unit():
    """`# 梯度消失和梯度爆炸` over `## 梯度消失` and `## 梯度爆炸`, each explained: a reader looks each up. Under
    a title that asks about the pair (`…的表现与解决方法`), the halves are parts of its answer."""
    survey = """
        # {title}

        两者原理类似，都和网络层数有关。

        ## 梯度消失

        sigmoid 的导数最大为 0.25，层层相乘后越来越小，前面的层几乎不更新。

        ## 梯度爆炸

        权重大于 1 时层层相乘越来越大，参数更新剧烈震荡。
        """
    assert titles(survey.format(title="梯度消失和梯度爆炸")) == ["梯度消失和梯度爆炸", "梯度消失", "梯度爆炸"]
    assert titles(survey.format(title="梯度消失和梯度爆炸的原因与解决方法")) == ["梯度消失和梯度爆炸的原因与解决方法"]


def test_an_aspect_alone_asks_about_the_concept_of_the_question_before_it():
    """`### 🔥 解决方案` right after `### 🛑 梯度消失的原因` (siblings, nothing above them naming it): a reader
    reads 梯度消失的解决方案, and so do merging and the page's title. After a question in another place
    (another heading's section) it borrows nothing."""
    result = outline("""
        ## 2、梯度作用、梯度消失和梯度爆炸

        ### **1️⃣ 什么是梯度消失？**

        前面的层几乎不更新。

        ### **🛑 梯度消失的原因**

        连乘导致梯度越来越小。

        ### **🔥 解决方案**

        使用 ReLU、残差连接、BN。

        ### **2️⃣ 什么是梯度爆炸？**

        参数更新剧烈震荡。

        ### **🛑 梯度爆炸的原因**

        权重过大，连乘导致梯度越来越大。

        ### **🔥 解决方案**

        梯度裁剪、权重正则化。
        """)
    assert [u.topic_heading for u in result.units if u.title == "解决方案"] == ["梯度消失", "梯度爆炸"]
    elsewhere = outline("""
        ## Dropout 的原因

        防止共适应。

        # 其他

        ## 解决方案

        多种方法。
        """)
    assert [u.topic_heading for u in elsewhere.units if u.title == "解决方案"] != ["Dropout"]


def test_a_category_with_a_short_introduction_over_one_numbered_item_holds_that_question():
    """`## 3. 度量学习损失` + one sentence + `**(7) Triplet Loss**` (the note numbers its losses across
    categories): the item is the question, the category only groups it."""
    result = outline("""
        ## 2. 回归损失

        **(5) MSE**

        平方误差的均值。

        **(6) MAE**

        绝对误差的均值。

        ## 3. 度量学习损失（Metric Learning Loss）

        用于衡量特征之间的相似性，常用于人脸识别等任务。

        **(7) Triplet Loss**

        使同类样本靠近，不同类样本远离，常用于人脸识别与检索任务。
        """)
    names = titles_of_units(result)
    assert "Triplet Loss" in names and not any(name.startswith("度量学习损失") for name in names)


def test_checks_listed_under_a_how_to_question_are_steps_of_its_answer():
    """`### 1. 是否选择了合适的损失函数？` … `### 4. 是否过拟合？` under `## 调参效果不好，如何优化？`: each asks
    only whether, a step a reader follows there, no page of its own. A sub-question asking why stays."""
    result = outline("""
        ## 📌 31. 神经网络调参效果不好，如何优化？

        ### 🔹 1. 是否选择了合适的损失函数？

        分类用交叉熵，回归用均方误差。

        ### 🔹 2. 学习率是否合适？

        太大震荡，太小收敛慢。

        ### 🔹 3. 为什么 Batch Size 会影响泛化？

        小批量的噪声有正则化作用。
        """)
    assert titles_of_units(result) == ["神经网络调参效果不好，如何优化？", "为什么 Batch Size 会影响泛化？"]


def test_an_item_of_a_question_list_over_variants_of_its_concept_holds_them_as_questions():
    """`## 四、可分离卷积` over `### 空间可分离卷积` and `### 深度可分离卷积`: each variant is looked up on its
    own. Sub-headings the item itself names (`#### 一维卷积` under `从 pytorch 看一维卷积，二维卷积`) part it."""
    variants = titles("""
        ## 一、常规卷积

        滑动窗口做内积。

        ## 二、分组卷积

        通道分组分别卷积。

        ## 三、空洞卷积

        在卷积核中插入空洞。

        ## 四、可分离卷积

        ### 空间可分离卷积

        把 3x3 卷积核拆成 3x1 和 1x3。

        ### 深度可分离卷积

        逐通道卷积再逐点卷积。
        """)
    assert "空间可分离卷积" in variants and "深度可分离卷积" in variants
    named = titles("""
        ## 1. 卷积的作用

        提取局部特征。

        ## 2. 卷积核的参数

        大小、步长、填充。

        ## 3. 从 pytorch 看一维卷积，二维卷积

        ### 一维卷积

        用于序列。

        ### 二维卷积

        用于图像。
        """)
    assert "一维卷积" not in named and "二维卷积" not in named


def test_a_concepts_attribute_and_a_named_problem_under_a_topic_note_are_questions():
    """Under the note `# 激活函数`: `## 激活函数的稀疏激活性` names an attribute of the concept, `## 0. Dead Relu
    问题` the dead-ReLU problem; both are looked up on their own (问题 beside a name is no structure word)."""
    names = titles("""
        # 激活函数

        激活函数给网络引入非线性。

        ## 激活函数的稀疏激活性

        ReLU 让一部分神经元输出为 0，网络变得稀疏。

        ## QA

        ## 0. Dead Relu 问题

        大梯度使 ReLU 的输入恒为负，之后再也不会被激活。
        """)
    assert "激活函数的稀疏激活性" in names and "Dead Relu 问题" in names


def test_an_item_of_a_question_list_over_another_aspect_of_its_concept_holds_it_as_a_question():
    """`### ✅ Softmax 的作用` under `## 📌 26. 什么是 Softmax？`: what it is for, asked apart from what it is;
    `### 直观理解` there stays a part."""
    names = titles("""
        ## 📌 25. 什么是 ReLU？

        max(0, x)。

        ## 📌 26. 什么是 Softmax？

        ### 直观理解

        把分数变成概率。

        ### ✅ Softmax 的作用

        多分类输出层。

        ## 📌 27. 什么是 Dropout？

        随机丢弃神经元。
        """)
    assert "Softmax 的作用" in names and "直观理解" not in names

# --- the property --------------------------------------------------------------------------------

_WORDS = vocabulary()
_HEADINGS = st.sampled_from([
    "问题", "解答", "背景知识", "代码实现", "举例", "总结", "参考资料", "补充", "拓展", "结论", "区别", "联系",
    "BN 的作用", "什么是 Dropout？", "ReLU", "Adam 的原理", "梯度消失的原因", "1. 卷积层", "二，背景", "3.2.，SGD",
    "🔥 解决方案", "**📌 1. 为什么要归一化？**", "(3) Xavier 初始化", "Q3: 为什么 1x1 卷积能降维？", "1️⃣ 什么是梯度？"])
_BODIES = st.sampled_from(["", "简短的回答。", "一段较长的解释，说明这个概念是什么、为什么有效、怎么计算。",
                           "- 要点一\n- 要点二", "**加粗的要点**：说明。", "为什么会这样？因为梯度连乘。"])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 4), _HEADINGS, _BODIES), min_size=1, max_size=8),
       st.sampled_from(["note.md", "07_为什么要归一化.md", "Trick - Dropout.md", "优化算法/README.md"]))
def test_every_unit_asks_a_question_or_names_a_concept(sections, name):
    text = "\n\n".join(f"{'#' * level} {heading}\n\n{body}" for level, heading, body in sections)
    for unit in outline(text, name).units:
        assert not _WORDS.only_structures(unit.title), (unit.title, text)
        assert not re.fullmatch(r"[\d\W_]*", unit.title), (unit.title, text)
        numbered = re.match(r"^\s*(?:\d+(?:\.\d+)*[.、，,]|[一二三四五六七八九十]+[，、])", unit.title)
        assert not numbered, (unit.title, text)


def test_sub_questions_tagged_inside_an_answer_are_questions_of_their_own():
    result = outline("""
        ## 三，Adam

        Adam 结合了动量和自适应学习率：一阶矩估计梯度的方向，二阶矩估计每个参数的步长，再做偏差修正。

        【问题】Adam 为什么比 SGD 收敛快？

        自适应学习率。

        子问题3.1：Nadam 改进了什么？

        加入 Nesterov 动量。
        """, name="优化算法详解.md")
    names = [u.title for u in result.units]
    assert "Adam 为什么比 SGD 收敛快？" in names and "Nadam 改进了什么？" in names
    assert "Adam" in names  # the section explains Adam before its sub-questions


def test_a_topic_title_with_only_figures_under_it_is_still_a_question():
    result = outline("""
        # MLP

        ![感知机](img/perceptron.png)

        ## 1. 万能近似定理

        一个前馈神经网络只要隐藏单元足够，就能以任意精度近似任何函数。

        ## 2. 如何解决非线性问题

        核方法，或神经网络的激活函数。
        """, name="基本单元 - MLP.md")
    assert [u.title for u in result.units] == ["MLP", "万能近似定理", "如何解决非线性问题"]
    assert "perceptron.png" in result.units[0].answer


def test_a_topic_note_that_asks_one_question_is_one_unit_starting_at_its_title():
    result = outline("""
        # 局部最小值，鞍点

        ## 基础原理

        [神经网络最终收敛何处？](https://example.org/p/1)

        ## QA

        ### 1. 如何避免陷入局部最小值与鞍点？

        SGD 的随机性、动量和自适应学习率都能帮助跳出。
        """)
    assert [(u.line, u.title) for u in result.units] == [(1, "如何避免陷入局部最小值与鞍点？")]
    assert "example.org" in result.units[0].answer and "动量" in result.units[0].answer


def test_a_title_with_nothing_of_its_own_under_it_only_heads_the_questions():
    assert titles("""
        # 基于深度学习的模型

        ## 知识体系

        ### CNN 有什么好处？

        局部连接，权值共享。

        ### LSTM 网络结构？

        三个门。
        """) == ["CNN 有什么好处？", "LSTM 网络结构？"]


def test_a_heading_right_over_the_question_asking_what_it_names_restates_it():
    result = outline("""
        # 深度学习面试题

        ## 2. 卷积神经网络（CNN）

        🌟 **1. 什么是 CNN？**

        CNN 用卷积提取图片中的特征，比如边缘、形状、颜色。

        🌟 **2. CNN 的核心组件**

        卷积层、池化层、全连接层。
        """)
    heading, question, parts = result.units
    assert (heading.title, question.title, parts.title) == ("卷积神经网络（CNN）", "什么是 CNN？", "CNN 的核心组件")
    assert question.restates == heading.index and parts.restates is None


def test_a_heading_over_a_question_about_a_variant_restates_nothing():
    result = outline("""
        # 损失函数汇总

        ## 常用的损失函数

        **1. 0-1 损失函数**

        预测错了记 1。

        **2. 绝对值损失函数**

        差的绝对值。
        """)
    assert all(unit.restates is None for unit in result.units)
    assert "常用的损失函数" not in [unit.title for unit in result.units]


def test_the_restating_heading_and_its_question_share_a_page():
    from notes_normalizer.merge.merger import merge_units
    result = outline("""
        # 面试题

        ## 循环神经网络（RNN）

        **1. 什么是 RNN？**

        一种能记住之前信息的网络。

        **2. RNN 存在的问题**

        梯度消失。
        """)
    clusters = merge_units(result.units)
    assert [[u.title for u in c.members] for c in clusters] == [
        ["循环神经网络（RNN）", "什么是 RNN？"], ["RNN 存在的问题"]]


def test_bold_lines_outlining_an_answer_are_judged_as_its_sub_headings():
    titles_found = titles("""
        # 深度学习面试题

        ## 📌 21. 为什么使用 SqueezeNet？SqueezeNet 是怎样的网络？

        **🔹 1. 为什么使用 SqueezeNet？**

        常见 CNN 参数量巨大，难以部署到移动端。目标是：

        ✅ **减少模型大小（降低存储需求）**
        ✅ **减少计算量（加快推理速度）**

        **🔹 2. SqueezeNet 是怎么做到的？**

        Fire Module 与 1×1 卷积。

        🔥 **PyTorch 代码（Fire Module）**

        ```python
        fire = Fire(96, 16, 64, 64)
        ```

        **那么它的精度会下降吗？**

        与 AlexNet 相当。
        """)
    assert titles_found == ["为什么使用 SqueezeNet？SqueezeNet 是怎样的网络？", "为什么使用 SqueezeNet？",
                            "SqueezeNet 是怎么做到的？"]


def test_a_numbered_series_of_bold_points_is_no_outline():
    assert titles("""
        # 深度学习面试题

        ## 如何选择深度学习开发平台？

        **参考1：与现有编程平台、技能整合的难易程度**

        已有的技能。

        **参考2：平台利用是否多样性？**

        多种用途。
        """) == ["如何选择深度学习开发平台？"]


def test_an_extension_section_opening_with_a_question_asks_it():
    result = outline("""
        ## 问题

        在将图像输入到网络之前，一般先做图像归一化，为什么需要这么做呢？

        ## 拓展

        那么我们先讨论下“为什么要对数值型特征做归一化”这个问题。消除量纲的影响，加快收敛。

        ## 问题解答

        像素值范围大，梯度也大，学习率难以设置。

        ## 问题深入

        那么训练网络之前应该怎么做图像归一化呢？有两种方法：除以 255，或减均值除以标准差。
        """, name="09_为什么输入网络前要对图像做归一化.md")
    assert [u.title for u in result.units] == [
        "在将图像输入到网络之前，一般先做图像归一化，为什么需要这么做呢？", "为什么要对数值型特征做归一化",
        "训练网络之前应该怎么做图像归一化呢？"]
    assert "像素值范围大" in result.units[0].answer and "除以 255" in result.units[2].answer


def test_an_extension_section_that_asks_nothing_stays_part_of_the_answer():
    result = outline("""
        # 为什么要用残差连接

        残差连接让梯度直接流回浅层，缓解深层网络的退化。

        ## 拓展

        DenseNet 把这个想法推到了每一层之间。
        """)
    assert [u.title for u in result.units] == ["为什么要用残差连接"]
    assert "DenseNet" in result.units[0].answer


def test_a_section_restating_the_notes_own_question_is_a_unit_on_its_page():
    from notes_normalizer.merge.merger import merge_units
    result = outline("""
        # LSTM介绍理解

        LSTM 是一种特殊的 RNN，主要为了解决长序列训练中的梯度消失问题。

        ## RNN

        RNN 是一种处理序列的网络，当前输出依赖之前的状态。

        ## LSTM

        LSTM 比 RNN 多了一个传输状态 cell state，用三个门控制它。
        """)
    owner, rnn, lstm = result.units
    assert (owner.title, rnn.title, lstm.title) == ("LSTM介绍理解", "RNN", "LSTM")
    assert lstm.restates == owner.index and "cell state" in lstm.answer and "cell state" not in owner.answer
    assert [[u.title for u in c.members] for c in merge_units(result.units)] == [["LSTM介绍理解", "LSTM"], ["RNN"]]


def test_a_note_named_by_its_file_holding_only_a_link_is_its_topics_page():
    result = outline("""
        [Dropout 解决过拟合问题](https://example.org/p/23178423)
        """, name="dropout.md")
    assert [(u.line, u.title) for u in result.units] == [(1, "dropout")]
    assert "example.org" in result.units[0].answer


def test_numbering_before_a_latin_name_is_no_part_of_it():
    from notes_normalizer.split.wording import strip_numbering
    assert strip_numbering("1 L1/L2正则化方法") == "L1/L2正则化方法"
    assert strip_numbering("12 Adam") == "Adam"
    assert strip_numbering("1 x 1 卷积") == "1 x 1 卷积"


def test_plain_lines_over_lists_stand_in_for_headings():
    result = outline("""
        [深度学习优化算法入门](https://example.org/p/1)

        BGD
        - 稳定
        - 慢

        SGD
        - 不稳定
        - 快

        AdaGrad --> 半自适应学习率
        - 学习率由以往梯度的平方累积决定

        Adadelta

        RMSProp --> 自适应学习率
        - 梯度平方的指数滑动平均
        """, name="优化算法.md")
    assert [u.title for u in result.units] == ["优化算法", "BGD", "SGD", "AdaGrad", "Adadelta", "RMSProp"]
    assert result.units[3].answer.startswith("AdaGrad --> 半自适应学习率")  # the author's comment stays


def test_a_sentence_or_a_label_over_a_list_is_no_heading():
    assert titles("""
        # 为什么要用 BN

        结构如下：
        - 归一化
        - 缩放平移

        好处
        - 收敛快

        BLOG:
        - [一篇博客](https://example.org)
        """) == ["为什么要用 BN"]


def test_a_note_that_only_lists_questions_has_one_unanswered_unit_per_line():
    result = outline("""
        RNN结构
        LSTM结构
        RNN梯度爆炸和梯度消失问题,为什么？

        权重初始化方法
        优化算法
        """, name="总结.md")
    assert [(u.line, u.title) for u in result.units] == [
        (1, "RNN结构"), (2, "LSTM结构"), (3, "RNN梯度爆炸和梯度消失问题,为什么？"),
        (5, "权重初始化方法"), (6, "优化算法")]
    assert not any(u.answered for u in result.units)


def test_a_note_without_a_title_opening_with_a_question_asks_it():
    result = outline("""
        为什么使用batch-normalization
        1、提高梯度在网络中的流动。
        2、提升学习速率。

        [详解深度学习中的Normalization](https://example.org/p/33173246)
        """, name="normalization.md")
    assert [(u.line, u.title) for u in result.units] == [(1, "为什么使用batch-normalization")]
    assert result.units[0].answer.startswith("1、提高梯度")


def test_opposite_degrees_ask_different_things():
    from notes_normalizer.merge.merger import merge_units
    from tests.unit.merge.test_same_question import unit
    assert len(merge_units([unit("a.md", "初始化不能初始化太大", "防止 sigmoid 饱和。"),
                            unit("b.md", "初始化不能太小", "防止输出值太小，梯度弥散。", index=2)])) == 2


# --- where the note states its own question (split/owners.py) --------------------------------------

def test_owner_rule_title_heading():
    assert titles("# 为什么要用残差连接\n\n## 背景\n\n网络变深后难训练。\n\n## 解答\n\n恒等映射让梯度直达。\n",
                  name="notes.md") == ["为什么要用残差连接"]


def test_owner_rule_front_matter_title():
    note = make_note("## 背景\n\n网络变深后难训练。\n\n## 解答\n\n恒等映射让梯度直达。\n", name="a.md")
    note = dataclasses.replace(note, meta={"title": "为什么要用残差连接"})
    assert [u.title for u in split_questions(FixedNote(note, note.lines, [], [])).units] == ["为什么要用残差连接"]


def test_owner_rule_file_name():
    assert titles("## 背景\n\n网络变深后难训练。\n\n## 解答\n\n恒等映射让梯度直达。\n",
                  name="12_为什么要用残差连接.md") == ["为什么要用残差连接"]
    # a title that only structures gives way to the file's name
    assert titles("# 代码实现\n\n```python\nx = 1\n```\n\n实现说明。\n", name="残差连接.md") == ["残差连接"]


def test_every_owner_rule_has_a_test_named_after_it():
    names = {name.replace("-", "_") for name, _ in OWNER_RULES}
    tests = {name.removeprefix("test_owner_rule_") for name in dir(sys.modules[__name__])
             if name.startswith("test_owner_rule_")}
    assert names <= tests, f"rules without a test: {sorted(names - tests)}"
