"""整理报告: grouped by kind and note, counted, in Chinese, collapsed."""

from __future__ import annotations

import re

import markdown

from notes_normalizer.build import build_site
from notes_normalizer.model import FixedNote, Problem, Repair
from notes_normalizer.site.report import NOTICES, PROBLEMS, REPAIRS, label, report_page
from tests.helpers import NOTES, make_note


def _note(name: str, repairs=(), problems=()) -> FixedNote:
    note = make_note(f"# {name}\n\n正文。\n", name=f"{name}.md")
    return FixedNote(note, note.lines, list(repairs), list(problems))


def test_problems_grouped_by_kind_notices_apart_repairs_per_note():
    gbk = _note("旧笔记", problems=[Problem("旧笔记.md", 0, "encoding", "decoded as: gb18030")])
    images = _note("图片", repairs=[Repair("图片.md", 3, "image", "![](a.png)",
                                           '<span class="kb-missing-image" role="img">图片缺失：a.png</span>')],
                   problems=[Problem("图片.md", 3, "image.missing", "image not found: /Users/me/a.png"),
                             Problem("图片.md", 9, "image.missing", "image not found: b.png")])
    page = report_page([gbk, images], [])
    assert "共整理 2 篇笔记：自动修复 1 处，2 处需要你处理，另有 1 条说明。" in page
    html = markdown.markdown(page.split("---\n", 2)[2], extensions=["md_in_html", "tables"])
    assert "图片找不到（2 处）" in html and "`/Users/me/a.png`" not in html and "/Users/me/a.png" in html
    needs, notes_part = page.split("## 说明")
    assert "非 UTF-8" not in needs and "非 UTF-8 编码的笔记（1 处）" in notes_part  # decoded fine: not a failure
    assert "<code>gb18030</code>" in notes_part
    assert "《图片》（1 处）" in page and "［图片缺失占位框］" in page and "<span" not in page.split("## 自动修复")[1]


def test_every_kind_the_fixes_produce_on_real_notes_has_a_chinese_name(tmp_path):
    from tests.helpers import make_collection_notes
    kinds = set()
    for notes in (NOTES, make_collection_notes(tmp_path / "collection")):
        site = build_site(notes)
        kinds |= {r.kind for _, fixed in site.notes for r in fixed.repairs} | {p.kind for p in site.all_problems}
    assert kinds - set(REPAIRS) - set(PROBLEMS) - set(NOTICES) == set()
    assert all(re.search(r"[\u4e00-\u9fff]", label(kind)) for kind in kinds)


def test_what_a_note_holds_never_becomes_markup_of_the_report():
    hostile = "第1段 <details><summary>摘要</summary></details> | <img src=x onerror=alert(1)> 之后"
    fixed = _note("载荷", repairs=[Repair("载荷.md", 4, "html.sanitized", hostile, "第1段 之后")])
    html = markdown.markdown(report_page([fixed], []).split("---\n", 2)[2], extensions=["md_in_html", "tables"])
    assert html.count("<details") == 1 and "<img" not in html and "&lt;details&gt;" in html
