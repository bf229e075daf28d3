"""The normalizer pipeline: read a folder of notes, run the fixes over each, in a fixed order.

The order matters where fixes feed each other: zero-width characters go first so that later fixes
see the line the author meant; unsafe HTML goes next, on every line outside fenced code, so that the
structure fixes after it read text that will not change under them; images are replaced before any
fix pairs `$` signs (a `$withBase(…)` attribute holds one), and formulas broken across lines are
joined before anything skips math; highlight and bold repairs, which can change how a line starts,
come before the structure fixes. Every fix that moves lines or adds blank
lines (math ones included) runs before the indentation is normalized, and what reads the final layout
(heading recovery) after it; the TeX repairs at the end change only the inside of formulas.
"""

from __future__ import annotations

import posixpath

from notes_normalizer.fix import (
    Context,
    Fix,
    encoding,
    formula_images,
    html,
    images,
    links,
    lists,
    marks,
    math,
    math_blocks,
    structure,
    tex,
)
from notes_normalizer.model import FixedNote, Line, Note

FIXES: tuple[Fix, ...] = (
    encoding.drop_zero_width_characters,
    encoding.replace_lookalike_characters,
    html.join_split_tags,
    html.sanitize_html,
    encoding.plain_leading_spaces,
    structure.remove_web_chrome,
    formula_images.formula_images_to_math,
    images.repair_images,
    links.relink_local_links,
    math_blocks.split_display_delimiters,
    math.join_broken_inline_math,
    math_blocks.math_in_table_cells,
    marks.drop_empty_bold,
    marks.repair_asterisks,
    marks.escape_delimiter_runs,
    marks.convert_highlights,
    structure.convert_bullets,
    structure.split_escaped_pseudo_lists,
    structure.separate_label_lines,
    lists.separate_lists_from_paragraphs,
    math.inline_display_math_in_sentence,
    math.separate_display_blocks,
    lists.drop_empty_list_items,
    structure.drop_break_lines,
    lists.normalize_indentation,
    lists.nest_flattened_lists,
    structure.recover_headings,
    math.expand_part,
    math.fix_tex_words,
    math.trim_inline_math_spaces,
    tex.katex_spellings,
    tex.report_unreadable_formulas,
)

# What only the site needs: `<mark>` for `==x==` (the note's editor has its own highlights) and lists
# re-indented to Python-Markdown's 4 columns. Notes written back (`fix --in-place`) keep their own.
SITE_ONLY: tuple[Fix, ...] = (marks.convert_highlights, lists.normalize_indentation)
WRITE_BACK_FIXES: tuple[Fix, ...] = tuple(fix for fix in FIXES if fix not in SITE_ONLY)


# Some fixes feed each other in a cycle on odd input (a highlight repair exposes a list marker, which
# changes where a paragraph starts, which changes how `$` pair, which changes what counts as a
# highlight), so the fixes run until a pass changes nothing. On real notes the second pass only
# confirms; the cap bounds the work on hostile input.
MAX_PASSES = 4


def fix_note(note: Note, resolver: images.ImageResolver, page_path: str, page_url: str | None = None,
             note_pages: dict[str, str] | None = None, fixes: tuple[Fix, ...] = FIXES,
             for_site: bool = True) -> FixedNote:
    """Run the fixes over one note to a fixed point. `page_path` is where the repaired Markdown
    will be written; `page_url` the folder its HTML is served from, when that differs (MkDocs'
    directory URLs). Not `for_site`: the note is written back for its own editor (`WRITE_BACK_FIXES`,
    missing images keep their references)."""
    if not for_site and fixes is FIXES:
        fixes = WRITE_BACK_FIXES
    if page_url is None:
        page_url = posixpath.dirname(page_path)
    ctx = Context(note=note, page_path=page_path, page_url=page_url, images=resolver,
                  note_pages=note_pages if note_pages is not None else {note.name: page_path}, for_site=for_site)
    lines = note.lines
    first_pass_problems: list = []
    # Each fix's output depends on nothing but its input lines, so a fix handed the very lines it
    # last left unchanged would leave them unchanged again: the confirming pass skips it.
    left_alone: dict[int, list[Line]] = {}
    for number in range(MAX_PASSES):
        before = [line.text for line in lines]
        for position, fix in enumerate(fixes):
            if left_alone.get(position) == lines:
                continue
            fixed = fix(lines, ctx)
            if fixed == lines:
                left_alone[position] = lines
            lines = fixed
        if number == 0:
            first_pass_problems = list(ctx.problems)
        if [line.text for line in lines] == before:
            break
    # A later pass may meet a problem of the first again; two alike in one pass are two problems.
    seen = set(first_pass_problems)
    problems = first_pass_problems + [p for p in ctx.problems[len(first_pass_problems):] if p not in seen]
    return FixedNote(note=note, lines=lines, repairs=ctx.repairs, problems=problems)
