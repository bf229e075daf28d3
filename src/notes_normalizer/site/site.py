"""The site model: every generated page and file, and the navigation over them.

Both the MkDocs plugin (in memory) and `notes-kb export` (on disk) are built from this, so the two
always publish the same site.

A build reads, prepares and merges the notes, writes the pages that need only the merged questions
(topics, notes, practice, graph, report), and then runs the link stage: question pages with their
auto-links, related questions, backlinks and local graphs, the formula index over them, kb.json.
The plugin lets a big site's link stage run on in a worker (`link_later`): MkDocs renders the other
pages meanwhile, and the link stage's pages wait for it only when MkDocs reads them.
"""

from __future__ import annotations

import gc
import json
import posixpath
import re
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property, partial
from pathlib import Path
from typing import TypeVar

from notes_normalizer.site import crosslinks, formulas, graph, note_page as render, kb_pages as render_kb, report
from notes_normalizer.runtime.cache import NoteCache, folder_fingerprint
from notes_normalizer.fix.images import ImageResolver
from notes_normalizer.knowledge.knowledge_base import KnowledgeBase, Question, build_knowledge_base
from notes_normalizer.model import FixedNote, Problem
from notes_normalizer.knowledge.overrides import Overrides
from notes_normalizer.runtime.parallel import cores, forked_calls, later
from notes_normalizer.text.paths import relpath
from notes_normalizer.model import Options
from notes_normalizer.read.reading import load_notes
from notes_normalizer.runtime.preparation import prepare_notes
from notes_normalizer.language.vocabulary import compound_terms, vocabulary

REPORT_PAGE = "report.md"
HOME_MARKER = "<!-- notes-kb:notes -->"
_LOCAL_GRAPH_END = re.compile(r'(<div class="kb-nav kb-local-graph"[^>]*>.*?)(</div>)', re.S)
# From this many question pages, their Markdown is written on every core (about 1.5 ms a page, so
# the workers' start and the results' trip back are paid several times over).
PARALLEL_FROM_PAGES = 300
T = TypeVar("T")


@dataclass
class LinkOptions:
    """Cross-links and the formula index (the plugin's config maps onto this)."""

    autolink: bool = True
    autolink_cap: int = 10  # auto-links per page at most
    related: int = 5  # related questions listed per page
    formula_index_title: str = "公式索引"
    formula_index_path: str = "formulas.md"


def page_url(path: str, use_directory_urls: bool = True) -> str:
    """The URL (relative to the site root) MkDocs gives a docs-relative .md path."""
    stem = path[:-3]
    if not use_directory_urls:
        return stem + ".html"
    if stem == "index" or stem.endswith("/index"):
        return stem[:-5]
    return stem + "/"


def relative_url(from_path: str, to_path: str, anchor: str = "", use_directory_urls: bool = True) -> str:
    """A link from one page to another (and an anchor on it), as the browser resolves it."""
    source, target = page_url(from_path, use_directory_urls), page_url(to_path, use_directory_urls)
    base = source if source.endswith("/") or not source else posixpath.dirname(source)
    link = relpath(target or ".", base or ".")
    if target.endswith("/") and not link.endswith("/"):
        link += "/"
    return link + (f"#{anchor}" if anchor else "")


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
    seconds: dict[str, float]  # what its phases took, wherever it ran


@dataclass
class Site:
    written: list[Page]  # the pages written at once: topics, notes, practice, graph, report
    linked: Callable[[], Linked]  # the link stage's result (it may still be running in a worker)
    pending_pages: list[str]  # paths of the pages the link stage writes, in order
    pending_files: list[str]  # and of its other files
    assets: dict[str, Path]  # docs-relative destination -> source file
    notes: list[tuple[str, FixedNote]]  # (source view page path, note) in navigation order
    kb: KnowledgeBase
    problems: list[Problem] = field(default_factory=list)  # file-level problems
    formula_index: str = ""  # docs-relative path of the formula index page
    anchored: dict[str, set[str]] = field(default_factory=dict)  # page -> formula ids finish_page placed

    @property
    def pages(self) -> list[Page]:
        """Every generated page, as written on its own (waits for the link stage)."""
        return self.written + [Page(page.path, page.title, self.content(page.path)) for page in self.linked().pages]

    @property
    def files(self) -> dict[str, str]:
        return self.linked().files

    @property
    def formula_ids(self) -> dict[str, set[str]]:
        return self.linked().formula_ids

    @property
    def local_graphs(self) -> dict[str, str]:
        return {path: drawing.svg for path, drawing in self.linked().drawings.items()}

    def finish_page(self, path: str, page_html: str) -> str:
        """The built HTML of a page after sanitizing: ids on its indexed formulas (the index links to
        them), and its local graph drawn back in (the sanitizer removes SVG from note content).
        Only the link stage's pages have either: the others do not wait for it."""
        if path not in self._pending_page_set:
            return page_html
        wanted = self.formula_ids.get(path)
        if wanted:
            page_html = formulas.anchor_formulas(page_html, wanted, self.anchored.setdefault(path, set()))
        drawing = self.linked().drawings.get(path)
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
        """Every generated page's path, known before the link stage ends."""
        return frozenset([*(page.path for page in self.written), *self.pending_pages])

    def content(self, path: str) -> str:
        """A generated page's or file's content as written on its own (a question page with its
        drawing); the link stage's waits for it."""
        source = self.source(path)
        drawing = self.linked().drawings.get(path) if path in self._pending_page_set else None
        return source[:drawing.at] + drawing.svg + source[drawing.at:] if drawing else source

    def source(self, path: str) -> str:
        """A page's Markdown as MkDocs gets it: a question page without its drawing, which
        `finish_page` puts into the built HTML (half of the page, that Markdown and the sanitizer
        would only spend time on)."""
        written = self._written_contents
        return written[path] if path in written else self._linked_contents[path]

    @cached_property
    def _pending_page_set(self) -> frozenset[str]:
        return frozenset(self.pending_pages)

    @cached_property
    def _written_contents(self) -> dict[str, str]:
        return {page.path: page.content for page in self.written}

    @cached_property
    def _linked_contents(self) -> dict[str, str]:
        return {**{page.path: page.content for page in self.linked().pages}, **self.linked().files}

    def generated(self, path: str) -> bool:
        return path in self.page_paths  # asked once per page of the build: a set, not a scan

    def nav(self) -> list:
        """MkDocs `nav` entries for the generated pages: the topics, the notes, the report.
        Question pages are reached from their topic page: Material renders the whole nav into every
        page, so listing thousands of questions there would make each build quadratic."""
        formula_index = [{"公式索引": self.formula_index}] if self.formula_index else []
        return [{"主题": [{topic.name: topic.path} for topic in self.kb.topics]}, *formula_index,
                {render_kb.PRACTICE_TITLE: render_kb.PRACTICE_PAGE}, {graph.GRAPH_TITLE: graph.GRAPH_PAGE},
                {"笔记原文": [{fixed.title: path} for path, fixed in self.notes]},
                {"整理报告": REPORT_PAGE}]

    def fill_home(self, markdown: str, page_path: str = "index.md") -> str:
        """Replace the home page's marker with the topics and the notes used."""
        if HOME_MARKER not in markdown:  # every page passes through here: only the home page has work
            return markdown
        return markdown.replace(HOME_MARKER, render_kb.home_topics(self.kb, self.notes, page_path))

    @cached_property
    def search_words(self) -> list[str]:
        """Words Material's search should keep whole when it segments Chinese with jieba: every
        Chinese spelling of the vocabulary, the topics and the short question titles."""
        words = self.kb.merger.words if self.kb.merger else None
        found = set(words.concepts) | {s for ss in words.concepts.values() for s in ss} if words else set()
        found |= {topic.name for topic in self.kb.topics}
        found |= {q.title for q in self.kb.pages if len(q.title) <= 8}
        if words:
            found |= compound_terms((unit.title for q in self.kb.questions for unit in q.members), words)
        return sorted(w for w in found if re.fullmatch(r"[\u4e00-\u9fff]{2,}", w))

    def search_dictionary(self) -> str:
        """words.json for the search box: the words to cut a Chinese query into, and the ones to drop."""
        words = self.kb.merger.words if self.kb.merger else None
        stop = words.query_stopwords if words else []
        return json.dumps({"words": self.search_words, "stop": stop}, ensure_ascii=False)

    def summary(self) -> str:
        units = sum(len(outline.units) for outline in self.kb.outlines)
        return (f"notes-kb: {len(self.notes)} notes, {self.repair_count} repairs, {units} questions "
                f"merged into {len(self.kb.pages)} pages ({len(self.kb.questions) - len(self.kb.pages)} "
                f"open), {len(self.all_problems)} problems (listed on {REPORT_PAGE}, and here with -v)")


class _Clock:
    """Seconds per phase into a dict, when one is given."""

    def __init__(self, timings: dict[str, float] | None):
        self.timings, self.last = timings, time.perf_counter()

    def mark(self, phase: str) -> None:
        now = time.perf_counter()
        if self.timings is not None:
            self.timings[phase] = self.timings.get(phase, 0.0) + now - self.last
        self.last = now


def build_site(notes_dir: Path, options: Options | None = None, use_directory_urls: bool = True,
               overrides: Overrides | None = None, link_options: LinkOptions | None = None,
               cache: NoteCache | None = None, timings: dict[str, float] | None = None,
               link_later: bool = False) -> Site:
    """Everything the site publishes. `cache` (kept by the plugin across `mkdocs serve` rebuilds)
    lets unchanged notes skip repairing and splitting; `timings` gets the seconds each phase took.
    `link_later`: for a caller with other work meanwhile (MkDocs renders the other pages first), a
    big site's link stage runs on in a worker after this returns; its pages wait for it."""
    with _cycle_collection_paused():
        site = _build_site(notes_dir, options, use_directory_urls, overrides, link_options, cache, timings,
                           link_later)
    if timings is not None:
        for phase, seconds in site.linked().seconds.items():
            timings[phase] = timings.get(phase, 0.0) + seconds
    return site


@contextmanager
def _cycle_collection_paused():
    """A build makes millions of objects that live until it ends, and CPython's cycle collector
    would walk them again and again: a fifth of a big build (`benchmarks/`). Reference counting
    still frees what dies; cycles made meanwhile are collected once the collector runs again."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _build_site(notes_dir: Path, options: Options | None, use_directory_urls: bool, overrides: Overrides | None,
                link_options: LinkOptions | None, cache: NoteCache | None, timings: dict[str, float] | None,
                link_later: bool) -> Site:
    clock = _Clock(timings)
    options = options or Options()
    overrides = overrides or Overrides()
    link_options = link_options or LinkOptions()
    notes, problems = load_notes(notes_dir, options)
    clock.mark("read")
    resolver = ImageResolver([notes_dir, *options.image_dirs], options.asset_dir)
    words = vocabulary(overrides.vocabulary)
    context = (folder_fingerprint([notes_dir, *options.image_dirs]), options.asset_dir) if cache else ()
    jobs, prepared = prepare_notes(notes, use_directory_urls, resolver, words, cache, context, timings)
    entries = [(job.path, done.fixed) for job, done in zip(jobs, prepared, strict=True)]
    clock.mark("prepare")
    analyses = {unit_id: found for done in prepared for unit_id, found in done.analyses.items()}
    kb = build_knowledge_base([done.outline for done in prepared], words, overrides, analyses)
    clock.mark("merge")
    by_note = {fixed.note.name: (path, fixed) for path, fixed in entries}
    link = partial(_link, kb, by_note, overrides, link_options, use_directory_urls)
    linked = later(link) if link_later and len(kb.pages) >= PARALLEL_FROM_PAGES else None

    pages = [Page(t.path, t.name, render_kb.topic_page(t, by_note)) for t in kb.topics]
    pages.append(Page(render_kb.PRACTICE_PAGE, render_kb.PRACTICE_TITLE, render_kb.practice_page(kb)))
    pages.append(Page(graph.GRAPH_PAGE, graph.GRAPH_TITLE, graph.graph_page(
        kb, graph.topic_classes(kb), lambda path: relative_url(graph.GRAPH_PAGE, path, "", use_directory_urls))))
    for (path, fixed), outline in zip(entries, kb.outlines, strict=True):
        lines = render_kb.source_view(fixed, outline, kb, path)
        content = render.note_page(fixed, lines, search=render_kb.SOURCE_VIEW_SEARCH)
        pages.append(Page(path, fixed.title, content))
    pages.append(Page(REPORT_PAGE, "整理报告",
                      report.report_page([f for _, f in entries], problems + kb.problems)))
    clock.mark("render")
    if linked is None:
        done = link()
        linked = lambda: done  # noqa: E731
    return Site(written=pages, linked=linked,
                pending_pages=[*(q.path for q in kb.pages), link_options.formula_index_path],
                pending_files=[render_kb.KB_JSON], assets=dict(resolver.assets), notes=entries, kb=kb,
                problems=problems, formula_index=link_options.formula_index_path)


def _link(kb: KnowledgeBase, by_note: dict, overrides: Overrides, link_options: LinkOptions,
          use_directory_urls: bool) -> Linked:
    """The link stage: question pages (auto-links, related questions, backlinks, local graphs),
    the formula index over them, and kb.json."""
    seconds: dict[str, float] = {}
    clock = _Clock(seconds)
    question_pages, links, drawings, related = _question_pages(kb, by_note, overrides, link_options,
                                                              use_directory_urls)
    pages = [Page(q.path, q.title, question_pages[q.path]) for q in kb.pages]
    clock.mark("link")

    index = formulas.build_index([(q.path, q.title, q.topic, question_pages[q.path]) for q in kb.pages])
    index_path = link_options.formula_index_path

    def formula_url(page: str, anchor: str) -> str:
        return relative_url(index_path, page, anchor, use_directory_urls)

    def root_url(page: str, anchor: str) -> str:
        return page_url(page, use_directory_urls) + f"#{anchor}"

    pages.append(Page(index_path, link_options.formula_index_title, formulas.index_page(
        index, index_path, link_options.formula_index_title, [t.name for t in kb.topics], formula_url)))
    formula_ids: dict[str, set[str]] = {}
    for formula in index:
        for occurrence in formula.occurrences:
            formula_ids.setdefault(occurrence.page, set()).add(formula.id)
    clock.mark("index")

    data = render_kb.kb_json(kb, use_directory_urls)
    for entry, question in zip(data["questions"], kb.pages, strict=True):
        entry["related"] = [r.question.slug for r in related.get(question.slug, [])]
        entry["links"] = sorted(links.get(question.slug, ()))
    data["formula_index"] = page_url(index_path, use_directory_urls)
    data["formulas"] = formulas.kb_entries(index, root_url)
    files = {render_kb.KB_JSON: json.dumps(data, ensure_ascii=False, separators=(",", ":"))}
    clock.mark("render")
    return Linked(pages, files, formula_ids, drawings, seconds)


def _question_pages(kb: KnowledgeBase, by_note: dict, overrides: Overrides, link_options: LinkOptions,
                    use_directory_urls: bool = True) -> tuple[dict[str, str], dict[str, set[str]], dict[str, Drawing],
                                                              dict[str, list[crosslinks.Related]]]:
    """Every question page's Markdown: answers with auto-links, then related questions, backlinks
    and the local graph (without its drawing). Also returns the links between question pages
    (slug -> slugs), each page's drawing (by path) and its related questions (slug -> list)."""
    topic_pages = {topic.name: topic.path for topic in kb.topics}
    glossary = crosslinks.build_glossary(kb, overrides.glossary, topic_pages)
    pages = kb.pages  # a property that filters the questions: once, not per page
    by_slug = {q.slug: q for q in pages}

    finder = crosslinks.RelatedFinder(kb, link_options.related)

    def answers(question: Question) -> str:
        text = render_kb.question_page(question, kb, by_note)
        if link_options.autolink:
            text = "\n".join(crosslinks.autolink(text, question.path, glossary, link_options.autolink_cap))
        return text

    def written(batch: list[Question]) -> tuple[list[str], dict[str, list[tuple[str, float, str]]]]:
        """A batch of pages' answers, and their related lists by slug (slugs, not the questions:
        what a worker can send back)."""
        listed = {slug: [(r.question.slug, r.score, r.reason) for r in found]
                  for slug, found in finder.related(batch).items()}
        return [answers(question) for question in batch], listed

    if link_options.autolink and len(pages) >= PARALLEL_FROM_PAGES:
        # Auto-links cut words with jieba: its dictionary is loaded here, once, rather than by every
        # worker (after a warm start nothing has loaded it yet; MkDocs' search needs it next anyway).
        glossary.words.tokenizer  # noqa: B018
    markdown, related = {}, {}
    batches = _batches(pages)
    for batch, (texts, listed) in zip(batches, _on_every_core([partial(written, b) for b in batches], len(pages)),
                                      strict=True):
        markdown.update(zip((q.path for q in batch), texts, strict=True))
        related.update({slug: [crosslinks.Related(by_slug[other], score, reason) for other, score, reason in found]
                        for slug, found in listed.items()})
    by_path = {q.path: q for q in pages}
    backlinks: dict[str, list[str]] = {}
    links: dict[str, set[str]] = {}
    for path, text in markdown.items():
        for target in sorted(crosslinks.linked_pages(text, path)):
            if target in by_path and target != path:
                backlinks.setdefault(target, []).append(path)
                links.setdefault(by_path[path].slug, set()).add(by_path[target].slug)
    titles = {path: q.title for path, q in by_path.items()}
    around = graph.neighbours(kb, links, {slug: [r.question.slug for r in found] for slug, found in related.items()})
    colours = graph.topic_classes(kb)

    def ending(question: Question) -> tuple[str, str, str]:
        """What follows the page's answers (related, backlinks, graph): its local graph's
        drawing, and the text that goes before and after the drawing."""
        svg = graph.local_graph(
            question, [by_slug[slug] for slug in around[question.slug]], colours,
            lambda other: relative_url(question.path, other.path, "", use_directory_urls))
        graph_page = relative_url(question.path, graph.GRAPH_PAGE, "", use_directory_urls)
        before, after = graph.local_graph_block(svg, graph_page)
        return svg, (render_kb.related_block(question, related.get(question.slug, []))
                     + render_kb.backlinks_block(question, backlinks.get(question.path, []), titles)
                     + before), after

    def endings(batch: list[Question]) -> list[tuple[str, str, str]]:
        return [ending(question) for question in batch]

    drawings = {}
    ended = [found for done in _on_every_core([partial(endings, b) for b in batches], len(pages)) for found in done]
    for question, (svg, before, after) in zip(pages, ended, strict=True):
        head = markdown[question.path].rstrip("\n") + "\n\n" + before
        markdown[question.path] = head + after
        if svg:
            drawings[question.path] = Drawing(len(head), svg)
    return markdown, links, drawings, related


def _batches(pages: list[Question]) -> list[list[Question]]:
    """The pages in batches for workers (several for each, so that none waits long for the other),
    or one batch when they are written here."""
    if len(pages) < PARALLEL_FROM_PAGES:
        return [pages]
    size = -(-len(pages) // (8 * cores()))
    return [pages[start:start + size] for start in range(0, len(pages), size)]


def _on_every_core(calls: list[Callable[[], T]], pages: int) -> list[T]:
    """[call() for call in calls]: in forked workers for a big site, where the work pays for them."""
    done = forked_calls(calls) if pages >= PARALLEL_FROM_PAGES else None
    return done if done is not None else [call() for call in calls]
