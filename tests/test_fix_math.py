"""Math fixes: dollar pairing and the TeX repairs built on it."""

from __future__ import annotations

import pytest

from notes_normalizer.fixes.math import (
    expand_part,
    inline_display_math_in_sentence,
    math_spans,
    trim_inline_math_spaces,
)

from .conftest import run_fix


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
