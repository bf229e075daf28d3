"""HTML sanitizing: layout kept byte for byte, anything that can run removed (OWASP classics)."""

from __future__ import annotations

import markdown
import pytest
from bs4 import BeautifulSoup

from notes_normalizer.fix.html import clean_html, fragment_is_safe, join_split_tags, sanitize_html
from tests.helpers import DANGER, PAYLOADS, run_fix


def assert_harmless(text: str) -> None:
    lowered = text.lower()
    for word in DANGER:
        assert word not in lowered, (word, text)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_inline_payloads_are_removed(payload):
    text, _ = run_fix(sanitize_html, f"前文 {payload} 后文")
    assert text.startswith("前文 ") and text.endswith(" 后文")
    assert_harmless(text)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_block_payloads_are_removed(payload):
    text, _ = run_fix(sanitize_html, f"段落一\n\n{payload}\n\n段落二")
    assert "段落一" in text and "段落二" in text
    assert_harmless(text)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_clean_html_removes_them_from_rendered_pages(payload):
    assert_harmless(clean_html(f"<p>{payload}</p>"))


def test_layout_html_is_kept_exactly():
    source = ('<div align="center">\n<img src="a.png" alt="图" width="50%">\n</div>\n\n'
              "上标 x<sup>2</sup>，换行<br>继续。\n\n| 表 | 格 |\n| --- | --- |\n| a<br>b | c |\n\n"
              '<span class="kb-missing-image" role="img" aria-label="图片缺失：x">图片缺失：x</span>')
    text, ctx = run_fix(sanitize_html, source)
    assert text == source and ctx.repairs == []
    assert fragment_is_safe('<div style="text-align: center;">居中</div>')


def test_script_links_in_markdown_are_neutralised():
    text, _ = run_fix(sanitize_html, "[点我](javascript:alert(1)) [好](https://example.org) [相对](../a.md) "
                                     "![图](JaVaScRiPt:alert(1)) <javascript:alert(1)> <https://example.org>")
    assert "[点我](#)" in text and "![图](#)" in text
    assert "[好](https://example.org)" in text and "[相对](../a.md)" in text and "<https://example.org>" in text
    soup = BeautifulSoup(markdown.markdown(text), "html.parser")
    urls = [tag.get("href") or tag.get("src") for tag in soup.find_all(["a", "img"])]
    assert urls and not any("javascript" in url.lower() for url in urls)


def test_autolinks_survive():
    source = "参考：<http://blog.csdn.net/x/article/details/1> 或 <me@example.org>"
    assert run_fix(sanitize_html, source)[0] == source


def test_code_is_untouched():
    source = "```html\n<script>alert(1)</script>\n```\n\n`<img onerror=x>`"
    assert run_fix(sanitize_html, source)[0] == source


def test_idempotent():
    source = "\n\n".join(PAYLOADS)
    once = run_fix(sanitize_html, source)[0].strip("\n")  # run_fix trims the note's outer blank lines
    twice, ctx = run_fix(sanitize_html, once)
    assert twice == once and ctx.repairs == []


def test_a_tag_spanning_lines_is_cleaned():
    source = "图片 <img\nsrc=x\nonerror=alert(1)> 之后的文字\n\n下一段"
    text, ctx = run_fix(lambda lines, ctx: sanitize_html(join_split_tags(lines, ctx), ctx), source)
    assert_harmless(text)
    assert "之后的文字" in text and text.endswith("下一段")
    assert ctx.repairs[0].line == 1


def test_split_tags_are_joined_but_math_is_not():
    text, ctx = run_fix(join_split_tags, '前文 <img\nsrc="a.png"\nalt="图"> 后文\n\n公式 $x<y$\n与 $y>z$')
    assert text.split("\n")[0] == '前文 <img src="a.png" alt="图"> 后文'
    assert text.split("\n")[2:] == ["公式 $x<y$", "与 $y>z$"]
    assert [r.line for r in ctx.repairs] == [1]


def test_math_is_not_mistaken_for_tags():
    source = "当 $x<y$ 且 $y>z$ 时，$a<b$ 与 $c>d$ 都成立"
    assert run_fix(sanitize_html, source)[0] == source


def test_malformed_quotes_cannot_merge_into_a_tag():
    text, _ = run_fix(sanitize_html, '前 <a title="x>y" onclick="alert(1)">链接</a> 后')
    soup = BeautifulSoup(markdown.markdown(text), "html.parser")
    assert all(not attr.startswith("on") for tag in soup.find_all(True) for attr in tag.attrs)
    assert "链接" in soup.get_text() and "前" in soup.get_text() and "后" in soup.get_text()
