"""Rendering the knowledge base: canonical question pages, topic pages, the source view of each
note, the home page's topic list and kb.json. Site text is Chinese; everything the site adds for
navigation sits in elements with the class `kb-nav`."""

from __future__ import annotations

import datetime
import html
import json
import posixpath
import re

from notes_normalizer.analyse.analysis import in_context
from notes_normalizer.fix import code_mask
from notes_normalizer.knowledge.knowledge_base import KnowledgeBase, Question, Topic
from notes_normalizer.model import FixedNote, Line
from notes_normalizer.split.units import HEADING, NoteOutline, Unit
from notes_normalizer.split.wording import plain_text, with_formulas
from notes_normalizer.text.paths import relative_url, relpath

KB_JSON = "kb.json"
PRACTICE_PAGE = "practice.md"
PRACTICE_TITLE = "练习模式"
KB_JSON_VERSION = 1
_ATX = re.compile(r"^(#{1,6})(\s)")
_SUMMARY = re.compile(r"(<summary\b)([^>]*>)(.*?)</summary>", re.IGNORECASE)
_MIN_REPEATED_CHARS = 15  # shorter paragraphs ("- sgd") may well repeat without being copies


def link(from_path: str, to_path: str, anchor: str = "") -> str:
    """A relative Markdown link target between two docs-relative .md paths (MkDocs resolves it)."""
    target = relpath(to_path, posixpath.dirname(from_path) or ".")
    return target + (f"#{anchor}" if anchor else "")


_MD_TARGET = re.compile(r"(\]\()(<[^>]*>|[^)\s]+)")
_HTML_TARGET = re.compile(r"""(\b(?:src|href)=)(["'])(.*?)\2""")


def _rebased(url: str, from_path: str, to_path: str) -> str:
    bare = url.strip("<>")
    if bare.startswith("#"):  # a place in the note: now on the note's source view
        return relpath(from_path, posixpath.dirname(to_path) or ".") + bare
    if not bare or re.match(r"[a-zA-Z][a-zA-Z0-9+.-]*:|/", bare):
        return url
    target = posixpath.normpath(posixpath.join(posixpath.dirname(from_path), bare))
    return relpath(target, posixpath.dirname(to_path) or ".")


def rebase_links(lines: list[Line], from_path: str, to_path: str) -> list[Line]:
    """Relative links and images in text written for `from_path`, made to work from `to_path`."""
    if posixpath.dirname(from_path) == posixpath.dirname(to_path):
        return lines

    def markdown(match: re.Match) -> str:
        return match.group(1) + _rebased(match.group(2), from_path, to_path)

    def attribute(match: re.Match) -> str:
        return match.group(1) + match.group(2) + _rebased(match.group(3), from_path, to_path) + match.group(2)

    mask = code_mask(lines)
    return [line if code else line.with_text(_HTML_TARGET.sub(attribute, _MD_TARGET.sub(markdown, line.text)))
            for line, code in zip(lines, mask, strict=True)]


def unit_anchor(unit: Unit) -> str:
    return f"q-{unit.index}"


def escape_markdown(text: str) -> str:
    """Plain text inside Markdown link text or a heading: nothing in it is markup."""
    return re.sub(r"([\\`*_\[\]<>#|$=~])", r"\\\1", text)


def heading_markdown(title: str, members: list[Unit]) -> str:
    """A title as heading text: plain words escaped, and a formula its wording holds as math
    (`为什么要除以 $\\sqrt{d_k}$` shows the root, not its TeX)."""
    unit = next((u for u in members if "$" in u.question and title.endswith(u.title)), None)
    if unit is None:
        return escape_markdown(title)
    words = [f" ${text}$ " if formula else escape_markdown(plain_text(text))
             for text, formula in with_formulas(unit.question)]
    return re.sub(r"\s+", " ", escape_markdown(title[:len(title) - len(unit.title)]) + "".join(words)).strip()


def shift_headings(lines: list[Line], top: int) -> list[Line]:
    """Move the answer's own headings down so the highest becomes level `top` (max 6)."""
    mask = code_mask(lines)
    levels = [len(m.group(1)) for line, code in zip(lines, mask, strict=True)
              if not code and (m := _ATX.match(line.text))]
    if not levels:
        return lines
    delta = top - min(levels)
    result = []
    for line, code in zip(lines, mask, strict=True):
        match = None if code else _ATX.match(line.text)
        if match:
            level = min(6, max(1, len(match.group(1)) + delta))
            line = line.with_text("#" * level + line.text[len(match.group(1)):])
        result.append(line)
    return result


def _blocks(text: str) -> list[str]:
    """Blank-line separated blocks, fenced code kept whole."""
    blocks, current, fence = [], [], ""
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped.startswith(("```", "~~~")):
            fence = "" if fence and stripped.startswith(fence) else (fence or stripped[:3])
        if not stripped and not fence:
            if current:
                blocks.append("\n".join(current))
                current = []
            continue
        current.append(line)
    if current:
        blocks.append("\n".join(current))
    return blocks


def _key(block: str) -> str:
    return re.sub(r"\s+", "", block)


QUESTION_BOOST = 3  # a question page outranks the topic and formula pages that mention it
# A note's source view repeats its questions' answers, which their pages already hold: searching it
# too would double the search index every page downloads, and its hits would duplicate theirs.
SOURCE_VIEW_SEARCH = {"exclude": True}


def front_matter(title: str, boost: float, tags: list[str] = ()) -> str:
    """The page's title (the breadcrumb comes before its heading, so MkDocs cannot take it from
    there), and what Material's search reads: `search.boost`, and `tags`, which weigh more than
    titles. JSON strings and lists are YAML, and quote whatever a title or name holds."""
    tagged = f"tags: {json.dumps(list(tags), ensure_ascii=False)}\n" if tags else ""
    return (f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\nsearch:\n  boost: {boost}\n"
            f"{tagged}---\n\n")


def concept_names(question: Question, kb: KnowledgeBase) -> list[str]:
    """Every name of what the question is about (the concepts of its wordings' first clauses), so
    批归一化 finds the page titled with BN and the other way round; a concept it only mentions on
    the way (学习率 in "为什么BN会对学习率不敏感") is not what it is about."""
    features = kb.features
    if features is None:
        return []
    names: list[str] = []
    for unit in question.members:
        signature = features.signatures.get(unit.id)
        for concept in signature.subject if signature else ():
            for name in [concept, *features.words.concepts.get(concept, [])]:
                if name not in names:
                    names.append(name)
    return names


def other_names_block(question: Question, kb: KnowledgeBase, about: list[str]) -> list[str]:
    """The other names of the concepts the answers mention (the page says "forget gate": 遗忘门 and
    LSTM's names find it too), hidden from readers, indexed as the page's own text. It ends the
    page's first search section, so it is neither a result row nor the start of a result's preview."""
    features = kb.features
    if features is None:
        return []
    text = "\n".join([question.title, *(unit.answer for unit in question.members)])
    said = text.lower()
    names: list[str] = []
    for concept in features.words.concepts_in(text):
        for name in [concept, *features.words.concepts.get(concept, [])]:
            if name not in names and name not in about and name.lower() not in said:
                names.append(name)
    if not names:
        return []
    return [f'<p class="kb-nav kb-other-names" hidden>{html.escape(" · ".join(names))}</p>', ""]


def question_page(question: Question, kb: KnowledgeBase, note_pages: dict[str, tuple[str, FixedNote]]) -> str:
    """A canonical question: its title, where it comes from, then every member's answer."""
    path = question.path
    topic = next(t for t in kb.topics if t.name == question.topic)
    sources = " · ".join(
        f"[《{escape_markdown(note_pages[u.note][1].title)}》第 {u.line} 行]"
        f"({link(path, note_pages[u.note][0], unit_anchor(u))})" for u in question.members)
    about = concept_names(question, kb)
    out = [front_matter(question.title, QUESTION_BOOST, about)
           + f'<nav class="kb-nav kb-breadcrumb" aria-label="当前位置" data-search-exclude markdown="span">'
           f"主题 › [{escape_markdown(topic.name)}]({link(path, topic.path)})</nav>", "",
           f"# {heading_markdown(question.title, question.members)}", "",
           '<div class="kb-nav kb-sources" data-search-exclude markdown="1">', "",
           f"来源：{sources}", "", "</div>", ""]
    follow_ups = kb.follow_ups(question)
    seen: set[str] = set()
    shown = [u for u in question.members if u.answered or not _answered_here(u, question.members)]
    answered = [u for u in shown if u.answered] + [u for u in shown if not u.answered]
    several = len(shown) > 1
    first_answer = len(out)
    for unit in answered:
        note_path, fixed = note_pages[unit.note]
        if several:
            source = (f"来自《{escape_markdown(fixed.title)}》第 {unit.line} 行 · "
                      f"[查看原文]({link(path, note_path, unit_anchor(unit))})")
            # `解决方案` read where it stands (梯度消失的解决方案), as the page's title reads it
            wording = in_context(unit, kb.features.words) if kb.features else unit.title
            out += [f"## {heading_markdown(wording, [unit])}", "",
                    f'<div class="kb-nav kb-source" data-search-exclude markdown="1">{source}</div>', ""]
        out += answer_markdown(unit, seen, top=3 if several else 2, rebase=(note_path, path))
    if follow_ups:
        out += ['<div class="kb-nav kb-follow-ups" data-search-exclude markdown="1">', "", "**追问**", ""]
        out += [f"- [{escape_markdown(q.title)}]({link(path, q.path)})" for q in follow_ups]
        out += ["", "</div>", ""]
    # The hidden names go where no result preview starts with them and no answer is cut in two: at
    # the end of a merged page's first section (before its first answer), after a single answer.
    at = first_answer if several else len(out)
    out[at:at] = other_names_block(question, kb, about)
    out += previous_and_next(question, topic)
    return "\n".join(out).rstrip("\n") + "\n"


def _answered_here(unit: Unit, members: list[Unit]) -> bool:
    """Another member from the unit's own note answers it on this page (`## 卷积神经网络（CNN）` right over
    `什么是 CNN？`, a glued heading over the sub-questions that answer it): the page shows no empty section."""
    return any(other is not unit and other.note == unit.note and other.answered for other in members)


def previous_and_next(question: Question, topic: Topic) -> list[str]:
    """上一题 / 下一题 in the topic's order, so a topic can be studied page after page."""
    order = topic.questions
    at = next((n for n, q in enumerate(order) if q is question), None)
    if at is None or len(order) < 2:
        return []
    links = []
    for other, rel, label in ((order[at - 1] if at else None, "prev", "上一题"),
                              (order[at + 1] if at + 1 < len(order) else None, "next", "下一题")):
        if other is not None:
            links.append(f"[<small>{label}</small>{escape_markdown(other.title)}]({link(question.path, other.path)})"
                         f'{{ .kb-{rel} rel="{rel}" }}')
    return [f'<nav class="kb-nav kb-prev-next" aria-label="本主题的上一题和下一题" data-search-exclude markdown="span">'
            f'{" ".join(links)}</nav>', ""]


def answer_markdown(unit: Unit, seen: set[str], top: int, rebase: tuple[str, str]) -> list[str]:
    if not unit.answered:
        return ["这篇笔记只记下了问题，答案待补充。", ""]
    text = "\n".join(line.text for line in shift_headings(rebase_links(unit.body, *rebase), top))
    kept, dropped, own = [], 0, set()
    for block in _blocks(text):  # only what an earlier member said is left out, never a repeat within one
        key = _key(block)
        if len(key) >= _MIN_REPEATED_CHARS and key in seen:
            dropped += 1
            continue
        own.add(key)
        kept.append(block)
    seen |= own
    out = ["\n\n".join(kept), ""] if kept else []
    if dropped:
        out += [f'<p class="kb-nav kb-repeated">（另有 {dropped} 段与上文相同，已省略）</p>', ""]
    return out


def related_block(question: Question, related: list) -> str:
    """相关问题: the most related pages, the reason on hover."""
    if not related:
        return ""
    out = ['<div class="kb-nav kb-related" data-search-exclude markdown="1">', "", "**相关问题**", ""]
    for item in related:
        reason = f"{item.reason}；相关度 {item.score:.2f}".replace('"', "'")
        out.append(f'- [{escape_markdown(item.question.title)}]({link(question.path, item.question.path)})'
                   f'{{ title="{reason}" }}')
    return "\n".join(out + ["", "</div>", ""]) + "\n"


def backlinks_block(question: Question, sources: list[str], titles: dict[str, str]) -> str:
    """被引用: the pages whose text links here."""
    if not sources:
        return ""
    out = ['<div class="kb-nav kb-backlinks" data-search-exclude markdown="1">', "", "**被引用**", ""]
    out += [f"- [{escape_markdown(titles[path])}]({link(question.path, path)})" for path in sources]
    return "\n".join(out + ["", "</div>", ""]) + "\n"


def topic_page(topic: Topic, note_pages: dict[str, tuple[str, FixedNote]]) -> str:
    out = [f"# {escape_markdown(topic.name)}", "",
           f"本主题共 {len(topic.questions)} 个问题" +
           (f"，另有 {len(topic.open_questions)} 个问题待补充。" if topic.open_questions else "。"), ""]
    out += [f"- [{escape_markdown(q.title)}]({link(topic.path, q.path)})" + _source_hint(q)
            for q in topic.questions]
    if topic.open_questions:
        out += ["", "## 待补充", "", "笔记里只记下了这些问题，还没有答案：", ""]
        for question in topic.open_questions:
            where = "、".join(f"[《{escape_markdown(note_pages[u.note][1].title)}》第 {u.line} 行]"
                             f"({link(topic.path, note_pages[u.note][0], unit_anchor(u))})"
                             for u in question.members)
            out.append(f"- {escape_markdown(question.title)}（{where}）")
    return "\n".join(out) + "\n"


def _source_hint(question: Question) -> str:
    notes = sorted({u.note for u in question.members})
    return f"（{len(notes)} 篇笔记）" if len(notes) > 1 else ""


def source_view(fixed: FixedNote, outline: NoteOutline, kb: KnowledgeBase, page_path: str,
                use_directory_urls: bool = True) -> list[Line]:
    """The repaired note in its own order, each question anchored and linked to its page."""
    lines = list(fixed.lines)
    inserts: dict[int, list[Line]] = {}
    for unit in outline.units:
        question = kb.question_of(unit)
        if question.answered:
            destination, label = question.path, "问题页"
        else:
            destination, label = next(t.path for t in kb.topics if t.name == question.topic), "待补充"
        target = link(page_path, destination)
        line = lines[unit.marker]
        anchor = unit_anchor(unit)
        if unit.style == HEADING and _ATX.match(line.text):
            # The heading keeps the id MkDocs gives it, which the note's own table of contents and
            # other notes link to; the question's anchor is the line under it. Blank lines around
            # that line keep a list after the heading a list.
            inserts[unit.marker] = [line.with_text(""), line.with_text(
                f"[↗ {label}：{escape_markdown(question.title)}]({target}){{ #{anchor} .kb-nav .kb-q-link }}"),
                line.with_text("")]
        elif summary := _SUMMARY.search(line.text):  # a collapsible's title: raw HTML, no Markdown read
            url = relative_url(page_path, destination, "", use_directory_urls)
            titled = (f'{summary[1]} id="{anchor}"{summary[2]}{summary[3]} '
                      f'<a class="kb-nav kb-q-link" href="{url}">↗ {label}</a></summary>')
            lines[unit.marker] = line.with_text(line.text[:summary.start()] + titled + line.text[summary.end():])
        else:
            lines[unit.marker] = line.with_text(
                f"{line.text.rstrip()} [↗ {label}]({target}){{ #{anchor} .kb-nav .kb-q-link }}")
    result = []
    for index, line in enumerate(lines):
        result.append(line)
        result.extend(inserts.get(index, []))
    return result


def home_topics(kb: KnowledgeBase, notes: list[tuple[str, FixedNote]], from_page: str = "index.md") -> str:
    """The home page's list of topics with their counts, and the notes the site is made from."""
    prefix = "../" * from_page.count("/")
    out = ['<div class="kb-nav kb-topics" markdown="1">', ""]
    if kb.pages:
        out += [f"[随机一题]({prefix}{PRACTICE_PAGE}){{ .md-button .md-button--primary .kb-random }} "
                f"[知识图谱]({prefix}graph.md){{ .md-button }}", ""]
    for topic in kb.topics:
        counts = f"{len(topic.questions)} 题"
        if topic.open_questions:
            counts += f"，{len(topic.open_questions)} 题待补充"
        out.append(f"- [{escape_markdown(topic.name)}]({prefix}{topic.path})（{counts}）")
    units = sum(len(o.units) for o in kb.outlines)
    changed = last_changed([fixed for _, fixed in notes])
    out += ["", f"共 {len(kb.pages)} 个问题页，由 {len(notes)} 篇笔记中的 {units} 个问题合并而成。"
            + (f"笔记最近更新于 {changed}。" if changed else ""), "",
            "**用到的笔记**（整理后的原文）：", ""]
    out += [f"- [{escape_markdown(fixed.title)}]({prefix}{path})（`{fixed.note.name}`）" for path, fixed in notes]
    out += ["", "</div>", ""]
    return "\n".join(out)


def practice_page(kb: KnowledgeBase) -> str:
    """练习模式: practice.js fills `.kb-practice` from kb.json; without script the page says so."""
    return (f"# {PRACTICE_TITLE}\n\n"
            f"随机抽一道题（共 {len(kb.pages)} 题），先自己想，再点“显示答案”对照各篇笔记的回答。"
            "可以只练一个主题，或只出没看过的题；看过哪些题只记在这个浏览器里。\n\n"
            '<div class="kb-nav kb-practice" data-search-exclude>\n'
            '<p class="kb-practice-status">练习模式需要启用 JavaScript；也可以从主题页逐题阅读。</p>\n'
            "</div>\n")


def last_changed(notes: list[FixedNote]) -> str:
    """The day the newest note was last changed (its file's modification time), as YYYY-MM-DD."""
    times = []
    for fixed in notes:
        try:
            times.append(fixed.note.path.stat().st_mtime)
        except OSError:
            continue
    return datetime.date.fromtimestamp(max(times)).isoformat() if times else ""


def kb_json(kb: KnowledgeBase, use_directory_urls: bool = True) -> dict:
    """kb.json: the knowledge base for other tools (schema: notes_normalizer/knowledge/schema/kb.schema.json)."""
    def url(question: Question) -> str:
        return question.url if use_directory_urls else question.path[:-3] + ".html"

    def page_url(path: str) -> str:
        return path[:-3] + ("/" if use_directory_urls else ".html")

    return {
        "version": KB_JSON_VERSION,
        "questions": [
            {"id": q.slug, "title": q.title, "url": url(q), "topic": q.topic,
             "sources": [{"note": u.note, "line": u.line, "question": u.title} for u in q.members],
             "related": []}
            for q in kb.pages],
        "open_questions": [
            {"title": q.title, "topic": q.topic,
             "sources": [{"note": u.note, "line": u.line, "question": u.title} for u in q.members]}
            for q in kb.questions if not q.answered],
        "topics": [{"name": t.name, "url": page_url(t.path), "questions": len(t.questions)} for t in kb.topics],
        "formula_index": None,
        "formulas": [],
    }
