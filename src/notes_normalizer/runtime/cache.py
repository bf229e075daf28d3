"""Work reused between builds, so a `mkdocs serve` rebuild after editing one note prepares (repairs,
splits, analyses) only that note. Entries are keyed by everything the result depends on: the note's
text, where its page goes, the other notes' pages (links), the image folders' files and the
vocabulary the user added in kb.yml.

`save` and `load` keep the cache on disk between `mkdocs build` runs too (the plugin puts it in
`.cache/notes-kb/` beside mkdocs.yml), stamped with a fingerprint of this library's code and data:
any change to them, or a file that cannot be read, means starting empty, never a stale result."""

from __future__ import annotations

import hashlib
import os
import pickle
from collections import OrderedDict
from importlib import metadata
from pathlib import Path

from notes_normalizer.model import Note
from notes_normalizer.runtime.preparation import Prepared
from notes_normalizer.text.slugs import Slugs

_MAX_ENTRIES = 20000
_FORMAT = 2


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
        self._entries: OrderedDict[str, Prepared] = OrderedDict()
        self._max = max_entries
        self.hits = self.misses = 0
        self._used: set[str] = set()  # keys asked for since the last save: what the next file keeps
        self.slugs = Slugs()  # the builds' slug memo, kept with the entries whose titles it knows

    @staticmethod
    def key(note: Note, *context) -> str:
        digest = hashlib.sha1()
        for part in (note.name, note.text, repr(sorted(note.meta.items(), key=str)), sorted(note.dialects),
                     *context):
            digest.update(repr(part).encode())
            digest.update(b"\0")
        return digest.hexdigest()

    def peek(self, key: str) -> Prepared | None:
        """The note's preparation, if cached (whether its images still fit is for the caller to check)."""
        return self._entries.get(key)

    def record(self, key: str, prepared: Prepared, hit: bool) -> None:
        """Note that a build used `prepared` for `key`: a hit, or a fresh result to keep."""
        self._used.add(key)
        if hit:
            self.hits += 1
            self._entries.move_to_end(key)
            return
        self.misses += 1
        self._entries[key] = prepared
        while len(self._entries) > self._max:
            self._entries.popitem(last=False)

    # --- on disk ------------------------------------------------------------------------------

    def save(self, path: Path) -> None:
        """Write the entries used since the last save (what the current notes need), atomically."""
        kept = OrderedDict((key, entry) for key, entry in self._entries.items() if key in self._used)
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(path.name + f".{os.getpid()}.partial")
        with partial.open("wb") as file:
            pickle.dump((_FORMAT, code_fingerprint(), kept, self.slugs.known), file, pickle.HIGHEST_PROTOCOL)
        partial.replace(path)
        self._used = set()

    def load(self, path: Path) -> bool:
        """Add the entries saved at `path` by this same code; False (and nothing added) otherwise."""
        try:
            with path.open("rb") as file:
                version, fingerprint, entries, known_slugs = pickle.load(file)  # noqa: S301 - our own file
        except (OSError, EOFError, ValueError, TypeError, AttributeError, ImportError, pickle.PickleError):
            return False
        if version != _FORMAT or fingerprint != code_fingerprint():
            return False
        for key, entry in entries.items():
            self._entries.setdefault(key, entry)
        self.slugs.learn(known_slugs)
        return True


def code_fingerprint() -> str:
    """This library's source and data files: a cached result is only as good as the code that made it."""
    digest = hashlib.sha1()
    for dependency in ("jieba", "markdown-it-py", "nh3", "pypinyin", "PyYAML"):
        try:
            digest.update(f"{dependency}=={metadata.version(dependency)}\n".encode())
        except metadata.PackageNotFoundError:
            pass
    package = library_root()
    for path in fingerprinted_files():
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def library_root() -> Path:
    return Path(__file__).resolve().parent.parent  # notes_normalizer/, not runtime/: every stage's code


def fingerprinted_files() -> list[Path]:
    return [path for path in sorted(library_root().rglob("*"))
            if path.suffix in (".py", ".yml", ".json", ".js") and "__pycache__" not in path.parts]
