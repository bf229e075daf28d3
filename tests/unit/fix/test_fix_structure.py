"""Structure and encoding fixes, and dialect detection."""

from __future__ import annotations

from notes_normalizer.fix.encoding import drop_zero_width_characters, plain_leading_spaces
from notes_normalizer.fix.lists import drop_empty_list_items, nest_flattened_lists, separate_lists_from_paragraphs
from notes_normalizer.fix.structure import (
    convert_bullets,
    drop_break_lines,
    recover_headings,
    remove_web_chrome,
    separate_label_lines,
    split_escaped_pseudo_lists,
)
from notes_normalizer.read.dialects import detect_dialects
from tests.helpers import make_note, run_fix

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
    text, ctx = run_fix(plain_leading_spaces, WEB_PAGE)
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
    text, ctx = run_fix(drop_zero_width_characters, "\u200b- 列表\n\u00a0\u00a0缩进\n\u00a0\n正\u200b文")
    text, ctx2 = run_fix(plain_leading_spaces, text)
    assert text == "- 列表\n  缩进\n\n正文"
    assert len(ctx.repairs) + len(ctx2.repairs) == 4
    assert run_fix(plain_leading_spaces, "第一行\n\t\u00a0缩进")[0] == "第一行\n\t 缩进"


def test_zero_width_removal_cannot_create_a_script_url():
    from notes_normalizer.fix.html import sanitize_html
    from notes_normalizer.fix.pipeline import FIXES
    assert FIXES.index(drop_zero_width_characters) < FIXES.index(sanitize_html)


WEB = frozenset({"web-copy"})


def test_bullets_become_list_items():
    text, ctx = run_fix(convert_bullets, "  • 优点\n• 缺点\n正文里的 • 不变\n```\n• 代码\n```")
    assert text == "  - 优点\n- 缺点\n正文里的 • 不变\n```\n• 代码\n```"
    assert len(ctx.repairs) == 2


def test_escaped_pseudo_lists_are_split():
    source = "\\- batch size effect；- learning rate effect；- batch normalization\n\\- 单独一项不拆"
    text, ctx = run_fix(split_escaped_pseudo_lists, source)
    assert text.split("\n") == ["- batch size effect", "- learning rate effect", "- batch normalization",
                                "\\- 单独一项不拆"]
    assert {r.line for r in ctx.repairs} == {1}


def test_break_lines_between_blocks_only():
    text, _ = run_fix(drop_break_lines, "段一\n\n<br>\n\n段二<br>继续\n\n| a<br>b |\n\n<br/>")
    assert text == "段一\n\n\n段二<br>继续\n\n| a<br>b |\n"


def test_empty_items_are_dropped_unless_they_hold_content():
    text, ctx = run_fix(drop_empty_list_items, "5. 有内容\n\n6. \n\n7.\n\n-\n    子内容属于它\n段落\n- \n另一段")
    assert text == "5. 有内容\n\n\n\n-\n    子内容属于它\n段落\n\n另一段"
    assert [r.line for r in ctx.repairs] == [3, 5, 10]


def test_numbered_runs_under_a_bullet_are_nested_in_web_copies():
    source = "激活函数\n\n- sigmoid\n1. 公式\n2. 取值\n- tanh\n1. 公式\n    续行\n\n1. 独立的列表"
    text, _ = run_fix(nest_flattened_lists, source, dialects=WEB)
    assert text.split("\n") == ["激活函数", "", "- sigmoid", "    1. 公式", "    2. 取值", "- tanh", "    1. 公式",
                                "        续行", "", "1. 独立的列表"]
    assert run_fix(nest_flattened_lists, text, dialects=WEB)[0] == text
    assert run_fix(nest_flattened_lists, source)[0] == source


def test_headings_are_recovered_in_web_copies():
    source = ("深度学习\n\nbatch normalization\n\n  1. 均值\n\nResnet\n\nhttps://blog.example/1\n\n"
              "这是一句正文，不是标题。\n\n- 列表\n\n目标是求这两个东西\n\n其中第二项是好求的。\n\n"
              "KL散度性质\n\n信息熵为何如此定义\n\n- 项\n\n场景分析")
    text, _ = run_fix(recover_headings, source, dialects=WEB)
    headings = [line for line in text.split("\n") if line.startswith("#")]
    assert headings == ["# 深度学习", "## batch normalization", "## Resnet", "## KL散度性质", "## 信息熵为何如此定义",
                        "## 场景分析"]
    assert run_fix(recover_headings, source)[0] == source


def test_answer_sentences_without_punctuation_are_not_recovered_as_headings():
    source = ("深度学习\n\nBPTT推导\n\n- 方向\n\n难点在于U和W的更新\n\n  1. 方向1\n\n"
              "具体展开求解参考第一个链接的内容\n\n我的博客解析了pytorch的代码\n\n- 链接\n\n参考资料\n\n- 链接")
    text, _ = run_fix(recover_headings, source, dialects=WEB)
    headings = [line for line in text.split("\n") if line.startswith("#")]
    assert headings == ["# 深度学习", "## BPTT推导", "## 参考资料"]


def test_dialects_can_be_forced_per_note(tmp_path):
    from notes_normalizer.model import Options
    from notes_normalizer.read.reading import load_notes
    (tmp_path / "plain.md").write_text("History\n\n正文", encoding="utf-8")
    (tmp_path / "copied.md").write_text(WEB_PAGE, encoding="utf-8")
    notes, _ = load_notes(tmp_path, Options(dialects={"plain.md": ["web-copy"], "copied.md": []}))
    by_name = {note.name: note.dialects for note in notes}
    assert by_name == {"plain.md": frozenset({"web-copy"}), "copied.md": frozenset()}
    detected, _ = load_notes(tmp_path, Options())
    assert {note.name: note.dialects for note in detected}["copied.md"] == frozenset({"web-copy"})


def test_lists_after_paragraph_text_get_a_blank_line():
    source = ("有如下三点：\n* 链式求导\n* 权重\n\n比如 2019 年\n2. 不是列表的开始\n\n- 已经是列表\n- 第二项"
              "\n\n原因：\n1. 第一")
    text, ctx = run_fix(separate_lists_from_paragraphs, source)
    assert text == ("有如下三点：\n\n* 链式求导\n* 权重\n\n比如 2019 年\n2. 不是列表的开始\n\n- 已经是列表\n- 第二项"
                    "\n\n原因：\n\n1. 第一")
    assert [r.line for r in ctx.repairs] == [2, 12]


def test_question_and_answer_label_lines_get_a_paragraph_each():
    before = "问：什么是过拟合？\n答：训练集好、测试集差。\nQ1: 怎么缓解？\n**答案**：正则化。"
    text, ctx = run_fix(separate_label_lines, before)
    assert text == "问：什么是过拟合？\n\n答：训练集好、测试集差。\n\nQ1: 怎么缓解？\n\n**答案**：正则化。"
    assert [r.kind for r in ctx.repairs] == ["structure.label-line"] * 3


def test_label_lines_already_apart_in_lists_quotes_code_or_words_stay():
    for text in ("问：什么是BN？\n\n答：批归一化。",  # already apart
                 "- 问：什么是BN？\n答：批归一化。",  # a list item's lazy continuation
                 "> 问：什么是BN？\n> 答：批归一化。",
                 "```\nprint(1)\nA: 1\n```",
                 "什么是BN？\nQuick: 不是标签。\nAnswer: nor this"):
        assert run_fix(separate_label_lines, text)[0] == text, text
