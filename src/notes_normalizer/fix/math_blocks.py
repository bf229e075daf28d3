"""Display-math layout defects: `$$` blocks that MathJax and Typora read but Python-Markdown splits.

arithmatex reads a display formula only as a block of its own: `$$` first and last, no blank line
inside (a blank line ends a Markdown block), and in a table row every `|`, math or not, starts a
new cell. Notes break each of these: `公式如下：$$` opening a block, `$$ {l}` closing one, blank lines
between the rows of an aligned formula, `$|x|$` in a table cell.
"""

from __future__ import annotations

import re

from notes_normalizer.fix import Context, code_mask, rewrite_prose
from notes_normalizer.fix.math import display_block_roles, math_spans, quote_prefix
from notes_normalizer.model import Line


def split_display_delimiters(lines: list[Line], ctx: Context) -> list[Line]:
    """Text before an opening `$$` or after a closing one goes to a paragraph of its own, and blank
    lines inside a block are dropped (in TeX they mean nothing; in Markdown they end the block)."""
    roles = display_block_roles(lines)
    result: list[Line] = []
    for line, role in zip(lines, roles, strict=True):
        prefix = quote_prefix(line.text)
        text = line.text
        if role == "body" and not text[len(prefix):].strip():
            ctx.record(line, "math.blank-in-block", text, "（删除公式中的空行）")
            continue
        if role == "open" and not text[len(prefix):].lstrip().startswith("$$"):
            lead, tex = text.rsplit("$$", 1)
            ctx.record(line, "math.block-delimiter", text, f"{lead}\n{prefix}$${tex}")
            result += [line.with_text(lead.rstrip()), line.with_text(prefix.rstrip()),
                       line.with_text(f"{_indent_of(lead)}$${tex}")]
            continue
        if role == "close" and text.split("$$", 1)[1].strip():
            tex, tail = text.split("$$", 1)
            ctx.record(line, "math.block-delimiter", text, f"{tex}$$\n{prefix}{tail.strip()}")
            result += [line.with_text(f"{tex}$$"), line.with_text(prefix.rstrip()),
                       line.with_text(f"{_indent_of(tex)}{tail.strip()}")]
            continue
        result.append(line)
    return result


def _indent_of(text: str) -> str:
    prefix = quote_prefix(text)
    rest = text[len(prefix):]
    return prefix + rest[:len(rest) - len(rest.lstrip(" \t"))]


_DELIMITER_ROW = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)+\|?\s*$")


def _table_rows(lines: list[Line]) -> set[int]:
    """Indexes of the lines of pipe tables: runs of non-blank lines holding a delimiter row."""
    rows: set[int] = set()
    mask = code_mask(lines)
    start = 0
    for index in range(len(lines) + 1):
        if index == len(lines) or not lines[index].text.strip() or mask[index]:
            run = range(start, index)
            if any(_DELIMITER_ROW.match(lines[i].text) for i in run):
                rows.update(i for i in run if "|" in lines[i].text)
            start = index + 1
    return rows


def _bars_as_commands(text: str) -> str:
    """`|` inside the formulas of a table row becomes `\\vert` (`\\|` becomes `\\Vert`)."""
    out, position = [], 0
    for span in math_spans(text):
        body = text[span.start:span.end]
        body = re.sub(r"\\\|", r"\\Vert ", body)
        body = re.sub(r"(?<!\\)\|", r"\\vert ", body)
        out += [text[position:span.start], body]
        position = span.end
    out.append(text[position:])
    return "".join(out)


def math_in_table_cells(lines: list[Line], ctx: Context) -> list[Line]:
    """A `|` inside a formula in a table row would split the cell."""
    rows = _table_rows(lines) if any("|" in line.text and "$" in line.text for line in lines) else set()
    if not rows:
        return lines
    kept = [line if index in rows else line.with_text("") for index, line in enumerate(lines)]
    rewritten = rewrite_prose(kept, ctx, "math.table-bars", _bars_as_commands, needs=("$",))
    return [rewritten[index] if index in rows else line for index, line in enumerate(lines)]
