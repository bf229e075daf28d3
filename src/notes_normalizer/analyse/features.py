"""The build's question features, made once by the analyse stage and read by merge and site: each
unit's signature, the answers' TF-IDF vectors, and the vocabulary with the aliases the notes define
("批归一化（Batch Normalization，BN）": one concept, whether the bundled vocabulary knows it or not)."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass

from notes_normalizer.analyse.aliases import OPENING, mined_concepts
from notes_normalizer.analyse.analysis import Analysis, in_context
from notes_normalizer.analyse.answers import Answers
from notes_normalizer.analyse.signature import Signature, answer_tokens, signature
from notes_normalizer.language.vocabulary import Vocabulary, alternation, normalize, with_concepts
from notes_normalizer.split.units import Unit


@dataclass(frozen=True)
class Features:
    words: Vocabulary  # with the aliases the notes define
    signatures: Mapping[str, Signature]  # by unit id
    answers: Answers  # the answers' TF-IDF vectors, made when first compared

    def answer_similarity(self, a: str, b: str) -> float:
        """Cosine similarity of two units' answers (by unit id)."""
        return self.answers.similarity(a, b)

    def answer_similarities(self, pairs: list[tuple[str, str]]) -> list[float]:
        """Cosine similarities of many pairs of units' answers (by unit id)."""
        return self.answers.similarities(pairs)


def build_features(units: list[Unit], words: Vocabulary, analyses: Mapping[str, Analysis] | None = None,
                   mine_aliases: bool = True) -> Features:
    """The features of `units`: their analyses (computed beforehand, by unit id; whatever is missing is
    computed here) with the wordings that name an alias the notes define read again with it."""
    analyses = dict(analyses or {})
    if mine_aliases:
        words, analyses = _with_mined_aliases(units, words, analyses)
    signatures = {u.id: analyses[u.id].signature if u.id in analyses else signature(u.title, words) for u in units}
    answers = Answers(lambda: {u.id: analyses[u.id].answer_tokens if u.id in analyses
                               else answer_tokens(u.answer, words) for u in units})
    return Features(words, signatures, answers)


def _with_mined_aliases(units: list[Unit], words: Vocabulary, analyses: dict[str, Analysis]
                        ) -> tuple[Vocabulary, dict[str, Analysis]]:
    """The vocabulary with the aliases the notes define (see `aliases`), and the analyses of the
    units whose wording names one of them read again with it."""
    texts = (text for unit in units for text in (unit.title, unit.topic_heading, unit.answer[:OPENING]))
    mined = mined_concepts(texts, words)
    if not mined:
        return words, analyses
    merge_words = with_concepts(words, mined)
    spelled = alternation({normalize(s) for spellings in mined.values() for s in spellings})
    for unit in units:
        if unit.id not in analyses:
            continue
        wording = in_context(unit, merge_words)
        if spelled.search(normalize(wording)):
            analyses[unit.id] = dataclasses.replace(analyses[unit.id], signature=signature(wording, merge_words))
    return merge_words, analyses
