"""The data every stage passes on: lines that remember where they came from, and what was done to them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from notes_normalizer.text.code import code_mask

_EMPHASIS_MARKS = re.compile(r"\*\*|__|`")
_SETEXT_TITLE = re.compile(r"^ {0,3}=+[ \t]*$")


@dataclass(frozen=True)
class Line:
    """One line of a note. `number` is the 1-based line in the source file, so every repair and
    every warning can name the place the author will recognise, even after lines move."""

    text: str
    number: int

    def with_text(self, text: str) -> Line:
        return Line(text, self.number)


@dataclass(frozen=True)
class Repair:
    """A change a fix made: where, which kind, and the text before and after."""

    note: str
    line: int
    kind: str
    before: str
    after: str


@dataclass(frozen=True)
class Problem:
    """Something that could not be repaired (a missing image, undecodable bytes ...)."""

    note: str
    line: int
    kind: str
    message: str

    # Damage that loses content is a warning; defects the site shows honestly (a missing image
    # becomes a labelled placeholder, a legacy encoding is decoded, a question without an answer
    # is listed as 待补充) are information.
    INFORMATIONAL_KINDS = ("image.", "link.", "encoding", "question.")

    @property
    def severity(self) -> str:
        return "info" if self.kind.startswith(self.INFORMATIONAL_KINDS) else "warning"

    def __str__(self) -> str:
        where = f"{self.note}:{self.line}" if self.line else self.note
        return f"{where}: {self.message}"


@dataclass
class Note:
    """A note as read from disk: decoded, with its front matter split off into `meta`."""

    name: str  # path relative to the notes folder, with '/' separators, e.g. "a/b.md"
    path: Path  # absolute path of the source file
    lines: list[Line]
    meta: dict = field(default_factory=dict)
    encoding: str = "utf-8"
    dialects: frozenset[str] = frozenset()
    front_matter: list[Line] = field(default_factory=list)  # raw lines, delimiters included

    @property
    def stem(self) -> str:
        return Path(self.name).stem

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


@dataclass
class FixedNote:
    """A note after the fixes: the repaired lines plus everything that was done or could not be."""

    note: Note
    lines: list[Line]
    repairs: list[Repair]
    problems: list[Problem]

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines).rstrip("\n") + "\n"

    @property
    def file_text(self) -> str:
        """The repaired note as a file: its front matter untouched, then the repaired body."""
        return "".join(line.text + "\n" for line in self.note.front_matter) + self.text

    @cached_property  # every question page names its notes: once per note, not once per answer
    def heading_title(self) -> str | None:
        """The note's first level-one heading, `# …` or underlined with `===` (never a `#` comment
        inside a fence), or None."""

        texts = [line.text for line in self.lines]
        for index, (text, code) in enumerate(zip(texts, code_mask(self.lines), strict=True)):
            if code or not text.strip():
                continue
            if text.startswith("# "):
                return text[2:].strip()
            if index + 1 < len(texts) and _SETEXT_TITLE.match(texts[index + 1]) and not text.startswith(" " * 4):
                return text.strip()
        return None

    @property
    def title(self) -> str:
        title = self.note.meta.get("title")
        if isinstance(title, str) and title.strip():
            return title.strip()
        # `# \`BN - batch normalization\``, `# **激活函数**`: the title as a reader sees it, without its marks
        return _EMPHASIS_MARKS.sub("", self.heading_title or "").strip() or self.note.stem


@dataclass
class Options:
    """What the user can set (the plugin's config and the CLI's flags map onto this)."""

    image_dirs: list[Path] = field(default_factory=list)
    dialects: dict[str, list[str]] = field(default_factory=dict)  # note name -> forced dialects
    asset_dir: str = "images"
