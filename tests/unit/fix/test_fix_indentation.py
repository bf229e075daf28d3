"""Indentation: lists nest and math/prose stays out of code blocks, judged on rendered HTML."""

from __future__ import annotations

import markdown
from bs4 import BeautifulSoup

from notes_normalizer.fix.lists import normalize_indentation
from tests.helpers import run_fix


def render(text: str) -> BeautifulSoup:
    html = markdown.markdown(text, extensions=["pymdownx.arithmatex", "pymdownx.superfences", "md_in_html"],
                             extension_configs={"pymdownx.arithmatex": {"generic": True}})
    return BeautifulSoup(html, "html.parser")


TYPORA = """\
1. **梯度消失的原因**

   - **使用残差网络**

     \t\t每个残差块包括两部分，$h_l=h(x_l)+F(x_l,W_l)$

     \t\t$$ \\frac{a}{b} $$

   - **拓展：** 为什么？

     解释文字。

2. **第二题**

   ```python
   def f(x):
       return x
   ```

   \t普通代码缩进不变:
"""


def test_typora_note_renders_as_meant():
    text, ctx = run_fix(normalize_indentation, TYPORA)
    soup = render(text)
    outer = soup.find("ol")
    assert [li.find("strong").get_text() for li in outer.find_all("li", recursive=False)] == \
        ["梯度消失的原因", "第二题"]
    inner = outer.find("li").find("ul")
    assert inner is not None and len(inner.find_all("li", recursive=False)) == 2, "bullets nest under item 1"
    assert inner.find("span", class_="arithmatex") is not None
    assert inner.find("div", class_="arithmatex") is not None, "display math stays display math"
    assert not any("残差块" in pre.get_text() for pre in soup.find_all("pre"))
    code = [pre.get_text() for pre in soup.find_all("pre")]
    assert any("def f(x):\n    return x" in c for c in code), "fenced code keeps its own indentation"
    assert all(r.kind == "structure.indentation" for r in ctx.repairs)


def test_two_space_nesting_becomes_four():
    text, _ = run_fix(normalize_indentation, "- 父项\n  - 子项\n    - 孙项\n- 另一个父项")
    assert text == "- 父项\n    - 子项\n        - 孙项\n- 另一个父项"
    soup = render(text)
    assert soup.select("ul > li > ul > li > ul > li")[0].get_text(strip=True) == "孙项"


def test_real_indented_code_is_kept():
    source = "说明：\n\n    for i in range(3):\n        print(i)"
    assert run_fix(normalize_indentation, source)[0] == source


def test_top_level_tab_indented_prose_is_dedented():
    text, _ = run_fix(normalize_indentation, "## 如何选择激活函数？\n\n\t选择一个适合的激活函数并不容易。")
    assert render(text).find("pre") is None


def test_idempotent():
    once = run_fix(normalize_indentation, TYPORA)[0]
    twice, ctx = run_fix(normalize_indentation, once)
    assert twice == once and ctx.repairs == []


def test_a_dash_rule_right_under_a_list_is_a_rule_not_item_text_or_a_heading():
    before = "- **第一问？**\n    * 要点一\n    * 要点二\n-----------\n- **第二问？**\n-----------\n\n段落。\n"
    after, _ = run_fix(normalize_indentation, before)
    page = render(after)
    assert len(page.find_all("hr")) == 2
    assert not page.find(["h1", "h2"]) and "---" not in page.get_text()
    assert [li.find("strong").get_text() for li in page.find_all("li") if li.find("strong")] == ["第一问？", "第二问？"]
    # under a paragraph, the same line is a setext heading in every Markdown: left as it is
    assert run_fix(normalize_indentation, "标题\n-----")[0] == "标题\n-----"


def test_an_item_right_after_a_later_paragraph_of_the_item_before_is_the_next_item():
    before = "- **第一点**\n\n    其中 w 是权重。\n- 第二点\n- 第三点"
    after, _ = run_fix(normalize_indentation, before)
    assert [li.get_text(" ", strip=True) for li in render(after).find_all("li")] == [
        "第一点 其中 w 是权重。", "第二点", "第三点"]
    # items with one paragraph each keep their tight spacing
    assert run_fix(normalize_indentation, "- 一\n  接着一\n- 二")[0] == "- 一\n    接着一\n- 二"


def test_a_numbered_list_right_after_bullets_is_a_list_of_its_own():
    after, _ = run_fix(normalize_indentation, "* TP：正类\n* FN：负类\n1. 准确率\n2. 精确率")
    page = render(after)
    assert [li.get_text() for li in page.find("ul").find_all("li")] == ["TP：正类", "FN：负类"]
    assert [li.get_text() for li in page.find("ol").find_all("li")] == ["准确率", "精确率"]


def test_an_item_after_a_loose_item_with_nested_bullets_is_its_sibling():
    before = "1. 精确率\n\n   两种算法：\n\n   * **macro**\n   * **micro**\n2. 召回率\n3. F1"
    page = render(run_fix(normalize_indentation, before)[0])
    top = page.find("ol").find_all("li", recursive=False)
    assert len(top) == 3 and [li.get_text(strip=True) for li in top[1:]] == ["召回率", "F1"]
    # a tight list keeps its tight spacing: nothing inserted
    assert run_fix(normalize_indentation, "- a\n    * b\n- d")[0] == "- a\n    * b\n- d"
