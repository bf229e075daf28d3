"""The build cache `mkdocs serve` uses: an edit re-fixes only the edited note, same site either way."""

from __future__ import annotations

import shutil

from notes_normalizer import site as site_module
from notes_normalizer.cache import NoteCache
from notes_normalizer.site import build_site

from .conftest import NOTES


def _pages(built) -> dict[str, str]:
    return {page.path: page.content for page in built.pages}


def test_a_rebuild_refixes_only_the_edited_note(tmp_path, monkeypatch):
    folder = tmp_path / "notes"
    shutil.copytree(NOTES, folder)
    cache = NoteCache()
    first = build_site(folder, cache=cache)
    assert (cache.hits, cache.misses) == (0, 5)

    fixed_notes = []
    real = site_module.fix_note
    def counting(note, *args, **kwargs):
        fixed_notes.append(note.name)
        return real(note, *args, **kwargs)

    monkeypatch.setattr(site_module, "fix_note", counting)
    again = build_site(folder, cache=cache)
    assert fixed_notes == [] and _pages(again) == _pages(first)

    edited = folder / "深度学习问答.md"
    edited.write_text(edited.read_text("utf-8") + "\n## Q8：什么是注意力机制？\n\n加权求和。\n", "utf-8")
    after = build_site(folder, cache=cache)
    assert fixed_notes == ["深度学习问答.md"]
    assert any("什么是注意力机制" in page.title for page in after.pages)
    assert _pages(after) == _pages(build_site(folder))  # the cache never changes the result


def test_an_added_image_is_seen_by_a_cached_note(tmp_path):
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "a.md").write_text("## 图是什么？\n\n![图](pic.png)\n", "utf-8")
    cache = NoteCache()
    before = build_site(folder, cache=cache)
    assert "kb-missing-image" in "".join(p.content for p in before.pages)
    (folder / "pic.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    after = build_site(folder, cache=cache)
    assert "kb-missing-image" not in "".join(p.content for p in after.pages if p.path.startswith("q/"))
    assert "images/pic.png" in after.assets
