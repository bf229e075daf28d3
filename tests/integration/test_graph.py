"""The knowledge graph's build-time half: neighbours, the local graph on each question page (drawn
as SVG, put back after the sanitizer), the graph and practice pages, kb.json's links and topics."""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup

from notes_normalizer.build import build_site
from notes_normalizer.fix.html import clean_html
from notes_normalizer.knowledge.knowledge_base import KnowledgeBase, Question, Topic
from notes_normalizer.site.graph import LOCAL_NEIGHBOURS, local_graph, neighbours, topic_classes
from tests.helpers import NOTES


def _question(slug: str, title: str, topic: str = "甲") -> Question:
    return Question(slug=slug, title=title, topic=topic, members=[])


class _Pages(KnowledgeBase):
    """A knowledge base whose questions all have pages (no units needed for the graph)."""

    @property
    def pages(self) -> list[Question]:
        return self.questions


def _kb(questions: list[Question], topics: list[str]) -> KnowledgeBase:
    return _Pages(outlines=[], questions=questions,
                  topics=[Topic(name, f"t{i}", [q for q in questions if q.topic == name]) for i, name in
                          enumerate(topics)])


def test_neighbours_are_undirected_and_strongest_first():
    a, b, c, d = (_question(s, t) for s, t in [("a", "甲题"), ("b", "乙题"), ("c", "丙题"), ("d", "丁题")])
    kb = _kb([a, b, c, d], ["甲"])
    found = neighbours(kb, links={"a": {"b"}, "b": {"a"}, "c": {"a"}}, related={"a": ["d", "zz-unknown"]})
    assert found["a"] == ["b", "c", "d"], "both-way link, then one-way, then related only"
    assert found["d"] == ["a"] and found["b"] == ["a"], "edges go both ways"
    assert "zz-unknown" not in found


def test_local_graph_is_a_small_svg_of_links_with_escaped_titles():
    centre = _question("x", "中心<script>alert(1)</script>", "甲")
    around = [_question(f"n{i}", f"邻居{i}\"'&", "乙" if i % 2 else "甲") for i in range(20)]
    kb = _kb([centre, *around], ["甲", "乙"])
    svg = local_graph(centre, around, topic_classes(kb), lambda q: f"../{q.slug}/")
    soup = BeautifulSoup(svg, "html.parser")
    nodes = soup.select("a.kb-graph-node")
    assert len(nodes) == LOCAL_NEIGHBOURS, "at most a dozen around the centre"
    assert [n["xlink:href"] for n in nodes] == [f"../n{i}/" for i in range(LOCAL_NEIGHBOURS)]
    assert not soup.find("script") and "<script>" not in svg
    assert {c["class"][0] for c in soup.select("a circle")} == {"kb-topic-0", "kb-topic-1"}
    assert local_graph(centre, [], topic_classes(kb), str) == "", "no neighbours, no drawing"


def test_sanitizer_removes_the_drawing_and_the_site_puts_it_back():
    site = build_site(NOTES)
    page = next(p for p in site.pages if p.path in site.local_graphs and site.local_graphs[p.path])
    svg = site.local_graphs[page.path]
    assert svg in page.content, "the export's Markdown carries the drawing itself"
    built = clean_html(f'<p>答案</p>\n<div class="kb-nav kb-local-graph" data-search-exclude><p>关系图</p>{svg}</div>')
    assert "<svg" not in built, "notes cannot bring SVG in"
    finished = site.finish_page(page.path, built)
    assert finished.count(svg) == 1 and finished.index("关系图") < finished.index("<svg")
    assert site.finish_page(page.path, finished) == finished, "finishing twice changes nothing"


def test_mkdocs_gets_the_page_without_the_drawing_and_the_built_page_has_it_once(built_site):
    site = build_site(NOTES)
    graphs = {path: svg for path, svg in site.local_graphs.items() if svg}
    assert graphs
    for path, svg in graphs.items():
        source = site.source(path)
        assert "<svg" not in source and source == site.content(path).replace(svg, "", 1)
        html = (built_site / path[:-3] / "index.html").read_text(encoding="utf-8")
        assert html.count('<svg class="kb-graph-local"') == 1


def test_site_has_graph_and_practice_pages_and_kb_json_has_links(tmp_path: Path):
    import json
    site = build_site(NOTES)
    paths = {p.path: p for p in site.pages}
    assert "graph.md" in paths and "practice.md" in paths
    nav = json.dumps(site.nav(), ensure_ascii=False)
    assert "知识图谱" in nav and "练习模式" in nav
    data = json.loads(site.files["kb.json"])
    ids = {q["id"] for q in data["questions"]}
    assert all(set(q["links"]) <= ids and q["id"] not in q["links"] for q in data["questions"])
    assert sum(len(q["links"]) for q in data["questions"]) > len(ids) / 2
    assert [t["name"] for t in data["topics"]] == [t.name for t in site.kb.topics]
    legend = BeautifulSoup(paths["graph.md"].content, "html.parser").select(".kb-graph-legend li")
    assert len(legend) == sum(1 for t in site.kb.topics if t.questions)
    assert re.search(r"共 \d+ 题", paths["practice.md"].content)
