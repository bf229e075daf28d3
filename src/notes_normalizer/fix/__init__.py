"""Fixes: one module per defect family, each fix a small function `fix(lines, ctx) -> lines`.

A fix never edits a line in place: it returns new `Line`s (keeping their source numbers) and
records every change through `ctx.record`, so the report can say what was done where. Helpers
here keep fixes out of code: fenced code blocks and inline code spans are the author's literal
text and are never rewritten.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from itertools import accumulate
from typing import TYPE_CHECKING

from notes_normalizer.model import Line, Note, Problem, Repair
from notes_normalizer.text.code import code_mask, outside_code_spans, prose_lines  # noqa: F401 - the fixes' helpers

if TYPE_CHECKING:  # images imports this module
    from notes_normalizer.fix.images import ImageResolver


@dataclass
class Context:
    """What a fix may know about and report to. `page_path` is where the repaired note will live
    (relative to the output root), so links to copied assets can be made relative to it."""

    note: Note
    page_path: str  # the repaired note's Markdown file, relative to the output root
    page_url: str = ""  # folder its HTML is served from (differs with MkDocs' directory URLs)
    images: ImageResolver | None = None
    note_pages: dict[str, str] = field(default_factory=dict)  # note name -> where its page is written
    for_site: bool = True  # False: written back as a note for its own editor (`fix --in-place`)
    repairs: list[Repair] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # (kind, line) -> the line rewritten: the fixes run to a fixed point, and their confirming pass
    # meets the note's lines again (see `rewrite_prose`)
    rewritten: dict[tuple[str, str], str] = field(default_factory=dict)

    def record(self, line: Line, kind: str, before: str, after: str) -> None:
        self.repairs.append(Repair(self.note.name, line.number, kind, before, after))

    def problem(self, line: Line, kind: str, message: str) -> None:
        self.problems.append(Problem(self.note.name, line.number, kind, message))


Fix = Callable[[list[Line], Context], list[Line]]

# Bullet characters copied from rendered pages and word processors; `structure.convert_bullets`
# makes them `-` items, and every fix that looks for where a block starts treats them as items.
BULLET_CHARACTERS = "•●○◦▪■□‣⁃"

def rewrite_prose(lines: list[Line], ctx: Context, kind: str, fn: Callable[[str], str],
                  needs: tuple[str, ...] = ()) -> list[Line]:
    """Apply a text rewrite to every prose line (outside code), recording each line it changes.
    `fn` must depend on nothing but the text: results are remembered by `kind` and line for the
    note (`ctx.rewritten`), because the fixes' second, confirming pass meets its lines again. `needs`:
    strings one of which a line must hold for `fn` to change it (most lines hold none: skipped)."""
    result = list(lines)
    is_code = code_mask(lines)
    for index in _lines_holding(lines, needs) if needs else range(len(lines)):
        line = lines[index]
        if is_code[index]:
            continue
        key = (kind, line.text)
        new_text = ctx.rewritten.get(key)
        if new_text is None:
            new_text = ctx.rewritten[key] = outside_code_spans(line.text, fn)
        if new_text != line.text:
            ctx.record(line, kind, line.text, new_text)
            result[index] = line.with_text(new_text)
    return result


def _lines_holding(lines: list[Line], needs: tuple[str, ...]) -> list[int]:
    """Indexes of the lines holding one of `needs`, found by one scan of the whole note (a test per
    line and rewrite was a tenth of a big build's repairing)."""
    texts = [line.text for line in lines]
    starts = list(accumulate((len(text) + 1 for text in texts), initial=0))  # +1: the "\n" joining them
    found: list[int] = []
    for match in _any_of(needs).finditer("\n".join(texts)):
        index = bisect_right(starts, match.start()) - 1
        if not found or found[-1] != index:
            found.append(index)
    return found


@cache  # a handful of fixed tuples
def _any_of(needs: tuple[str, ...]) -> re.Pattern:
    if all(len(need) == 1 for need in needs):  # a class: an alternation of a thousand letters is slow
        return re.compile("[" + "".join(map(re.escape, needs)) + "]")
    return re.compile("|".join(map(re.escape, needs)))
