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
