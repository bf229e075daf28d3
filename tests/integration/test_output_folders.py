"""Output folders: notes-kb never deletes or changes what it did not write. A folder that holds the
project, its notes or docs, or other people's files is refused and left as it was; a folder
notes-kb wrote is replaced whole, readable by a web server."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from notes_normalizer.site.output import MARK, OutputRefused, atomic_directory, check_output_folder
from notes_normalizer.tools.cli import main
from tests.helpers import tree_digest

NOTE = "# 笔记\n\n## 什么是BN？\n\n批归一化。\n"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_export_into_the_project_or_above_is_refused(project_copy, monkeypatch, capsys):
    monkeypatch.chdir(project_copy)
    before = tree_digest(project_copy)
    for target in (".", "..", "notes", "docs", "notes/out"):
        assert main(["export", target]) == 2
        assert "notes-kb export:" in capsys.readouterr().err
    assert tree_digest(project_copy) == before


def test_fix_out_into_the_notes_or_a_folder_above_them_is_refused(tmp_path, monkeypatch, capsys):
    notes = tmp_path / "my-notes"
    notes.mkdir()
    (notes / "a.md").write_text(NOTE, "utf-8")
    monkeypatch.chdir(tmp_path)
    for target in (".", "my-notes", "my-notes/fixed", str(tmp_path.parent)):
        assert main(["fix", "my-notes", "--out", target]) == 2
        assert "notes-kb fix:" in capsys.readouterr().err
    assert snapshot(tmp_path) == {"my-notes/a.md": NOTE.encode()}


def test_a_folder_of_other_files_is_refused_and_left_untouched(tmp_path, monkeypatch, capsys):
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "a.md").write_text(NOTE, "utf-8")
    theirs = tmp_path / "photos"
    theirs.mkdir()
    (theirs / "cat.jpg").write_bytes(b"\xff\xd8 a cat")
    monkeypatch.chdir(tmp_path)
    assert main(["fix", "notes", "--out", "photos"]) == 2
    assert "did not write" in capsys.readouterr().err
    assert snapshot(theirs) == {"cat.jpg": b"\xff\xd8 a cat"}


def test_a_folder_notes_kb_wrote_is_replaced_whole_with_the_usual_permissions(tmp_path, monkeypatch):
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "a.md").write_text(NOTE, "utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["fix", "notes", "--out", "fixed"]) == 0
    assert (tmp_path / "fixed" / MARK).is_file()
    (notes / "a.md").unlink()
    (notes / "b.md").write_text(NOTE, "utf-8")
    assert main(["fix", "notes", "--out", "fixed"]) == 0  # its own folder: replaced, old notes gone
    assert sorted(p.name for p in (tmp_path / "fixed").iterdir()) == [MARK, "b.md"]
    assert stat.S_IMODE((tmp_path / "fixed").stat().st_mode) == 0o755
    assert stat.S_IMODE((tmp_path / "fixed" / "b.md").stat().st_mode) & 0o044 == 0o044


def test_build_keeps_a_mkdocs_site_replaceable_and_refuses_the_project(project_copy, monkeypatch, capsys):
    monkeypatch.chdir(project_copy)
    assert main(["build", "-d", "."]) == 2
    assert main(["build", "-d", "docs/site"]) == 2
    capsys.readouterr()
    assert main(["build", "-d", "site"]) == 0
    assert (project_copy / "site" / MARK).is_file()
    assert main(["build", "-d", "site"]) == 0  # again: the folder is its own
    assert stat.S_IMODE((project_copy / "site").stat().st_mode) == 0o755


# --- property: over random folder layouts, nothing outside what the tool wrote changes ----------

NAMES = st.sampled_from(["a", "b", "notes", "out", "site", "docs", "x"])
LAYOUTS = st.lists(st.tuples(st.lists(NAMES, min_size=1, max_size=3), st.binary(max_size=8)), max_size=8)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(layout=LAYOUTS, target=st.lists(NAMES, min_size=0, max_size=3), marked=st.booleans())
def test_writing_an_output_folder_never_changes_anything_else(tmp_path_factory, layout, target, marked):
    root = tmp_path_factory.mktemp("layout")
    notes = root / "notes"
    notes.mkdir()
    (notes / "a.md").write_text(NOTE, "utf-8")
    for parts, content in layout:
        path = root.joinpath(*parts)
        if any(parent.is_file() for parent in [path, *path.parents] if parent != path and root in parent.parents):
            continue
        if path.is_dir():
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    out = root.joinpath(*target)
    if marked and out.is_dir() and out != root:
        (out / MARK).write_text("", "utf-8")
    before = snapshot(root)
    try:
        check_output_folder(out, [notes, root])
        with atomic_directory(out) as staging:
            (staging / "index.html").write_text("site", "utf-8")
    except OutputRefused:
        assert snapshot(root) == before
        return
    after = snapshot(root)
    inside = out.relative_to(root).as_posix() + "/" if out != root else ""
    assert {k: v for k, v in after.items() if not k.startswith(inside)} == \
           {k: v for k, v in before.items() if not k.startswith(inside)}
    replaced = {k: v for k, v in before.items() if k.startswith(inside)}
    assert not replaced or marked or (f"{inside}{MARK}" in before), "a folder of other files was replaced"
    assert after[f"{inside}index.html"] == b"site"


def test_a_file_is_never_an_output_folder(tmp_path):
    (tmp_path / "out").write_text("mine", "utf-8")
    with pytest.raises(OutputRefused):
        check_output_folder(tmp_path / "out", [])
