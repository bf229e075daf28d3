"""Answers cut out of a note: their lines dedented and trimmed, without the stray tags of the
collapsibles they were cut from."""

from __future__ import annotations

import re

from notes_normalizer.model import Line


def dedent(lines: list[Line], width: int) -> list[Line]:
    result = []
    for line in lines:
        body = line.text.lstrip(" \t")
        margin = line.text[:len(line.text) - len(body)].expandtabs(4)  # a tab indents to the next 4 columns
        result.append(line.with_text(margin[min(len(margin), width):] + body))
    return result


def trim(lines: list[Line]) -> list[Line]:
    start, end = 0, len(lines)
    while start < end and not lines[start].text.strip():
        start += 1
    while end > start and not lines[end - 1].text.strip():
        end -= 1
    return closed_disclosures(lines[start:end])


_DISCLOSURE_TAG = re.compile(r"<(/?)details\b[^>]*>", re.IGNORECASE)
_ONLY_A_DISCLOSURE_TAG = re.compile(r"^\s*</?details\b[^>]*>\s*$", re.IGNORECASE)


def closed_disclosures(lines: list[Line]) -> list[Line]:
    """An answer cut out of `<details><summary>question</summary> answer </details>`, without the
    `</details>` that closed its question and the next question's `<details>`: the lines holding
    only a tag that opens or closes nothing inside the answer."""
    unmatched: list[int] = []
    opened: list[int] = []
    for index, line in enumerate(lines):
        for tag in _DISCLOSURE_TAG.finditer(line.text):
            if not tag.group(1):
                opened.append(index)
            elif opened:
                opened.pop()
            else:
                unmatched.append(index)
    dropped = {index for index in (*unmatched, *opened) if _ONLY_A_DISCLOSURE_TAG.match(lines[index].text)}
    if not dropped:
        return lines
    return trim([line for index, line in enumerate(lines) if index not in dropped])
