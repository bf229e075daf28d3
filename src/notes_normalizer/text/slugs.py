"""Readable, stable URL slugs for Chinese titles: pinyin for Han characters, ASCII kept."""

from __future__ import annotations

import re
import unicodedata

_NON_SLUG = re.compile(r"[^a-z0-9]+")
_SEGMENTS_KEPT = 200_000


class Slugs:
    """Slugs, each worked out once. A slug depends only on its text, so one of these can serve a
    whole build and the next ones: the plugin's NoteCache keeps its own across builds (and on disk),
    and a build whose titles are all known never imports pypinyin (most of a second: its phrase
    dictionary)."""

    def __init__(self, known: dict[tuple[str, int], str] | None = None):
        self.known: dict[tuple[str, int], str] = dict(known or {})  # (text, max words) -> slug
        self._pinyin: dict[str, tuple[str, ...]] = {}  # pypinyin segment -> its syllables

    def __call__(self, text: str, max_words: int = 12) -> str:
        """'深度学习问答' -> 'shen-du-xue-xi-wen-da'; 'BN 的作用' -> 'bn-de-zuo-yong'.
        Depends only on `text`, so a slug never changes when another note changes."""
        key = (text, max_words)
        found = self.known.get(key)
        if found is None:
            found = self.known[key] = self._worked_out(text, max_words)
        return found

    def unique(self, texts: list[str]) -> list[str]:
        """Slugs for several texts, made unique by numbering in order of appearance."""
        used: set[str] = set()
        result = []
        for text in texts:
            base = slug = self(text)
            counter = 2
            while slug in used:
                slug, counter = f"{base}-{counter}", counter + 1
            used.add(slug)
            result.append(slug)
        return result

    def learned_since(self, count: int) -> list[tuple[tuple[str, int], str]]:
        """The slugs worked out since `known` held `count` of them (what a worker sends back)."""
        return list(self.known.items())[count:]

    def learn(self, slugs) -> None:
        """Remember slugs worked out elsewhere: ((text, max words), slug) pairs."""
        self.known.update(slugs)

    def _worked_out(self, text: str, max_words: int) -> str:
        from pypinyin.seg.simpleseg import seg  # pypinyin's own segmentation: its phrases decide readings

        words: list[str] = []
        for segment in seg(unicodedata.normalize("NFKC", text)):
            for syllable in self._syllables(segment):
                words.extend(part for part in _NON_SLUG.split(syllable.lower()) if part)
            if len(words) >= max_words:
                break
        return "-".join(words[:max_words]) or "page"

    def _syllables(self, segment: str) -> tuple[str, ...]:
        """The pinyin of one of pypinyin's segments: what `lazy_pinyin` gives it inside any text
        (pypinyin converts segment by segment), worked out once per segment, as words recur."""
        found = self._pinyin.get(segment)
        if found is None:
            from pypinyin import lazy_pinyin

            if len(self._pinyin) > _SEGMENTS_KEPT:
                self._pinyin.clear()
            found = self._pinyin[segment] = tuple(lazy_pinyin([segment]))
        return found
