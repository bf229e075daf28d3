"""Merging: units that ask the same question become one canonical question (one page).

`merger` holds the rules (by ../shared/corpora/SAME-QUESTION.md's definition) and the clustering,
`candidates` the near-linear blocking that picks which pairs are compared, `answers` the answer
similarity the rules consult."""

from notes_normalizer.merge.merger import THRESHOLD, Cluster, Merger, Score, clusters_in_order, merge_units

__all__ = ["THRESHOLD", "Cluster", "Merger", "Score", "clusters_in_order", "merge_units"]
