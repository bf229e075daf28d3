"""The benchmark scripts keep working (their figures are for benchmarks/results.md, not for tests)."""

from __future__ import annotations

import subprocess
import sys

from tests.helpers import ROOT


def test_corpus_generator_writes_notes_the_splitter_reads(tmp_path):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from corpus import generate

    from notes_normalizer.build import build_site
    written = generate(tmp_path / "notes", 120)
    assert len(written) == 3
    site = build_site(tmp_path / "notes")
    units = sum(len(outline.units) for outline in site.kb.outlines)
    assert units == 120
    assert 0.6 * units < len(site.kb.pages) < units  # a share of questions are asked again


def test_harness_runs_and_writes_its_table(tmp_path):
    out = tmp_path / "results.md"
    result = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "run.py"), "--quick", "--repeat", "1",
                             "--sizes", "40,80", "--out", str(out)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    table = out.read_text("utf-8")
    assert "| five notes |" in table and "| 80 questions |" in table and "Growth from 40 to 80" in table


def test_event_timing_names_what_the_plugin_adds(project_copy, tmp_path):
    result = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "events.py"), str(project_copy / "mkdocs.yml"),
                             str(tmp_path / "site")], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    seconds = {line.split()[0]: float(line.split()[1]) for line in result.stdout.splitlines()}
    assert {"build", "on_files", "on_page_content", "_populate_page", "_build_page"} <= set(seconds)
    assert seconds["_populate_page"] + seconds["_build_page"] < seconds["build"]
    assert (tmp_path / "site" / "index.html").is_file()


def test_blind_labels_join_dev_b_groups_and_widen_dont_care_pairs():
    """A blind set's `cross` entries put its unit in the dev-b group of the unit they name (so it is the
    same as every member, not a pair that leaves the rest apart); `cross_dont_care` covers that group."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from by_collection import SOURCES, blind_labels

    from notes_normalizer.tools.evaluation import Labels
    sgd, other = ("nlper/调参 - 优化算法.md", 31), ("cvq/x.md", 5)
    dev_b = Labels(same=[[sgd, other]], units={sgd: "随机梯度下降", other: "SGD"}, dont_care=[])
    labels = blind_labels(next(s for s in SOURCES if s.name == "gyee-cv"), dev_b)
    group = next(g for g in labels.same if sgd in g)
    assert other in group and ("gyee-cv/10_理清深度学习优化函数发展脉络.md", 67) in group
    keys = [key for g in labels.same for key in g]
    assert len(keys) == len(set(keys))  # no unit in two groups
    assert (("gyee-cv/10_理清深度学习优化函数发展脉络.md", 140), ("nlper/调参 - 优化算法.md", 137)) in labels.dont_care
