"""Work reused between builds in one process, so a `mkdocs serve` rebuild after editing one note
re-reads and re-fixes only that note. Entries are keyed by everything the result depends on: the
note's text, where its page goes, the other notes' pages (links), and the image folders' files."""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .fixes.images import ImageResolver
from .model import FixedNote, Note
from .questions import NoteOutline, split_questions

_MAX_ENTRIES = 20000


@dataclass
class _Entry:
    fixed: FixedNote
    images: list[tuple[Path, str]]  # image destinations the note used, in order
    outline: NoteOutline | None = None


def folder_fingerprint(folders: list[Path]) -> str:
    """Names, sizes and times of the files (not notes) in the folders: an added image changes it."""
    digest = hashlib.sha1()
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.suffix.lower() not in (".md", ".markdown"):
                stat = path.stat()
                digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


class NoteCache:
    def __init__(self, max_entries: int = _MAX_ENTRIES):
        self._entries: OrderedDict[str, _Entry] = OrderedDict()
        self._by_fixed: dict[int, _Entry] = {}
        self._max = max_entries
        self.hits = self.misses = 0

    @staticmethod
    def key(note: Note, *context) -> str:
        digest = hashlib.sha1()
        for part in (note.name, note.text, repr(sorted(note.meta.items(), key=str)), sorted(note.dialects),
                     *context):
            digest.update(repr(part).encode())
            digest.update(b"\0")
        return digest.hexdigest()

    def fixed(self, key: str, resolver: ImageResolver, compute: Callable[[], FixedNote]) -> FixedNote:
        """The cached repair of a note, if the images it used still get the same places."""
        entry = self._entries.get(key)
        if entry is not None and all(resolver.place(source) == destination
                                     for source, destination in entry.images):
            self._entries.move_to_end(key)
            self.hits += 1
            return entry.fixed
        self.misses += 1
        start = len(resolver.log)
        fixed = compute()
        entry = self._entries[key] = _Entry(fixed, list(resolver.log[start:]))
        self._by_fixed[id(fixed)] = entry
        while len(self._entries) > self._max:
            _, evicted = self._entries.popitem(last=False)
            self._by_fixed.pop(id(evicted.fixed), None)
        return fixed

    def outline(self, fixed: FixedNote) -> NoteOutline:
        """The note's questions, split once per repaired note."""
        entry = self._by_fixed.get(id(fixed))
        if entry is None or entry.fixed is not fixed:
            return split_questions(fixed)
        if entry.outline is None:
            entry.outline = split_questions(fixed)
        return entry.outline
