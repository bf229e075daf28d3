"""Preparation: each note's own work (repair, split into questions, analyse each question), which
depends only on the note, where its page goes, the other notes' pages, the images found and the
vocabulary. Unchanged notes come from the cache; the others are prepared on every core when there
are enough of them to pay for the workers.

Images are the one shared state: the resolver hands each new image file the next free name in the
site, in note order. A worker starts from the parent's resolver, so the names it hands out are
checked in note order afterwards, as a cached note's are, and a note whose images would get other
names is prepared again in order. The site is the same as a one-process build, byte for byte."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from .analysis import Analysis, analyse_units
from .fixes.images import ImageResolver
from .model import FixedNote, Note
from .parallel import forked_calls
from .pipeline import fix_note
from .questions import NoteOutline, split_questions
from .vocabulary import Vocabulary

# Below this much note text to prepare (about half a second of work), starting workers (a fork,
# and the results pickled back) costs more than it saves.
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
    analyses: dict[str, Analysis]  # by unit id
    images: list[tuple[Path, str]]  # (source, destination) the resolver handed out, in order
    seconds: dict[str, float] = field(default_factory=dict)  # what each step took (in its worker)


def prepare(job: Job, resolver: ImageResolver, note_pages: dict[str, str], words: Vocabulary) -> Prepared:
    start, began = len(resolver.log), time.perf_counter()
    fixed = fix_note(job.note, resolver, job.path, job.url, note_pages)
    fixed_at = time.perf_counter()
    outline = split_questions(fixed)
    split_at = time.perf_counter()
    analyses = analyse_units(outline.units, words)
    seconds = {"fix": fixed_at - began, "split": split_at - fixed_at, "analyse": time.perf_counter() - split_at}
    return Prepared(fixed, outline, analyses, list(resolver.log[start:]), seconds)


def images_still_fit(prepared: Prepared, resolver: ImageResolver) -> bool:
    """Claim the note's images in the resolver; True if each gets the name the note was given."""
    return all(resolver.place(source) == destination for source, destination in prepared.images)


def prepare_notes(jobs: list[Job], resolver: ImageResolver, note_pages: dict[str, str], words: Vocabulary,
                  cache=None, context: tuple = (), timings: dict[str, float] | None = None) -> list[Prepared]:
    """Every job's preparation, in order: from `cache` (a `NoteCache`) when it has it, else computed
    (in parallel when worth it) and put in the cache. `context`: what else the results depend on
    (the image folders' state, settings), for the cache keys. `timings` gets the seconds each step
    took, summed over the notes prepared (so over all workers)."""
    keys = [cache.key(job.note, job.path, job.url, sorted(note_pages.items()), words.additions, *context)
            for job in jobs] if cache else [None] * len(jobs)
    cached = [cache.peek(key) if cache else None for key in keys]
    missing = [n for n, found in enumerate(cached) if found is None]
    ahead = _in_parallel([jobs[n] for n in missing], resolver, note_pages, words)
    computed = dict(zip(missing, ahead, strict=True)) if ahead else {}
    results = []
    for n, job in enumerate(jobs):
        found = cached[n] or computed.get(n)
        if found is None or not images_still_fit(found, resolver):
            found = prepare(job, resolver, note_pages, words)
        if cache:
            cache.record(keys[n], found, hit=cached[n] is found)
        if timings is not None and cached[n] is not found:
            for step, seconds in found.seconds.items():
                timings[step] = timings.get(step, 0.0) + seconds
        results.append(found)
    return results


def _in_parallel(jobs: list[Job], resolver: ImageResolver, note_pages: dict[str, str],
                 words: Vocabulary) -> list[Prepared] | None:
    """The jobs prepared by forked workers, or None when there is too little text to pay for them
    or workers cannot run here (see `parallel.forked_calls`)."""
    if sum(len(job.note.text) for job in jobs) < PARALLEL_FROM_CHARS:
        return None
    words.tokenizer  # noqa: B018 - load jieba's dictionary once, before the fork, for every worker
    largest_first = sorted(range(len(jobs)), key=lambda n: -len(jobs[n].note.lines))
    done = forked_calls([partial(prepare, jobs[n], resolver, note_pages, words) for n in largest_first])
    if done is None:
        return None
    by_job = dict(zip(largest_first, done, strict=True))
    return [by_job[n] for n in range(len(jobs))]
