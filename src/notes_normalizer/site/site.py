"""The site model: every generated page and file, and the navigation over them.

Both the MkDocs plugin (in memory) and `notes-kb export` (on disk) are built from this, so the two
always publish the same site: the pages that need only the merged questions (topics, notes,
practice, graph, report: `written_pages`) and the link stage's (`links`).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from notes_normalizer.knowledge.knowledge_base import KnowledgeBase
from notes_normalizer.language.vocabulary import compound_terms
from notes_normalizer.model import FixedNote, Problem
from notes_normalizer.site import formulas, graph, kb_pages, note_page, report
from notes_normalizer.text.paths import relative_url

REPORT_PAGE = "report.md"
REPORT_TITLE = "整理报告"
HOME_MARKER = "<!-- notes-kb:notes -->"
_LOCAL_GRAPH_END = re.compile(r'(<div class="kb-nav kb-local-graph"[^>]*>.*?)(</div>)', re.S)


@dataclass
class LinkOptions:
    """Cross-links and the formula index (the plugin's config maps onto this)."""

    autolink: bool = True
    autolink_cap: int = 10  # auto-links per page at most
    related: int = 5  # related questions listed per page
    formula_index_title: str = "公式索引"
    formula_index_path: str = "formulas.md"


@dataclass(frozen=True)
class Page:
    path: str  # docs-relative Markdown path, e.g. "q/ti-du-xiao-shi.md"
    title: str
    content: str


@dataclass(frozen=True)
class Drawing:
    """A question page's local graph, kept out of its Markdown: MkDocs need not run it through
    Markdown and the sanitizer (which removes SVG), `finish_page` puts it in the built HTML, and
    a page written on its own (`content`) has it at `at`."""

    at: int  # where it goes in the page's Markdown
    svg: str


@dataclass
class Linked:
    """What the link stage writes: the question pages and the formula index (with the links,
    related questions and formulas that only all the answers together tell), and kb.json."""

    pages: list[Page]  # the question pages without their drawings, and the formula index
    files: dict[str, str]  # generated non-page files: kb.json
    formula_ids: dict[str, set[str]]  # page path -> its formula anchors
    drawings: dict[str, Drawing]  # question page path -> its local graph


@dataclass
class Site:
    written: list[Page]  # the pages that need only the merged questions: topics, notes, practice, graph, report
    linked: Linked  # the question pages, the formula index and kb.json
    assets: dict[str, Path]  # docs-relative destination -> source file
    notes: list[tuple[str, FixedNote]]  # (source view page path, note) in navigation order
    kb: KnowledgeBase
    problems: list[Problem] = field(default_factory=list)  # file-level problems
    formula_index: str = ""  # docs-relative path of the formula index page
    anchored: dict[str, set[str]] = field(default_factory=dict)  # page -> formula ids finish_page placed

    @property
    def pages(self) -> list[Page]:
        """Every generated page, as written on its own."""
        return self.written + [Page(page.path, page.title, self.content(page.path)) for page in self.linked.pages]

    @property
    def files(self) -> dict[str, str]:
        return self.linked.files

    @property
    def formula_ids(self) -> dict[str, set[str]]:
        return self.linked.formula_ids

    @property
    def local_graphs(self) -> dict[str, str]:
        return {path: drawing.svg for path, drawing in self.linked.drawings.items()}

    def finish_page(self, path: str, page_html: str) -> str:
        """The built HTML of a page after sanitizing: ids on its indexed formulas (the index links to
        them), and its local graph drawn back in (the sanitizer removes SVG from note content).
        Only the link stage's pages have either."""
        wanted = self.formula_ids.get(path)
        if wanted:
            page_html = formulas.anchor_formulas(page_html, wanted, self.anchored.setdefault(path, set()))
        drawing = self.linked.drawings.get(path)
        if drawing and drawing.svg not in page_html:
            page_html = _LOCAL_GRAPH_END.sub(lambda m: m[1] + drawing.svg + m[2], page_html, count=1)
        return page_html

    def unanchored_formulas(self) -> list[str]:
        """Formulas the index links to that their finished page does not show as formulas: the
        index and the pages read math differently somewhere. (Only pages finished in this build.)"""
        return [f"formula index: {path} does not show formula {key} as math; its index link is broken"
                for path, given in self.anchored.items()
                for key in sorted(self.formula_ids.get(path, set()) - given)]

    @property
    def all_problems(self) -> list[Problem]:
        return self.problems + [p for _, fixed in self.notes for p in fixed.problems] + self.kb.problems

    @property
    def repair_count(self) -> int:
        return sum(len(fixed.repairs) for _, fixed in self.notes)

    @cached_property
    def page_paths(self) -> frozenset[str]:
        """Every generated page's path."""
        return frozenset(page.path for page in [*self.written, *self.linked.pages])

    def content(self, path: str) -> str:
        """A generated page's or file's content as written on its own (a question page with its
        drawing)."""
        source = self.source(path)
        drawing = self.linked.drawings.get(path)
        return source[:drawing.at] + drawing.svg + source[drawing.at:] if drawing else source

    def source(self, path: str) -> str:
        """A page's Markdown as MkDocs gets it: a question page without its drawing, which
        `finish_page` puts into the built HTML (half of the page, that Markdown and the sanitizer
        would only spend time on)."""
        return self._sources[path]

    @cached_property
    def _sources(self) -> dict[str, str]:
        return {**{page.path: page.content for page in [*self.written, *self.linked.pages]}, **self.linked.files}

    def generated(self, path: str) -> bool:
        return path in self.page_paths  # asked once per page of the build: a set, not a scan

    def nav(self) -> list:
        """MkDocs `nav` entries for the generated pages: the topics, the notes, the report.
        Question pages are reached from their topic page: Material renders the whole nav into every
        page, so listing thousands of questions there would make each build quadratic."""
        formula_index = [{"公式索引": self.formula_index}] if self.formula_index else []
        return [{"主题": [{topic.name: topic.path} for topic in self.kb.topics]}, *formula_index,
                {kb_pages.PRACTICE_TITLE: kb_pages.PRACTICE_PAGE}, {graph.GRAPH_TITLE: graph.GRAPH_PAGE},
                {"笔记原文": [{fixed.title: path} for path, fixed in self.notes]},
                {REPORT_TITLE: REPORT_PAGE}]

    def fill_home(self, markdown: str, page_path: str = "index.md") -> str:
        """Replace the home page's marker with the topics and the notes used."""
        if HOME_MARKER not in markdown:  # every page passes through here: only the home page has work
            return markdown
        return markdown.replace(HOME_MARKER, kb_pages.home_topics(self.kb, self.notes, page_path))

    @cached_property
    def search_words(self) -> list[str]:
        """Words Material's search should keep whole when it segments Chinese with jieba: every
        Chinese spelling of the vocabulary, the topics and the short question titles."""
        words = self.kb.features.words if self.kb.features else None
        found = set(words.concepts) | {s for ss in words.concepts.values() for s in ss} if words else set()
        found |= {topic.name for topic in self.kb.topics}
        found |= {q.title for q in self.kb.pages if len(q.title) <= 8}
        if words:
            found |= compound_terms((unit.title for q in self.kb.questions for unit in q.members), words)
        return sorted(w for w in found if re.fullmatch(r"[\u4e00-\u9fff]{2,}", w))

    def search_dictionary(self) -> str:
        """words.json for the search box: the words to cut a Chinese query into, and the ones to drop."""
        words = self.kb.features.words if self.kb.features else None
        stop = words.query_stopwords if words else []
        return json.dumps({"words": self.search_words, "stop": stop}, ensure_ascii=False)

    def summary(self) -> str:
        units = sum(len(outline.units) for outline in self.kb.outlines)
        return (f"notes-kb: {len(self.notes)} notes, {self.repair_count} repairs, {units} questions "
                f"merged into {len(self.kb.pages)} pages ({len(self.kb.questions) - len(self.kb.pages)} "
                f"open), {len(self.all_problems)} problems (listed on {REPORT_PAGE}, and here with -v)")


def written_pages(kb: KnowledgeBase, notes: list[tuple[str, FixedNote]], problems: list[Problem],
                  use_directory_urls: bool) -> list[Page]:
    """The pages that need only the merged questions: topics, practice, graph, each note's source
    view, the report. `notes`: (source view page path, note), in navigation order."""
    by_note = {fixed.note.name: (path, fixed) for path, fixed in notes}
    pages = [Page(t.path, t.name, kb_pages.topic_page(t, by_note)) for t in kb.topics]
    pages.append(Page(kb_pages.PRACTICE_PAGE, kb_pages.PRACTICE_TITLE, kb_pages.practice_page(kb)))
    pages.append(Page(graph.GRAPH_PAGE, graph.GRAPH_TITLE, graph.graph_page(
        kb, graph.topic_classes(kb), lambda path: relative_url(graph.GRAPH_PAGE, path, "", use_directory_urls))))
    for (path, fixed), outline in zip(notes, kb.outlines, strict=True):
        lines = kb_pages.source_view(fixed, outline, kb, path, use_directory_urls)
        pages.append(Page(path, fixed.title, note_page.note_page(fixed, lines, search=kb_pages.SOURCE_VIEW_SEARCH)))
    pages.append(Page(REPORT_PAGE, REPORT_TITLE, report.report_page([f for _, f in notes], problems + kb.problems)))
    return pages
