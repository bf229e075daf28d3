"""Fixtures the tiers share, and the figures every run prints at its end. Plain helpers live in
tests/helpers.py."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import NamedTuple

import pytest

from tests.helpers import MEASUREMENTS, NOTES, ROOT, mkdocs_build, site_sources, tree_digest


class Built(NamedTuple):
    project: Path
    site: Path
    log: str


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Built:
    """The project itself, built once with `mkdocs build --strict`, for tests that only read it."""
    site = tmp_path_factory.mktemp("site")
    before = tree_digest(NOTES)
    result = mkdocs_build(ROOT, site)
    assert tree_digest(NOTES) == before, "the build must never modify the notes"
    return Built(ROOT, site, result.stderr)


@pytest.fixture(scope="session")
def built_site(built) -> Path:
    return built.site


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """A copy of the project's site sources (config, docs, notes) in a temporary folder."""
    shutil.copytree(NOTES, site_sources(tmp_path / "project"))
    return tmp_path / "project"


def pytest_terminal_summary(terminalreporter):
    if MEASUREMENTS:
        terminalreporter.section("notes-kb measurements")
        for name, value in MEASUREMENTS.items():
            terminalreporter.write_line(f"{name}: {value}")
