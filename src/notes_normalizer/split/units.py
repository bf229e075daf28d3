"""Question units: one question as a note asks it, with the answer the note gives; a note split
into them (its outline)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from notes_normalizer.model import FixedNote, Line
from notes_normalizer.split.wording import plain_text

# How a question is marked in its note; the source view uses this to place its anchor.
HEADING, BOLD_LINE, BOLD_ITEM, QUESTION_LINE, FOLLOW_UP = (
    "heading", "bold-line", "bold-item", "question-line", "follow-up")
GROUP = "group"  # a bold line that names a group of questions (**面试篇：**), not a question
GROUP_ITEM = "group-item"  # a bold list item over sub-items that are the questions (`- **BP**`)


@dataclass
class Unit:
    """One question as a note asks it, with the answer the note gives."""

    note: str  # note name, relative to the notes folder
    index: int  # position in the note, from 1
    question: str  # the wording as written (Markdown inline, numbering removed)
    line: int  # source line of the question
    end_line: int  # last source line of the answer
    body: list[Line]  # the answer, dedented to the left margin
    topic_heading: str = ""  # the note's own topic heading above it, if any
    parent: int | None = None  # index of the question a follow-up belongs to
    restates: int | None = None  # index of the unit of its note that asks the same (`## CNN` / `什么是 CNN？`)
    style: str = HEADING
    marker: int = 0  # index into the fixed note's lines of the question's own line

    @cached_property
    def id(self) -> str:
        return f"{self.note}#{self.index}"

    # Cached: read many times per build. A unit is not changed once split.
    @cached_property
    def title(self) -> str:
        return plain_text(self.question)

    @cached_property
    def answer(self) -> str:
        return "\n".join(line.text for line in self.body).strip("\n")

    @property
    def answered(self) -> bool:
        """Whether the note answers it: a rule (`-----------`) between questions is no answer, nor is
        a placeholder the author left (`- [ ] TODO`, `待补充`)."""
        return any(line.text.strip() and not _RULE.match(line.text) and not _NO_ANSWER_YET.match(line.text)
                   for line in self.body)


_RULE = re.compile(r"^\s{0,3}(?:(?:-\s*){3,}|(?:\*\s*){3,}|(?:_\s*){3,})$")
_NO_ANSWER_YET = re.compile(r"^\s*(?:[-*+]\s+)?(?:\[[ xX]?\]\s*)?(?:TODO|TBD|待补充|待完善|待更新|未完待续)"
                          r"\s*[.。…:：]*\s*$", re.IGNORECASE)


@dataclass
class NoteOutline:
    """A note split into questions, plus the parts that are not questions."""

    fixed: FixedNote
    units: list[Unit] = field(default_factory=list)
    topics: list[tuple[int, str]] = field(default_factory=list)  # (line index, topic heading)
    shape: str = ""  # what kind of note it is: one question, a topic, a file of questions (split.sections)


def in_note_order(units: list[Unit]) -> list[Unit]:
    """Units in the order of their lines (an owner is settled after the questions inside it), numbered
    again, with the indexes they refer to (follow-ups, restatements) renumbered too."""
    order = sorted(units, key=lambda unit: (unit.marker, unit.index))
    if order == units:
        return units
    renumbered = {unit.index: position for position, unit in enumerate(order, start=1)}
    for unit in order:
        unit.index = renumbered[unit.index]
        if unit.parent is not None:
            unit.parent = renumbered[unit.parent]
        if unit.restates is not None:
            unit.restates = renumbered[unit.restates]
        unit.__dict__.pop("id", None)  # cached from the old index
    return order
