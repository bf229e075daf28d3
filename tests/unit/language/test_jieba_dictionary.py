"""The fast copy of jieba's dictionary: the same dictionary as jieba's own load, or none at all."""

from __future__ import annotations

import jieba
import pytest

from notes_normalizer.language import jieba_dictionary
from notes_normalizer.language.segmenter import _jieba_dictionary, seeded

WORDS = {"梯度": 300, "梯": 0, "梯度消失": 12, "batch": 5, "b": 0, "归一化": 40}


def test_a_copy_reads_back_as_written(tmp_path):
    path = tmp_path / "dictionary"
    jieba_dictionary.write(path, WORDS, 357)
    assert jieba_dictionary.read(path) == (WORDS, 357)


@pytest.mark.parametrize("spoil", [
    lambda data: data[:-3],  # cut short
    lambda data: data[:-1] + bytes([data[-1] ^ 1]),  # one frequency changed
    lambda data: data.replace("梯度".encode(), "梯子".encode(), 1),  # one word changed
    lambda data: b"{}\n" + data.split(b"\n", 1)[1],  # a header without its fields
    lambda data: b"not a header at all",
    lambda data: b"",
])
def test_a_spoilt_copy_is_refused(tmp_path, spoil):
    path = tmp_path / "dictionary"
    jieba_dictionary.write(path, WORDS, 357)
    path.write_bytes(spoil(path.read_bytes()))
    with pytest.raises((ValueError, KeyError, TypeError)):
        jieba_dictionary.read(path)


def test_a_spoilt_or_missing_copy_is_made_again_from_jiebas_own_load(tmp_path, monkeypatch):
    path = tmp_path / "cache" / "dictionary"
    monkeypatch.setattr(jieba_dictionary, "cache_file", lambda: path)
    own = jieba.Tokenizer()
    own.initialize()
    assert jieba_dictionary.load() == (own.FREQ, own.total)  # missing: made
    assert jieba_dictionary.read(path) == (own.FREQ, own.total)
    path.write_bytes(path.read_bytes()[:-8])
    assert jieba_dictionary.load() == (own.FREQ, own.total)  # spoilt: ignored, made again
    assert jieba_dictionary.read(path) == (own.FREQ, own.total)


def test_a_cache_folder_that_cannot_be_written_only_costs_time(tmp_path, monkeypatch):
    (tmp_path / "a-file").write_text("")
    monkeypatch.setattr(jieba_dictionary, "cache_file", lambda: tmp_path / "a-file" / "dictionary")
    frequencies, total = jieba_dictionary.load()
    assert frequencies["梯度"] > 0 and total > 0
    assert list(tmp_path.iterdir()) == [tmp_path / "a-file"]


def test_a_tokenizer_set_to_another_dictionary_is_left_to_load_it(tmp_path):
    """Material's `search.jieba_dict` sets jieba's default tokenizer to the user's dictionary: the
    plugin must not seed it with the default one."""
    custom = tmp_path / "dict.txt"
    custom.write_text("深度学习框架 10 n\n", encoding="utf-8")
    tokenizer = jieba.Tokenizer(str(custom))
    assert not seeded(tokenizer).initialized
    default = seeded(jieba.Tokenizer())
    assert default.initialized and default.FREQ == _jieba_dictionary()[0]
    assert default.FREQ is not _jieba_dictionary()[0]  # a copy: words added to one stay there


def test_teaching_the_same_words_again_changes_nothing():
    """A process that builds a site twice (serve, tests) must cut its search index the same way:
    jieba's own add_word gives a word one more count each time it comes again."""
    import jieba

    from notes_normalizer.language.segmenter import seeded, teach

    words = ["感受野", "局部响应归一化", "批归一化"]
    taught = seeded(jieba.Tokenizer())
    teach(taught, words)
    once = dict(taught.FREQ), taught.total
    teach(taught, words)
    assert (dict(taught.FREQ), taught.total) == once
    assert all(once[0][word] > 0 for word in words)

    added = seeded(jieba.Tokenizer())
    for _ in range(2):
        for word in words:
            added.add_word(word)
    assert added.total != once[1]  # what teach() avoids
