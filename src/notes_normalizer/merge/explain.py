"""Explanations: for a unit that stayed on a page of its own, the candidate it came nearest to and
why it did not merge (printed by `notes-kb merges`, listed on 整理报告)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from notes_normalizer.merge.signals import Score
from notes_normalizer.split.units import Unit


class Nearest:
    """The candidate pairs by unit, read once, and the best-scoring candidate of each unit."""

    def __init__(self, pairs: Callable[[], list[tuple[Unit, Unit]]], score: Callable[[Unit, Unit], Score]):
        self._pairs, self._score = pairs, score
        self._by_unit: dict[str, list[tuple[Unit, Unit]]] | None = None

    def __call__(self, unit: Unit) -> tuple[Unit, Score] | None:
        """The candidate that scored highest with `unit`, merged or not."""
        if self._by_unit is None:
            self._by_unit = defaultdict(list)
            for a, b in self._pairs():
                self._by_unit[a.id].append((a, b))
                self._by_unit[b.id].append((a, b))
        best = None
        for a, b in self._by_unit.get(unit.id, []):
            score = self._score(a, b)
            other = b if a is unit else a
            if best is None or score.value > best[1].value:
                best = (other, score)
        return best
