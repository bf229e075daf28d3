"""Cross-links: a glossary of terms, auto-links from the first mention of a term to the page that
explains it, related questions, and backlinks. Everything here works on the generated Markdown,
so the links are ordinary relative links that `mkdocs build --strict` validates.

Chinese has no spaces between words, so a term only links where jieba puts a word boundary at
both of its ends (梯度消失 in 梯度消失问题 links; 消失 alone is not a term, and 卷积 does not link
inside 卷积核). Terms match longest first.
"""

from __future__ import annotations

import heapq
import posixpath
import re
from collections import defaultdict
from dataclasses import dataclass, field

from notes_normalizer.analyse.features import Features
from notes_normalizer.fix import code_mask
from notes_normalizer.fix.math import display_block_roles, math_spans
from notes_normalizer.knowledge.knowledge_base import KnowledgeBase, Question
from notes_normalizer.language.vocabulary import Vocabulary, alternation, vocabulary
from notes_normalizer.model import Line
from notes_normalizer.split.wording import reads_as_question
from notes_normalizer.text.paths import relpath

AUTOLINK_CLASS = "{ .kb-nav .kb-autolink }"
_TOPIC_FALLBACK = 50  # questions of the same topic looked at when none shares a concept
_CANDIDATES = 40  # questions looked at for a page's related list, rarest shared concepts first
_MEMBERS = 2  # a page's first members stand for it when answers are compared
_ANSWER_WEIGHT = 0.3  # of answer similarity in a related question's score
_SHORT_TITLE = 16


@dataclass(frozen=True)
class Target:
    path: str  # docs-relative .md path of the page that explains the term
    title: str


@dataclass
class Glossary:
    terms: dict[str, Target] = field(default_factory=dict)  # spelling (lower case) -> target
    words: Vocabulary = field(default_factory=vocabulary)  # its segmenter finds word boundaries

    def add(self, spelling: str, target: Target) -> None:
        spelling = spelling.strip()
        if len(spelling) >= 2 and spelling.lower() not in self.terms:
            self.terms[spelling.lower()] = target
            if re.search(r"\dx\d", spelling.lower()):  # 1x1 is also written 1×1, 1*1, 1\*1
                for sign in ("×", "*", "\\*", "X"):
                    self.terms.setdefault(re.sub(r"(\d)x(\d)", rf"\g<1>{sign}\g<2>", spelling.lower()), target)

    @property
    def pattern(self) -> re.Pattern:
        """Every term, longest first, Latin ones only as whole words. A trie: a site with thousands
        of short titles would make a flat alternation cost that much per character of every page."""
        if not hasattr(self, "_pattern"):
            self._pattern = alternation(self.terms, word_chars="a-z0-9_", flags=re.IGNORECASE)
        return self._pattern


def build_glossary(kb: KnowledgeBase, extra: dict[str, str] | None = None,
                   topic_pages: dict[str, str] | None = None) -> Glossary:
    """Terms from the vocabulary's concepts (linked to the question about that concept alone,
    a definition first), short canonical titles, topic names, and the user's own entries
    (term -> question title or topic name)."""
    features = kb.features
    words = features.words if features else None
    glossary = Glossary(words=words) if words else Glossary()
    by_title = {q.title: q for q in kb.pages}
    for term, wanted in (extra or {}).items():
        if wanted in by_title:
            glossary.add(term, Target(by_title[wanted].path, wanted))
        elif topic_pages and wanted in topic_pages:
            glossary.add(term, Target(topic_pages[wanted], wanted))
    if words is not None:
        explaining = _explaining_pages(kb, features)
        for concept, synonyms in words.concepts.items():
            if concept in explaining:
                question = explaining[concept]
                for spelling in [concept, *synonyms]:
                    glossary.add(spelling, Target(question.path, question.title))
    for question in kb.pages:
        if len(question.title) <= _SHORT_TITLE and not reads_as_question(question.title):
            glossary.add(question.title, Target(question.path, question.title))
    for name, path in (topic_pages or {}).items():
        glossary.add(name, Target(path, name))
    return glossary


_EXPLAINS = {"定义", "性质", "作用", "类型"}  # a question that asks these about one concept explains it


def _explaining_pages(kb: KnowledgeBase, features: Features) -> dict[str, Question]:
    """For each concept, the page that explains it: a question about it alone whose title only
    names it or asks what it is (then what it is like, what it does); a concept no page explains
    is not in the result."""
    best: dict[str, tuple[tuple, Question]] = {}
    for question in kb.pages:
        signatures = [features.signatures[u.id] for u in question.members if u.id in features.signatures]
        about: dict[str, list] = {}
        for sig in signatures:
            if len(sig.concepts) == 1 and (sig.bare or sig.aspects & _EXPLAINS):
                about.setdefault(sig.concepts[0], []).append(sig)
        for concept, sigs in about.items():
            rank = (any(s.bare or "定义" in s.aspects for s in sigs), len(sigs), -len(question.title))
            if concept not in best or rank > best[concept][0]:
                best[concept] = (rank, question)
    return {concept: question for concept, (_, question) in best.items()}


# Spans of a line that are never linked: code, math (`$…$`, `\(…\)`), links and images, HTML tags,
# URLs, attribute lists.
_PROTECTED = re.compile(r"`+[^`]*`+|!?\[[^\]]*\]\([^)]*\)|!?\[[^\]]*\]\[[^\]]*\]|<[^>]*>|https?://\S+|\{[^}]*\}"
                        r"|\\\(.*?\\\)")
_LIST_ITEM = re.compile(r"^([ \t]*)(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$)")
_TEX_BLOCK_OPEN = re.compile(r"^\s*(?:\\\[|\\begin\{)")
_TEX_BLOCK_CLOSE = re.compile(r"\\\]\s*$|^\s*\\end\{[^}]*\}\s*$")
_HTML_BLOCK_OPEN = re.compile(r"^\s{0,3}<(?!(?:a|span|mark|code|em|strong|b|i|sub|sup|img|br|kbd|small)\b)[A-Za-z]")


def _columns(text: str) -> int:
    return len(text.expandtabs(4)) - len(text.expandtabs(4).lstrip(" "))


def _untouchable_lines(lines: list[str]) -> list[bool]:
    r"""Lines no link may go into, whatever the fixes before made of them: indented code (4 columns
    past the list content they would belong to, after a blank line or more code), math blocks
    written `\[ … \]` or `\begin{…} … \end{…}`, and raw HTML blocks up to the next blank line."""
    marks: list[bool] = []
    contents: list[int] = []  # content columns of the open list items
    previous_blank, previous_code, in_tex, in_html = True, False, False, False
    for text in lines:
        blank = not text.strip()
        indent = _columns(text)
        item = _LIST_ITEM.match(text)
        if in_tex:
            marks.append(True)
            in_tex = not _TEX_BLOCK_CLOSE.search(text)
        elif in_html:
            marks.append(True)
            in_html = not blank
        elif blank:
            marks.append(False)
        elif (previous_blank or previous_code) and indent >= (contents[-1] if contents else 0) + 4:
            marks.append(True)
        elif _TEX_BLOCK_OPEN.match(text):
            marks.append(True)
            in_tex = not _TEX_BLOCK_CLOSE.search(text[text.index("\\") + 2:])
        elif _HTML_BLOCK_OPEN.match(text) and 'markdown="1"' not in text:
            marks.append(True)
            in_html = True
        else:
            marks.append(False)
            if item:
                while contents and contents[-1] > indent:
                    contents.pop()
                contents.append(len(item.group(0).expandtabs(4)))
            elif previous_blank:
                while contents and contents[-1] > indent:
                    contents.pop()
        previous_code = marks[-1] and not blank and not in_tex and not in_html
        previous_blank = blank
    return marks
_ATX = re.compile(r"^\s{0,3}#{1,6}\s")
_ADMONITION = re.compile(r"^\s*(?:!!!|\?\?\?\+?)\s")
_SETEXT = re.compile(r"^\s{0,3}(?:=+|-+)\s*$")


def _open_segments(text: str, link_continues: bool = False) -> list[tuple[int, int]]:
    """The parts of a line a link may go into. `link_continues`: a link's text began on an earlier
    line and runs up to this line's first `](…)`."""
    protected = [(m.start(), m.end()) for m in _PROTECTED.finditer(text)]
    if link_continues:
        close = re.search(r"\]\([^)]*\)", text)
        protected.append((0, close.end() if close else len(text)))
    opened = _unclosed_bracket(text)
    if opened is not None:
        protected.append((opened, len(text)))
    protected += [(s.start, s.end) for s in math_spans(text)]
    protected.sort()
    segments, position = [], 0
    for start, end in protected:
        if start > position:
            segments.append((position, start))
        position = max(position, end)
    if position < len(text):
        segments.append((position, len(text)))
    return segments


def _unclosed_bracket(text: str) -> int | None:
    """Where a `[` opens a link text that this line does not close, or None."""
    depth, opened = 0, None
    for match in re.finditer(r"\\.|\[|\]", text):
        if match.group(0) == "[":
            depth += 1
            opened = match.start() if depth == 1 else opened
        elif match.group(0) == "]" and depth:
            depth -= 1
    return opened if depth else None


def autolink(markdown: str, page_path: str, glossary: Glossary, cap: int) -> list[str]:
    """Link the first mention of each glossary term in a page's body (see the module docstring)."""
    lines = markdown.split("\n")
    wrapped = [Line(text, n) for n, text in enumerate(lines)]
    code = code_mask(wrapped)
    display = display_block_roles(wrapped)
    untouchable = _untouchable_lines(lines)
    link_continues = False  # a link's text runs on from the line before
    linked: set[str] = set()
    result: list[str] = []
    in_nav = False
    pattern = glossary.pattern
    front_matter_end = lines.index("---", 1) if lines and lines[0] == "---" and "---" in lines[1:] else -1
    for index, text in enumerate(lines):
        if index <= front_matter_end:
            result.append(text)
            continue
        if text.lstrip().startswith('<div class="kb-nav'):
            in_nav = not text.rstrip().endswith("</div>")
        elif in_nav and text.strip() == "</div>":
            in_nav = False
            result.append(text)
            continue
        following = lines[index + 1] if index + 1 < len(lines) else ""
        continues = link_continues
        link_continues = (continues and "](" not in text and bool(text.strip())
                          or _unclosed_bracket(text) is not None)
        if (in_nav or code[index] or display[index] or untouchable[index] or len(linked) >= cap
                or _ATX.match(text)
                or _ADMONITION.match(text) or text.lstrip().startswith("<")
                or (text.strip() and _SETEXT.match(following)) or "$$" in text):
            result.append(text)
            continue
        if pattern.search(text) is None:  # most lines name no term: skip working out their segments
            result.append(text)
            continue
        result.append(_link_line(text, page_path, glossary, pattern, linked, cap, continues))
    return result


def _link_line(text: str, page_path: str, glossary: Glossary, pattern: re.Pattern,
               linked: set[str], cap: int, link_continues: bool = False) -> str:
    out, position = [], 0
    for start, end in _open_segments(text, link_continues):
        segment = text[start:end]
        matches = [m for m in pattern.finditer(segment)
                   if glossary.terms[m.group(0).lower()].path not in linked | {page_path}]
        if not matches:
            continue
        bounds = glossary.words.word_boundaries(segment)
        for match in matches:
            target = glossary.terms[match.group(0).lower()]
            if target.path in linked or len(linked) >= cap:
                continue
            if match.start() not in bounds or match.end() not in bounds:
                continue
            linked.add(target.path)
            href = relpath(target.path, posixpath.dirname(page_path) or ".")
            out.append(text[position:start + match.start()])
            out.append(f"[{match.group(0)}]({href}){AUTOLINK_CLASS}")
            position = start + match.end()
    out.append(text[position:])
    return "".join(out)


_LINK_TARGET = re.compile(r"\]\(([^)\s#]+\.md)(?:#[^)]*)?\)")


def linked_pages(markdown: str, page_path: str) -> set[str]:
    """Docs-relative .md paths a page's Markdown links to."""
    found = set()
    for match in _LINK_TARGET.finditer(markdown):
        if re.match(r"[a-zA-Z][a-zA-Z0-9+.-]*:|/", match.group(1)):
            continue  # another site, or a path MkDocs does not resolve
        found.add(posixpath.normpath(posixpath.join(posixpath.dirname(page_path), match.group(1))))
    return found


@dataclass(frozen=True)
class Related:
    question: Question
    score: float
    reason: str


def related_questions(kb: KnowledgeBase, count: int) -> dict[str, list[Related]]:
    """Each page's most related other pages (see `RelatedFinder`)."""
    return RelatedFinder(kb, count).related(kb.pages)


class RelatedFinder:
    """The most related other pages of any of a site's pages: shared concepts, answer similarity,
    same topic. Candidates come from a concept index (and the topic, when nothing shares a concept),
    built once, so that workers can each find the related pages of their own share of the pages."""

    def __init__(self, kb: KnowledgeBase, count: int):
        self.kb, self.count = kb, count
        features = kb.features
        self.concepts_of: dict[str, set[str]] = {}
        self.index: dict[str, list[Question]] = defaultdict(list)
        self.by_topic: dict[str, list[Question]] = defaultdict(list)
        for question in kb.pages:
            concepts = set()
            for unit in question.members:
                if features and unit.id in features.signatures:
                    concepts.update(features.signatures[unit.id].concepts)
            self.concepts_of[question.slug] = concepts
            for concept in concepts:
                self.index[concept].append(question)
            self.by_topic[question.topic].append(question)

    def _candidates(self, question: Question) -> list[Question]:
        index, count = self.index, self.count
        candidates: dict[int, Question] = {}
        for concept in sorted(self.concepts_of[question.slug], key=lambda c: (len(index[c]), c)):  # rarest say most
            for other in index[concept][:_CANDIDATES]:
                if other is not question:
                    candidates.setdefault(id(other), other)
            if len(candidates) >= _CANDIDATES:
                break
        if len(candidates) < count:  # nothing else shares a concept: look among the topic's questions
            for other in self.by_topic[question.topic][:_TOPIC_FALLBACK]:
                if other is not question:
                    candidates.setdefault(id(other), other)
        return list(candidates.values())

    def related(self, pages: list[Question]) -> dict[str, list[Related]]:
        count, concepts_of = self.count, self.concepts_of
        candidates_of = {question.slug: self._candidates(question) for question in pages}
        # Score = 0.5 × shared concepts + 0.2 × same topic + 0.3 × answer similarity (0 to 1). A candidate
        # whose score could not reach the `count`-th best without its answers is dropped before answers
        # are compared (the costly part); the margin covers rounding, so the result is the same.
        base_of = {}
        for question in pages:
            mine, bases = concepts_of[question.slug], []
            for other in candidates_of[question.slug]:
                shared = mine & concepts_of[other.slug]
                union = len(mine) + len(concepts_of[other.slug]) - len(shared)
                overlap = len(shared) / union if union else 0.0
                bases.append((0.5 * overlap + 0.2 * (question.topic == other.topic), shared))
            if len(bases) > count:
                bar = sorted((base for base, _ in bases), reverse=True)[count - 1] - _ANSWER_WEIGHT - 0.001
                kept = [n for n, (base, _) in enumerate(bases) if base >= bar]
                candidates_of[question.slug] = [candidates_of[question.slug][n] for n in kept]
                bases = [bases[n] for n in kept]
            base_of[question.slug] = bases
        answers = _answer_similarities(self.kb.features, pages, candidates_of)
        result = {}
        for question in pages:
            scored = []
            for other, (base, shared), similarity in zip(candidates_of[question.slug], base_of[question.slug],
                                                         answers[question.slug], strict=True):
                score = round(base + _ANSWER_WEIGHT * similarity, 3)
                if score > 0.05:
                    scored.append((-score, other.slug, other, shared, similarity))
            result[question.slug] = [Related(other, -negated, _why(shared, question.topic == other.topic,
                                                                   question.topic, similarity))
                                     for negated, _, other, shared, similarity in heapq.nsmallest(
                                         count, scored, key=lambda item: item[:2])]
        return result


def _answer_similarities(features: Features | None, pages: list[Question],
                         candidates_of: dict[str, list[Question]]) -> dict[str, list[float]]:
    """For each page, how close its answers come to each candidate's: the best of its first members'
    answers against the candidate's first members'."""
    if features is None:
        return {question.slug: [0.0] * len(candidates_of[question.slug]) for question in pages}
    pairs, owners = [], []
    for question in pages:
        for position, other in enumerate(candidates_of[question.slug]):
            for a in question.members[:_MEMBERS]:
                for b in other.members[:_MEMBERS]:
                    pairs.append((a.id, b.id))
                    owners.append((question.slug, position))
    best = {question.slug: [0.0] * len(candidates_of[question.slug]) for question in pages}
    for (slug, position), value in zip(owners, features.answer_similarities(pairs), strict=True):
        if value > best[slug][position]:
            best[slug][position] = value
    return best


def _why(shared: set[str], same_topic: bool, topic: str, answers: float) -> str:
    reasons = []
    if shared:
        reasons.append("共同概念：" + "、".join(sorted(shared)))
    if same_topic:
        reasons.append(f"同属「{topic}」")
    reasons.append(f"答案相似度 {answers:.2f}")
    return "；".join(reasons)
