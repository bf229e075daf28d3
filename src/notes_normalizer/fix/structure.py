"""Structure defects: text that is not the author's content (a copied page's furniture, `<br>` lines),
bullets and pseudo-lists other tools leave, headings a copied page lost. Lists: `lists`."""

from __future__ import annotations

import re

from notes_normalizer.fix import BULLET_CHARACTERS, Context, code_mask
from notes_normalizer.fix.images import MISSING_PLACEHOLDER
from notes_normalizer.fix.lists import HEADING_LINE, LIST_ITEM, NOT_PARAGRAPH
from notes_normalizer.fix.marks import drop_stray_bold
from notes_normalizer.model import Line
from notes_normalizer.read.dialects import WEB_CHROME_LINE


def remove_web_chrome(lines: list[Line], ctx: Context) -> list[Line]:
    """Drop the page furniture a copied code-host page carries ("Skip to content", "History",
    "362 lines (209 loc) · 13.1 KB", the file name as the host's breadcrumb shows it, with its
    extension) from the top of a web-copy note. Only the leading block is searched: the same words
    further down are the author's."""
    if "web-copy" not in ctx.note.dialects:
        return lines
    def is_chrome(line: Line) -> bool:
        return bool(WEB_CHROME_LINE.match(line.text)) or line.text.strip() == ctx.note.path.name

    head = []
    for line, is_code in zip(lines[:60], code_mask(lines[:60]), strict=True):
        if is_code:
            break
        head.append(line)
    end = max((i + 1 for i, line in enumerate(head) if is_chrome(line)), default=0)
    kept = []
    for line in lines[:end]:
        if is_chrome(line):
            ctx.record(line, "structure.web-chrome", line.text, "")
        elif line.text.strip():
            kept.append(line)
    return kept + lines[end:]


_BULLET = re.compile(rf"^([ \t]*)[{BULLET_CHARACTERS}]\s*(?=\S)")


def convert_bullets(lines: list[Line], ctx: Context) -> list[Line]:
    """`• 优点` (a bullet character copied from a rendered page or a word processor) -> `- 优点`."""
    return _rewrite_lines(lines, ctx, "structure.bullet", lambda text: _BULLET.sub(r"\1- ", text))


_ESCAPED_ITEM = re.compile(r"^([ \t]*)\\-\s+")
_ITEM_SEPARATOR = re.compile(r"\s*[；;]\s*-\s+")


def split_escaped_pseudo_lists(lines: list[Line], ctx: Context) -> list[Line]:
    """`\\- batch size effect；- learning rate effect`: a list a converter escaped and flattened into
    one line. Only lines that start with `\\- ` and hold more `；- ` items are split."""
    result = []
    for line, is_code in zip(lines, code_mask(lines), strict=True):
        match = None if is_code else _ESCAPED_ITEM.match(line.text)
        if match and _ITEM_SEPARATOR.search(line.text[match.end():]):
            items = _ITEM_SEPARATOR.split(line.text[match.end():])
            new_lines = [f"{match.group(1)}- {item.strip()}" for item in items if item.strip()]
            ctx.record(line, "structure.pseudo-list", line.text, "\n".join(new_lines))
            result.extend(line.with_text(text) for text in new_lines)
        else:
            result.append(line)
    return result


# `问：` `答：` `Q1:` `A:` `问题2：` `**答案**：` at the start of a line
_LABEL_LINE = re.compile(r"^ {0,3}(?:\*\*)?(?:问题?\s*\d*|答案?|[QqAaＱＡ]\s*\d*)\s*(?:\*\*)?\s*[:：]")


def separate_label_lines(lines: list[Line], ctx: Context) -> list[Line]:
    """`问：…` / `答：…` (or `Q:` / `A:`) lines written one under the other: every Markdown renderer
    joins them into one paragraph (问：什么是过拟合？ 答：… 问：…). A blank line before each label
    line that follows paragraph text keeps each on its own."""
    mask = code_mask(lines)
    result: list[Line] = []
    for index, line in enumerate(lines):
        previous = lines[index - 1].text if index else ""
        if (index and not mask[index] and not mask[index - 1] and _LABEL_LINE.match(line.text)
                and previous.strip() and not LIST_ITEM.match(previous) and not previous.startswith((" ", "\t"))
                and not NOT_PARAGRAPH.match(previous)):
            ctx.record(line, "structure.label-line", previous, "（问答标签行前插入空行）")
            result.append(Line("", line.number))
        result.append(line)
    return result


_BR_ONLY = re.compile(r"^\s*(?:<br\s*/?>\s*)+$", re.IGNORECASE)


def drop_break_lines(lines: list[Line], ctx: Context) -> list[Line]:
    """A line holding only `<br>` between blocks is spacing from another editor, not content."""
    result = []
    for index, (line, is_code) in enumerate(zip(lines, code_mask(lines), strict=True)):
        between_blocks = (index == 0 or not lines[index - 1].text.strip()) and (
            index + 1 == len(lines) or not lines[index + 1].text.strip())
        if not is_code and between_blocks and _BR_ONLY.match(line.text):
            ctx.record(line, "structure.break-line", line.text, "")
            continue
        result.append(line)
    return result


_URL_LINE = re.compile(r"^\s*(?:https?://\S+\s*)+$")
# A lost image: the site's placeholder, or `![]()` where the notes are written back for their editor.
_PLACEHOLDER = re.compile(rf"{MISSING_PLACEHOLDER.pattern}|!\[\]\(\)")


def _is_placeholder_line(text: str) -> bool:
    return bool(_PLACEHOLDER.search(text)) and not _PLACEHOLDER.sub("", text).strip()


_ENDS_SENTENCE = re.compile(r"[。！？；：，、.!?;:,]\s*$")


# Words of prose, not of headings: a line that says 难点在于…, 具体…参考…, 我的博客… is an answer's sentence
# that lost its punctuation, never a heading.
_PROSE = re.compile(r"在于|其中|因此|所以|但是|然后|如下|详见|参见|.参考|我的|我们|你可以|可以看到")


def _heading_candidate(text: str) -> bool:
    # Judge the line as the marks fixes will leave it (they run later): `==`/empty `**` removed.
    stripped = drop_stray_bold(text.replace("==", "")).strip()
    if not re.search(r"[A-Za-z\u3400-\u9fff]", stripped) or _PROSE.search(stripped):
        return False
    limit = 20 if re.search(r"[，,]", stripped) else 40
    return (0 < len(stripped) <= limit and not text.startswith((" ", "\t")) and not _ENDS_SENTENCE.search(stripped)
            and not LIST_ITEM.match(text) and not _URL_LINE.match(text) and not _is_placeholder_line(text)
            and not re.search(r"[$<>|`#*\[\]]", stripped) and not HEADING_LINE.match(text))


def recover_headings(lines: list[Line], ctx: Context) -> list[Line]:
    """A copied web page loses heading marks: a heading arrives as a short standalone line. Such a
    line (no closing punctuation) becomes a heading when what follows it is a list, a line of links,
    or another such line that introduces a list; missing-image placeholders in between are skipped. The first
    one is the page title when the note has none."""
    if "web-copy" not in ctx.note.dialects:
        return lines
    mask = code_mask(lines)
    standalone = [not mask[i] and _heading_candidate(line.text)
                  and (i == 0 or not lines[i - 1].text.strip())
                  and (i + 1 == len(lines) or not lines[i + 1].text.strip())
                  for i, line in enumerate(lines)]

    def next_block(index: int) -> int | None:
        for j in range(index + 1, len(lines)):
            if lines[j].text.strip() and not _is_placeholder_line(lines[j].text):
                return j
        return None

    def introduces_content(j: int | None) -> bool:
        return j is None or bool(LIST_ITEM.match(lines[j].text) or _URL_LINE.match(lines[j].text))

    result = list(lines)
    has_title = any(line.text.startswith("# ") for line in lines)
    for index, line in enumerate(lines):
        if not standalone[index]:
            continue
        following = next_block(index)
        if introduces_content(following) or (
                following is not None and standalone[following] and introduces_content(next_block(following))):
            level = "##" if has_title else "#"
            has_title = True
            new_text = f"{level} {line.text.strip()}"
            ctx.record(line, "structure.heading", line.text, new_text)
            result[index] = line.with_text(new_text)
    return result


def _rewrite_lines(lines: list[Line], ctx: Context, kind: str, fn) -> list[Line]:
    """Apply a whole-line rewrite outside fenced code, recording each change."""
    result = list(lines)
    for index, (line, is_code) in enumerate(zip(lines, code_mask(lines), strict=True)):
        if not is_code and (new_text := fn(line.text)) != line.text:
            ctx.record(line, kind, line.text, new_text)
            result[index] = line.with_text(new_text)
    return result
