"""Writing results to disk, atomically: an interrupted run never leaves half a folder or half-fixed
notes behind."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

from notes_normalizer.fix.images import ImageResolver
from notes_normalizer.fix.pipeline import fix_note
from notes_normalizer.model import FixedNote, Options, Problem
from notes_normalizer.read.reading import load_notes

MARK = ".notes-kb-output"  # in every folder notes-kb writes whole: the next run may replace it


class OutputRefused(Exception):
    """An output folder that writing whole could destroy what notes-kb did not make."""


def check_output_folder(target: Path, keep: list[Path]) -> None:
    """Refuse `target` when replacing it could lose what notes-kb did not write: a folder that is
    or holds one of `keep` (the project, the notes, the docs), lies inside the notes or docs, or
    already holds other files. A folder notes-kb wrote (it has `MARK`) or a built MkDocs site may
    be replaced, as `mkdocs build` replaces its site."""
    target = target.resolve()
    for folder in (path.resolve() for path in keep):
        if target == folder or target in folder.parents:
            raise OutputRefused(f"{target}: it holds {folder}; write the output to a folder of its own")
    for path in (target, *target.parents):
        if path.exists() and not path.is_dir():
            raise OutputRefused(f"{path} is a file, not a folder")
    if target.is_dir() and any(target.iterdir()) and not _replaceable(target):
        raise OutputRefused(f"{target} already holds files notes-kb did not write; nothing was changed. "
                            "Choose a new or empty folder")


def check_outside(target: Path, sources: list[Path]) -> None:
    """Refuse an output inside a folder notes-kb only reads (the notes, the docs)."""
    target = target.resolve()
    for folder in (path.resolve() for path in sources):
        if folder in target.parents:
            raise OutputRefused(f"{target} is inside {folder}, which notes-kb only reads")


def _replaceable(folder: Path) -> bool:
    return (folder / MARK).is_file() or (
        (folder / "sitemap.xml").is_file() and (folder / "search" / "search_index.json").is_file())


@contextlib.contextmanager
def atomic_directory(target: Path) -> Iterator[Path]:
    """Yield a temporary folder beside `target`; on success it replaces `target` in one rename,
    marked as notes-kb's (`MARK`) and readable by others (a web server), as `mkdocs build` leaves
    its site. Callers check the target first (`check_output_folder`)."""
    target = target.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    staging.chmod(0o755)  # mkdtemp makes it 0700: a web server running as another user could not read it
    (staging / MARK).write_text("written by notes-kb; the next run replaces this folder whole\n", encoding="utf-8")
    try:
        yield staging
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        target.rename(old)
    staging.rename(target)
    if old:
        shutil.rmtree(old, ignore_errors=True)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Replace `path` whole (a crash leaves the old file or the new one), keeping its permissions."""
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    with os.fdopen(handle, "wb") as stream:
        stream.write(data)
    if path.exists():
        os.chmod(temporary, path.stat().st_mode & 0o7777)
    os.replace(temporary, path)


def fix_notes(notes_dir: Path, options: Options, in_place: bool = False
              ) -> tuple[list[FixedNote], list[Problem], dict[str, Path]]:
    """Fix every note as if written under its own relative name to a new folder (or, `in_place`,
    over itself); returns the notes, the file-level problems, and the images to copy."""
    notes, problems = load_notes(notes_dir, options)
    link_root = notes_dir if in_place else None
    resolver = ImageResolver([notes_dir, *options.image_dirs], options.asset_dir, link_root)
    note_pages = {note.name: note.name for note in notes}  # copies keep their names and places
    fixed = [fix_note(note, resolver, note.name, note_pages=note_pages, for_site=not in_place) for note in notes]
    return fixed, problems, resolver.assets


def write_fixed_copy(notes_dir: Path, out_dir: Path, options: Options) -> tuple[list[FixedNote], list[Problem]]:
    """`notes-kb fix NOTES --out DIR`: one repaired file per note, found images copied beside them."""
    fixed, problems, assets = fix_notes(notes_dir, options)
    with atomic_directory(out_dir) as staging:
        for note in fixed:
            destination = staging / note.note.name
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_text(note.file_text, encoding="utf-8")
        for relative, source in assets.items():
            (staging / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, staging / relative)
    return fixed, problems


def git_is_dirty(folder: Path) -> bool:
    """True when `folder` is inside a git work tree with uncommitted changes under it."""
    try:
        result = subprocess.run(["git", "status", "--porcelain", "--", "."], cwd=folder,
                                capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return result.returncode == 0 and bool(result.stdout.strip())


def backup_path(path: Path) -> Path:
    candidate, counter = path.with_name(path.name + ".bak"), 1
    while candidate.exists():
        candidate, counter = path.with_name(f"{path.name}.bak{counter}"), counter + 1
    return candidate


def rewrite_in_place(notes_dir: Path, options: Options) -> tuple[list[FixedNote], list[Problem], list[Path]]:
    """`notes-kb fix NOTES --in-place`: back up each changed note as `*.bak`, then replace it.
    Images found outside an image folder of the notes are copied into `images/` beside them."""
    fixed, problems, assets = fix_notes(notes_dir, options, in_place=True)
    for relative, source in assets.items():
        destination = notes_dir / relative
        if not destination.exists():  # images already inside the notes folder are linked in place
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination)
    backups = []
    for note in fixed:
        original = note.note.path.read_bytes()
        if original.decode(note.note.encoding, errors="replace").replace("\r\n", "\n") == note.file_text:
            continue
        backup = backup_path(note.note.path)
        backup.write_bytes(original)
        backups.append(backup)
        data, encoding = as_written(note.file_text, note.note.encoding, crlf=b"\r\n" in original)
        if encoding != note.note.encoding:
            problems.append(Problem(note.note.name, 0, "encoding",
                                    f"written back as: {encoding} ({note.note.encoding} cannot hold every repair)"))
        atomic_write_bytes(note.note.path, data)
    return fixed, problems, backups


def as_written(text: str, encoding: str, crlf: bool) -> tuple[bytes, str]:
    """A note's text as its editor saved it: its encoding (UTF-8 when that cannot hold the text) and
    its line endings."""
    if crlf:
        text = text.replace("\n", "\r\n")
    try:
        return text.encode(encoding), encoding
    except UnicodeEncodeError:
        return text.encode("utf-8"), "utf-8"
