"""Math fixes: dollar pairing and the TeX repairs built on it."""

from __future__ import annotations

import pytest

from notes_normalizer.fix.math import (
    expand_part,
    fix_tex_words,
    inline_display_math_in_sentence,
    join_broken_inline_math,
    math_spans,
    separate_display_blocks,
    trim_inline_math_spaces,
)
from tests.helpers import run_fix


def test_pairing():
    assert [(s.start, s.end, s.display) for s in math_spans("$a$ 和 $ b $")] == [(0, 3, False), (6, 11, False)]
    assert [s.display for s in math_spans("$a$$b$")] == [False, False]
    assert [s.display for s in math_spans("x $$y$$ z")] == [True]
    assert math_spans(r"价格 \$5 和 \$6") == []
    assert math_spans("$unclosed") == []


@pytest.mark.parametrize("before, after", [
    ("$ x $", "$x$"),
    ("而 $ \\frac{1}{\\sigma_i} $ 能对$ W_i$ 进行缩放", "而 $\\frac{1}{\\sigma_i}$ 能对$W_i$ 进行缩放"),
    ("$a$ 和 $ b $", "$a$ 和 $b$"),
    ("$(\\mu,\\delta)$$ (\\gamma,\\beta)$", "$(\\mu,\\delta)$$(\\gamma,\\beta)$"),
    ("`$ code $` $ x $", "`$ code $` $x$"),
    ("$$ x $$", "$$ x $$"),
])
def test_trim_inline_math_spaces(before, after):
    assert run_fix(trim_inline_math_spaces, before)[0] == after


def test_part_becomes_partial_in_inline_and_block_math_only():
    source = "$\\part x$ 和 \\part 文本\n$$\n\\frac{\\part L}{\\part w} + \\partial\n$$"
    text, ctx = run_fix(expand_part, source)
    assert text == "$\\partial x$ 和 \\part 文本\n$$\n\\frac{\\partial L}{\\partial w} + \\partial\n$$"
    assert sorted(r.line for r in ctx.repairs) == [1, 3]


def test_display_math_inside_a_sentence_becomes_inline():
    text, _ = run_fix(inline_display_math_in_sentence, "所以状态为：$$ C_t=f_tC_{t-1}$$ ，展开后")
    assert text == "所以状态为：$C_t=f_tC_{t-1}$ ，展开后"
    alone = "$$ x = 1 $$"
    assert run_fix(inline_display_math_in_sentence, alone)[0] == alone


def test_broken_inline_math_is_joined():
    source = ("4. 函数定义为： $ f(x) =  \\left\\{\n\\begin{aligned}\nax, \\quad x<0 \\\\\n\\end{aligned}\n"
              "\\right. $，值域为 $ (-∞,+∞) $。\n5. 下一项")
    text, ctx = run_fix(join_broken_inline_math, source)
    lines = text.split("\n")
    assert lines[0].startswith("4. 函数定义为： $ f(x) =  \\left\\{ \\begin{aligned}")
    assert lines[0].endswith("\\right. $，值域为 $ (-∞,+∞) $。") and lines[1] == "5. 下一项"
    assert ctx.repairs[0].line == 1


def test_a_stray_dollar_never_glues_prose_lines():
    source = "价格 $5 元\n第二行 $6 元"
    assert run_fix(join_broken_inline_math, source)[0] == source


def test_display_blocks_get_blank_lines():
    source = "会出现\n$$\n\\frac{a}{b}\n$$\n这里\n$$ x = 1 $$\n后文"
    text, _ = run_fix(separate_display_blocks, source)
    assert text == "会出现\n\n$$\n\\frac{a}{b}\n$$\n\n这里\n\n$$ x = 1 $$\n\n后文"


@pytest.mark.parametrize("before, after", [
    ("$S_t=tanh[x]$", "$S_t=\\tanh[x]$"),
    ("$f(x)=1/1+exp(-x)$", "$f(x)=1/1+\\exp(-x)$"),
    ("$max(0, x)$ 与 $\\max(0,x)$ 与 $softmax$", "$\\max(0, x)$ 与 $\\max(0,x)$ 与 $softmax$"),
    ("$F = stride + kernel_size$", "$F = stride + \\text{kernel\\_size}$"),
    ("$W_f + x_l + \\text{kernel_size}$", "$W_f + x_l + \\text{kernel_size}$"),
    ("tanh 在正文里不变", "tanh 在正文里不变"),
    # an operator with a short subscript is math (log base e), never a name in \text{} with \log inside
    ("$\\frac{1}{1+sin(x)(log_ex)^2}$", "$\\frac{1}{1+\\sin(x)(\\log_ex)^2}$"),
    ("$max_pool(x)$", "$\\text{max\\_pool}(x)$"),
])
def test_tex_words(before, after):
    assert run_fix(fix_tex_words, before)[0] == after


def test_tex_words_in_multiline_blocks():
    text, _ = run_fix(fix_tex_words, "$$\\prod tanh' \\sigma(\nW + kernel_size)$$")
    assert text == "$$\\prod \\tanh' \\sigma(\nW + \\text{kernel\\_size})$$"


def test_touching_inline_formulas_render_as_two():
    """pymdown-extensions reads `$a$$b$` as two formulas; if an upgrade changes that, this fails."""
    import markdown
    html = markdown.markdown("$(\\mu,\\delta)$$(\\gamma,\\beta)$ 对应相等", extensions=["pymdownx.arithmatex"],
                             extension_configs={"pymdownx.arithmatex": {"generic": True}})
    assert html.count('class="arithmatex"') == 2 and "$" not in html


def test_an_unclosed_display_block_leaves_the_prose_after_it_alone():
    source = "$$\n\\frac{a}{b}\n之后的正文提到 tanh 和 kernel_size"
    assert run_fix(fix_tex_words, source)[0] == source
