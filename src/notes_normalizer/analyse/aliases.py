"""Aliases the notes define themselves: "批归一化（Batch Normalization，BN）", "过拟合(Overfitting)",
"FLOPs（计算量）". A term and the other names an author gives it in brackets are one concept for
merging, whether or not the bundled vocabulary knows it, so notes about concepts the vocabulary
lacks still merge across languages and abbreviations.

Mined from what names concepts: question titles, the headings above them and the first lines of
answers. One pass over the text, linear in its size."""

from __future__ import annotations

import re
from collections.abc import Iterable

from notes_normalizer.language.segmenter import everyday_frequency
from notes_normalizer.language.vocabulary import Vocabulary, normalize

_HAN = "\u3400-\u9fff"
_LATIN_TERM = r"[A-Za-z][A-Za-z0-9+\-]*(?: [A-Za-z][A-Za-z0-9+\-]*){0,3}"
# 批归一化（Batch Normalization，BN） / 过拟合(Overfitting)
_HAN_THEN_LATIN = re.compile(
    rf"([{_HAN}]{{2,16}})\s*[（(]\s*({_LATIN_TERM})\s*(?:[,，、;；/]\s*({_LATIN_TERM})\s*)?[)）]")
# FLOPs（计算量） / Batch Normalization（批归一化）
_LATIN_THEN_HAN = re.compile(rf"(?<![A-Za-z0-9])({_LATIN_TERM})\s*[（(]\s*([{_HAN}]{{2,8}})\s*[)）]")
# Where a run of Chinese stops naming the term: 何为共线性 -> 共线性, 模型的计算量 -> 计算量.
_FUNCTION_CHARACTER = re.compile(r"[的是为了和与及在中对把被将用从以即或等谈说讲]")
_NOT_NAMES = {"eg", "e.g", "ie", "i.e", "etc", "ps", "pdf", "ppt", "todo", "note", "link", "see", "code", "demo"}
_LONGEST_TERM = 8
# jieba's general-language frequency from which a word is everyday language (参数 1670, 数量 6927),
# not a term of the subject (注意力 678, 标准化 401, 神经元 281, 批归一化 0).
_EVERYDAY = 1000
OPENING = 300  # characters of an answer where an author introduces its terms


def _term(run: str, known: dict[str, str]) -> str:
    """The term a run of Chinese ends with: the longest known spelling it ends with (比随机梯度下降),
    else what follows its last function character (何为共线性 -> 共线性)."""
    folded = normalize(run)
    for start in range(len(folded) - 1):
        if folded[start:] in known:
            return run[start:]
    return _FUNCTION_CHARACTER.split(run)[-1]


def _usable(latin: str) -> bool:
    folded = normalize(latin)
    return len(folded) >= 2 and folded.strip(".") not in _NOT_NAMES and not folded.isdigit()


def alias_groups(texts: Iterable[str], known: dict[str, str]) -> list[list[str]]:
    """Each bracketed naming found: [the Chinese term, its other names]. A Chinese name in brackets
    after a Latin one (`Leaky ReLU（函数）`) is as often a gloss as a name: it only counts when
    neither side is known and it is a term of three characters or more."""
    groups: list[list[str]] = []
    for text in texts:
        if "(" not in text and "（" not in text:
            continue
        for match in _HAN_THEN_LATIN.finditer(text):
            term = _term(match.group(1), known)
            others = [name for name in match.groups()[1:] if name and _usable(name)]
            if 2 <= len(term) <= _LONGEST_TERM and others:
                groups.append([term, *others])
        for match in _LATIN_THEN_HAN.finditer(text):
            latin, term = match.group(1), _term(match.group(2), known)
            if 3 <= len(term) <= _LONGEST_TERM and _usable(latin) \
                    and normalize(latin) not in known and normalize(term) not in known:
                groups.append([term, latin])
    return groups


def mined_concepts(texts: Iterable[str], words: Vocabulary) -> dict[str, list[str]]:
    """New spellings for the vocabulary (concept -> spellings), in kb.yml's `vocabulary.concepts`
    layout: a naming joins the concept one of its Latin names already spells (a new Chinese name
    of three characters or more), or becomes a concept of its own named by its Chinese term.
    Stopwords and question words never become concepts."""
    known = words.concept_of_spelling
    concepts: dict[str, list[str]] = {}
    for term, *others in alias_groups(texts, known):
        if any(normalize(name) in words.stopwords or words.aspects_in(name) for name in (term, *others)):
            continue
        owner = known.get(normalize(term)) or next(
            (known[normalize(name)] for name in others if normalize(name) in known), None)
        if owner is None:
            if words.concepts_in(term):  # 非线性激励: made of known concepts, which say more
                continue
            if everyday_frequency(term) >= _EVERYDAY:  # 参数（parameters）: a gloss, not a term
                continue
            fresh = [term, *others]
        else:
            fresh = [name for name in others if normalize(name) not in known]
            if normalize(term) not in known and len(term) >= 3:
                fresh.append(term)
        listed = concepts.setdefault(owner or term, [])
        listed.extend(name for name in fresh if name not in listed)
    return {name: spellings for name, spellings in concepts.items() if spellings}
