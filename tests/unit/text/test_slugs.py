"""Slugs: pinyin for Han characters, ASCII kept, the same as pypinyin gives the whole title."""

from __future__ import annotations

import random
import unicodedata
from pathlib import Path

import jieba
from pypinyin import lazy_pinyin

from notes_normalizer.text import slugs
from notes_normalizer.text.slugs import Slugs
from tests.helpers import NOTES


def whole_title_slug(text: str, max_words: int) -> str:
    """The slug from pypinyin's pinyin of the whole title at once (the segment memo's reference)."""
    words = []
    for syllable in lazy_pinyin(unicodedata.normalize("NFKC", text)):
        words.extend(part for part in slugs._NON_SLUG.split(syllable.lower()) if part)
    return "-".join(words[:max_words]) or "page"


def test_examples():
    slugify = Slugs()
    assert slugify("深度学习问答") == "shen-du-xue-xi-wen-da"
    assert slugify("BN 的作用") == "bn-de-zuo-yong"
    assert slugify("重要的重复") == "zhong-yao-de-chong-fu"  # readings by phrase, not by character
    assert slugify("？！") == "page"
    assert slugify("一二三四五六七八九十", max_words=3) == "yi-er-san"


def test_segment_by_segment_is_pinyin_of_the_whole_title():
    """Every line of the five notes, and titles strung from jieba's dictionary words (polyphones,
    phrases across word joins, ASCII and punctuation between), slug as pypinyin reads them whole."""
    titles = [line[:80] for note in sorted(NOTES.glob("*.md"))
              for line in note.read_text(encoding="utf-8").splitlines() if line.strip()]
    dictionary = (Path(jieba.__file__).parent / "dict.txt").read_text(encoding="utf-8").split("\n")
    words = [entry.split()[0] for entry in dictionary if entry]
    rng = random.Random(7)
    titles += ["".join(rng.choice(words) + rng.choice(["", "", " ", "，", "a1", "的", "?", "ＢＮ"])
                       for _ in range(rng.randint(1, 6))) for _ in range(3000)]
    memo = Slugs()  # one memo: its segments' pinyin is reused from title to title
    for title in titles:
        memo.known.clear()
        assert memo(title, max_words=10) == whole_title_slug(title, 10), title


def test_unique_slugs_number_repeats_in_order():
    assert Slugs().unique(["激活函数", "激活函数", "BN", "激活函数"]) == [
        "ji-huo-han-shu", "ji-huo-han-shu-2", "bn", "ji-huo-han-shu-3"]


def test_a_memo_gives_what_it_was_taught_and_what_it_worked_out_since():
    memo = Slugs({("梯度", 12): "taught"})
    assert memo("梯度") == "taught"
    before = len(memo.known)
    assert memo("激活函数") == "ji-huo-han-shu"
    assert memo.learned_since(before) == [(("激活函数", 12), "ji-huo-han-shu")]
    other = Slugs()
    other.learn(memo.learned_since(before))
    assert other.known == {("激活函数", 12): "ji-huo-han-shu"}
