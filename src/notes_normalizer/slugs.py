"""Readable, stable URL slugs for Chinese titles: pinyin for Han characters, ASCII kept."""

from __future__ import annotations

import re
import unicodedata

_NON_SLUG = re.compile(r"[^a-z0-9]+")
# title -> slug. Slugs depend only on their text, so NoteCache keeps these across builds and a build
# whose titles are all known never imports pypinyin (most of a second: its phrase dictionary).
known: dict[tuple[str, int], str] = {}


def slugify(text: str, max_words: int = 12) -> str:
    """'深度学习问答' -> 'shen-du-xue-xi-wen-da'; 'BN 的作用' -> 'bn-de-zuo-yong'.
    Depends only on `text`, so a slug never changes when another note changes."""
    key = (text, max_words)
    if key not in known:
        known[key] = _slugify(text, max_words)
    return known[key]


def _slugify(text: str, max_words: int) -> str:
    from pypinyin import lazy_pinyin

    words = []
    for word in lazy_pinyin(unicodedata.normalize("NFKC", text)):
        words.extend(part for part in _NON_SLUG.split(word.lower()) if part)
    return "-".join(words[:max_words]) or "page"


def unique_slugs(texts: list[str]) -> list[str]:
    """Slugs for several texts, made unique by numbering in order of appearance."""
    used: set[str] = set()
    result = []
    for text in texts:
        base = slug = slugify(text)
        counter = 2
        while slug in used:
            slug, counter = f"{base}-{counter}", counter + 1
        used.add(slug)
        result.append(slug)
    return result
