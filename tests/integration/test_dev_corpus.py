"""Real notes nobody here wrote, ../shared/corpora/dev/: the merge against their independent labels
(dev-labels.yml, made by reading the notes with SAME-QUESTION.md, never the tool's output), and the
site built from them as a reader sees it (the audit, every clause). Skipped where the shared folder
is not beside the project."""

from __future__ import annotations

import shutil

import pytest

from notes_normalizer.build import build_site
from notes_normalizer.merge import Cluster
from notes_normalizer.tools.audit import audit_site, format_result
from notes_normalizer.tools.evaluation import evaluate, load_labels, score_build
from tests.helpers import CORPORA, measured, missing_clauses, mkdocs_build, site_sources


@pytest.fixture(scope="module")
def quality(tmp_path_factory):
    if not (CORPORA / "dev-labels.yml").is_file():
        pytest.skip(f"no labelled dev corpus at {CORPORA}")
    notes = tmp_path_factory.mktemp("dev") / "notes"
    shutil.copytree(CORPORA / "dev", notes)  # the shared folder is read-only: build from a copy
    site = build_site(notes)
    result = evaluate([Cluster(q.members) for q in site.kb.questions], load_labels(CORPORA / "dev-labels.yml"))
    measured("merge (dev corpus, independent labels)", result.summary())
    return result


def test_every_labelled_question_is_found_on_a_page(quality):
    assert quality.unknown == []


def test_pairwise_precision_and_recall_on_independent_labels(quality):
    assert quality.precision >= 0.95, quality.false_merges
    assert quality.recall >= 0.90, quality.missed


@pytest.fixture(scope="module")
def dev_site(tmp_path_factory):
    if not (CORPORA / "dev").is_dir():
        pytest.skip(f"no dev corpus at {CORPORA}")
    project = tmp_path_factory.mktemp("dev-project")
    shutil.copytree(CORPORA / "dev", site_sources(project))
    mkdocs_build(project, project / "site", strict=False)
    return project / "notes", project / "site"


def test_dev_site_passes_the_audit_with_lost_images_counted(dev_site):
    notes, site = dev_site
    result = audit_site(site, notes)
    measured("audit (dev corpus)", f"{result.pages} pages, {result.formulas} formulas, "
             f"{len(result.findings)} findings")
    assert result.skipped == [], result.skipped
    assert result.ok, format_result(result)


def test_dev_site_keeps_every_clause(dev_site):
    assert missing_clauses(*dev_site) == {}


@pytest.fixture(scope="module")
def dev_b(tmp_path_factory):
    """dev-b: topic notes and long question files of two other collections, with independent labels."""
    if not (CORPORA / "dev-b-labels.yml").is_file():
        pytest.skip(f"no labelled dev-b corpus at {CORPORA}")
    notes = tmp_path_factory.mktemp("dev-b") / "notes"
    shutil.copytree(CORPORA / "dev-b", notes)
    report = score_build(notes, load_labels(CORPORA / "dev-b-labels.yml"))
    figures = report.by_collection()
    for name, each in figures.items():
        measured(f"dev-b {name}", f"recall {each.recall:.3f}, precision {each.precision:.3f}, lost {each.lost}, "
                                  f"fragments {each.fragments}, structure-word titles {each.structure_titles}")
    return figures


def test_dev_b_pages_are_never_titled_with_a_structure_word(dev_b):
    assert [title for each in dev_b.values() for title in each.structure_titled] == []


def test_dev_b_keeps_what_the_shapes_rules_reached(dev_b):
    # Floors, not targets (recall >= 0.90, lost <= 2 %, fragments <= 5 % are the goal): measured on
    # 2026-12-07 at recall 0.532, 25/267 lost, 19/213 fragments; a change that falls below them regressed.
    whole = dev_b["*"]
    assert whole.recall >= 0.50 and whole.precision >= 0.84, (whole.quality.missed, whole.quality.false_merges)
    assert int(whole.lost.split("/")[0]) <= 27, whole.quality.unknown
    assert int(whole.fragments.split("/")[0]) <= 21, whole.fragment_titles
