"""Merge: find the question units that ask the same thing, across notes and within one, by the
reader's definition (../shared/corpora/SAME-QUESTION.md beside the project; README "Questions,
merged across notes").

1. Each unit has a *signature* of its wording (`analyse.signature`): the concepts it names
   (vocabulary synonyms and the aliases the notes define), the aspects it asks about (原因, 作用 …),
   its remaining words, its numbers, and the same per clause when it asks several things.
2. Candidates share a blocking key (`candidates`): near-linear, never all pairs.
3. A pair's score comes from the named signals of `signals`, combined as its docstring says; every
   number is in `weights.Weights`.
4. `clustering` puts each unit on the page whose canonical question it asks best, or a page of its
   own; `explain` finds, for a unit left alone, the candidate it came nearest to.

Every decision carries the signal that made it and a reason, printed by `notes-kb merges`."""

from __future__ import annotations

import dataclasses
from collections import defaultdict

from notes_normalizer.analyse.features import Features, build_features
from notes_normalizer.language.vocabulary import Vocabulary, vocabulary
from notes_normalizer.merge.candidates import PER_KEY, blocking_keys
from notes_normalizer.merge.clustering import Cluster, cluster_units
from notes_normalizer.merge.explain import Nearest
from notes_normalizer.merge.signals import Pair, Score, score_pair
from notes_normalizer.merge.weights import WEIGHTS, Weights
from notes_normalizer.split.units import Unit

THRESHOLD = WEIGHTS.threshold


class Merger:
    def __init__(self, units: list[Unit], words: Vocabulary | None = None, threshold: float | None = None,
                 analyses: dict | None = None, weights: Weights = WEIGHTS, features: Features | None = None):
        """`features`: what the analyse stage made of the units (their signatures, answers and the
        vocabulary with the notes' aliases); without them, they are made here from `words` and the
        `analyses` computed beforehand (unit id -> `analysis.Analysis`), without mining aliases.
        `threshold` overrides the weights' (benchmarks sweep it)."""
        self.units = units
        self.features = features or build_features(units, words or vocabulary(), analyses, mine_aliases=False)
        self.words = self.features.words
        self.signatures = self.features.signatures
        self.weights = weights if threshold is None else dataclasses.replace(weights, threshold=threshold)
        self.threshold = self.weights.threshold
        self._cache: dict[tuple[str, str], Score] = {}
        self.nearest = Nearest(self.candidate_pairs, self.score)

    def with_weights(self, weights: Weights) -> Merger:
        """The same units and features, merged with other weights (benchmarks sweep them)."""
        return Merger(self.units, weights=weights, features=self.features)

    def answer_similarity(self, a: str, b: str) -> float:
        """Cosine similarity of two units' answers (by unit id)."""
        return self.features.answer_similarity(a, b)

    def score(self, a: Unit, b: Unit) -> Score:
        key = (a.id, b.id) if a.id < b.id else (b.id, a.id)
        if key not in self._cache:
            self._cache[key] = self._score(a, b)
        return self._cache[key]

    def score_on_page(self, unit: Unit, page: Cluster) -> Score:
        """`unit` against a page: against its canonical question (the first member's wording), its
        answer read against the first answers the page holds (a page of thousands of look-alikes must
        not make every unit read thousands of answers)."""
        if len(page.members) == 1:
            return self.score(unit, page.canonical)
        return self._score(unit, page.canonical, page.members[:self.weights.answers_read])

    def _score(self, a: Unit, b: Unit, answered: list[Unit] | None = None) -> Score:
        def answers() -> float:  # only asked by the signals that need it (a third of a big merge)
            if a.note == b.note:  # one note's answers share its words: they say nothing about the questions
                return 0.0
            return max(self.answer_similarity(a.id, other.id) for other in answered or (b,))
        return score_pair(Pair(a, b, self.signatures[a.id], self.signatures[b.id], answers, self.weights))

    def candidate_pairs(self) -> list[tuple[Unit, Unit]]:
        """The pairs that can score as the same question: a unit and the earlier units filed under a
        key it looks under (see `blocking_keys`), at most `PER_KEY` of them per key, so a block of
        thousands of look-alike questions stays linear."""
        earlier: dict[str, list[int]] = defaultdict(list)
        pairs: set[tuple[int, int]] = set()
        for position, unit in enumerate(self.units):
            filed, looks = blocking_keys(self.signatures[unit.id])
            for key in looks:
                pairs.update((other, position) for other in earlier[key][-PER_KEY:])
            for key in filed:
                earlier[key].append(position)
        return [(self.units[i], self.units[j]) for i, j in sorted(pairs)]

    def clusters(self) -> list[Cluster]:
        return cluster_units(self.units, self.signatures, self.threshold, self.score, self.score_on_page)


def merge_units(units: list[Unit], words: Vocabulary | None = None) -> list[Cluster]:
    """Group units asking the same question; every unit is in exactly one cluster."""
    return Merger(units, words).clusters()
