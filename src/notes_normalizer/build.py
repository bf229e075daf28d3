"""The build, stage by stage: read the notes; fix, split and analyse each; merge the questions into
the knowledge base; write the site's pages. One function per stage; the speed machinery (workers,
the note cache, timing) stays in `runtime/` and enters only here."""

from __future__ import annotations

import time
from functools import partial
from pathlib import Path

from notes_normalizer.fix.images import ImageResolver
from notes_normalizer.knowledge.knowledge_base import build_knowledge_base
from notes_normalizer.knowledge.overrides import Overrides
from notes_normalizer.language.vocabulary import vocabulary
from notes_normalizer.model import Options
from notes_normalizer.read.reading import load_notes
from notes_normalizer.runtime.cache import NoteCache, folder_fingerprint
from notes_normalizer.runtime.parallel import PARALLEL_FROM_PAGES, in_batches_on_every_core, later
from notes_normalizer.runtime.preparation import prepare_notes
from notes_normalizer.runtime.timing import Clock, cycle_collection_paused
from notes_normalizer.site.kb_pages import KB_JSON
from notes_normalizer.site.links import link_pages
from notes_normalizer.site.site import Linked, LinkOptions, Site, written_pages
from notes_normalizer.text.slugs import Slugs


def build_site(notes_dir: Path, options: Options | None = None, use_directory_urls: bool = True,
               overrides: Overrides | None = None, link_options: LinkOptions | None = None,
               cache: NoteCache | None = None, timings: dict[str, float] | None = None,
               link_later: bool = False) -> Site:
    """Everything the site publishes. `cache` (kept by the plugin across `mkdocs serve` rebuilds)
    lets unchanged notes skip repairing and splitting; `timings` gets the seconds each phase took.
    `link_later`: for a caller with other work meanwhile (MkDocs renders the other pages first), a
    big site's link stage runs on in a worker after this returns; its pages wait for it."""
    options, overrides, link_options = options or Options(), overrides or Overrides(), link_options or LinkOptions()
    clock = Clock(timings)
    with cycle_collection_paused():
        notes, problems = load_notes(notes_dir, options)
        clock.mark("read")

        resolver = ImageResolver([notes_dir, *options.image_dirs], options.asset_dir)
        words = vocabulary(overrides.vocabulary)
        context = (folder_fingerprint([notes_dir, *options.image_dirs]), options.asset_dir) if cache else ()
        slugs = cache.slugs if cache else Slugs()
        jobs, prepared = prepare_notes(notes, use_directory_urls, resolver, words, slugs, cache, context, timings)
        entries = [(job.path, done.fixed) for job, done in zip(jobs, prepared, strict=True)]
        clock.mark("prepare")

        analyses = {unit_id: found for done in prepared for unit_id, found in done.analyses.items()}
        kb = build_knowledge_base([done.outline for done in prepared], words, slugs, overrides, analyses)
        clock.mark("merge")

        by_note = {fixed.note.name: (path, fixed) for path, fixed in entries}
        link = partial(_timed_link_stage, kb, by_note, overrides, link_options, use_directory_urls)
        linked = later(link) if link_later and len(kb.pages) >= PARALLEL_FROM_PAGES else None
        pages = written_pages(kb, entries, problems, use_directory_urls)
        clock.mark("render")
        if linked is None:
            done = link()
            linked = lambda: done  # noqa: E731

    site = Site(written=pages, linked=linked,
                pending_pages=[*(q.path for q in kb.pages), link_options.formula_index_path],
                pending_files=[KB_JSON], assets=dict(resolver.assets), notes=entries, kb=kb,
                problems=problems, formula_index=link_options.formula_index_path)
    if timings is not None:
        for phase, seconds in site.linked().seconds.items():
            timings[phase] = timings.get(phase, 0.0) + seconds
    return site


def _timed_link_stage(kb, by_note, overrides, link_options, use_directory_urls) -> Linked:
    """The link stage on every core, and the seconds it took (it may run in a worker)."""
    began = time.perf_counter()
    if link_options.autolink and len(kb.pages) >= PARALLEL_FROM_PAGES and kb.merger:
        # Auto-links cut words with jieba: its dictionary is loaded here, once, rather than by every
        # worker (after a warm start nothing has loaded it yet; MkDocs' search needs it next anyway).
        kb.merger.words.tokenizer  # noqa: B018
    linked = link_pages(kb, by_note, overrides, link_options, use_directory_urls, in_batches_on_every_core)
    linked.seconds["link"] = time.perf_counter() - began
    return linked
