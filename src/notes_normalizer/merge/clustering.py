"""Clustering: each unit, in an order that does not depend on the input's, joins the page whose
canonical question (its first unit) it asks best, or starts a page. A unit is only ever compared with
a page's canonical question, so no page grows by a chain of look-alikes; candidates come from the
blocking keys (`candidates`), at most `PER_KEY` pages per key: near-linear."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from notes_normalizer.analyse.signature import Signature
from notes_normalizer.merge.candidates import PER_KEY, blocking_keys
from notes_normalizer.merge.signals import Score
from notes_normalizer.split.units import Unit


@dataclass
class Cluster:
    members: list[Unit]  # in note order once merged
    scores: dict[tuple[str, str], Score] = field(default_factory=dict)  # accepted pairs, by unit id
    first: Unit | None = None  # the unit that started the page, when the merge made it

    @property
    def canonical(self) -> Unit:
        """The question the page asks: the one every other member was judged against."""
        return self.first or self.members[0]

    @property
    def ids(self) -> list[str]:
        return [unit.id for unit in self.members]


def cluster_units(units: list[Unit], signatures: dict[str, Signature], threshold: float,
                  score: Callable[[Unit, Unit], Score], score_on_page: Callable[[Unit, Cluster], Score]
                  ) -> list[Cluster]:
    """Each unit, in the order of `precedence`, joins the page whose canonical question it asks best
    (`score_on_page` at least `threshold`), or starts a page."""
    pages: dict[str, list[Cluster]] = defaultdict(list)
    cluster_of: dict[str, Cluster] = {}
    of_note_on: dict[tuple[int, str], list[Unit]] = defaultdict(list)  # (page, note): the note's units on it
    restated = restatements(units)
    for unit in sorted(units, key=lambda u: precedence(u, signatures[u.id])):
        filed, looks = blocking_keys(signatures[unit.id])
        if restated.get(unit.id) in cluster_of:  # the note says the two ask one question
            cluster = cluster_of[restated[unit.id]]
            cluster.members.append(unit)
            cluster.scores[(cluster.canonical.id, unit.id)] = Score(1.0, "its note restates it", "restated")
            cluster_of[unit.id] = cluster
            continue
        best: tuple[Score, Cluster] | None = None
        seen: set[int] = set()
        for key in looks:
            for cluster in pages[key][-PER_KEY:]:
                if id(cluster) in seen:
                    continue
                seen.add(id(cluster))
                found = score_on_page(unit, cluster)
                if found.value >= threshold and (best is None or found.value > best[0].value) and \
                        not another_question_of_its_note(unit, of_note_on[id(cluster), unit.note], signatures,
                                                         score, threshold):
                    best = (found, cluster)
        if best is None:
            cluster = Cluster([unit], first=unit)
            for key in filed:
                pages[key].append(cluster)
        else:
            found, cluster = best
            cluster.members.append(unit)
            cluster.scores[(cluster.canonical.id, unit.id)] = found
            of_note_on[id(cluster), unit.note].append(unit)
        cluster_of[unit.id] = cluster
    return clusters_in_order(units, cluster_of)


def precedence(unit: Unit, sig: Signature) -> tuple:
    """Who becomes a page's canonical question first, whatever order the units came in: a question
    that asks something over a bare title, answered over open, then note order."""
    return (sig.bare, not unit.answered, unit.note, unit.index)


def restatements(units: list[Unit]) -> dict[str, str]:
    """Each unit its note restates (`## CNN` right over `什么是 CNN？`) and the restating unit, both ways."""
    pairs = {}
    for unit in units:
        if unit.restates is not None:
            other = f"{unit.note}#{unit.restates}"
            pairs[unit.id], pairs[other] = other, unit.id
    return pairs


def another_question_of_its_note(unit: Unit, joined: list[Unit], signatures: dict[str, Signature],
                                 score: Callable[[Unit, Unit], Score], threshold: float) -> bool:
    """The page holds a question of the unit's own note (`joined`) about other concepts, which the unit
    does not ask again: a page's canonical question must not bring two of a note's questions together
    (under `梯度消失和梯度爆炸`, a note's `## 梯度消失` and `## 梯度爆炸`; under `Pooling层的作用`, a note's
    `池化层` and `卷积，池化的意义`)."""
    concepts = set(signatures[unit.id].concepts)
    return any(set(signatures[other.id].concepts) != concepts and score(unit, other).value < threshold
               for other in joined)


def clusters_in_order(units: list[Unit], cluster_of: dict[str, Cluster]) -> list[Cluster]:
    """Each distinct cluster once, in the order of its first unit, members in note order."""
    order = {unit.id: n for n, unit in enumerate(units)}
    result, seen = [], set()
    for unit in units:
        cluster = cluster_of[unit.id]
        if id(cluster) not in seen:
            seen.add(id(cluster))
            cluster.members.sort(key=lambda u: order[u.id])
            result.append(cluster)
    return result
