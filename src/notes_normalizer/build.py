"""The build, stage by stage: read the notes; fix, split and analyse each (`draft_note`,
`complete_note`); merge the questions into the knowledge base; write the site's pages; link them.
The speed machinery (workers, the note cache, timing) stays in `runtime/`: it decides where and when
a note's stages run, never their order."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from notes_normalizer.analyse.analysis import completed, sketch
from notes_normalizer.fix.images import ImageResolver
from notes_normalizer.fix.pipeline import fix_note
from notes_normalizer.knowledge.knowledge_base import build_knowledge_base
from notes_normalizer.knowledge.overrides import Overrides
from notes_normalizer.language.vocabulary import Vocabulary, vocabulary
from notes_normalizer.model import Options
from notes_normalizer.read.reading import load_notes
from notes_normalizer.runtime.cache import NoteCache, folder_fingerprint
from notes_normalizer.runtime.parallel import PARALLEL_FROM_PAGES, in_batches_on_every_core
from notes_normalizer.runtime.preparation import Job, NoteStages, Prepared, prepare_notes
from notes_normalizer.runtime.timing import Clock, cycle_collection_paused
from notes_normalizer.site.links import link_pages
from notes_normalizer.site.site import LinkOptions, Site, written_pages
from notes_normalizer.split.questions import split_questions
from notes_normalizer.text.slugs import Slugs


def draft_note(job: Job, resolver: ImageResolver, note_pages: dict[str, str], words: Vocabulary, slugs: Slugs
               ) -> Prepared:
    """One note fixed, split into questions, and its questions' analyses sketched: all that needs no jieba."""
    first_image, seconds = len(resolver.log), {}
    clock = Clock(seconds)
    fixed = fix_note(job.note, resolver, job.path, job.url, note_pages)
    clock.mark("fix")
    outline = split_questions(fixed, words)
    clock.mark("split")
    sketches = {unit.id: sketch(unit, words, slugs) for unit in outline.units}
    clock.mark("analyse")
    return Prepared(fixed, outline, {}, list(resolver.log[first_image:]), seconds, sketches)


def complete_note(drafted: Prepared, words: Vocabulary) -> Prepared:
    """The draft's analyses completed with jieba's cuts (what merging compares)."""
    seconds = dict(drafted.seconds)
    clock = Clock(seconds)
    analyses = {unit_id: completed(found, words) for unit_id, found in drafted.sketches.items()}
    clock.mark("analyse")
    return dataclasses.replace(drafted, analyses=analyses, sketches={}, seconds=seconds)


NOTE_STAGES = NoteStages(draft=draft_note, complete=complete_note)


def build_site(notes_dir: Path, options: Options | None = None, use_directory_urls: bool = True,
               overrides: Overrides | None = None, link_options: LinkOptions | None = None,
               cache: NoteCache | None = None, timings: dict[str, float] | None = None) -> Site:
    """Everything the site publishes. `cache` (kept by the plugin across `mkdocs serve` rebuilds)
    lets unchanged notes skip repairing and splitting; `timings` gets the seconds each phase took."""
    options, overrides, link_options = options or Options(), overrides or Overrides(), link_options or LinkOptions()
    clock = Clock(timings)
    with cycle_collection_paused():
        notes, problems = load_notes(notes_dir, options)
        clock.mark("read")

        resolver = ImageResolver([notes_dir, *options.image_dirs], options.asset_dir)
        words = vocabulary(overrides.vocabulary)
        context = (folder_fingerprint([notes_dir, *options.image_dirs]), options.asset_dir) if cache else ()
        slugs = cache.slugs if cache else Slugs()
        jobs, prepared = prepare_notes(NOTE_STAGES, notes, use_directory_urls, resolver, words, slugs, cache, context,
                                       timings)
        entries = [(job.path, done.fixed) for job, done in zip(jobs, prepared, strict=True)]
        clock.mark("prepare")

        analyses = {unit_id: found for done in prepared for unit_id, found in done.analyses.items()}
        kb = build_knowledge_base([done.outline for done in prepared], words, slugs, overrides, analyses)
        clock.mark("merge")

        pages = written_pages(kb, entries, problems, use_directory_urls)
        clock.mark("render")

        by_note = {fixed.note.name: (path, fixed) for path, fixed in entries}
        if link_options.autolink and len(kb.pages) >= PARALLEL_FROM_PAGES and kb.features:
            # Auto-links cut words with jieba: its dictionary is loaded here, once, rather than by
            # every worker (after a warm start nothing has loaded it yet; MkDocs' search needs it next).
            kb.features.words.tokenizer  # noqa: B018
        linked = link_pages(kb, by_note, overrides, link_options, use_directory_urls, in_batches_on_every_core)
        clock.mark("link")

    return Site(written=pages, linked=linked, assets=dict(resolver.assets), notes=entries, kb=kb,
                problems=problems, formula_index=link_options.formula_index_path)
