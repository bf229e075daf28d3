"""Which tool a note came from, told from its content (never from its file name).

A dialect switches on the fixes that are only safe for that source: removing a line that says
"History" is right for a copied GitHub page and wrong anywhere else.
"""

from __future__ import annotations

import re

from notes_normalizer.model import Note

DIALECTS = ("web-copy", "vuepress", "typora", "front-matter")

# Lines GitHub (and similar code hosts) print around a rendered Markdown file.
WEB_CHROME_LINE = re.compile(
    r"^\s*(?:Skip to content|Latest commit|History|File metadata and controls|Raw|Blame|"
    r"Copy path|Copy raw file|Download raw file|Edit this file|Preview|Code|Top|Outline|"
    r"\d+ lines \(\d+ loc\) · [\d.]+ (?:Bytes|KB|MB)|[\d.]+ (?:Bytes|KB|MB))\s*$")
_STRONG_WEB_MARKERS = re.compile(r"^\s*(?:Skip to content|File metadata and controls|"
                                 r"\d+ lines \(\d+ loc\) · [\d.]+ (?:Bytes|KB|MB))\s*$")
_VUEPRESS = re.compile(r"\$withBase\(|^:::\s*(?:tip|warning|danger|details)\b", re.MULTILINE)
_TYPORA = re.compile(r'style="zoom:\s*[\d.]+%?|^\s*/(?:Users|home)/|\]\(/(?:Users|home)/|'
                     r"\]\([A-Za-z]:[\\/]", re.MULTILINE | re.IGNORECASE)


def detect_dialects(note: Note, head_lines: int = 40) -> frozenset[str]:
    found = set()
    head = note.lines[:head_lines]
    if sum(1 for line in head if _STRONG_WEB_MARKERS.match(line.text)) >= 2:
        found.add("web-copy")
    text = note.text
    if _VUEPRESS.search(text):
        found.add("vuepress")
    if _TYPORA.search(text):
        found.add("typora")
    if note.meta:
        found.add("front-matter")
    return frozenset(found)
