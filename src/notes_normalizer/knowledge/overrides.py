"""kb.yml: the user's last word over the merge. Optional; the algorithm does the work without it.

    merge:      # groups of questions that are one question
      - ["深度学习问答.md:43", "面试题-深度学习.md:Resnet"]
    split:      # questions that must not share a page
      - ["深度学习问题总结.md:267", "面试题-深度学习.md:20"]
    rename:     # title of the page holding that question
      "深度学习问答.md:43": 梯度消失与梯度爆炸
    topic:      # move the page holding that question to a topic
      "深度学习问答.md:43": 优化与训练
    vocabulary: # additions to the bundled vocabulary, same layout as data/vocabulary.yml
      concepts: {注意力机制: [attention]}
    glossary:   # extra auto-link terms: term -> a question page's title, or a topic name
      残差块: ResNet 起作用的原因。

A question is named `note:line` (the source line of the question) or `note:words` (words of its
wording). Entries that match nothing, or more than one question, are reported with their line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from notes_normalizer.language.vocabulary import normalize
from notes_normalizer.merge import Cluster, clusters_in_order
from notes_normalizer.model import Problem
from notes_normalizer.split.units import Unit

FILE_NAME = "kb.yml"
SECTIONS = ("merge", "split", "rename", "topic", "vocabulary", "glossary")


class OverridesError(ValueError):
    pass


@dataclass
class Overrides:
    merge: list[list[str]] = field(default_factory=list)
    split: list[list[str]] = field(default_factory=list)
    rename: dict[str, str] = field(default_factory=dict)
    topic: dict[str, str] = field(default_factory=dict)
    vocabulary: dict = field(default_factory=dict)
    glossary: dict[str, str] = field(default_factory=dict)  # term -> question title or topic name
    source: str = FILE_NAME
    text: str = ""
    _resolved: dict[str, list[Unit]] = field(default_factory=dict)

    # --- resolving references ---------------------------------------------------------------

    def _line_of(self, reference: str) -> int:
        for number, line in enumerate(self.text.splitlines(), 1):
            if reference in line:
                return number
        return 0

    def _resolve(self, reference: str, units: list[Unit], problems: list[Problem]) -> Unit | None:
        note, _, what = str(reference).rpartition(":")
        if what.strip().isdigit():
            matches = [u for u in units if u.note == note and u.line == int(what)]
        else:
            wanted = normalize(what)
            matches = [u for u in units if u.note == note and wanted and wanted in normalize(u.title)]
        if len(matches) != 1:
            why = "matches no question" if not matches else f"matches {len(matches)} questions"
            problems.append(Problem(self.source, self._line_of(reference), "kb.yml",
                                    f"'{reference}' {why}; name a question as note:line or note:words"))
            return None
        return matches[0]

    # --- applying ---------------------------------------------------------------------------

    def apply(self, clusters: list[Cluster], units: list[Unit], problems: list[Problem]) -> list[Cluster]:
        for reference in {*self.rename, *self.topic}:
            unit = self._resolve(reference, units, problems)
            if unit:
                self._resolved[reference] = [unit]
        cluster_of = {unit.id: cluster for cluster in clusters for unit in cluster.members}
        for group in self.split:
            found = [u for u in (self._resolve(r, units, problems) for r in group) if u]
            for unit in found[1:]:
                home = cluster_of[unit.id]
                if any(cluster_of[other.id] is home for other in found if other is not unit):
                    home.members.remove(unit)
                    cluster_of[unit.id] = Cluster([unit])
        for group in self.merge:
            found = [u for u in (self._resolve(r, units, problems) for r in group) if u]
            for unit in found[1:]:
                target, source = cluster_of[found[0].id], cluster_of[unit.id]
                if source is not target:
                    target.members.extend(source.members)
                    for moved in source.members:
                        cluster_of[moved.id] = target
        return clusters_in_order(units, cluster_of)

    def _value_for(self, table: dict[str, str], members: list[Unit]) -> str | None:
        ids = {u.id for u in members}
        for reference, value in table.items():
            if any(u.id in ids for u in self._resolved.get(reference, [])):
                return str(value)
        return None

    def title_for(self, members: list[Unit]) -> str | None:
        return self._value_for(self.rename, members)

    def topic_for(self, members: list[Unit]) -> str | None:
        return self._value_for(self.topic, members)

    def entries_for(self, members: list[Unit]) -> list[str]:
        ids = {u.id for u in members}
        return [reference for reference, found in self._resolved.items() if any(u.id in ids for u in found)]


def load_overrides(path: Path) -> Overrides:
    """Read kb.yml; a missing file is no overrides, a malformed one an OverridesError."""
    if not path.is_file():
        return Overrides(source=path.name)
    text = path.read_text("utf-8")
    try:
        raw = yaml.safe_load(text) or {}
    except yaml.YAMLError as error:
        raise OverridesError(f"{path.name}: not valid YAML: {error}") from error
    if not isinstance(raw, dict):
        raise OverridesError(f"{path.name}: expected a mapping with keys {', '.join(SECTIONS)}")
    unknown = set(raw) - set(SECTIONS)
    if unknown:
        raise OverridesError(f"{path.name}: unknown key(s) {sorted(unknown)}; expected {', '.join(SECTIONS)}")

    def groups(key: str) -> list[list[str]]:
        value = raw.get(key) or []
        if not isinstance(value, list) or not all(isinstance(g, list) for g in value):
            raise OverridesError(f"{path.name}:{_line(text, key)}: '{key}' must be a list of lists")
        return [[str(item) for item in group] for group in value]

    def table(key: str) -> dict[str, str]:
        value = raw.get(key) or {}
        if not isinstance(value, dict):
            raise OverridesError(f"{path.name}:{_line(text, key)}: '{key}' must map questions to text")
        return {str(k): str(v) for k, v in value.items()}

    vocabulary = raw.get("vocabulary") or {}
    if not isinstance(vocabulary, dict):
        raise OverridesError(f"{path.name}:{_line(text, 'vocabulary')}: 'vocabulary' must be a mapping")
    return Overrides(merge=groups("merge"), split=groups("split"), rename=table("rename"),
                     topic=table("topic"), vocabulary=vocabulary, glossary=table("glossary"),
                     source=path.name, text=text)


def _line(text: str, key: str) -> int:
    match = re.search(rf"^{re.escape(key)}\s*:", text, re.MULTILINE)
    return text[:match.start()].count("\n") + 1 if match else 0
