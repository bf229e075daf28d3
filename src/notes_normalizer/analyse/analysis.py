"""Per-unit analysis: what merging, topics and slugs need of one question unit's text (jieba cuts,
concept scans, pinyin). It depends on nothing but the unit and the vocabulary, so it is computed
once per unit, beside the note's repair (on every core, see `preparation`), and cached with it.

It comes in two steps so that the first can run before jieba's dictionary is loaded: a `Sketch`
(concept scans, pinyin) and then the jieba cuts that complete it."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from notes_normalizer.analyse.signature import (
    Signature,
    answer_concepts,
    answer_words,
    signature_before_cut,
    with_content_words,
)
from notes_normalizer.language.vocabulary import Vocabulary
from notes_normalizer.split.units import Unit
from notes_normalizer.split.wording import reads_as_question
from notes_normalizer.text.slugs import Slugs

SLUG_WORDS = 10  # a question page's slug keeps the first ten words of its title
OPENING = 500  # characters of an answer that say what it is about (for its topic)
CONTEXT_CHARS = 8  # a title this short that names no concept is read with the heading above it


@dataclass(frozen=True)
class Analysis:
    signature: Signature  # of the wording, for merging
    answer_tokens: tuple[str, ...]  # of the answer, for comparing answers
    title_concepts: tuple[str, ...]  # concepts named in the title, the heading above, the answer's opening
    heading_concepts: tuple[str, ...]
    opening_concepts: tuple[str, ...]
    asks: bool  # the title reads as a question
    slug: str  # of the title


@dataclass(frozen=True)
class Sketch:
    """An analysis but for what needs jieba: the signature's content words and the answer's words."""

    unworded: Analysis
    title_rest: str  # what jieba cuts into them
    answer_rest: str


def in_context(unit: Unit, words: Vocabulary) -> str:
    """What a unit asks, for merging: a short title that names no concept (`动机`, `基本原理` under
    `## Batch Normalization`) asks about the concept of the heading above it."""
    title = unit.title
    if (unit.topic_heading and len(title) <= CONTEXT_CHARS and not words.concepts_in(title)
            and words.concepts_in(unit.topic_heading)):
        return f"{unit.topic_heading}的{title}"
    return title


def sketch(unit: Unit, words: Vocabulary, slugs: Slugs) -> Sketch:
    title = unit.title
    unworded, title_rest = signature_before_cut(in_context(unit, words), words)
    concept_tokens, answer_rest = answer_concepts(unit.answer, words)
    return Sketch(Analysis(signature=unworded, answer_tokens=tuple(concept_tokens),
                           title_concepts=tuple(words.concepts_in(title)),
                           heading_concepts=tuple(words.concepts_in(unit.topic_heading)),
                           opening_concepts=tuple(words.concepts_in(unit.answer[:OPENING])),
                           asks=reads_as_question(title), slug=slugs(title, SLUG_WORDS)),
                  title_rest, answer_rest)


def completed(sketched: Sketch, words: Vocabulary) -> Analysis:
    unworded = sketched.unworded
    return dataclasses.replace(
        unworded, signature=with_content_words(unworded.signature, sketched.title_rest, words),
        answer_tokens=unworded.answer_tokens + tuple(answer_words(sketched.answer_rest, words)))


def analyse(unit: Unit, words: Vocabulary, slugs: Slugs) -> Analysis:
    return completed(sketch(unit, words, slugs), words)


def analyse_units(units: list[Unit], words: Vocabulary, slugs: Slugs,
                  known: dict[str, Analysis] | None = None) -> dict[str, Analysis]:
    """Every unit's analysis by unit id, reusing those already `known`."""
    known = known or {}
    return {unit.id: known.get(unit.id) or analyse(unit, words, slugs) for unit in units}
