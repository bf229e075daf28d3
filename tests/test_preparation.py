"""Preparing notes and writing question pages on every core gives the site a one-process build
gives, byte for byte."""

from __future__ import annotations

import shutil
import threading
from functools import partial

from notes_normalizer import parallel, preparation, site
from notes_normalizer.cache import NoteCache
from notes_normalizer.site import build_site

from .conftest import NOTES


def _site(built) -> tuple:
    return ({page.path: (page.title, page.content) for page in built.pages}, built.assets, built.files,
            [str(problem) for problem in built.problems])


def _forcing_workers(monkeypatch) -> list[bool]:
    """Workers for any amount of text; returns a list that records, per preparation, whether they ran."""
    used: list[bool] = []
    real = preparation._in_parallel

    def spy(*args, **kwargs):
        result = real(*args, **kwargs)
        used.append(result is not None)
        return result

    monkeypatch.setattr(preparation, "PARALLEL_FROM_CHARS", 0)
    monkeypatch.setattr(preparation, "_in_parallel", spy)
    return used


def test_workers_build_the_same_site(monkeypatch):
    serial = _site(build_site(NOTES))
    used = _forcing_workers(monkeypatch)
    assert _site(build_site(NOTES)) == serial
    assert used == [True]


def test_workers_images_get_the_names_of_a_one_process_build(tmp_path, monkeypatch):
    """Two notes in two folders each show their own `fig.png`: a worker does not know the other's
    claim, so the second note is prepared again, in order, and gets `fig-2.png` as it would alone."""
    for folder, colour in (("a", b"red"), ("b", b"blue")):
        (tmp_path / folder / "img").mkdir(parents=True)
        (tmp_path / folder / "img" / "fig.png").write_bytes(b"\x89PNG\r\n\x1a\n" + colour)
        (tmp_path / folder / "note.md").write_text(f"## {folder} 图是什么？\n\n![图](img/fig.png)\n\n" * 3, "utf-8")
    serial = _site(build_site(tmp_path))
    assert sorted(serial[1]) == ["images/fig-2.png", "images/fig.png"]
    used = _forcing_workers(monkeypatch)
    assert _site(build_site(tmp_path)) == serial
    assert used == [True]


def test_workers_results_are_cached_like_any_other(tmp_path, monkeypatch):
    folder = tmp_path / "notes"
    shutil.copytree(NOTES, folder)
    used = _forcing_workers(monkeypatch)
    cache = NoteCache()
    first = _site(build_site(folder, cache=cache))
    again = _site(build_site(folder, cache=cache))
    assert (cache.hits, cache.misses) == (5, 5) and again == first
    assert used == [True, False]  # nothing left to prepare the second time


def test_question_pages_written_by_workers_are_the_same(monkeypatch):
    serial = _site(build_site(NOTES))
    calls: list[int] = []
    real = parallel.forked_calls

    def spy(work, *args, **kwargs):
        done = real(work, *args, **kwargs)
        calls.append(len(work) if done is not None else 0)
        return done

    monkeypatch.setattr(site, "PARALLEL_FROM_PAGES", 0)
    monkeypatch.setattr(site, "forked_calls", spy)
    built = build_site(NOTES)
    pages = len(built.kb.pages)
    assert calls == [pages + 1, pages]  # the answers with the related lists, then the pages' endings
    assert _site(built) == serial


def test_forked_calls_keep_their_order():
    assert parallel.forked_calls([partial(pow, n, 2) for n in range(50)], batches_per_worker=3) == \
        [n * n for n in range(50)]
    assert parallel.forked_calls([partial(pow, n, 2) for n in range(7)]) == [n * n for n in range(7)]


def test_no_workers_while_other_threads_run():
    """A fork copies other threads' locks in whatever state they are (`mkdocs serve`'s server)."""
    release = threading.Event()
    thread = threading.Thread(target=release.wait)
    thread.start()
    try:
        assert parallel.forked_calls([partial(pow, 2, 2)] * 4) is None
    finally:
        release.set()
        thread.join()
