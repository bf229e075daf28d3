"""The formula index: every display formula and every inline formula with a relation or an
operator, from the question pages, identical formulas (after trivial TeX differences) as one entry
with each place it occurs. Anchors are put on the formula elements of the built HTML
(`anchor_formulas`), keyed by the same normalised TeX, so a link always lands on its formula."""

from __future__ import annotations

import hashlib
import html
import re
from dataclasses import dataclass, field

from notes_normalizer.fix import code_mask
from notes_normalizer.fix.math import display_block_roles, math_spans, quote_prefix
from notes_normalizer.model import Line

# An inline formula is worth indexing when it relates or combines things, not when it names one.
_SUBSTANTIVE = re.compile(r"=|<|>|\\(?:approx|le|leq|ge|geq|neq|ne|lt|gt|propto|sim|simeq|equiv|sum|prod|"
                          r"frac|dfrac|tfrac|int|oint|partial|nabla|to|rightarrow|Rightarrow|leftarrow|"
                          r"mapsto|max|min|arg|log|exp|lim|sqrt)(?![A-Za-z])")
_TRIVIAL = [(re.compile(r"\\(?:left|right|big|Big|bigg|Bigg)(?![A-Za-z])"), ""),
            (re.compile(r"\\[,;:! ]|~"), ""), (re.compile(r"\\[dt]frac"), r"\\frac"),
            (re.compile(r"\\displaystyle|\\limits"), ""), (re.compile(r"\s+"), "")]


def normalize_tex(tex: str) -> str:
    """TeX compared without whitespace, spacing commands, \\left/\\right sizes or \\dfrac vs \\frac."""
    tex = tex.strip()
    for pattern, replacement in _TRIVIAL:
        tex = pattern.sub(replacement, tex)
    return tex


def formula_id(tex: str) -> str:
    return "f-" + hashlib.sha1(normalize_tex(tex).encode()).hexdigest()[:10]


def substantive(tex: str, display: bool) -> bool:
    return bool(tex.strip()) and (display or bool(_SUBSTANTIVE.search(tex)))


@dataclass
class Occurrence:
    page: str  # docs-relative .md path of the question page
    title: str  # the question's title
    context: str  # the nearest words before the formula


@dataclass
class Formula:
    id: str
    tex: str  # as first written
    display: bool
    topic: str
    occurrences: list[Occurrence] = field(default_factory=list)


_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
_MARKUP = re.compile(r"<[^>]*>|\*\*|__|==|`|!?\[([^\]]*)\]\([^)]*\)|\{[^}]*\}|^\s*(?:[-*+]|\d+\.)\s+|#+\s")


def _context(before: str, limit: int = 24) -> str:
    text = _MARKUP.sub(lambda m: m.group(1) or "", before)
    text = re.sub(r"\$[^$]*\$", "…", text)
    text = re.sub(r"\s+", " ", text).strip(" ：:，,。.；;、")
    return ("…" + text[-limit:].lstrip(" ：:，,。.；;、")) if len(text) > limit else text


def page_formulas(markdown: str) -> list[tuple[str, bool, str]]:
    """(tex, display, context) of the substantive formulas of a page, in order. The plugin's own
    navigation (`kb-nav` blocks) is not content: no formula or context comes from it."""
    lines = [Line(text, n) for n, text in enumerate(markdown.split("\n"))]
    code = code_mask(lines)
    roles = display_block_roles(lines)
    found, block, last_words, in_nav = [], [], "", False
    for line, is_code, role in zip(lines, code, roles, strict=True):
        text = line.text
        if text.lstrip().startswith('<div class="kb-nav'):
            in_nav = not text.rstrip().endswith("</div>")
            continue
        if in_nav:
            in_nav = text.strip() != "</div>"
            continue
        if is_code:
            continue
        text = text[len(quote_prefix(text)):]  # a quoted formula is read as arithmatex reads it
        if role in ("open", "body", "close"):
            block.append(text)
            if role == "close":
                tex = "\n".join(block).strip()[2:-2]
                if substantive(tex, True):
                    found.append((tex.strip(), True, _context(last_words)))
                block = []
            continue
        position = 0
        spans = () if "$" not in text else math_spans(
            _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), text) if "`" in text else text)  # code is not math
        for span in spans:
            width = 2 if span.display else 1
            tex = text[span.start + width:span.end - width]
            before = text[:span.start]
            if len(_context(before)) < 6:  # too little on this line: the words above say what it is
                before = last_words + " " + before
            if substantive(tex, span.display):
                found.append((tex.strip(), span.display, _context(before)))
            position = span.end
        if text.strip() and not text.lstrip().startswith("<"):
            last_words = text[position:] if position and text[position:].strip() else text
    return found


def build_index(pages: list[tuple[str, str, str, str]]) -> list[Formula]:
    """pages: (path, title, topic, markdown) of each question page -> formulas, first seen first."""
    formulas: dict[str, Formula] = {}
    listed: set[tuple[str, str]] = set()  # (formula, page): a page is listed once per formula
    for path, title, topic, markdown in pages:
        for tex, display, context in page_formulas(markdown):
            key = formula_id(tex)
            formula = formulas.setdefault(key, Formula(key, tex, display, topic))
            formula.display = formula.display or display
            if (key, path) not in listed:
                listed.add((key, path))
                formula.occurrences.append(Occurrence(path, title, context))
    return list(formulas.values())


# Arithmatex's output before KaTeX runs in the browser: the TeX as escaped text, nothing nested.
_FORMULA_ELEMENT = re.compile(r'<(span|div)((?:\s+[\w:-]+(?:="[^"]*")?)*?)\s+class="arithmatex"'
                              r'((?:\s+[\w:-]+(?:="[^"]*")?)*)>(.*?)</\1>', re.DOTALL)


def anchor_formulas(page_html: str, wanted: set[str], given: set[str] | None = None) -> str:
    """Give each formula element whose TeX is in `wanted` (formula ids) its id, first one per page;
    the ids given are added to `given`."""
    given = set() if given is None else given
    if "arithmatex" not in page_html:
        return page_html

    def anchor(match: re.Match) -> str:
        tag, before, after, body = match.groups()
        tex = re.sub(r"^\s*\\[\[(]|\\[\])]\s*$", "", html.unescape(body))
        key = formula_id(tex)
        if key not in wanted or key in given or " id=" in before + after:
            return match.group(0)
        given.add(key)
        return f'<{tag}{before} id="{key}" class="arithmatex kb-formula-target"{after}>{body}</{tag}>'

    return _FORMULA_ELEMENT.sub(anchor, page_html)


def index_page(formulas: list[Formula], page_path: str, title: str, topics: list[str],
               url_of) -> str:
    """The 公式索引 page: entries grouped by topic, with a filter box. `url_of(page, anchor)` gives
    the link from this page to a formula's place (raw HTML links: MkDocs does not see the anchors,
    which are added to the built HTML)."""
    out = [f"# {title}", "",
           f"共 {len(formulas)} 个公式（出现 {sum(len(f.occurrences) for f in formulas)} 处）。"
           "相同的公式只列一次，下面列出它出现的每个问题。", "",
           '<div class="kb-nav kb-formula-filter-box">'
           '<input type="search" class="kb-formula-filter" placeholder="筛选公式：输入问题、文字或 TeX" '
           'aria-label="筛选公式"></div>', ""]
    order = {name: n for n, name in enumerate(topics)}
    grouped: dict[str, list[Formula]] = {}
    for formula in formulas:
        grouped.setdefault(formula.topic, []).append(formula)
    for topic in sorted(grouped, key=lambda t: order.get(t, len(order))):
        out += [f"## {topic}", ""]
        for formula in grouped[topic]:
            first = formula.occurrences[0]
            label = first.title + (f"：{first.context}" if first.context else "")
            search = html.escape(f"{label} {formula.tex} " + " ".join(o.title for o in formula.occurrences),
                                 quote=True)
            links = " · ".join(
                f'<a href="{html.escape(url_of(o.page, formula.id), quote=True)}">{html.escape(o.title)}</a>'
                for o in formula.occurrences)
            tex = formula.tex.replace("\n", " ")
            math = f"$$\n{tex}\n$$" if formula.display else f"${tex}$"
            out += [f'<div class="kb-formula" data-search="{search}" markdown="1">', "", math, "",
                    f'<p class="kb-formula-label">{html.escape(label)}</p>',
                    f'<p class="kb-nav kb-formula-links">出现在：{links}</p>', "", "</div>", ""]
    return "\n".join(out)


def kb_entries(formulas: list[Formula], url_of) -> list[dict]:
    return [{"id": f.id, "tex": f.tex, "display": f.display, "topic": f.topic,
             "occurrences": [{"question": o.title, "url": url_of(o.page, f.id), "context": o.context}
                             for o in f.occurrences]}
            for f in formulas]
