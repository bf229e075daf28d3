"""Preparing notes and writing question pages on every core gives the site a one-process build
gives, byte for byte."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
from collections import Counter
from functools import partial
from pathlib import Path

from notes_normalizer import build
from notes_normalizer.analyse import analysis as analysis_module
from notes_normalizer.analyse import features as features_module
from notes_normalizer.analyse import signature as signature_module
from notes_normalizer.analyse.analysis import analyse_units
from notes_normalizer.build import build_site
from notes_normalizer.fix.images import ImageResolver
from notes_normalizer.language.vocabulary import Vocabulary, vocabulary
from notes_normalizer.model import Options
from notes_normalizer.read.reading import load_notes
from notes_normalizer.runtime import parallel, preparation
from notes_normalizer.runtime.cache import NoteCache
from notes_normalizer.text.slugs import Slugs
from tests.helpers import NOTES


def _site(built) -> tuple:
    return ({page.path: (page.title, page.content) for page in built.pages}, built.assets, built.files,
            [str(problem) for problem in built.problems])


def _one_process(monkeypatch) -> tuple:
    """The site a build gives with no worker at all."""
    with monkeypatch.context() as patch:
        patch.setattr(parallel, "can_fork", lambda: False)
        return _site(build_site(NOTES))


def _forcing_workers(monkeypatch, small: bool = False) -> list[int]:
    """Drafting workers for any amount of text (as for a big site), or (`small`) the one drafting
    worker of a small site whose process has jieba's dictionary to load; returns a list that
    records, per preparation, how many shares of drafting workers ran (0: none)."""
    used: list[int] = []
    real = preparation._drafting_ahead

    def spy(*args, **kwargs):
        result = real(*args, **kwargs)
        used.append(result.workers if result is not None else 0)
        return result

    if small:
        monkeypatch.setattr(preparation, "dictionary_loaded", lambda: False)
    else:
        monkeypatch.setattr(preparation, "PARALLEL_FROM_CHARS", 0)
    monkeypatch.setattr(preparation, "_drafting_ahead", spy)
    return used


def test_workers_build_the_same_site(monkeypatch):
    alone = _one_process(monkeypatch)
    used = _forcing_workers(monkeypatch)
    assert _site(build_site(NOTES)) == alone
    assert used == [2]


def test_one_drafting_worker_while_jieba_loads_builds_the_same_site(monkeypatch):
    alone = _one_process(monkeypatch)
    used = _forcing_workers(monkeypatch, small=True)
    assert _site(build_site(NOTES)) == alone
    assert used == [1]


def test_drafting_needs_no_jieba(monkeypatch):
    """Drafting workers run while the parent loads jieba's dictionary: they must never need it
    (they would load it themselves, a second each)."""
    def no_jieba(*args):
        raise AssertionError("jieba used while drafting")

    notes, _ = load_notes(NOTES, Options())
    slugs = Slugs()
    jobs, note_pages = preparation.note_jobs(notes, True, slugs)
    words = vocabulary(None)
    monkeypatch.setattr(Vocabulary, "cut", no_jieba)
    monkeypatch.setattr(Vocabulary, "word_boundaries", no_jieba)
    resolver = ImageResolver([NOTES])
    drafts = [build.draft_note(job, resolver, note_pages, words, slugs) for job in jobs]
    assert sum(len(d.sketches) for d in drafts) == sum(len(d.outline.units) for d in drafts) > 50
    monkeypatch.undo()
    for drafted in drafts:
        completed = build.complete_note(drafted, words)
        assert completed.analyses == analyse_units(drafted.outline.units, words, slugs) and not completed.sketches


def test_the_build_process_needs_no_pypinyin_when_workers_draft(tmp_path):
    """pypinyin's dictionaries take a third of a second to load: the drafting worker works out
    every slug the site needs and sends them back."""
    script = ("import sys; from pathlib import Path; from notes_normalizer.build import build_site; "
              f"site = build_site(Path({str(NOTES)!r})); print(len(site.pages), 'pypinyin' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout.split()
    assert int(out[0]) > 50 and out[1] == "False"


def test_balanced_shares():
    """Every note in exactly one share, the shares' sizes within one note of each other, and the
    same shares every time (each worker works out its own)."""
    sizes = [5, 1, 9, 3, 3, 7, 40, 2, 2, 8]
    groups = preparation._balanced(sizes, 3)
    assert sorted(i for g in groups for i in g) == list(range(len(sizes)))
    sums = [sum(sizes[i] for i in g) for g in groups]
    assert sorted(sums) == [20, 20, 40]  # the big note alone, the rest split evenly
    assert preparation._balanced(sizes, 3) == groups
    assert preparation._balanced([4, 4], 3) == [[0], [1], []]


def test_workers_images_get_the_names_of_a_one_process_build(tmp_path, monkeypatch):
    """Two notes in two folders each show their own `fig.png`: a worker does not know the other's
    claim, so the second note is prepared again, in order, and gets `fig-2.png` as it would alone."""
    for folder, colour in (("a", b"red"), ("b", b"blue")):
        (tmp_path / folder / "img").mkdir(parents=True)
        (tmp_path / folder / "img" / "fig.png").write_bytes(b"\x89PNG\r\n\x1a\n" + colour)
        (tmp_path / folder / "note.md").write_text(f"## {folder} 图是什么？\n\n![图](img/fig.png)\n\n" * 3, "utf-8")
    with monkeypatch.context() as patch:
        patch.setattr(parallel, "can_fork", lambda: False)
        alone = _site(build_site(tmp_path))
    assert sorted(alone[1]) == ["images/fig-2.png", "images/fig.png"]
    used = _forcing_workers(monkeypatch)
    assert _site(build_site(tmp_path)) == alone
    assert used == [2]


def test_workers_results_are_cached_like_any_other(tmp_path, monkeypatch):
    folder = tmp_path / "notes"
    shutil.copytree(NOTES, folder)
    used = _forcing_workers(monkeypatch)
    cache = NoteCache()
    first = _site(build_site(folder, cache=cache))
    again = _site(build_site(folder, cache=cache))
    assert (cache.hits, cache.misses) == (5, 5) and again == first
    assert used == [2, 2]  # the second time, the workers find nothing to draft


def test_question_pages_written_by_workers_are_the_same(monkeypatch):
    serial = _one_process(monkeypatch)
    calls: list[int] = []
    real = parallel.forked_calls

    def spy(work, *args, **kwargs):
        done = real(work, *args, **kwargs)
        calls.append(len(work) if done is not None else 0)
        return done

    monkeypatch.setattr(parallel, "PARALLEL_FROM_PAGES", 0)
    monkeypatch.setattr(parallel, "forked_calls", spy)
    built = build_site(NOTES)
    pages = len(built.kb.pages)
    batches = len(parallel.batches(built.kb.pages))
    assert 1 < batches < pages and calls == [batches, batches]  # answers and related lists, then endings
    assert _site(built) == serial


def test_forked_calls_keep_their_order():
    assert parallel.forked_calls([partial(pow, n, 2) for n in range(50)]) == [n * n for n in range(50)]
    assert parallel.forked_calls([partial(pow, n, 2) for n in range(7)]) == [n * n for n in range(7)]


def test_calls_reach_the_workers_by_the_fork_unpickled():
    """What a worker runs is never pickled (a note's whole preparation state would be): lambdas,
    which pickle refuses, run as well, and the build's process keeps no trace of them."""
    local = 40
    assert parallel.forked_calls([lambda: local + 1, lambda: local + 2]) == [41, 42]
    assert parallel._worker_calls == ()


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


def test_a_worker_inside_a_worker_is_never_started():
    """A worker's parent already keeps every core busy."""
    assert parallel.forked_calls([parallel.can_fork] * 2) == [False, False]


def _pid_to(path: Path) -> int:
    path.write_text(str(os.getpid()))
    return os.getpid()


def test_a_worker_exits_when_its_calls_are_done_not_when_the_results_are_asked(tmp_path):
    """A worker left running (`later`) must not hold its memory until the build asks for it."""
    started = parallel.start_forked([partial(_pid_to, tmp_path / "pid")])
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        pid = int((tmp_path / "pid").read_text() or 0) if (tmp_path / "pid").exists() else 0
        if pid and not Path(f"/proc/{pid}").exists():
            break
        time.sleep(0.05)
    else:
        raise AssertionError("the worker was still there")
    assert started.results() == [pid]
    assert threading.active_count() == 1, "nothing left running to stop the next workers"


def test_mkdocs_build_on_every_core_is_the_same_as_in_one_process(project_copy, tmp_path, monkeypatch):
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    def built(folder: Path) -> dict[str, bytes]:
        build(load_config(str(project_copy / "mkdocs.yml"), site_dir=str(folder)))
        return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*")
                if p.suffix in (".html", ".json")}

    with monkeypatch.context() as patch:
        patch.setattr(parallel, "can_fork", lambda: False)
        alone = built(tmp_path / "alone")
    calls = []
    real = parallel.forked_calls
    monkeypatch.setattr(parallel, "PARALLEL_FROM_PAGES", 0)  # the link stage's pages on every core too
    monkeypatch.setattr(parallel, "forked_calls", lambda work: calls.append(len(work)) or real(work))
    assert built(tmp_path / "workers") == alone
    assert len(calls) == 2


def test_each_question_is_analysed_once_per_build(monkeypatch, tmp_path):
    """Analysis has one place: every unit's wording is signed once, by the analyse stage; a second
    time only when it spells an alias the notes define (read again with that alias known), and
    nothing after the merge (knowledge base, pages, links) signs anything."""
    signed: Counter = Counter()
    before_cut, whole = signature_module.signature_before_cut, signature_module.signature

    def counting_before_cut(title, words):
        signed[title] += 1
        return before_cut(title, words)

    def counting_whole(title, words):
        signed[title] += 1
        return whole(title, words)

    monkeypatch.setattr(parallel, "can_fork", lambda: False)  # counted in this process
    monkeypatch.setattr(analysis_module, "signature_before_cut", counting_before_cut)
    monkeypatch.setattr(features_module, "signature", counting_whole)
    defined, asked = "旋转位置编码（Rotary Position Embedding，RoPE）的作用", "RoPE 的作用是什么？"
    (tmp_path / "a.md").write_text(f"# 位置编码\n\n## {defined}\n\n编码相对位置。\n\n"
                                   "## Dropout 为什么能防止过拟合？\n\n集成。\n", "utf-8")
    (tmp_path / "b.md").write_text(f"## {asked}\n\n让注意力感知相对位置。\n\n## 什么是过拟合？\n\n训练好测试差。\n",
                                   "utf-8")
    site = build_site(tmp_path)
    units = [unit for outline in site.kb.outlines for unit in outline.units]
    assert len(units) == 4 == len(site.kb.pages) + 1  # the two RoPE questions share a page
    assert sum(signed.values()) == len(units) + 2
    assert [wording for wording, times in signed.items() if times == 2] == [defined, asked]
