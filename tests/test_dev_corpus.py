"""The merge on real notes nobody here wrote: ../shared/corpora/dev/ with its independent labels
(dev-labels.yml, made by reading the notes with SAME-QUESTION.md, never the tool's output).
Skipped where the shared folder is not beside the project."""

from __future__ import annotations

import shutil

import pytest

from notes_normalizer.evaluation import evaluate, load_labels
from notes_normalizer.merge import Cluster
from notes_normalizer.site import build_site

from .conftest import ROOT, measured

CORPORA = ROOT.parent / "shared" / "corpora"


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
