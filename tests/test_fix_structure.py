"""Structure and encoding fixes, and dialect detection."""

from __future__ import annotations

from notes_normalizer.dialects import detect_dialects
from notes_normalizer.fixes.encoding import strip_invisible_characters
from notes_normalizer.fixes.structure import remove_web_chrome

from .conftest import make_note, run_fix

WEB_PAGE = """\
Skip to content

Latest commit

\u00a0

History
120 lines (80 loc) · 3.1 KB

我的笔记.md

File metadata and controls

我的笔记

正文第一段。History 在这里是正文。
"""


def test_web_chrome_removed_from_web_copies_only():
    note = make_note(WEB_PAGE, name="我的笔记.md")
    assert detect_dialects(note) == {"web-copy"}
    text, ctx = run_fix(strip_invisible_characters, WEB_PAGE)
    text, ctx = run_fix(remove_web_chrome, text, dialects=frozenset({"web-copy"}), name="我的笔记.md")
    assert text.strip().split("\n")[0] == "我的笔记"
    assert "正文第一段。History 在这里是正文。" in text
    assert "Skip to content" not in text and "loc)" not in text and "File metadata" not in text
    plain = "History\n\n正文"
    assert run_fix(remove_web_chrome, plain)[0] == plain


def test_dialects_from_content_not_names():
    assert "vuepress" in detect_dialects(make_note("""<img :src="$withBase('/a.png')">"""))
    assert "typora" in detect_dialects(make_note('<img src="a.png" style="zoom:50%;" />'))
    assert detect_dialects(make_note("# 标题\n\n正文", name="Skip to content.md")) == frozenset()


def test_invisible_characters():
    text, ctx = run_fix(strip_invisible_characters, "\u200b- 列表\n\u00a0\u00a0缩进\n\u00a0\n正\u200b文")
    assert text == "- 列表\n  缩进\n\n正文"
    assert len(ctx.repairs) == 4
