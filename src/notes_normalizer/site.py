"""The site model: every generated page and asset, and the navigation over them.

Both the MkDocs plugin (in memory) and `notes-kb export` (on disk) are built from this, so the two
always publish the same site.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from pathlib import Path

from . import render
from .fixes.images import ImageResolver
from .model import FixedNote, Problem
from .pipeline import Options, fix_note, load_notes
from .slugs import unique_slugs

NOTES_FOLDER = "notes"
REPORT_PAGE = "report.md"
HOME_MARKER = "<!-- notes-kb:notes -->"


@dataclass(frozen=True)
class Page:
    path: str  # docs-relative Markdown path, e.g. "notes/shen-du-xue-xi.md"
    title: str
    content: str


@dataclass
class Site:
    pages: list[Page]
    assets: dict[str, Path]  # docs-relative destination -> source file
    notes: list[tuple[str, FixedNote]]  # (page path, note) in navigation order
    problems: list[Problem] = field(default_factory=list)  # file-level problems

    @property
    def all_problems(self) -> list[Problem]:
        return self.problems + [p for _, fixed in self.notes for p in fixed.problems]

    @property
    def repair_count(self) -> int:
        return sum(len(fixed.repairs) for _, fixed in self.notes)

    def generated(self, path: str) -> bool:
        return any(page.path == path for page in self.pages)

    def nav(self) -> list:
        """MkDocs `nav` entries for the generated pages."""
        return [{"笔记": [{fixed.title: path} for path, fixed in self.notes]},
                {"整理报告": REPORT_PAGE}]

    def fill_home(self, markdown: str, page_path: str = "index.md") -> str:
        """Replace the home page's marker with the list of notes."""
        return markdown.replace(HOME_MARKER, render.notes_list(self.notes, page_path))

    def summary(self) -> str:
        return (f"notes-kb: {len(self.notes)} notes, {self.repair_count} repairs, "
                f"{len(self.all_problems)} problems (see {REPORT_PAGE})")


def build_site(notes_dir: Path, options: Options | None = None, use_directory_urls: bool = True) -> Site:
    options = options or Options()
    notes, problems = load_notes(notes_dir, options)
    resolver = ImageResolver([notes_dir, *options.image_dirs], options.asset_dir)
    slugs = unique_slugs([note.stem for note in notes])
    note_pages = {note.name: f"{NOTES_FOLDER}/{slug}.md" for note, slug in zip(notes, slugs, strict=True)}
    entries = []
    for note, slug in zip(notes, slugs, strict=True):
        path = note_pages[note.name]
        url = posixpath.join(NOTES_FOLDER, slug) if use_directory_urls else NOTES_FOLDER
        entries.append((path, fix_note(note, resolver, path, url, note_pages)))
    pages = [Page(path, fixed.title, render.note_page(fixed)) for path, fixed in entries]
    pages.append(Page(REPORT_PAGE, "整理报告", render.report_page([f for _, f in entries], problems)))
    return Site(pages=pages, assets=dict(resolver.assets), notes=entries, problems=problems)
