"""Preparation: running each note's own stages (`NoteStages`, which `build.py` defines), which depend
only on the note, where its page goes, the other notes' pages, the images found and the vocabulary:
a draft (all that needs no jieba), then its completion (what needs jieba's cuts).

Unchanged notes come from the cache. The rest are prepared in forked workers, which work out the
notes' page paths themselves. A small job gets one worker, started before anything else, which only
drafts: meanwhile this process loads jieba's dictionary (which the analysis needs next and the search
index after it) and then completes the drafts. A big job gets a worker per core, forked once the
dictionary is loaded, which draft and complete their share: one trip back, and no sketch sent.

Images are the one shared state: the resolver hands each new image file the next free name in the
site, in note order. A worker starts from the parent's resolver, so the names it hands out are
checked in note order afterwards, as a cached note's are, and a note whose images would get other
names is prepared again in order. The site is the same as a one-process build, byte for byte."""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from notes_normalizer.analyse.analysis import Analysis, Sketch
from notes_normalizer.fix.images import ImageResolver
from notes_normalizer.knowledge.knowledge_base import DEFAULT_TOPIC, topic_slug
from notes_normalizer.language.segmenter import dictionary_loaded
from notes_normalizer.language.vocabulary import Vocabulary
from notes_normalizer.model import FixedNote, Note
from notes_normalizer.runtime.parallel import Forked, cores, start_forked
from notes_normalizer.split.units import NoteOutline
from notes_normalizer.text.slugs import Slugs

NOTES_FOLDER = "notes"
# Below this much note text (about half a second of work), starting workers (a fork, and the results
# pickled back) costs more than it saves, unless this process has jieba's dictionary to load meanwhile.
PARALLEL_FROM_CHARS = 60_000


@dataclass(frozen=True)
class Job:
    note: Note
    path: str  # where the repaired Markdown goes
    url: str  # the folder its HTML is served from


@dataclass
class Prepared:
    fixed: FixedNote
    outline: NoteOutline
    analyses: dict[str, Analysis]  # by unit id (empty in a draft)
    images: list[tuple[Path, str]]  # (source, destination) the resolver handed out, in order
    seconds: dict[str, float] = field(default_factory=dict)  # what each step took (in its worker)
    sketches: dict[str, Sketch] = field(default_factory=dict)  # by unit id, in a draft only


def note_jobs(notes: list[Note], use_directory_urls: bool, slugs: Slugs) -> tuple[list[Job], dict[str, str]]:
    """Each note's job, and every note's page by note name (what links between notes point to)."""
    stems = slugs.unique([note.stem for note in notes])
    note_pages = {note.name: f"{NOTES_FOLDER}/{slug}.md" for note, slug in zip(notes, stems, strict=True)}
    jobs = [Job(note, note_pages[note.name], posixpath.join(NOTES_FOLDER, slug) if use_directory_urls else NOTES_FOLDER)
            for note, slug in zip(notes, stems, strict=True)]
    return jobs, note_pages


@dataclass(frozen=True)
class NoteStages:
    """A note's own stages, in the order the build decides (`build.py`): `draft` does everything that
    needs no jieba, `complete` the rest. Preparation only decides where and when they run."""

    draft: Callable[[Job, ImageResolver, dict[str, str], Vocabulary, Slugs], Prepared]
    complete: Callable[[Prepared, Vocabulary], Prepared]

    def prepare(self, job: Job, resolver: ImageResolver, note_pages: dict[str, str], words: Vocabulary,
                slugs: Slugs) -> Prepared:
        return self.complete(self.draft(job, resolver, note_pages, words, slugs), words)


def images_still_fit(prepared: Prepared, resolver: ImageResolver) -> bool:
    """Claim the note's images in the resolver; True if each gets the name the note was given."""
    return all(resolver.place(source) == destination for source, destination in prepared.images)


@dataclass
class _Plan:
    jobs: list[Job]
    note_pages: dict[str, str]
    keys: list[str | None]
    cached: list[Prepared | None]

    @property
    def missing(self) -> list[int]:
        return [n for n, found in enumerate(self.cached) if found is None]


def _plan(notes: list[Note], use_directory_urls: bool, words: Vocabulary, slugs: Slugs, cache, context: tuple
          ) -> _Plan:
    jobs, note_pages = note_jobs(notes, use_directory_urls, slugs)
    keys = [cache.key(job.note, job.path, job.url, sorted(note_pages.items()), words.additions, *context)
            for job in jobs] if cache else [None] * len(jobs)
    return _Plan(jobs, note_pages, keys, [cache.peek(key) if cache else None for key in keys])


def prepare_notes(stages: NoteStages, notes: list[Note], use_directory_urls: bool, resolver: ImageResolver,
                  words: Vocabulary, slugs: Slugs, cache=None, context: tuple = (),
                  timings: dict[str, float] | None = None) -> tuple[list[Job], list[Prepared]]:
    """Every note's job and its `stages` run, in order: from `cache` (a `NoteCache`) when it has it, else
    computed (in workers when worth it) and put in the cache. `context`: what else the results
    depend on (the image folders' state, settings), for the cache keys. `timings` gets the seconds
    each step took, summed over the notes prepared (so over all workers). `slugs` learns the slugs
    the workers worked out."""
    plan_here = partial(_plan, notes, use_directory_urls, words, slugs, cache, context)
    ahead = _drafting_ahead(stages, notes, plan_here, resolver, words, slugs)
    if ahead:
        words.tokenizer  # noqa: B018 - load jieba's dictionary while a worker drafts (if not loaded yet)
    drafts = _collect_drafts(ahead, slugs)
    plan = plan_here()  # the page paths' slugs are known now: the workers sent them back
    results = []
    for n, job in enumerate(plan.jobs):
        found = plan.cached[n]
        if found is None and n in drafts and images_still_fit(drafts[n], resolver):
            found = stages.complete(drafts[n], words) if drafts[n].sketches else drafts[n]
        elif found is not None and not images_still_fit(found, resolver):
            found = None
        if found is None:
            found = stages.prepare(job, resolver, plan.note_pages, words, slugs)
        if cache:
            cache.record(plan.keys[n], found, hit=plan.cached[n] is found)
        if timings is not None and plan.cached[n] is not found:
            for step, seconds in found.seconds.items():
                timings[step] = timings.get(step, 0.0) + seconds
        results.append(found)
    return plan.jobs, results


def _drafting_ahead(stages: NoteStages, notes: list[Note], plan_here, resolver: ImageResolver, words: Vocabulary,
                    slugs: Slugs) -> Forked | None:
    """Workers preparing the notes the cache lacks, one share each, or None when not worth it: too
    little text, and jieba's dictionary already loaded (nothing for this process to do meanwhile).
    A small job's one worker only drafts; a big job's workers also complete their drafts."""
    small = sum(len(note.text) for note in notes) < PARALLEL_FROM_CHARS
    if small and dictionary_loaded():
        return None
    if not small:
        words.tokenizer  # noqa: B018 - loaded once, before the fork, for every worker to cut with
    shares = 1 if small else min(cores(), len(notes))
    return start_forked([partial(_draft_share, stages, share, shares, plan_here, resolver, words, slugs,
                                 complete=not small) for share in range(shares)])


def _draft_share(stages: NoteStages, share: int, shares: int, plan_here, resolver: ImageResolver,
                 words: Vocabulary, slugs: Slugs, complete: bool) -> tuple[list[tuple], dict[int, Prepared]]:
    """In a worker: the drafts of its share of the notes to prepare (by note number), `complete`d or
    not, and the slugs it worked out, so that the parent need not load pypinyin's dictionaries (a
    third of a second)."""
    learned = len(slugs.known)
    for name in [*words.topics, DEFAULT_TOPIC]:  # topic pages' slugs: needed whatever the notes
        topic_slug(name, slugs)
    plan = plan_here()
    missing = plan.missing
    mine = _balanced([len(plan.jobs[n].note.text) for n in missing], shares)[share]
    drafts = {missing[i]: stages.draft(plan.jobs[missing[i]], resolver, plan.note_pages, words, slugs)
              for i in sorted(mine)}
    if complete:
        drafts = {n: stages.complete(drafted, words) for n, drafted in drafts.items()}
    return slugs.learned_since(learned), drafts


def _balanced(sizes: list[int], shares: int) -> list[list[int]]:
    """Indexes of `sizes` in `shares` groups of about equal sums: largest first, each to the group
    with the least so far (deterministic, so every worker works out the same groups)."""
    groups: list[list[int]] = [[] for _ in range(shares)]
    loads = [0] * shares
    for index in sorted(range(len(sizes)), key=lambda i: (-sizes[i], i)):
        lightest = loads.index(min(loads))
        groups[lightest].append(index)
        loads[lightest] += sizes[index]
    return groups


def _collect_drafts(ahead: Forked | None, slugs: Slugs) -> dict[int, Prepared]:
    shares = ahead.results() if ahead else None
    drafts: dict[int, Prepared] = {}
    for learned, share in shares or []:
        slugs.learn(learned)
        drafts.update(share)
    return drafts
