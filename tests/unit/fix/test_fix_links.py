"""Links between notes and to files beside them, as published."""

from __future__ import annotations

from pathlib import Path

from notes_normalizer.fix import Context
from notes_normalizer.fix.images import ImageResolver
from notes_normalizer.fix.links import relink_local_links
from tests.helpers import make_note


def run(text: str, folder: Path, name: str = "a/当前.md", pages: dict[str, str] | None = None):
    note = make_note(text, name=name, folder=folder)
    note.path = folder / name
    ctx = Context(note=note, page_path="notes/dang-qian.md", page_url="notes/dang-qian",
                  images=ImageResolver([folder]), note_pages=pages or {})
    return "\n".join(line.text for line in relink_local_links(note.lines, ctx)), ctx


PAGES = {"a/当前.md": "notes/dang-qian.md", "a/其他 笔记.md": "notes/qi-ta-bi-ji.md", "b/远处.md": "notes/yuan-chu.md"}


def test_links_to_notes_point_at_their_pages(tmp_path):
    text, ctx = run("见[其他](其他%20笔记.md#小节)、[远处](../b/远处.md)、[无扩展名](<其他 笔记>)、"
                    "[按名字](/Users/me/notes/b/远处.md)", tmp_path, pages=PAGES)
    assert text == ("见[其他](qi-ta-bi-ji.md#小节)、[远处](yuan-chu.md)、[无扩展名](qi-ta-bi-ji.md)、"
                    "[按名字](yuan-chu.md)")
    assert ctx.problems == []


def test_files_beside_the_notes_are_copied_and_missing_targets_keep_their_text(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "论文.pdf").write_bytes(b"%PDF-1.4")
    text, ctx = run("[论文](论文.pdf) 和 [不存在](没有.md) 与 [越界](../../etc/passwd)", tmp_path, pages=PAGES)
    assert text == "[论文](../images/%E8%AE%BA%E6%96%87.pdf) 和 不存在 与 越界"
    assert ctx.images.assets == {"images/论文.pdf": (tmp_path / "a" / "论文.pdf").resolve()}
    assert [p.kind for p in ctx.problems] == ["link.missing", "link.missing"]


def test_web_links_anchors_images_and_code_stay(tmp_path):
    source = "[网](https://example.org/a.md) [锚](#小节) [邮件](mailto:a@b.c) ![图](x.png) `[码](x.md)`"
    assert run(source, tmp_path, pages=PAGES)[0] == source
