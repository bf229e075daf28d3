from __future__ import annotations

import hashlib
import shutil
import textwrap
from pathlib import Path

import pytest

from notes_normalizer.fix import Context
from notes_normalizer.fix.images import ImageResolver
from notes_normalizer.model import Line, Note

ROOT = Path(__file__).resolve().parent.parent
NOTES = ROOT / "notes"


def make_note(text: str, name: str = "note.md", folder: Path | None = None,
              dialects: frozenset[str] = frozenset()) -> Note:
    folder = folder or Path("/nonexistent-notes")
    lines = [Line(t, n) for n, t in enumerate(textwrap.dedent(text).strip("\n").split("\n"), start=1)]
    return Note(name=name, path=folder / name, lines=lines, dialects=dialects)


def run_fix(fix, text: str, folder: Path | None = None, dialects=frozenset(), page_path="note.md",
            page_url="", name="note.md"):
    """Apply one fix to a small note; returns (text, ctx)."""
    note = make_note(text, name=name, folder=folder, dialects=dialects)
    resolver = ImageResolver([folder] if folder else [], "images")
    ctx = Context(note=note, page_path=page_path, page_url=page_url, images=resolver)
    lines = fix(note.lines, ctx)
    return "\n".join(line.text for line in lines), ctx


def tree_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(folder).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The project's site, built once with `mkdocs build --strict`, for tests that only read it."""
    from .test_site_build import mkdocs_build
    target = tmp_path_factory.mktemp("built-site")
    mkdocs_build(ROOT, target)
    return target


def site_sources(project: Path, notes_dir: str = "notes") -> Path:
    """The project's config and docs copied into `project`, its plugin reading `notes_dir` there;
    returns that notes folder, for the caller to fill."""
    project.mkdir(parents=True, exist_ok=True)
    shutil.copytree(ROOT / "docs", project / "docs")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(config.replace("notes_dir: notes", f"notes_dir: {notes_dir}"), encoding="utf-8")
    return project / notes_dir


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """A copy of the project's site sources (config, docs, notes) in a temporary folder."""
    shutil.copytree(NOTES, site_sources(tmp_path / "project"))
    return tmp_path / "project"


# Figures the suite measures (search hit@3, render problems …), printed at the end of every run so
# CI logs carry them even when every test passes.
MEASUREMENTS: dict[str, str] = {}


def measured(name: str, value: str) -> None:
    MEASUREMENTS[name] = value
    print(f"\n{name}: {value}")


def pytest_terminal_summary(terminalreporter):
    if MEASUREMENTS:
        terminalreporter.section("notes-kb measurements")
        for name, value in MEASUREMENTS.items():
            terminalreporter.write_line(f"{name}: {value}")
