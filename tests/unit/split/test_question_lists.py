"""Splitting notes nobody here wrote: question lists with group labels, bold statements, one
question under a heading, section numbers, tables of contents and summaries. Each note is a small
one of our own that shows the pattern."""

from __future__ import annotations

from notes_normalizer.split.wording import strip_numbering

from .test_questions import outline, titles


def test_a_bold_item_over_question_sub_items_is_a_group_label():
    result = outline("""
        # 基础

        ## 1. 网络

        - **BP**
            * 梯度消失,爆炸的原因
            * 梯度消失
            * 为什么梯度相反的方向是函数下降最快的方向？
                梯度的定义决定的。
        -----------

        - **CNN为什么可以在CV领域使用？**
            * 局部相关性
        """)
    assert [u.title for u in result.units] == ["梯度消失,爆炸的原因", "梯度消失",
                                               "为什么梯度相反的方向是函数下降最快的方向？",
                                               "CNN为什么可以在CV领域使用？"]
    assert "BP" in [name for _, name in result.topics]
    assert result.units[2].answer == "梯度的定义决定的。"
    assert result.units[3].answer == "* 局部相关性"  # answer points are not questions


def test_a_bold_item_over_answer_points_stays_one_question():
    assert titles("""
        - **Dropout**
            - 随机丢弃神经元
            - 训练时生效，测试时关闭
        - **BN**
            - 归一化每层输入
        """) == ["Dropout", "BN"]


def test_a_question_sub_item_nested_in_a_question_is_its_own_unit():
    result = outline("""
        - **交叉熵和相对熵（KL散度）？**
            * L1,L2 regularization的原理
        - **为什么神经网络的损失函数是非凸的**
        """)
    assert [u.title for u in result.units] == ["交叉熵和相对熵（KL散度）？", "L1,L2 regularization的原理",
                                               "为什么神经网络的损失函数是非凸的"]
    assert result.units[1].parent == result.units[0].index


def test_a_bold_statement_is_part_of_the_answer_before_it():
    result = outline("""
        - **何为共线性，跟过拟合有啥关联**
            * 变量之间高度相关。

        - **共线性会造成冗余，导致过拟合。**
            * 解决方法：排除变量的相关性。

        - **Overfitting如何解决**
            * Data augmentation
        """)
    assert [u.title for u in result.units] == ["何为共线性，跟过拟合有啥关联", "Overfitting如何解决"]
    assert "共线性会造成冗余" in result.units[0].answer


def test_a_heading_over_one_question_is_its_topic():
    result = outline("""
        # 笔记

        ## 4. RNN
        - **RNN有什么缺陷以及LSTM是如何解决的？**
            * 长期依赖。

        ## 6. 网络结构
        - **resnet、inception，attention分别描述**
        """)
    assert [u.title for u in result.units] == ["RNN有什么缺陷以及LSTM是如何解决的？",
                                               "resnet、inception，attention分别描述"]
    assert ("RNN" in [name for _, name in result.topics]) and ("网络结构" in [name for _, name in result.topics])


def test_a_heading_that_explains_its_concept_stays_a_question():
    assert titles("""
        # 笔记

        ## Dropout

        **作用：** 防止过拟合。
        """) == ["Dropout"]


def test_section_numbers_of_any_depth_are_not_part_of_a_title():
    assert strip_numbering("3.4.12 为什么BN有效？") == "为什么BN有效？"
    assert strip_numbering("1.2 什么是感受野") == "什么是感受野"
    assert strip_numbering("1.5 倍学习率") == "1.5 倍学习率"
    assert titles("""
        # 笔记

        ## 3.4.12 为什么BN有效？

        答案。
        """) == ["为什么BN有效？"]


def test_tables_of_contents_summaries_and_empty_headings_hold_no_question():
    assert titles("""
        # 面试题

        <!-- TOC -->
        - [1. 什么是BN？](#1-什么是bn)
        - [2. Dropout 的作用？](#2-dropout-的作用)
        <!-- /TOC -->

        ## 目录

        - [什么是BN？](#什么是bn)

        ## 1. 什么是BN？

        批归一化。

        ##

        ## 总结

        以上是全部内容。

        ## 本章小结

        BN 很重要。
        """) == ["什么是BN？"]


def test_a_collection_named_a_summary_still_holds_its_questions():
    assert titles("""
        ## 面试总结

        1. **梯度消失的原因？**

            连乘。

        2. **LSTM 如何解决梯度消失？**

            门控。
        """) == ["梯度消失的原因？", "LSTM 如何解决梯度消失？"]


def test_a_setext_title_is_the_notes_title_and_a_fenced_hash_line_is_not():
    result = outline("""
        深度学习问答
        ======

        ```python
        # 不是标题
        x = 1
        ```

        ## 什么是BN？

        批归一化。

        ## Dropout 的作用？

        防止过拟合。
        """)
    assert [u.title for u in result.units] == ["什么是BN？", "Dropout 的作用？"]
    assert result.topics[0][1] == "深度学习问答"


def test_the_users_vocabulary_reaches_the_splitter(tmp_path):
    """kb.yml's `vocabulary` (here: a section name that holds no question) is read by the splitter
    too, not only by the merge."""
    from notes_normalizer.build import build_site
    from notes_normalizer.knowledge.overrides import load_overrides

    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "a.md").write_text("# 笔记\n\n## 什么是BN？\n\n批归一化。\n\n## 课后闲谈\n\n今天天气不错。\n", "utf-8")
    (tmp_path / "kb.yml").write_text("vocabulary:\n  not_questions: [课后闲谈]\n", "utf-8")
    plain = [q.title for q in build_site(notes).kb.questions]
    told = [q.title for q in build_site(notes, overrides=load_overrides(tmp_path / "kb.yml")).kb.questions]
    assert plain == ["什么是BN？", "课后闲谈"]
    assert told == ["什么是BN？"]


def test_a_bold_question_inside_an_answer_is_a_question_of_its_own():
    result = outline("""
        # 笔记

        ## BN 的作用是什么？

        加速收敛。

        **LN 和 BN 有什么区别？**

        LN 对单个样本归一化。

        ## Dropout 为什么有效？

        **为什么？** 因为集成。
        """)
    assert [u.title for u in result.units] == ["BN 的作用是什么？", "LN 和 BN 有什么区别？", "Dropout 为什么有效？"]
    assert result.units[0].answer == "加速收敛。"
    assert result.units[1].answer == "LN 对单个样本归一化。"


def test_a_long_bold_question_line_starts_a_question():
    long_question = "在训练一个有很多层的深度网络时，如果发现损失在前几个轮次下降得很快但之后完全停止下降，" \
                    "并且验证集上的表现也没有任何改善，应该从哪些方面排查原因？"
    assert titles(f"""
        **什么是BN？**

        批归一化。

        **{long_question}**

        先看学习率。
        """) == ["什么是BN？", long_question]


def test_bold_points_of_an_answer_stay_in_it_even_when_one_asks():
    result = outline("""
        # 第三章

        ### 3.1.3 如何选择深度学习开发平台？

        下面列出一些衡量做参考。

        **参考1：与现有编程平台整合的难易程度**

        主要是前期积累的开发经验。

        **参考2：平台利用是否多样性？**

        有些平台是专门为深度学习开发的。

        ### 3.4.1 为什么需要非线性激活函数？

        **为什么需要激活函数？**

        激活函数可以引入非线性因素。

        **为什么激活函数需要非线性函数？**

        线性的组合还是线性。
        """)
    assert [u.title for u in result.units] == ["如何选择深度学习开发平台？", "为什么需要非线性激活函数？",
                                               "为什么激活函数需要非线性函数？"]
    assert "参考2" in result.units[0].answer


def test_a_topic_note_with_setext_sections_a_toc_and_nested_questions():
    """The layout of notes kept as topic write-ups: setext title and sections, an Index with a TOC,
    question headings with deeper questions, generic sub-headings under a concept."""
    result = outline("""
        深度学习基础
        ===

        相关专题
        ---
        - [CNN 专题](./cnn)

        Index
        ---
        <!-- TOC -->

        - [正则化](#正则化)
            - [BN 在训练和测试时分别是怎么做的？](#bn-在训练和测试时分别是怎么做的)

        <!-- /TOC -->

        # 正则化

        ## Batch Normalization（批标准化）

        ### 动机

        训练的本质是学习数据分布。

        ### BN 在训练和测试时分别是怎么做的？

        训练时用批统计量。

        #### 为什么训练时不采用移动平均？

        会与梯度优化冲突。

        ### 相关阅读

        - [一篇博客](https://example.org)

        ## `ReLU` 相比 `sigmoid` 的优势 (3)

        1. 避免梯度消失

        **为什么 ReLU 不是全程可导也能用于基于梯度的学习？**

        实现时返回左导数或右导数。
        """)
    # `### 动机` only structures the answer of the heading above it: that heading is the question
    assert [u.title for u in result.units] == [
        "Batch Normalization（批标准化）", "BN 在训练和测试时分别是怎么做的？", "为什么训练时不采用移动平均？",
        "ReLU 相比 sigmoid 的优势 (3)", "为什么 ReLU 不是全程可导也能用于基于梯度的学习？"]
    assert "训练的本质是学习数据分布。" in result.units[0].answer
    assert result.units[1].answer == "训练时用批统计量。"
    assert result.topics[0][1] == "深度学习基础"


def test_a_short_title_without_a_concept_is_read_with_its_heading():
    from notes_normalizer.analyse.analysis import in_context
    from notes_normalizer.language.vocabulary import vocabulary

    units = outline("""
        # 正则化

        ## Batch Normalization（批标准化）

        ### 发展历史

        学习数据分布。

        ### 数据不平衡的解决方法有哪些？

        过采样。
        """).units
    assert in_context(units[0], vocabulary()) == "Batch Normalization（批标准化）的发展历史"
    assert in_context(units[1], vocabulary()) == "数据不平衡的解决方法有哪些？"  # long enough to say what it asks


def test_a_rule_between_questions_is_no_answer():
    result = outline("""
        - **什么样的数据适合深度学习?**
        -----------

        - **卷积的时间复杂度**
            * O(n)
        """)
    assert [u.title for u in result.units] == ["什么样的数据适合深度学习?", "卷积的时间复杂度"]
    assert [u.answered for u in result.units] == [False, True]


def test_question_and_answer_label_lines_without_blank_lines_are_one_question_each():
    """`问：`/`答：` and `Q:`/`A:` lines written one under the other make one Markdown paragraph:
    each `问：` line still starts a question of its own."""
    for asked, answered in (("问：", "答："), ("Q：", "A："), ("Q: ", "A: "), ("问题1：", "")):
        result = outline(f"""
            # 面试

            ## 基础

            {asked}什么是BN？
            {answered}批归一化，把每层的输入归一化。
            {asked.replace("1", "2")}Dropout 的作用是什么？
            {answered}随机丢弃神经元，防止过拟合。
            """)
        assert [(u.title, u.answer) for u in result.units] == [
            ("什么是BN？", f"{answered}批归一化，把每层的输入归一化。"),
            ("Dropout 的作用是什么？", f"{answered}随机丢弃神经元，防止过拟合。")], asked


def test_bold_questions_without_blank_lines_are_split_and_their_answers_kept_once():
    result = outline("""
        # 面试

        ## 基础

        **什么是BN？**
        批归一化。
        **Dropout 的作用是什么？**
        防止过拟合。
        """)
    assert [(u.title, u.answer) for u in result.units] == [("什么是BN？", "批归一化。"),
                                                           ("Dropout 的作用是什么？", "防止过拟合。")]


def test_one_bold_question_under_a_heading_that_does_not_ask_is_the_question():
    result = outline("""
        # 面试

        ## 基础

        **BN 在测试时怎么用？**
        用训练时的移动平均。
        """)
    assert [(u.title, u.answer) for u in result.units] == [("BN 在测试时怎么用？", "用训练时的移动平均。")]


def test_a_later_bold_line_that_does_not_ask_stays_in_its_paragraph():
    result = outline("""
        # 面试

        ## 什么是BN？

        批归一化把每层的输入归一化，
        **注意**
        测试时用移动平均。
        """)
    assert [(u.title, u.answer) for u in result.units] == [
        ("什么是BN？", "批归一化把每层的输入归一化，\n**注意**\n测试时用移动平均。")]


def test_numbered_questions_with_their_answers_not_indented_under_them():
    """`1. 什么是BN？`, a blank line, the answer at the margin: each number starts a list of one item,
    and the text after it is that question's answer."""
    result = outline("""
        # 面试

        1. 什么是BN？

        批归一化，把每层的输入归一化。

        2. Dropout 的作用是什么？

        随机丢弃神经元，防止过拟合。
        """)
    assert [(u.title, u.answer) for u in result.units] == [
        ("什么是BN？", "批归一化，把每层的输入归一化。"), ("Dropout 的作用是什么？", "随机丢弃神经元，防止过拟合。")]


def test_a_numbered_question_line_over_its_answer_in_one_paragraph():
    result = outline("""
        # 面试

        1、什么是BN？
        批归一化。
        2、Dropout 的作用是什么？
        防止过拟合。
        """)
    assert [(u.title, u.answer) for u in result.units] == [("什么是BN？", "批归一化。"),
                                                           ("Dropout 的作用是什么？", "防止过拟合。")]


def test_a_question_the_answer_asks_in_a_list_of_one_stays_in_the_answer():
    result = outline("""
        # 面试

        ## 什么是BN？

        批归一化。

        - 为什么有效？

        因为它减小了内部协变量偏移。
        """)
    assert [u.title for u in result.units] == ["什么是BN？"]
    assert "为什么有效？" in result.units[0].answer and "协变量" in result.units[0].answer


def test_questions_in_collapsibles_and_their_answers_without_the_collapsible_tags():
    """`<details><summary>question</summary> answer </details>`, as notes on GitHub hide answers."""
    result = outline("""
        # 面试

        <details>
        <summary><b>1. 什么是BN？</b></summary>

        批归一化。

        <details><summary>补充</summary>
        训练和测试时不同。
        </details>

        </details>
        <details>
        <summary>Dropout 的作用是什么？</summary>
        防止过拟合。
        </details>
        """)
    assert [(u.title, u.answer) for u in result.units] == [
        ("什么是BN？", "批归一化。\n\n<details><summary>补充</summary>\n训练和测试时不同。\n</details>"),
        ("Dropout 的作用是什么？", "防止过拟合。")]


def test_a_collapsible_that_only_hides_a_questions_answer_stays_in_it():
    result = outline("""
        # 面试

        ### 1. 什么是BN？

        <details><summary>答案</summary>

        批归一化。

        </details>
        """)
    assert [(u.title, u.answer) for u in result.units] == [
        ("什么是BN？", "<details><summary>答案</summary>\n\n批归一化。\n\n</details>")]


def test_a_quoted_question_over_its_answer():
    result = outline("""
        # 面试

        > 什么是BN？

        批归一化。

        > 问：Dropout 的作用

        防止过拟合。
        """)
    assert [(u.title, u.answer) for u in result.units] == [("什么是BN？", "批归一化。"),
                                                           ("Dropout 的作用", "防止过拟合。")]


def test_an_item_of_a_numbered_list_of_question_headings_keeps_its_sub_headings_as_answer_parts():
    result = outline("""
        # 笔记

        ## 基础

        ### 1. 前向传播与反向传播

        链式法则。

        ### 2. 梯度爆炸和梯度消失

        连乘。

        ### 3. 计算感受野

        #### 感受野的概念

        输出像素对应的输入区域。

        #### 卷积输入与输出关系

        $H_{out} = (H_{in} - F + 2P)/S + 1$

        #### 参考资料

        [原理](https://example.com)

        ### 4. anchor如何生成的

        滑窗。
        """)
    assert [u.title for u in result.units] == ["前向传播与反向传播", "梯度爆炸和梯度消失", "计算感受野",
                                               "anchor如何生成的"]
    assert "#### 卷积输入与输出关系" in result.units[2].answer
    assert "#### 参考资料" in result.units[2].answer


def test_numbered_topic_headings_over_numbered_questions_stay_topics():
    result = outline("""
        # 第三章

        ## 3.1 激活函数

        ### 3.1.1 为什么需要非线性激活函数？

        否则只是线性变换。

        ### 3.1.2 常见的激活函数

        ReLU、Sigmoid。

        ## 3.2 正则化

        ### 3.2.1 L1和L2的区别

        稀疏。

        ## 3.3 优化器

        ### 3.3.1 Adam的原理

        动量加自适应学习率。
        """)
    assert [u.title for u in result.units] == ["为什么需要非线性激活函数？", "常见的激活函数", "L1和L2的区别",
                                               "Adam的原理"]


def test_a_note_about_itself_is_no_question():
    assert titles("""
        # 算法笔记

        ## Motivation

        此帖子用来记录基础知识。

        ## Dropout 的作用

        防止过拟合。
        """) == ["Dropout 的作用"]


def test_a_bold_reference_line_in_a_topics_introduction_is_no_question():
    result = outline("""
        ## 卷积

        - [ ] TODO

        **参考资料**

        - [理解图像卷积操作的意义](https://example.com/a)

        ### 卷积的反向传播过程

        误差经翻转的卷积核传回。
        """)
    assert [u.title for u in result.units] == ["卷积的反向传播过程"]


def test_bold_aspects_of_the_headings_own_concept_are_points_of_its_answer():
    result = outline("""
        ## VGG

        VGG 用连续的 3x3 卷积核代替大卷积核。

        **VGG优点：**

        - 结构简洁。

        **VGG缺点**：

        参数多，占内存。

        ## Dropout

        随机丢弃神经元。
        """)
    assert [u.title for u in result.units] == ["VGG", "Dropout"]
    assert "参数多，占内存。" in result.units[0].answer


def test_plain_numbered_items_that_ask_over_indented_answers_are_questions_and_their_points_are_not():
    result = outline("""
        # Normalization

        1. Normalization的作用
            - 把输入转化成均值为0方差为1的数据。

        2. BN层为什么有效
            - 计算过程
                - 减均值除以标准差
            - 减轻权重初始化对训练的影响

        3. BN训练和测试时的参数是一样的么
            - 测试时用移动平均的均值和方差。

        4. 加速收敛
        """)
    assert [u.title for u in result.units] == ["Normalization的作用", "BN层为什么有效",
                                               "BN训练和测试时的参数是一样的么"]
    assert "- 减轻权重初始化对训练的影响" in result.units[1].answer


def test_sub_sections_before_the_first_asking_sub_heading_are_parts_of_the_answer():
    result = outline("""
        # 深度学习基础问题

        ## 问题1: Transformer相比RNN的优势

        ### 🎯 中文理解

        #### Transformer vs RNN = "并行 vs 串行"

        RNN 必须一个字一个字读。

        ### 🔍 面试常见问题及回答

        #### Q1: "Why is Transformer better than RNN for long sequences?"

        Gradients flow directly.

        #### Q2: "What are the computational trade-offs?"

        O(n²) time.

        ## 问题2: 什么是Dropout？

        随机丢弃神经元。
        """)
    assert [u.title for u in result.units] == ["Transformer相比RNN的优势",
                                               "Why is Transformer better than RNN for long sequences?",
                                               "What are the computational trade-offs?", "什么是Dropout？"]
    assert "RNN 必须一个字一个字读。" in result.units[0].answer


def test_a_list_of_questions_each_answered_after_a_colon_on_its_line():
    result = outline("""
        # 过拟合

        1. 什么是过拟合：模型在训练集上好，在测试集上差。
        2. 如何防止过拟合：正则化、Dropout、早停。
        3. 为什么Dropout有效：相当于训练多个子网络。
        """)
    assert [u.title for u in result.units] == ["什么是过拟合", "如何防止过拟合", "为什么Dropout有效"]
    assert result.units[1].answer == "正则化、Dropout、早停。"


def test_definition_lines_and_a_lone_colon_line_are_points_of_an_answer():
    assert titles("""
        ## BN的作用

        - 原因：内部协变量偏移。
        - BN的作用：加速收敛。
        - 为什么有效：梯度更稳定。
        """) == ["BN的作用"]


def test_a_heading_that_explains_its_concept_before_its_questions_is_a_question_too():
    result = outline("""
        ## RNN 梯度爆炸/梯度消失
        + LSTM只能避免RNN的梯度消失
        \t+ 将求导链式法则中的连乘部分变成累加部分
        + 梯度爆炸一般靠梯度裁剪即可解决，梯度的范数大于给定值时同比收缩
        + RNN中为什么要采用tanh而不是ReLu作为激活函数？
        \t+ https://www.zhihu.com/question/61265076
        + 为什么在RNN中，将tanh换成ReLU不能取得类似的效果？
        \t+ https://www.zhihu.com/question/61265076
        """)
    assert [u.title for u in result.units] == ["RNN 梯度爆炸/梯度消失", "RNN中为什么要采用tanh而不是ReLu作为激活函数？",
                                               "为什么在RNN中，将tanh换成ReLU不能取得类似的效果？"]
    assert "累加部分" in result.units[0].answer
    assert result.units[1].answer == "+ https://www.zhihu.com/question/61265076"


def test_a_topic_introduced_in_a_sentence_is_still_only_a_topic():
    assert titles("""
        ## 4. RNN

        本节的问题：

        - **RNN有什么缺陷？**
            梯度消失。
        - **LSTM如何解决？**
            门控。
        """) == ["RNN有什么缺陷？", "LSTM如何解决？"]
