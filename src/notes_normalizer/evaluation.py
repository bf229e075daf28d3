"""Measuring the merge against a labelled set: pairwise precision and recall.

A labelled set (YAML) names units by note and source line: `same` lists groups of units that ask
one question, `related` lists pairs that must stay apart. See tests/data/labelled-merges.yml.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

import yaml

from .merge import Cluster
from .questions import Unit

Key = tuple[str, int]  # (note, source line of the question)


@dataclass
class Labels:
    same: list[list[Key]]
    related: list[tuple[Key, Key]]


def load_labels(path: Path) -> Labels:
    raw = yaml.safe_load(path.read_text("utf-8")) or {}

    def key(entry) -> Key:
        return str(entry[0]), int(entry[1])

    return Labels(same=[[key(e) for e in group] for group in raw.get("same") or []],
                  related=[(key(a), key(b)) for a, b in raw.get("related") or []])


@dataclass
class Quality:
    precision: float
    recall: float
    true_pairs: int
    predicted_pairs: int
    false_merges: list[tuple[Unit, Unit]] = field(default_factory=list)
    missed: list[tuple[Key, Key]] = field(default_factory=list)
    related_merged: list[tuple[Key, Key]] = field(default_factory=list)
    unknown: list[Key] = field(default_factory=list)  # labelled units the splitter did not produce

    def summary(self) -> str:
        return (f"pairwise precision {self.precision:.3f} ({self.predicted_pairs - len(self.false_merges)}"
                f"/{self.predicted_pairs}), recall {self.recall:.3f} "
                f"({self.true_pairs - len(self.missed)}/{self.true_pairs}); related pairs merged: "
                f"{len(self.related_merged)}; labelled units not found: {len(self.unknown)}")


def _pair(a: Key, b: Key) -> tuple[Key, Key]:
    return (a, b) if a <= b else (b, a)


def evaluate(clusters: list[Cluster], labels: Labels) -> Quality:
    key_of = {unit.id: (unit.note, unit.line) for cluster in clusters for unit in cluster.members}
    known = set(key_of.values())
    truth = {_pair(a, b) for group in labels.same for a, b in combinations(group, 2)}
    predicted: dict[tuple[Key, Key], tuple[Unit, Unit]] = {}
    for cluster in clusters:
        for a, b in combinations(cluster.members, 2):
            predicted[_pair(key_of[a.id], key_of[b.id])] = (a, b)
    hits = truth & predicted.keys()
    return Quality(
        precision=len(hits) / len(predicted) if predicted else 1.0,
        recall=len(hits) / len(truth) if truth else 1.0,
        true_pairs=len(truth), predicted_pairs=len(predicted),
        false_merges=[predicted[p] for p in sorted(predicted.keys() - truth)],
        missed=sorted(truth - predicted.keys()),
        related_merged=[p for p in labels.related if _pair(*p) in predicted],
        unknown=sorted({k for group in labels.same for k in group} - known))
