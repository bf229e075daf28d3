"""Per-unit analysis: what merging, topics and slugs need of one question unit's text (jieba cuts,
concept scans, pinyin). It depends on nothing but the unit and the vocabulary, so it is computed
once per unit, beside the note's repair (on every core, see `preparation`), and cached with it."""

from __future__ import annotations

from dataclasses import dataclass

from .merge import Signature, answer_tokens, signature
from .questions import Unit, reads_as_question
from .slugs import slugify
from .vocabulary import Vocabulary

SLUG_WORDS = 10  # a question page's slug keeps the first ten words of its title
OPENING = 500  # characters of an answer that say what it is about (for its topic)


@dataclass(frozen=True)
class Analysis:
    signature: Signature  # of the wording, for merging
    answer_tokens: tuple[str, ...]  # of the answer, for comparing answers
    title_concepts: tuple[str, ...]  # concepts named in the title, the heading above, the answer's opening
    heading_concepts: tuple[str, ...]
    opening_concepts: tuple[str, ...]
    asks: bool  # the title reads as a question
    slug: str  # of the title


def analyse(unit: Unit, words: Vocabulary) -> Analysis:
    title = unit.title
    return Analysis(signature=signature(title, words), answer_tokens=tuple(answer_tokens(unit.answer, words)),
                    title_concepts=tuple(words.concepts_in(title)),
                    heading_concepts=tuple(words.concepts_in(unit.topic_heading)),
                    opening_concepts=tuple(words.concepts_in(unit.answer[:OPENING])),
                    asks=reads_as_question(title), slug=slugify(title, max_words=SLUG_WORDS))


def analyse_units(units: list[Unit], words: Vocabulary,
                  known: dict[str, Analysis] | None = None) -> dict[str, Analysis]:
    """Every unit's analysis by unit id, reusing those already `known`."""
    known = known or {}
    return {unit.id: known.get(unit.id) or analyse(unit, words) for unit in units}
