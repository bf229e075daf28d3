"""Lines that stand in for headings: an answer outlined by whole bold lines (`✅ **如何判断过拟合？**`), a
note outlined by plain short lines over lists (`SGD` over `- 不稳定`, `- 快`). Each function returns the
blocks with those lines as the headings they stand for, so the section rules judge each (a question, a
part, a structure word, a reference), or None when the text is not outlined that way."""

from __future__ import annotations

import re
from collections import Counter

from notes_normalizer.language.vocabulary import Vocabulary
from notes_normalizer.model import Line
from notes_normalizer.split.asking import TURNS_TO_THE_READER
from notes_normalizer.split.blocks import Block
from notes_normalizer.split.markers import Marker, is_whole_bold_line
from notes_normalizer.split.wording import asks_by_its_mark, asks_on_its_own, plain_text, strip_numbering

_SERIES_LABEL = re.compile(r"^\s*([^\d:：]{1,8}?)\s*\d+\s*[:：]")  # 参考1：, 方法 2:
_BRACKETS = re.compile(r"[（(][^（()）]*[）)]")  # `PyTorch 代码（使用 FCN 进行语义分割）`: what the code does
_MAX_LINE_HEADING_CHARS = 30
_LEAST_LINE_HEADINGS = 3  # plain lines over lists that make a pattern, not a sentence before a list
_ENDS_A_SENTENCE = re.compile(r"[。；;，,：:!！.…]$")


def _series_label(wording: str) -> object:
    """`参考` of `**参考1：…**`, or the wording itself (a label of one)."""
    match = _SERIES_LABEL.match(plain_text(wording))
    return match.group(1) if match else wording


def whole_bold_lines(markers: list[Marker]) -> list[Marker]:
    """The markers that are a whole bold line of their own (`**…**` alone in its paragraph, no list item)."""
    return [m for m in markers if is_whole_bold_line(m)]


def bold_headings(body: list[Block], markers: list[Marker], level: int, words: Vocabulary) -> list[Block] | None:
    """An answer outlined by whole bold lines (`✅ **如何判断过拟合？**`, `✅ **缓解过拟合的方法**`), one of
    which asks a question of its own: its bold lines become headings of `level`. A series of labelled
    points (`**参考1：…**` … `**参考5：…**`), the author turning to the reader (`**那么…？**`), structure
    words (`🔥 **PyTorch 代码（…）**`) and a paragraph of several bold lines stay text."""
    bold = {m.block: m for m in whole_bold_lines(markers)
            if "\n" not in body[m.block].text.strip()
            and not words.structures_an_answer(_BRACKETS.sub("", strip_numbering(plain_text(m.wording))))
            and not TURNS_TO_THE_READER.match(strip_numbering(plain_text(m.wording)))}
    labels = Counter(_series_label(m.wording) for m in bold.values())
    bold = {n: m for n, m in bold.items() if labels[_series_label(m.wording)] < 2}
    if not any(asks_on_its_own(m.wording) and asks_by_its_mark(m.wording) for m in bold.values()):
        return None
    return [Block("heading", block.start, block.end, level, block.text) if n in bold else block
            for n, block in enumerate(body)]


def line_headings(blocks: list[Block], lines: list[Line], level: int, words: Vocabulary) -> list[Block] | None:
    """Text without headings outlined by short plain lines, each right over a list (`BGD` / `- 稳定` /
    `- 慢`, `SGD` / …): those lines, and the short lines naming a concept between them (`Adadelta`),
    become headings of `level`. A line ending like a sentence or a label (`BLOG:`, `结构如下：`) stays text;
    fewer than three such lines are no outline."""
    result: list[Block] = []
    headings = 0
    for n, block in enumerate(blocks):
        following = blocks[n + 1] if n + 1 < len(blocks) else None
        last = _last_text_line(block, lines)
        if block.kind == "paragraph" and last is not None and following is not None and following.kind == "list" \
                and _right_over(lines[last], following, lines) and _names_a_heading(lines[last].text):
            if last > block.start:  # `改进: …` then `自适应梯度(动量解决)` in one paragraph: the last line heads
                result.append(Block("paragraph", block.start, last, text="\n".join(
                    line.text for line in lines[block.start:last])))
            result.append(_line_heading(lines[last].text, last, following.start, level))
            headings += 1
        elif block.kind == "paragraph" and "\n" not in block.text.strip() and _names_a_heading(block.text) \
                and words.concepts_in(plain_text(block.text)) and len(plain_text(block.text)) <= 20:
            result.append(_line_heading(block.text, block.start, block.end, level))
        else:
            result.append(block)
    return result if headings >= _LEAST_LINE_HEADINGS else None


_COMMENT = re.compile(r"\s*(?:-+>|→|=>)\s*\S.*$")  # `AdaGrad --> 半自适应学习率`: the author's comment


def _line_heading(text: str, start: int, end: int, level: int) -> Block:
    """The line as a heading; a comment after an arrow is no part of what it names, so the line stays the
    first line of its answer (the heading then spans no line of its own)."""
    named = _COMMENT.sub("", text.strip())
    return Block("heading", start, start if named != text.strip() else end, level, named)


def outline_of_questions(lines: list[Line]) -> list[int] | None:
    """A note that is only a list of short plain lines (`RNN结构` / `LSTM结构` / `RNN梯度爆炸和梯度消失问题,为什么？`
    …, the questions someone means to review): the indexes of those lines, each a question without an
    answer yet; else None. One line of text longer than a heading, a link or a list marker, and it is a note."""
    texts = [n for n, line in enumerate(lines) if line.text.strip()]
    if len(texts) < _LEAST_LINE_HEADINGS or not all(_names_a_heading(lines[n].text) for n in texts) \
            or any(re.match(r"^\s*#", lines[n].text) for n in texts):
        return None
    return texts


def _right_over(line: Line, following: Block, lines: list[Line]) -> bool:
    """The list starts on the source line after `line` (a repair may have put a blank line between)."""
    first = next((lines[n] for n in range(following.start, following.end) if lines[n].text.strip()), None)
    return first is not None and first.number == line.number + 1


def _last_text_line(block: Block, lines: list[Line]) -> int | None:
    texts = [n for n in range(block.start, block.end) if lines[n].text.strip()]
    return texts[-1] if texts else None


def _names_a_heading(text: str) -> bool:
    plain = plain_text(text).strip()
    return bool(plain) and len(plain) <= _MAX_LINE_HEADING_CHARS and not _ENDS_A_SENTENCE.search(plain) \
        and not re.match(r"^\s*(?:[-*+>|]|!?\[)", text)
