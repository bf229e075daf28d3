"""Measuring the merge against a labelled set: pairwise precision and recall.

A labelled set (YAML) names units by note and source line, optionally with their wording:

- `same`: groups of units that ask one question (every pair inside a group must be merged);
- `units`: every labelled unit. When present, only pairs of listed units count, and every pair of
  listed units outside `same` and `dont_care` must stay apart (the dev corpus's format);
- `dont_care`: pairs that may go either way: counted neither as a hit nor as a false merge;
- `related`: pairs that must stay apart (the older format, without `units`).

A labelled unit is *found* when the splitter produced a unit of that note starting on that line
(or, within a few lines, one whose title is the labelled wording); a labelled unit that no produced
unit matches is lost, a splitting error.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

import yaml

from notes_normalizer.merge import Cluster
from notes_normalizer.split.units import Unit
from notes_normalizer.split.wording import plain_text

Key = tuple[str, int]  # (note, source line of the question)
_LINE_SLACK = 3  # a labelled line may point at the answer's first line or a blank line before it
_ANY_WORDING_SLACK = 2  # a unit this close is the labelled one whatever its wording (`## 问题` over its sentence)


@dataclass
class Labels:
    same: list[list[Key]]
    related: list[tuple[Key, Key]] = field(default_factory=list)
    units: dict[Key, str] = field(default_factory=dict)  # labelled unit -> its wording ("" if not given)
    dont_care: list[tuple[Key, Key]] = field(default_factory=list)


def load_labels(path: Path) -> Labels:
    return labels_from(yaml.safe_load(path.read_text("utf-8")) or {})


def labels_from(raw: dict) -> Labels:
    """A labelled set from its parsed YAML (units, same, dont_care, related)."""
    def key(entry) -> Key:
        return str(entry[0]), int(entry[1])

    units = {key(e): str(e[2]) if len(e) > 2 else "" for e in raw.get("units") or []}
    same = [[key(e) for e in group] for group in raw.get("same") or []]
    if units:  # a unit named only in a group is labelled too
        for group in same:
            for k in group:
                units.setdefault(k, "")
    return Labels(same=same, related=[(key(a), key(b)) for a, b in raw.get("related") or []],
                  units=units, dont_care=[(key(a), key(b)) for a, b in raw.get("dont_care") or []])


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
    labelled_units: int = 0
    titles: dict[Key, str] = field(default_factory=dict)  # what each found labelled unit asks

    def summary(self) -> str:
        found = f"{self.labelled_units - len(self.unknown)}/{self.labelled_units}" if self.labelled_units else ""
        return (f"pairwise precision {self.precision:.3f} ({self.predicted_pairs - len(self.false_merges)}"
                f"/{self.predicted_pairs}), recall {self.recall:.3f} "
                f"({self.true_pairs - len(self.missed)}/{self.true_pairs}); related pairs merged: "
                f"{len(self.related_merged)}; labelled units not found: {len(self.unknown)}"
                + (f" (found {found})" if found else ""))


def _pair(a: Key, b: Key) -> tuple[Key, Key]:
    return (a, b) if a <= b else (b, a)


def _same_wording(title: str, wording: str) -> bool:
    a, b = (plain_text(t).replace(" ", "").lower() for t in (title, wording))
    short, long = sorted((a, b), key=len)
    return bool(short) and short in long and len(short) >= 0.6 * len(long)


def match_units(units: list[Unit], labels: Labels) -> dict[str, Key]:
    """Produced unit id -> the labelled unit it is. Exact (note, line) first; else the nearest unit
    of the note within a few lines whose title is the labelled wording."""
    by_place = {(unit.note, unit.line): unit for unit in units}
    by_note: dict[str, list[Unit]] = {}
    for unit in units:
        by_note.setdefault(unit.note, []).append(unit)
    labelled = set(labels.units) | {k for group in labels.same for k in group}
    claimed = {by_place[key].id for key in labelled if key in by_place}  # exact places go first
    matched: dict[str, Key] = {}
    for key in sorted(labelled):
        unit = by_place.get(key)
        if unit is None or unit.id in matched:
            wording = labels.units.get(key, "")
            near = [u for u in by_note.get(key[0], []) if abs(u.line - key[1]) <= _LINE_SLACK
                    and u.id not in matched and wording and _same_wording(u.title, wording)]
            unit = min(near, key=lambda u: abs(u.line - key[1]), default=None)
        if unit is None or unit.id in matched:
            near = [u for u in by_note.get(key[0], []) if abs(u.line - key[1]) <= _ANY_WORDING_SLACK
                    and u.id not in matched and u.id not in claimed]
            unit = min(near, key=lambda u: abs(u.line - key[1]), default=None)
        if unit is not None:
            matched[unit.id] = key
    return matched


def evaluate(clusters: list[Cluster], labels: Labels) -> Quality:
    units = [unit for cluster in clusters for unit in cluster.members]
    if labels.units:
        key_of = match_units(units, labels)
    else:
        key_of = {unit.id: (unit.note, unit.line) for unit in units}
    known = set(key_of.values())
    truth = {_pair(a, b) for group in labels.same for a, b in combinations(group, 2)}
    ignored = {_pair(a, b) for a, b in labels.dont_care}
    truth -= ignored
    predicted: dict[tuple[Key, Key], tuple[Unit, Unit]] = {}
    for cluster in clusters:
        members = [unit for unit in cluster.members if unit.id in key_of]
        for a, b in combinations(members, 2):
            pair = _pair(key_of[a.id], key_of[b.id])
            if pair not in ignored and pair[0] != pair[1]:
                predicted[pair] = (a, b)
    hits = truth & predicted.keys()
    labelled = set(labels.units) | {k for group in labels.same for k in group}
    return Quality(
        precision=len(hits) / len(predicted) if predicted else 1.0,
        recall=len(hits) / len(truth) if truth else 1.0,
        true_pairs=len(truth), predicted_pairs=len(predicted),
        false_merges=[predicted[p] for p in sorted(predicted.keys() - truth)],
        missed=sorted(truth - predicted.keys()),
        related_merged=[p for p in labels.related if _pair(*p) in predicted],
        unknown=sorted(labelled - known), labelled_units=len(labelled) if labels.units else 0,
        titles={key: unit.title for unit in units if (key := key_of.get(unit.id))})


# --- a whole build, collection by collection ----------------------------------------------------

@dataclass
class Figures:
    """One labelled set's (or one collection's) figures, as the issue tracker quotes them."""

    recall: float
    precision: float
    lost: str  # labelled units on no page, "n/N"
    fragments: str  # pages of labelled notes that hold no labelled unit, "n/N"
    structure_titles: int  # pages titled with a word that only structures an answer
    quality: Quality
    fragment_titles: list[str] = field(default_factory=list)
    structure_titled: list[str] = field(default_factory=list)


@dataclass
class Report:
    pages: list  # knowledge-base questions: .title, .members
    labels: Labels
    is_structure_word: object  # title -> bool

    def by_collection(self) -> dict[str, Figures]:
        """'*' for the whole set, then each top-level folder of the notes (a collection) on its own."""
        notes = {key[0] for key in self.labels.units} | {k[0] for g in self.labels.same for k in g}
        collections = sorted({note.split("/", 1)[0] for note in notes if "/" in note})
        result = {"*": self.figures(lambda note: True)}
        if len(collections) > 1:
            for name in collections:
                result[name] = self.figures(lambda note, name=name: note.split("/", 1)[0] == name)
        return result

    def figures(self, in_scope) -> Figures:
        labels = _restricted(self.labels, in_scope)
        clusters = [Cluster(page.members) for page in self.pages]
        quality = evaluate(clusters, labels)
        matched = {unit_id for unit_id, key in match_units([u for c in clusters for u in c.members], labels).items()
                   if in_scope(key[0])}
        labelled_notes = {key[0] for key in labels.units if in_scope(key[0])}
        own = [page for page in self.pages if any(u.note in labelled_notes for u in page.members)]
        fragments = [page for page in own if not any(u.id in matched for u in page.members)]
        lost = [key for key in quality.unknown if in_scope(key[0])]
        structure_titled = [page.title for page in own if self.is_structure_word(page.title)]
        return Figures(recall=quality.recall, precision=quality.precision,
                       lost=f"{len(lost)}/{sum(1 for key in labels.units if in_scope(key[0]))}",
                       fragments=f"{len(fragments)}/{len(own)}",
                       structure_titles=len(structure_titled), quality=quality,
                       fragment_titles=[page.title for page in fragments], structure_titled=structure_titled)


def _restricted(labels: Labels, in_scope) -> Labels:
    """The labels of the units in scope; a pair counts when either of its units is."""
    units = {key: wording for key, wording in labels.units.items() if in_scope(key[0])}
    same = [group for group in labels.same if any(in_scope(key[0]) for key in group)]
    for group in same:
        for key in group:
            units.setdefault(key, labels.units.get(key, ""))
    return Labels(same=same, units=units, related=labels.related, dont_care=labels.dont_care)


def score_build(notes_dir: Path, labels: Labels) -> Report:
    """Build the knowledge base of `notes_dir` as a site build does and score it against `labels`."""
    from notes_normalizer.build import build_site
    from notes_normalizer.language.vocabulary import vocabulary

    site = build_site(notes_dir)
    words = vocabulary()
    return Report(pages=site.kb.questions, labels=labels, is_structure_word=words.only_structures)
