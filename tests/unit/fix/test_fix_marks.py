"""Highlight and bold fixes."""

from __future__ import annotations

import pytest

from notes_normalizer.fix.marks import convert_highlights, drop_empty_bold, escape_delimiter_runs
from tests.helpers import run_fix


@pytest.mark.parametrize("before, after", [
    ("2）数据集==没有局部相关性。==目前", "2）数据集<mark>没有局部相关性。</mark>目前"),
    ("中文==重点==中文", "中文<mark>重点</mark>中文"),
    ("压缩到0-1之间== ==", "压缩到0-1之间"),
    ("- Maxout==:==", "- Maxout:"),
    ("比较 a == b 的结果", "比较 a == b 的结果"),
    ("$a==b$ 与 ==重点==", "$a==b$ 与 <mark>重点</mark>"),
    ("`x==y` ==重点==", "`x==y` <mark>重点</mark>"),
    ("标题\n====", "标题\n===="),
])
def test_highlights(before, after):
    assert run_fix(convert_highlights, before)[0] == after


@pytest.mark.parametrize("before, after", [
    ("3. ** **1\\*1卷积核作用？**", "3. **1\\*1卷积核作用？**"),
    ("**a** **b**", "**a** **b**"),
    ("空****的", "空的"),
    ("**粗** 和 ** ** 空", "**粗** 和  空"),
    ("**梯度剪切：**通过", "**梯度剪切：**通过"),
])
def test_empty_bold(before, after):
    assert run_fix(drop_empty_bold, before)[0] == after


def test_idempotent():
    once = run_fix(convert_highlights, "a==b。==c == ==")[0]
    assert run_fix(convert_highlights, once)[0] == once


@pytest.mark.parametrize("before, after", [
    ("填空____处", "填空\\_\\_\\_\\_处"),
    ("****" + "x" + "*" * 5, "\\*\\*\\*\\*x\\*\\*\\*\\*\\*"),
    ("a === b", "a \\=\\=\\= b"),
    ("***粗斜体***", "***粗斜体***"),
    ("标题\n=====", "标题\n====="),
    ("* * * *", "* * * *"),
    ("$a____b$ `c____d`", "$a____b$ `c____d`"),
])
def test_long_delimiter_runs_are_escaped(before, after):
    assert run_fix(escape_delimiter_runs, before)[0] == after
