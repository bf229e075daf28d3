"""The normalizer pipeline: read a folder of notes, run the fixes over each, in a fixed order.

The order matters where fixes feed each other: zero-width characters go first so that later fixes
see the line the author meant; unsafe HTML goes next, on every line outside fenced code, so that the
structure fixes after it read text that will not change under them. Every fix that moves lines or
adds blank lines (math ones included) runs before the indentation is normalized, and what reads the
final layout (heading recovery) after it; TeX and highlight repairs change only the inside of lines.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from pathlib import Path

from .dialects import DIALECTS, detect_dialects
from .fixes import Context, Fix, encoding, html, images, marks, math, structure
from .model import FixedNote, Note, Problem
from .reading import UnreadableNote, find_notes, read_note

FIXES: tuple[Fix, ...] = (
    encoding.drop_zero_width_characters,
    html.join_split_tags,
    html.sanitize_html,
    encoding.plain_leading_spaces,
    structure.remove_web_chrome,
    structure.convert_bullets,
    structure.split_escaped_pseudo_lists,
    structure.drop_break_lines,
    structure.drop_empty_list_items,
    structure.nest_flattened_lists,
    math.join_broken_inline_math,
    math.inline_display_math_in_sentence,
    math.separate_display_blocks,
    structure.normalize_indentation,
    structure.recover_headings,
    images.repair_images,
    math.expand_part,
    math.fix_tex_words,
    math.trim_inline_math_spaces,
    marks.drop_empty_bold,
    marks.convert_highlights,
)


@dataclass
class Options:
    """What the user can set (the plugin's config and the CLI's flags map onto this)."""

    image_dirs: list[Path] = field(default_factory=list)
    dialects: dict[str, list[str]] = field(default_factory=dict)  # note name -> forced dialects
    asset_dir: str = "images"


def fix_note(note: Note, resolver: images.ImageResolver, page_path: str, page_url: str | None = None,
             fixes: tuple[Fix, ...] = FIXES) -> FixedNote:
    """Run the fixes over one note. `page_path` is where the repaired Markdown will be written;
    `page_url` the folder its HTML is served from, when that differs (MkDocs' directory URLs)."""
    if page_url is None:
        page_url = posixpath.dirname(page_path)
    ctx = Context(note=note, page_path=page_path, page_url=page_url, images=resolver)
    lines = note.lines
    for fix in fixes:
        lines = fix(lines, ctx)
    return FixedNote(note=note, lines=lines, repairs=ctx.repairs, problems=ctx.problems)


def load_notes(notes_dir: Path, options: Options) -> tuple[list[Note], list[Problem]]:
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
    return notes, problems
