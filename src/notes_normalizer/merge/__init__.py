"""Merging: units that ask the same question become one canonical question (one page).

`signals` holds the named rules (by ../shared/corpora/SAME-QUESTION.md's definition) and `weights`
every number they use; `candidates` the near-linear blocking that picks which pairs are compared,
`clustering` the pages, `explain` why a unit stayed alone, `answers` the answer similarity the
signals consult; `merger` ties them together."""

from notes_normalizer.merge.clustering import Cluster, clusters_in_order
from notes_normalizer.merge.merger import THRESHOLD, Merger, merge_units
from notes_normalizer.merge.signals import Score
from notes_normalizer.merge.weights import WEIGHTS, Weights

__all__ = ["THRESHOLD", "WEIGHTS", "Cluster", "Merger", "Score", "Weights", "clusters_in_order", "merge_units"]
