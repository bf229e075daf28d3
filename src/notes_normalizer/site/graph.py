"""The knowledge graph: questions are nodes, cross-links are edges. Every question page gets a small
local graph (the page and its neighbours) drawn at build time as SVG, so it needs no script; the
site-wide graph page is drawn in the browser (graph.js) from kb.json.

Colours come from the topic's position (`kb-topic-N` classes in notes-kb.css), the same on the
local graphs, the graph page and its legend."""

from __future__ import annotations

import html
import math
from collections.abc import Callable

from notes_normalizer.knowledge.knowledge_base import KnowledgeBase, Question

PALETTE_SIZE = 10  # notes-kb.css defines .kb-topic-0 … .kb-topic-9
LOCAL_NEIGHBOURS = 12  # more would not fit around the centre legibly
LABEL_CHARS = 9
GRAPH_PAGE = "graph.md"
GRAPH_TITLE = "知识图谱"

# The local graph sits in this placeholder. The plugin's sanitizer removes SVG from note content,
# so the plugin puts the (trusted, generated) drawing back after cleaning; a stock build of the
# export renders it straight from the Markdown.
LOCAL_GRAPH_OPEN = '<div class="kb-nav kb-local-graph" data-search-exclude>'


def neighbours(kb: KnowledgeBase, links: dict[str, set[str]], related: dict[str, list[str]]) -> dict[str, list[str]]:
    """slug -> linked slugs, undirected: a link either way or a related-question entry is an edge.
    Ordered strongest first (linked both ways, then one way, then only related), then by title."""
    weight: dict[str, dict[str, int]] = {q.slug: {} for q in kb.pages}
    titles = {q.slug: q.title for q in kb.pages}

    def add(a: str, b: str, amount: int) -> None:
        if a != b and a in weight and b in weight:
            weight[a][b] = weight[a].get(b, 0) + amount
            weight[b][a] = weight[b].get(a, 0) + amount

    for source, targets in links.items():
        for target in targets:
            add(source, target, 2)
    for source, targets in related.items():
        for target in targets:
            add(source, target, 1)
    return {slug: sorted(found, key=lambda s: (-found[s], titles[s])) for slug, found in weight.items()}


def topic_classes(kb: KnowledgeBase) -> dict[str, str]:
    return {topic.name: f"kb-topic-{index % PALETTE_SIZE}" for index, topic in enumerate(kb.topics)}


def _label(title: str) -> str:
    return title if len(title) <= LABEL_CHARS else title[:LABEL_CHARS - 1] + "…"


def local_graph(question: Question, around: list[Question], colours: dict[str, str],
                url: Callable[[Question], str]) -> str:
    """The page (centre) and its nearest neighbours on a circle, each a link to its page. Links use
    `xlink:href`: Material's instant navigation rewrites every `[href]` through the `.href` property,
    which an SVG link only has a getter for."""
    around = around[:LOCAL_NEIGHBOURS]
    if not around:
        return ""
    width, height, radius = 360, 240, 88
    cx, cy = width / 2, height / 2 - 8
    points = []
    for index, other in enumerate(around):
        angle = -math.pi / 2 + 2 * math.pi * index / len(around)
        points.append((other, cx + radius * 1.45 * math.cos(angle), cy + radius * math.sin(angle)))
    out = [f'<svg class="kb-graph-local" viewBox="0 0 {width} {height}" role="img" '
           f'aria-label="{html.escape(question.title)} 与相关问题的关系图">']
    out += [f'<line class="kb-edge" x1="{cx:.1f}" y1="{cy:.1f}" x2="{x:.1f}" y2="{y:.1f}"/>' for _, x, y in points]
    for other, x, y in points:
        out.append(f'<a xlink:href="{html.escape(url(other))}" class="kb-graph-node">'
                   f'<circle class="{colours[other.topic]}" cx="{x:.1f}" cy="{y:.1f}" r="7">'
                   f'<title>{html.escape(other.title)}（{html.escape(other.topic)}）</title></circle>'
                   f'<text x="{x:.1f}" y="{y + 19:.1f}">{html.escape(_label(other.title))}</text></a>')
    out.append(f'<circle class="{colours[question.topic]} kb-graph-here" cx="{cx:.1f}" cy="{cy:.1f}" r="11">'
               f'<title>{html.escape(question.title)}</title></circle>')
    out.append("</svg>")
    return "".join(out)


def local_graph_block(svg: str, graph_url: str) -> tuple[str, str]:
    """The block that ends a question page (a link to the whole graph, then the drawing), as the
    text before the drawing and the text after it; none without a drawing."""
    if not svg:
        return "", ""
    whole = f'<a href="{html.escape(graph_url)}">查看完整知识图谱</a>'
    return f"{LOCAL_GRAPH_OPEN}<p><strong>关系图</strong> · {whole}</p>", "</div>\n"


def graph_page(kb: KnowledgeBase, colours: dict[str, str], topic_url: Callable[[str], str]) -> str:
    """The graph page. graph.js draws into `.kb-graph` from kb.json; without script the page lists
    the topics."""
    legend = "".join(f'<li><span class="kb-swatch {colours[t.name]}"></span>'
                     f'<a href="{html.escape(topic_url(t.path))}">{html.escape(t.name)}</a>（{len(t.questions)}）</li>'
                     for t in kb.topics if t.questions)
    return (f"# {GRAPH_TITLE}\n\n"
            "每个圆点是一个问题，颜色表示主题，连线表示两页之间互相链接或内容相关。"
            "滚轮缩放，拖动画布平移，拖动圆点调整位置，点击圆点打开问题。\n\n"
            '<div class="kb-nav kb-graph-page" data-search-exclude>\n'
            '<input class="kb-graph-search" type="search" placeholder="搜索问题，高亮匹配的圆点" '
            'aria-label="搜索问题">\n'
            '<div class="kb-graph" role="application" aria-label="知识图谱">'
            "<p class=\"kb-graph-status\">图谱需要启用 JavaScript；也可以从下面的主题进入。</p></div>\n"
            f'<ul class="kb-graph-legend">{legend}</ul>\n'
            "</div>\n")
