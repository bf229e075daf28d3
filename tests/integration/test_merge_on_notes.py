"""The merge on whole notes: the five sample notes against the project's own labels, every unit on
exactly one page whatever the order, the `merges` command's explanations, the batched similarities."""

from __future__ import annotations

import random
import subprocess
import sys

from notes_normalizer.build import build_site
from notes_normalizer.merge import Merger, merge_units
from notes_normalizer.tools.evaluation import evaluate, load_labels
from tests.helpers import DATA, NOTES, ROOT, measured

LABELS = DATA / "labelled-merges.yml"


def test_merging_is_deterministic_whatever_the_order():
    site = build_site(NOTES)
    units = [u for outline in site.kb.outlines for u in outline.units]
    expected = sorted(sorted(c.ids) for c in merge_units(units))
    shuffled = units[:]
    random.Random(7).shuffle(shuffled)
    assert sorted(sorted(c.ids) for c in merge_units(shuffled)) == expected


def test_merge_quality_on_the_labelled_set():
    site = build_site(NOTES)
    from notes_normalizer.merge import Cluster
    quality = evaluate([Cluster(q.members) for q in site.kb.questions], load_labels(LABELS))
    measured("merge (labelled set)", quality.summary())
    assert quality.unknown == []
    assert quality.related_merged == []
    assert quality.precision >= 0.95
    assert quality.recall >= 0.9


def test_every_unit_is_in_exactly_one_cluster():
    site = build_site(NOTES)
    units = [u.id for outline in site.kb.outlines for u in outline.units]
    members = [u.id for q in site.kb.questions for u in q.members]
    assert sorted(members) == sorted(units)


def test_the_merges_command_explains_every_cluster():
    result = subprocess.run([sys.executable, "-m", "notes_normalizer.tools.cli", "merges", str(NOTES),
                             "--labels", str(LABELS)], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "joined 深度学习问答.md:96 + " in out and "same concepts {1x1卷积}" in out
    assert "nearest:" in out  # a question asked once says what it was closest to
    assert "pairwise precision" in out and "recall" in out


def test_threshold_sweep_script_runs():
    result = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "merge_threshold.py")],
                            capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "0.70" in result.stdout and "precision" in result.stdout


def test_batched_answer_similarities_equal_the_pairwise_ones(monkeypatch):
    """Big sites compare answers with one sparse product (scipy); it must give the same numbers."""
    from itertools import combinations

    import notes_normalizer.analyse.answers as answers_module
    from notes_normalizer.build import build_site

    units = [u for outline in build_site(NOTES).kb.outlines for u in outline.units]
    pairs = list(combinations(units, 2))
    one_by_one = Merger(units)
    expected = {(a.id, b.id): one_by_one.answer_similarity(a.id, b.id) for a, b in pairs}
    monkeypatch.setattr(answers_module, "_BATCH_FROM", 1)
    monkeypatch.setattr(answers_module, "_BATCH_SIZE", 997)  # several chunks
    batched = Merger(units).features.answer_similarities(list(expected))
    assert len(batched) == len(pairs)
    assert all(abs(found - value) < 1e-12 for found, value in zip(batched, expected.values(), strict=True))
    assert max(expected.values()) > 0.5
