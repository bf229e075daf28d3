"""The marker rules (split/markers.py) one by one: where, in text without headings, a question
starts, and the filters that take back what is not a question after all. Small notes of our own."""

from __future__ import annotations

import sys
import textwrap

from notes_normalizer.model import Line
from notes_normalizer.split.blocks import blocks_of
from notes_normalizer.split.markers import MARKER_FILTERS, MARKER_RULES, MarkerScan, find_markers
from notes_normalizer.split.units import BOLD_ITEM, BOLD_LINE, GROUP, GROUP_ITEM, QUESTION_LINE


def scan(text: str, **settings) -> MarkerScan:
    lines = [Line(line, n + 1) for n, line in enumerate(textwrap.dedent(text).strip("\n").split("\n"))]
    return MarkerScan(blocks_of(lines), lines, **settings)


def found(text: str, **settings) -> list[tuple[str, str]]:
    return [(m.wording, m.style) for m in find_markers(scan(text, **settings))]


# --- one test per rule, named after it ------------------------------------------------------------

def test_rule_bold_or_asking_line():
    assert found("""
        **BN 的作用**

        加速收敛。

        问：什么是过拟合？

        训练好，测试差。

        一段不问什么的说明。
        """) == [("BN 的作用", BOLD_LINE), ("问：什么是过拟合？", QUESTION_LINE)]
    # `**问：** 什么是 BN？`: the label's question is the rest of the line
    assert found("**问：** 什么是 BN？\n\n归一化。") == [("什么是 BN？", BOLD_LINE)]
    # a link that asks is a reference, not a question of this note …
    assert found("[为什么要归一化？](https://example.org)\n\n正文。") == []
    assert found("[为什么要归一化？](https://example.org)\n[另一篇](https://example.org/b)") == []
    # … unless the note answers it right under it
    assert found("[为什么要归一化？](https://example.org)\n归一化后等高线更圆，更快收敛。") == [
        ("为什么要归一化？", BOLD_LINE)]


def test_rule_collapsible_summary():
    assert found("""
        <details><summary>什么是 Dropout？</summary>

        随机丢弃神经元。

        </details>

        <details><summary>展开</summary>

        更多内容。

        </details>
        """) == [("什么是 Dropout？", QUESTION_LINE)]


def test_rule_quoted_question():
    assert found("> 为什么要归一化？\n\n让各维度尺度一致。") == [("为什么要归一化？", QUESTION_LINE)]
    assert found("> 这是一句引用。\n\n正文。") == []
    assert found("> 为什么要归一化？") == []  # nothing answers it


def test_rule_list_item_questions():
    assert found("""
        1. 什么是 BN？

           对每层输入做归一化。
        2. BN 的作用

           加速收敛。
        3. 随便一句
        """) == [("1. 什么是 BN？", BOLD_ITEM), ("2. BN 的作用", BOLD_ITEM)]
    # a bold label over items that ask: the items are the questions
    assert found("""
        - **BP**
          - 梯度消失的原因
          - 为什么会梯度爆炸？
        """) == [("BP", GROUP_ITEM)]
    # question-and-answer lines count only as a list of them
    assert found("- 什么是过拟合：训练好，测试差。\n- 什么是欠拟合：训练也差。") == [
        ("什么是过拟合", BOLD_ITEM), ("什么是欠拟合", BOLD_ITEM)]
    assert found("- 什么是过拟合：训练好，测试差。\n- 另一点。") == []


def test_rule_strict_inside_a_heading():
    text = "**一些经验**\n\n加速收敛。\n\n**为什么 BN 有效？**\n\n平滑损失面。"
    assert [w for w, _ in found(text)] == ["一些经验", "为什么 BN 有效？"]
    assert [w for w, _ in found(text, strict=True)] == ["为什么 BN 有效？"]


def test_rule_labels_a_part():
    text = "**参考资料**\n\n链接若干。\n\n**为什么 BN 有效？**\n\n平滑损失面。"
    assert [w for w, _ in found(text, labels_a_part=lambda w: w == "参考资料")] == ["为什么 BN 有效？"]
    assert [w for w, _ in found(text)] == ["参考资料", "为什么 BN 有效？"]


def test_rule_numbered_over_its_points():
    text = """
        **🌟 1. 什么是 RNN**

        能记住过去信息的网络。

        **🌟 2. RNN 的核心特点**

        💡 **和普通神经网络的区别**

        输入不再独立。

        📌 **为什么 RNN 能处理序列？**

        隐藏状态传递信息。

        **🌟 3. RNN 计算流程**

        逐个时间步计算。
        """
    assert [w for w, _ in found(text)] == ["🌟 1. 什么是 RNN", "🌟 2. RNN 的核心特点", "为什么 RNN 能处理序列？",
                                           "🌟 3. RNN 计算流程"]


def test_rule_bold_point_or_group():
    # a bold line that asks nothing and heads nothing: a point, dropped
    assert found("**要点**\n**为什么 BN 有效？**\n\n平滑损失面。") == [("为什么 BN 有效？", BOLD_LINE)]
    # one that names a group of what follows: the group's label
    text = "**一、基础知识**\n\n以下几题。\n\n**为什么 BN 有效？**\n\n平滑损失面。"
    assert found(text, names_a_group=lambda w: "基础" in w)[0] == ("一、基础知识", GROUP)
    assert found(text)[0] == ("一、基础知识", BOLD_LINE)


def test_rule_point_of_the_answer():
    text = "**优点**\n\n快。\n\n**为什么 BN 有效？**\n\n平滑损失面。"
    assert [w for w, _ in found(text, point_of_the_answer=lambda m: m.wording == "优点")] == ["为什么 BN 有效？"]


def test_every_marker_rule_and_filter_has_a_test_named_after_it():
    names = {name.replace("-", "_") for name, _ in (*MARKER_RULES, *MARKER_FILTERS)}
    tests = {name.removeprefix("test_rule_") for name in dir(sys.modules[__name__]) if name.startswith("test_rule_")}
    assert names <= tests, f"rules without a test: {sorted(names - tests)}"
