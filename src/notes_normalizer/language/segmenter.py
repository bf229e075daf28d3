"""jieba, the Chinese word cutter, from a dictionary loaded once per process: tokenizers seeded from
it, words taught to one, and where a text's word boundaries are."""

from __future__ import annotations

import bisect
from functools import cache

from notes_normalizer.language import jieba_dictionary
from notes_normalizer.language.jieba_dictionary import jieba


@cache
def _jieba_dictionary() -> tuple[dict[str, int], int]:
    """jieba's default dictionary, loaded once per process (see `jieba_dictionary`)."""
    return jieba_dictionary.load()


def dictionary_loaded() -> bool:
    """Whether this process has jieba's dictionary in memory already."""
    return _jieba_dictionary.cache_info().currsize > 0


def everyday_frequency(word: str) -> int:
    """How often `word` occurs in jieba's general-language dictionary (0 if it is not there)."""
    return _jieba_dictionary()[0].get(word, 0)


def seeded(tokenizer: jieba.Tokenizer) -> jieba.Tokenizer:
    """`tokenizer` ready to cut, from a copy of the dictionary loaded once, unless it has one or is
    set to another dictionary (Material's `search.jieba_dict`: it loads that one itself)."""
    if not tokenizer.initialized and tokenizer.dictionary == jieba.DEFAULT_DICT:
        frequencies, total = _jieba_dictionary()
        tokenizer.FREQ, tokenizer.total, tokenizer.initialized = dict(frequencies), total, True
    return tokenizer


def teach(tokenizer: jieba.Tokenizer, words: list[str]) -> None:
    """Make `words` whole words of `tokenizer`, each with the frequency it gets in the bundled
    dictionary alone. jieba's own `add_word` suggests a frequency from what the tokenizer holds by
    then, one more each time a word comes again: a process that built a site twice (`mkdocs
    serve`, tests) would cut its search index differently the second time. Taught this way, the
    same words again change nothing."""
    reference = seeded(jieba.Tokenizer())
    for word in words:
        reference.add_word(word)
    for word in words:
        if tokenizer.FREQ.get(word) != reference.FREQ[word]:
            tokenizer.add_word(word, reference.FREQ[word])


class WordBoundaries:
    """Where jieba's words begin and end in a text, worked out only where asked. jieba cuts each
    run of word characters (`re_han_default`) on its own and yields every other character alone,
    so only the run around an offset decides whether it is a boundary."""

    def __init__(self, text: str, tokenizer: jieba.Tokenizer):
        self.text, self.tokenizer = text, tokenizer
        self._runs = [(m.start(), m.end()) for m in jieba.re_han_default.finditer(text)]
        self._starts = [start for start, _ in self._runs]
        self._inside: dict[int, set[int]] = {}  # run start -> the boundaries inside it

    def __contains__(self, offset: int) -> bool:
        run = bisect.bisect_right(self._starts, offset) - 1
        if run < 0 or not self._runs[run][0] < offset < self._runs[run][1]:
            return 0 <= offset <= len(self.text)
        start, end = self._runs[run]
        if start not in self._inside:
            inside = self._inside[start] = set()
            for _, word_start, _ in self.tokenizer.tokenize(self.text[start:end]):
                inside.add(start + word_start)
        return offset in self._inside[start]
