"""The build cache `mkdocs serve` uses: an edit re-fixes only the edited note, same site either way."""

from __future__ import annotations

import shutil

from notes_normalizer import build
from notes_normalizer.build import build_site
from notes_normalizer.runtime.cache import NoteCache
from tests.helpers import NOTES


def _pages(built) -> dict[str, str]:
    return {page.path: page.content for page in built.pages}


def test_a_rebuild_refixes_only_the_edited_note(tmp_path, monkeypatch):
    folder = tmp_path / "notes"
    shutil.copytree(NOTES, folder)
    cache = NoteCache()
    first = build_site(folder, cache=cache)
    assert (cache.hits, cache.misses) == (0, 5)

    fixed_notes = []
    real = build.fix_note
    def counting(note, *args, **kwargs):
        fixed_notes.append(note.name)
        return real(note, *args, **kwargs)

    monkeypatch.setattr(build, "fix_note", counting)
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


def test_the_cache_on_disk_serves_the_next_process_the_same_site(tmp_path, monkeypatch):
    import notes_normalizer.runtime.cache as cache_module
    folder = tmp_path / "notes"
    shutil.copytree(NOTES, folder)
    cache_file = tmp_path / ".cache" / "notes.pickle"
    first = NoteCache()
    built = build_site(folder, cache=first)
    first.save(cache_file)

    second = NoteCache()  # as a new `mkdocs build` would
    assert second.load(cache_file)
    again = build_site(folder, cache=second)
    assert (second.hits, second.misses) == (5, 0)
    assert _pages(again) == _pages(built)

    monkeypatch.setattr(cache_module, "code_fingerprint", lambda: "other code")
    assert not NoteCache().load(cache_file), "a cache made by other code is not used"


def test_a_damaged_cache_file_is_ignored(tmp_path):
    for content in (b"", b"not a pickle", b"\x80\x05K\x01."):
        path = tmp_path / "notes.pickle"
        path.write_bytes(content)
        cache = NoteCache()
        assert not cache.load(path)
        build_site(NOTES, cache=cache)
        assert cache.misses == 5
    assert not NoteCache().load(tmp_path / "missing.pickle")


def test_the_cache_keeps_only_what_the_last_build_used(tmp_path):
    folder = tmp_path / "notes"
    shutil.copytree(NOTES, folder)
    cache_file = tmp_path / "notes.pickle"
    cache = NoteCache()
    build_site(folder, cache=cache)
    cache.save(cache_file)  # the plugin saves after each build that fixed something
    (folder / "深度学习问答.md").unlink()
    build_site(folder, cache=cache)
    cache.save(cache_file)
    reloaded = NoteCache()
    reloaded.load(cache_file)
    assert len(reloaded._entries) == 4


def test_the_plugin_keeps_its_preparations_for_the_next_rebuild(project_copy, tmp_path):
    """MkDocs keeps a plugin with `on_startup` across `mkdocs serve` rebuilds: its cache goes with it."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    config = load_config(str(project_copy / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    plugin = config.plugins["notes-kb"]
    assert "on_startup" in vars(type(plugin))
    build(config)
    misses = plugin.note_cache.misses
    build(config)
    assert plugin.note_cache.misses == misses and plugin.note_cache.hits >= 5


def test_the_cache_on_disk_is_keyed_by_every_stages_code():
    """A preparation cached by other splitting or merging code is never reused: the fingerprint reads the
    whole library, not only the runtime package it lives in."""
    from notes_normalizer.runtime.cache import fingerprinted_files, library_root
    names = {path.relative_to(library_root()).as_posix() for path in fingerprinted_files()}
    assert {"split/questions.py", "fix/pipeline.py", "analyse/signature.py", "merge/signals.py",
            "language/data/vocabulary.yml", "runtime/cache.py"} <= names
