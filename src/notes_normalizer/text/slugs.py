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
    from pypinyin.seg.simpleseg import seg  # pypinyin's own segmentation: its phrases decide readings

    words: list[str] = []
    for segment in seg(unicodedata.normalize("NFKC", text)):
        for syllable in _syllables(segment):
            words.extend(part for part in _NON_SLUG.split(syllable.lower()) if part)
        if len(words) >= max_words:
            break
    return "-".join(words[:max_words]) or "page"


_SEGMENTS_KEPT = 200_000
_segments: dict[str, tuple[str, ...]] = {}  # segment -> its pinyin


def _syllables(segment: str) -> tuple[str, ...]:
    """The pinyin of one of pypinyin's segments: what `lazy_pinyin` gives it inside any text
    (pypinyin converts segment by segment), worked out once per segment, as words recur."""
    found = _segments.get(segment)
    if found is None:
        from pypinyin import lazy_pinyin

        if len(_segments) > _SEGMENTS_KEPT:
            _segments.clear()
        found = _segments[segment] = tuple(lazy_pinyin([segment]))
    return found


def learned_since(count: int) -> list[tuple[tuple[str, int], str]]:
    """The slugs worked out since `known` held `count` of them (a worker sends these back)."""
    return list(known.items())[count:]


def learn(slugs: list[tuple[tuple[str, int], str]]) -> None:
    known.update(slugs)


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
