"""The link stage: what only all the answers together tell. Question pages with their auto-links,
related questions, backlinks and local graphs; the formula index over them; kb.json."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TypeVar

from notes_normalizer.knowledge.knowledge_base import KnowledgeBase, Question
from notes_normalizer.knowledge.overrides import Overrides
from notes_normalizer.site import crosslinks, formulas, graph, kb_pages
from notes_normalizer.site.site import Drawing, Linked, LinkOptions, Page
from notes_normalizer.text.paths import page_url, relative_url

R = TypeVar("R")
# `each_batch(work, pages)`: work(pages) for a list of pages, however the caller spreads the work
# (the per-page results in the pages' order). The build's spreads it over every core.
EachBatch = Callable[[Callable[[list[Question]], list[R]], list[Question]], list[R]]


def in_one_batch(work: Callable[[list[Question]], list[R]], pages: list[Question]) -> list[R]:
    return work(pages)


def link_pages(kb: KnowledgeBase, by_note: dict, overrides: Overrides, link_options: LinkOptions,
               use_directory_urls: bool, each_batch: EachBatch = in_one_batch) -> Linked:
    """The link stage: question pages (auto-links, related questions, backlinks, local graphs),
    the formula index over them, and kb.json. `each_batch` runs the per-page work (the build
    passes one that uses every core on a big site)."""
    question_pages, links, drawings, related = _question_pages(kb, by_note, overrides, link_options,
                                                              use_directory_urls, each_batch)
    pages = [Page(q.path, q.title, question_pages[q.path]) for q in kb.pages]

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

    data = kb_pages.kb_json(kb, use_directory_urls)
    for entry, question in zip(data["questions"], kb.pages, strict=True):
        entry["related"] = [r.question.slug for r in related.get(question.slug, [])]
        entry["links"] = sorted(links.get(question.slug, ()))
    data["formula_index"] = page_url(index_path, use_directory_urls)
    data["formulas"] = formulas.kb_entries(index, root_url)
    files = {kb_pages.KB_JSON: json.dumps(data, ensure_ascii=False, separators=(",", ":"))}
    return Linked(pages, files, formula_ids, drawings)


def _question_pages(kb: KnowledgeBase, by_note: dict, overrides: Overrides, link_options: LinkOptions,
                    use_directory_urls: bool, each_batch: EachBatch
                    ) -> tuple[dict[str, str], dict[str, set[str]], dict[str, Drawing],
                               dict[str, list[crosslinks.Related]]]:
    """Every question page's Markdown: answers with auto-links, then related questions, backlinks
    and the local graph (without its drawing). Also returns the links between question pages
    (slug -> slugs), each page's drawing (by path) and its related questions (slug -> list)."""
    # Two passes that share the pages' lookups: the answers (auto-links, related questions), then
    # what needs every page's links (backlinks, local graphs).
    topic_pages = {topic.name: topic.path for topic in kb.topics}
    glossary = crosslinks.build_glossary(kb, overrides.glossary, topic_pages)
    pages = kb.pages  # a property that filters the questions: once, not per page
    by_slug = {q.slug: q for q in pages}

    finder = crosslinks.RelatedFinder(kb, link_options.related)

    def answers(question: Question) -> str:
        text = kb_pages.question_page(question, kb, by_note)
        if link_options.autolink:
            text = "\n".join(crosslinks.autolink(text, question.path, glossary, link_options.autolink_cap))
        return text

    def written(batch: list[Question]) -> list[tuple[str, list[tuple[str, float, str]]]]:
        """Each page's answers and its related questions (as slugs, which a worker can send back)."""
        found = finder.related(batch)
        return [(answers(question), [(r.question.slug, r.score, r.reason) for r in found.get(question.slug, [])])
                for question in batch]

    markdown, related = {}, {}
    for question, (text, listed) in zip(pages, each_batch(written, pages), strict=True):
        markdown[question.path] = text
        if listed:
            related[question.slug] = [crosslinks.Related(by_slug[other], score, reason)
                                      for other, score, reason in listed]
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
        return svg, (kb_pages.related_block(question, related.get(question.slug, []))
                     + kb_pages.backlinks_block(question, backlinks.get(question.path, []), titles)
                     + before), after

    def endings(batch: list[Question]) -> list[tuple[str, str, str]]:
        return [ending(question) for question in batch]

    drawings = {}
    ended = each_batch(endings, pages)
    for question, (svg, before, after) in zip(pages, ended, strict=True):
        head = markdown[question.path].rstrip("\n") + "\n\n" + before
        markdown[question.path] = head + after
        if svg:
            drawings[question.path] = Drawing(len(head), svg)
    return markdown, links, drawings, related
