"""The site model: every generated page and file, and the navigation over them.

Both the MkDocs plugin (in memory) and `notes-kb export` (on disk) are built from this, so the two
always publish the same site.
"""

from __future__ import annotations

import json
import posixpath
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import render, render_kb
from .fixes.images import ImageResolver
from .knowledge import KnowledgeBase, build_knowledge_base
from .model import FixedNote, Problem
from .overrides import Overrides
from .pipeline import Options, fix_note, load_notes
from .slugs import unique_slugs
from .vocabulary import DATA, load_vocabulary

NOTES_FOLDER = "notes"
REPORT_PAGE = "report.md"
HOME_MARKER = "<!-- notes-kb:notes -->"


@dataclass(frozen=True)
class Page:
    path: str  # docs-relative Markdown path, e.g. "q/ti-du-xiao-shi.md"
    title: str
    content: str


@dataclass
class Site:
    pages: list[Page]
    assets: dict[str, Path]  # docs-relative destination -> source file
    notes: list[tuple[str, FixedNote]]  # (source view page path, note) in navigation order
    kb: KnowledgeBase
    files: dict[str, str] = field(default_factory=dict)  # generated non-page files: kb.json
    problems: list[Problem] = field(default_factory=list)  # file-level problems

    @property
    def all_problems(self) -> list[Problem]:
        return self.problems + [p for _, fixed in self.notes for p in fixed.problems] + self.kb.problems

    @property
    def repair_count(self) -> int:
        return sum(len(fixed.repairs) for _, fixed in self.notes)

    def generated(self, path: str) -> bool:
        return any(page.path == path for page in self.pages)

    def nav(self) -> list:
        """MkDocs `nav` entries for the generated pages: the topics, the notes, the report.
        Question pages are reached from their topic page: Material renders the whole nav into every
        page, so listing thousands of questions there would make each build quadratic."""
        return [{"主题": [{topic.name: topic.path} for topic in self.kb.topics]},
                {"笔记原文": [{fixed.title: path} for path, fixed in self.notes]},
                {"整理报告": REPORT_PAGE}]

    def fill_home(self, markdown: str, page_path: str = "index.md") -> str:
        """Replace the home page's marker with the topics and the notes used."""
        return markdown.replace(HOME_MARKER, render_kb.home_topics(self.kb, self.notes, page_path))

    def summary(self) -> str:
        units = sum(len(outline.units) for outline in self.kb.outlines)
        return (f"notes-kb: {len(self.notes)} notes, {self.repair_count} repairs, {units} questions "
                f"merged into {len(self.kb.pages)} pages ({len(self.kb.questions) - len(self.kb.pages)} "
                f"open), {len(self.all_problems)} problems (see {REPORT_PAGE})")


def build_site(notes_dir: Path, options: Options | None = None, use_directory_urls: bool = True,
               overrides: Overrides | None = None) -> Site:
    options = options or Options()
    overrides = overrides or Overrides()
    notes, problems = load_notes(notes_dir, options)
    resolver = ImageResolver([notes_dir, *options.image_dirs], options.asset_dir)
    slugs = unique_slugs([note.stem for note in notes])
    note_pages = {note.name: f"{NOTES_FOLDER}/{slug}.md" for note, slug in zip(notes, slugs, strict=True)}
    entries = []
    for note, slug in zip(notes, slugs, strict=True):
        path = note_pages[note.name]
        url = posixpath.join(NOTES_FOLDER, slug) if use_directory_urls else NOTES_FOLDER
        entries.append((path, fix_note(note, resolver, path, url, note_pages)))

    words = load_vocabulary(yaml.safe_load((DATA / "vocabulary.yml").read_text("utf-8")), overrides.vocabulary)
    kb = build_knowledge_base([fixed for _, fixed in entries], words, overrides)
    by_note = {fixed.note.name: (path, fixed) for path, fixed in entries}
    pages = [Page(q.path, q.title, render_kb.question_page(q, kb, by_note)) for q in kb.pages]
    pages += [Page(t.path, t.name, render_kb.topic_page(t, by_note)) for t in kb.topics]
    for (path, fixed), outline in zip(entries, kb.outlines, strict=True):
        lines = render_kb.source_view(fixed, outline, kb, path)
        pages.append(Page(path, fixed.title, render.note_page(fixed, lines)))
    pages.append(Page(REPORT_PAGE, "整理报告",
                      render.report_page([f for _, f in entries], problems + kb.problems)))
    files = {render_kb.KB_JSON: json.dumps(render_kb.kb_json(kb, use_directory_urls), ensure_ascii=False,
                                           indent=1)}
    return Site(pages=pages, assets=dict(resolver.assets), notes=entries, kb=kb, files=files,
                problems=problems)
