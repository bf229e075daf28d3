"""Before/after tests for the fixes of patterns found in real public collections: images found by
name anywhere in the notes, formula images, `$$` pairing, table-cell math, KaTeX spellings, stars,
look-alike characters, legacy encodings, prose that Markdown would make code."""

from __future__ import annotations

from pathlib import Path

import pytest

from notes_normalizer.fix import Context
from notes_normalizer.fix.encoding import plain_cjk_characters
from notes_normalizer.fix.formula_images import formula_images_to_math, tex_of_url
from notes_normalizer.fix.images import ImageResolver, repair_images
from notes_normalizer.fix.links import relink_local_links
from notes_normalizer.fix.lists import looks_like_prose_or_math, normalize_indentation, separate_lists_from_paragraphs
from notes_normalizer.fix.marks import escape_multiplication, pair_bold, repair_asterisks
from notes_normalizer.fix.math import display_block_roles
from notes_normalizer.fix.math_blocks import math_in_table_cells, split_display_delimiters
from notes_normalizer.fix.tex import holds_together, katex_spelling, report_unreadable_formulas
from notes_normalizer.model import Line
from notes_normalizer.read.reading import decode
from tests.helpers import make_note, run_fix

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def book(tmp_path: Path) -> Path:
    for image in ("img/ch3/1.png", "img/ch5/1.png", "_assets/池化.png"):
        (tmp_path / image).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / image).write_bytes(PNG + image.encode())
    (tmp_path / "ch5").mkdir()
    return tmp_path


def test_images_are_found_by_name_anywhere_in_the_notes_nearest_path_first(book):
    resolver = ImageResolver([book])
    note_dir = book / "ch5"
    assert resolver.find(note_dir, "/Users/me/Typora/_assets/池化.png") == (book / "_assets" / "池化.png").resolve()
    assert resolver.find(note_dir, "img/ch5/1.png") == (book / "img" / "ch5" / "1.png").resolve()
    assert resolver.find(note_dir, "pics/ch3/1.png") == (book / "img" / "ch3" / "1.png").resolve()
    assert resolver.find(note_dir, "nothing.png") is None


def test_a_link_the_repair_wrote_is_not_looked_up_again(book):
    note = make_note("![](../img/ch5/1.png) ![](../img/ch3/1.png)", folder=book / "ch5")
    ctx = Context(note=note, page_path="notes/ch5.md", images=ImageResolver([book]))
    text = repair_images(note.lines, ctx)[0].text
    again = repair_images([Line(text, 1)], ctx)
    assert again[0].text == text and ctx.problems == []
    assert sorted(ctx.images.assets) == ["images/1-2.png", "images/1.png"]


@pytest.mark.parametrize("before", [
    "[![](a.png)](http://example.com/page)",
    "[![说明](a.png \"标题\")](https://example.com/big.png) 之后",
])
def test_a_linked_image_is_never_read_as_a_link_whose_text_is_a_bracket(before, tmp_path):
    text, ctx = run_fix(relink_local_links, before, folder=tmp_path)
    assert text == before and ctx.problems == []


@pytest.mark.parametrize("url, tex", [
    ("http://www.codecogs.com/eqnedit.php?latex=P(Y=1|x)=\\frac{1}{1&plus;\\exp(-wx)}",
     "P(Y=1|x)=\\frac{1}{1+\\exp(-wx)}"),
    ("http://latex.codecogs.com/gif.latex?\\bg_white&space;\\int_{a}^{b}f(x)dx", "\\int_{a}^{b}f(x)dx"),
    ("https://latex.codecogs.com/svg.latex?\\dpi{120}&space;a%5E2", "a^2"),
    ("http://www.codecogs.com/eqnedit.php?latex=\\frac%7Bd@plus;1%7D%7B2%7D", "\\frac{d+1}{2}"),
    ("https://www.zhihu.com/equation?tex=y%3D%5Cmax%28x_1%2Cx_2%29", "y=\\max(x_1,x_2)"),
    ("https://chart.googleapis.com/chart?cht=tx&chl=a+b", "a+b"),
    ("https://www.zhihu.com/equation?tex=n+%5Ctimes+%28c+%2B+1%29", "n \\times (c + 1)"),  # form-encoded: + is a space
    ("http://www.codecogs.com/eqnedit.php?latex=\\fn_jvn&space;\\large&space;y_k", "y_k"),  # editor options
    ("https://example.com/latex?x", None),
    ("../_assets/公式_1.png", None),
])
def test_tex_of_equation_service_urls(url, tex):
    assert tex_of_url(url) == tex


@pytest.mark.parametrize("before, after", [
    ("文字\n\n    [![](../a.png)](http://www.codecogs.com/eqnedit.php?latex=a&plus;b)", "文字\n\n    $$a+b$$"),
    ("> ![](https://latex.codecogs.com/png.latex?x^2)", "> $$x^2$$"),
    ("损失 ![](https://latex.codecogs.com/png.latex?\\inline&space;L) 最小", "损失 $L$ 最小"),
    ("- ![](https://latex.codecogs.com/png.latex?x^2)", "- $x^2$"),
    ("![](https://latex.codecogs.com/png.latex?\\inline&space;x^2)", "$x^2$"),
    ("[![](a.png)](http://www.codecogs.com/eqnedit.php?latex=\\frac{a}{)",
     "[![](a.png)](http://www.codecogs.com/eqnedit.php?latex=\\frac{a}{)"),  # broken TeX keeps its image
    ("![](https://example.com/a.png)", "![](https://example.com/a.png)"),
    # the same in HTML: linked local copies centred in a <div>, bare service images inline
    ('- 公式：\n  <div align="center"><a href="http://www.codecogs.com/eqnedit.php?latex=a&plus;b"><img '
     'src="../a.png" alt=""></a></div>', "- 公式：\n  $$a+b$$"),
    ("<p align='center'><img src='https://latex.codecogs.com/gif.latex?x^2' /></p>", "$$x^2$$"),
    ('见 <img src="https://latex.codecogs.com/gif.latex?a^2"> 与 <a href="http://x.com"><img src="a.png"></a>',
     '见 $a^2$ 与 <a href="http://x.com"><img src="a.png"></a>'),
    ('<div><a href="http://www.codecogs.com/eqnedit.php?latex=\\frac{a}{"><img src="a.png"></a></div>',
     '<div><a href="http://www.codecogs.com/eqnedit.php?latex=\\frac{a}{"><img src="a.png"></a></div>'),
])
def test_formula_images_become_math(before, after):
    assert run_fix(formula_images_to_math, before)[0] == after


@pytest.mark.parametrize("tex, ok", [
    ("\\frac{a}{b}", True), ("\\frac{a}{", False), ("a}", False), ("\\left( x \\right.", True),
    ("\\left( x", False), ("\\begin{aligned} a \\end{aligned}", True), ("\\begin{cases} a \\end{array}", False),
    ("\\{ a \\}", True),
])
def test_holds_together(tex, ok):
    assert holds_together(tex) is ok


def roles(text: str) -> list[str]:
    return display_block_roles([Line(t, n) for n, t in enumerate(text.split("\n"))])


def test_any_dollar_pair_closes_a_block_as_mathjax_pairs_them():
    assert roles("$$\na\n$$ {l}\n文字\n$$\nb\n$$") == ["open", "body", "close", "", "open", "body", "close"]
    assert roles("公式如下：$$\na\n$$") == ["open", "body", "close"]
    assert roles("> $$\n> a\n> $$") == ["open", "body", "close"]
    assert roles("$$\n## 标题\n文字") == ["", "", ""]  # a heading: the `$$` opened nothing
    assert roles("$$ a $$\n$$") == ["", ""]


@pytest.mark.parametrize("before, after", [
    ("$$\nf(x)=\\left\\{ x \\right.\n$$ {l}", "$$\nf(x)=\\left\\{ x \\right.\n$$\n\n{l}"),
    ("公式如下：$$\ng(x) = x\n$$", "公式如下：\n\n$$\ng(x) = x\n$$"),
    ("$$\na = 1\n\nb = 2\n$$", "$$\na = 1\nb = 2\n$$"),
    ("> $$\n> a\n>\n> b\n> $$", "> $$\n> a\n> b\n> $$"),
    ("$$\na\n$$", "$$\na\n$$"),
])
def test_display_delimiters_get_lines_of_their_own(before, after):
    assert run_fix(split_display_delimiters, before)[0] == after


def test_bars_in_table_cell_math_become_commands_only_in_tables():
    table = "| 符号 | 含义 |\n| --- | --- |\n| $\\|x\\|$ | 范数 |\n| $|y|$ | 绝对值 |\n\n正文 $|z|$"
    text = run_fix(math_in_table_cells, table)[0]
    assert text.split("\n")[2:4] == ["| $\\Vert x\\Vert $ | 范数 |", "| $\\vert y\\vert $ | 绝对值 |"]
    assert text.endswith("正文 $|z|$")


@pytest.mark.parametrize("before, after", [
    ("\\begin{eqnarray} a &=& b \\end{eqnarray}", "\\begin{array}{rcl} a &=& b \\end{array}"),
    ("\\begin{eqnarray*}", "\\begin{array}{rcl}"),
    ("a \\and b \\or c", "a \\land b \\lor c"),
    ("\\order \\android", "\\order \\android"),
])
def test_katex_spellings(before, after):
    assert katex_spelling(before) == after


def test_unreadable_formulas_are_reported_with_their_line():
    _, ctx = run_fix(report_unreadable_formulas, "好的 $a^2$\n坏的 $\\frac{a}{$ 这里\n$$\n\\left( x\n$$")
    assert [(p.line, p.kind) for p in ctx.problems] == [(2, "math.unreadable"), (3, "math.unreadable")]


@pytest.mark.parametrize("before, after", [
    ("用 3*3 代替 7*7大卷积核，输入 500*500", "用 3\\*3 代替 7\\*7大卷积核，输入 500\\*500"),
    ("宽度 2*k*c", "宽度 2\\*k\\*c"),
    ("*斜体* 和 **粗体**", "*斜体* 和 **粗体**"),
    ("x * y", "x * y"),
])
def test_multiplication_stars_are_escaped(before, after):
    assert escape_multiplication(before) == after


@pytest.mark.parametrize("before, after", [
    ("**生成式对抗网络 GAN ** 是", "**生成式对抗网络 GAN**  是"),
    ("** 粗体**后", " **粗体**后"),
    ("***注意*** 而 a***b", "***注意*** 而 a\\*\\*\\*b"),
    ("**没闭合的粗体", "没闭合的粗体"),
    ("x**2 是平方", "x\\*\\*2 是平方"),
    ("**a** 和 **b**", "**a** 和 **b**"),
])
def test_bold_delimiters_pair_up(before, after):
    assert pair_bold(before) == after


def test_asterisk_repair_leaves_list_markers_rules_and_math_alone():
    text = "* 3*3 卷积\n* * *\n$$\na*b*c\n$$\n$x*y*z$ 和 2*3"
    assert run_fix(repair_asterisks, text)[0] == "* 3\\*3 卷积\n* * *\n$$\na*b*c\n$$\n$x*y*z$ 和 2\\*3"


def test_lookalike_characters_become_the_ordinary_ones():
    assert plain_cjk_characters("⼀维卷积⽤于⽅向，⾼效（括号）：ＡＢ") == "一维卷积用于方向，高效（括号）：ＡＢ"


@pytest.mark.parametrize("text, encoding", [
    ("什麼是卷積？權重共享，參數較少。", "big5"),
    ("梯度消失：重点在这里。", "gbk"),
    ("# 梯度消失\n原因", "gb18030"),
])
def test_legacy_chinese_encodings_are_told_apart(text, encoding):
    assert decode(text.encode(encoding))[0] == text


@pytest.mark.parametrize("line, prose", [
    ("NIN(Network in Network) uses micro networks instead of linear filters.", True),
    ("![](../img/a.png)", True),
    ("> 列表下的引用文字。", True),
    ("for i in range(10): print(i)", False),
    ("x = model(inputs)", False),
    (">>> import torch", False),
    ("return self.fc(x) if training else None", False),
])
def test_prose_images_and_quotes_are_not_code(line, prose):
    assert looks_like_prose_or_math(line) is prose


def test_paragraph_indented_right_after_a_heading_is_prose():
    text = run_fix(normalize_indentation, "## 什么是NIN？\n\t这一段是正文。\n\n\t第二段也是。")[0]
    assert text == "## 什么是NIN？\n这一段是正文。\n\n第二段也是。"


def test_a_list_right_after_a_quote_is_a_list():
    assert run_fix(separate_lists_from_paragraphs, "> 引用\n- 项一\n- 项二")[0] == "> 引用\n\n- 项一\n- 项二"
    # a quote under an item (its source, 4 columns in) takes the next item in just the same
    nested = "- 要点\n    > 说明\n- 第二点\n    - 子项"
    assert run_fix(separate_lists_from_paragraphs, nested)[0] == "- 要点\n    > 说明\n\n- 第二点\n    - 子项"
