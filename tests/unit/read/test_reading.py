"""Reading: encodings, line endings, front matter, unreadable files."""

from __future__ import annotations

import pytest

from notes_normalizer.read.reading import UnreadableNote, read_note


def test_utf8_bom_crlf(tmp_path):
    (tmp_path / "a.md").write_bytes("\ufeff# 标题\r\n正文\r\n".encode())
    note, problems = read_note(tmp_path / "a.md", tmp_path)
    assert [line.text for line in note.lines] == ["# 标题", "正文", ""]
    assert problems == []


def test_gb18030_is_decoded_and_reported(tmp_path):
    (tmp_path / "b.md").write_bytes("# 梯度消失\n原因".encode("gb18030"))
    note, problems = read_note(tmp_path / "b.md", tmp_path)
    assert note.lines[0].text == "# 梯度消失"
    assert [p.kind for p in problems] == ["encoding"]


def test_binary_is_unreadable(tmp_path):
    (tmp_path / "c.md").write_bytes(b"\x89PNG\x00\x00")
    with pytest.raises(UnreadableNote):
        read_note(tmp_path / "c.md", tmp_path)


def test_front_matter_becomes_meta_and_line_numbers_are_kept(tmp_path):
    (tmp_path / "d.md").write_text("---\ntitle: 问答\ntags:\n  - 面试\n---\n\n## Q1\n", encoding="utf-8")
    note, problems = read_note(tmp_path / "d.md", tmp_path)
    assert note.meta == {"title": "问答", "tags": ["面试"]}
    assert note.lines[1].text == "## Q1" and note.lines[1].number == 7
    assert len(note.front_matter) == 5


def test_broken_front_matter_keeps_body(tmp_path):
    (tmp_path / "e.md").write_text("---\ntitle: [unclosed\n---\n正文还在\n", encoding="utf-8")
    note, problems = read_note(tmp_path / "e.md", tmp_path)
    assert note.meta == {}
    assert note.lines[0].text == "正文还在"
    assert problems[0].kind == "front-matter" and problems[0].line >= 2 and problems[0].note == "e.md"


def test_rules_around_plain_text_are_not_front_matter(tmp_path):
    (tmp_path / "f.md").write_text("---\n一段被横线包围的正文\n---\n后文\n", encoding="utf-8")
    note, problems = read_note(tmp_path / "f.md", tmp_path)
    assert [line.text for line in note.lines][:4] == ["---", "一段被横线包围的正文", "---", "后文"]
    assert note.meta == {} and note.front_matter == [] and problems == []


def test_symlinks_out_of_the_notes_folder_are_not_followed(tmp_path):
    from notes_normalizer.read.reading import find_notes
    notes, outside = tmp_path / "notes", tmp_path / "outside"
    notes.mkdir()
    outside.mkdir()
    (outside / "secret.md").write_text("# 秘密", encoding="utf-8")
    (notes / "linked-dir").symlink_to(outside)
    (notes / "linked.md").symlink_to(outside / "secret.md")
    (notes / "a.md").write_text("# 正常", encoding="utf-8")
    assert find_notes(notes) == [notes / "a.md"]
