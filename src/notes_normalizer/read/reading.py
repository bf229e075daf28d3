"""Reading: bytes on disk -> a `Note` (decoded text, lines with numbers, front matter as metadata).

Nothing here fails on a bad file: undecodable files raise `UnreadableNote` with a message that
names the file, broken front matter is reported and the body is kept.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

import yaml

from notes_normalizer.model import Line, Note, Options, Problem
from notes_normalizer.read.dialects import DIALECTS, detect_dialects

NOTE_SUFFIXES = (".md", ".markdown")


class UnreadableNote(Exception):
    """The file is not text we can decode (binary, or no known encoding fits)."""


# Characters Chinese prose almost never holds, but that a wrong legacy decoding produces in numbers:
# private-use code points, kana, bopomofo, small and vertical form variants.
_IMPLAUSIBLE = re.compile("[\ue000-\uf8ff\u3040-\u31bf\ufe10-\ufe1f\ufe30-\ufe6f]")
# Legacy encodings of Chinese notes: GB18030 (a superset of GBK and GB2312, simplified Chinese saved
# on Windows) and CP950 (Big5 as Windows writes it, traditional Chinese). Most byte strings decode
# under both; the reading with fewer implausible characters wins, GB18030 on a tie.
_LEGACY = ("gb18030", "cp950")


def decode(data: bytes) -> tuple[str, str]:
    """Decode note bytes, returning (text, encoding): BOMs, then UTF-8, then the more plausible of
    the legacy Chinese encodings."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(encoding), encoding
    if b"\x00" in data:
        raise UnreadableNote("binary file (contains NUL bytes)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    readings = []
    for encoding in _LEGACY:
        try:
            readings.append((data.decode(encoding), encoding))
        except UnicodeDecodeError:
            continue
    if not readings:
        raise UnreadableNote("not UTF-8, GB18030 or Big5 text")
    return min(readings, key=lambda reading: len(_IMPLAUSIBLE.findall(reading[0])))


def split_front_matter(lines: list[Line], name: str = "") -> tuple[dict, list[Line], Problem | None]:
    """Split YAML front matter (`---` ... `---` at the very top) from the body.

    Broken YAML leaves `meta` empty, keeps the body, and returns a problem; the front matter lines
    are dropped either way: they are metadata, not text.
    """
    if not lines or lines[0].text.strip() != "---":
        return {}, lines, None
    for index in range(1, len(lines)):
        if lines[index].text.strip() in ("---", "..."):
            raw = "\n".join(line.text for line in lines[1:index])
            body = lines[index + 1:]
            try:
                meta = yaml.safe_load(raw) or {}
            except yaml.YAMLError as error:
                mark = getattr(error, "problem_mark", None)
                line = lines[0].number + 1 + (mark.line if mark else 0)
                return {}, body, Problem(name, line, "front-matter", f"invalid YAML front matter: "
                                         f"{getattr(error, 'problem', error)}")
            if not isinstance(meta, dict):
                return {}, lines, None  # `---` rules around plain text: content, not front matter
            return meta, body, None
    return {}, lines, None  # an opening '---' that never closes is a horizontal rule


def read_note(path: Path, root: Path) -> tuple[Note, list[Problem]]:
    """Read one note. Raises UnreadableNote for files that are not text."""
    name = path.relative_to(root).as_posix()
    text, encoding = decode(path.read_bytes())
    problems: list[Problem] = []
    if encoding not in ("utf-8", "utf-8-sig"):
        problems.append(Problem(name, 0, "encoding", f"decoded as: {encoding}"))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = [Line(t, n) for n, t in enumerate(text.split("\n"), start=1)]
    meta, body, problem = split_front_matter(lines, name)
    if problem:
        problems.append(problem)
    front_matter = lines[:len(lines) - len(body)]
    return Note(name=name, path=path, lines=body, meta=meta, encoding=encoding,
                front_matter=front_matter), problems


def find_notes(root: Path) -> list[Path]:
    """Every Markdown note under `root`, in a stable order; hidden folders and `*.bak` skipped."""
    found = []
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if any(part.startswith(".") for part in relative.parts):
            continue
        if path.is_file() and path.suffix.lower() in NOTE_SUFFIXES and not path.is_symlink():
            found.append(path)
    return found


def load_notes(notes_dir: Path, options: Options) -> tuple[list[Note], list[Problem]]:
    """Every note under `notes_dir`, read and told which tool wrote it, and what kept a note out."""
    notes, problems = [], []
    for path in find_notes(notes_dir):
        name = path.relative_to(notes_dir).as_posix()
        try:
            note, read_problems = read_note(path, notes_dir)
        except (UnreadableNote, OSError) as error:
            problems.append(Problem(name, 0, "unreadable", f"skipped: {error}"))
            continue
        problems.extend(read_problems)
        forced = options.dialects.get(name)
        note.dialects = frozenset(forced) if forced is not None else detect_dialects(note)
        unknown = note.dialects - set(DIALECTS)
        if unknown:
            problems.append(Problem(name, 0, "config", f"unknown dialect(s) {sorted(unknown)}"))
        notes.append(note)
    if not notes and not problems:  # a wrong notes_dir, or notes not yet written: say so, build the rest
        problems.append(Problem(str(notes_dir), 0, "notes.empty",
                                "no Markdown notes (*.md) in this folder: the site has no questions yet"))
    return notes, problems
