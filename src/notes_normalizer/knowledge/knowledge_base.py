"""The knowledge base: canonical questions (merged units), their topics, titles and stable slugs,
with the user's overrides from kb.yml applied. This is what the site and kb.json are built from."""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field

from notes_normalizer.analyse.analysis import SLUG_WORDS, Analysis, analyse_units, in_context
from notes_normalizer.analyse.features import Features, build_features
from notes_normalizer.knowledge.overrides import Overrides
from notes_normalizer.language.vocabulary import Vocabulary
from notes_normalizer.merge import Cluster, Merger, Score
from notes_normalizer.model import Problem
from notes_normalizer.split.units import NoteOutline, Unit
from notes_normalizer.text.slugs import Slugs

DEFAULT_TOPIC = "基础概念"
QUESTIONS_FOLDER = "q"
TOPICS_FOLDER = "topics"


@dataclass
class Question:
    """One canonical question: every unit that asks it, one page."""

    slug: str
    title: str
    topic: str
    members: list[Unit]  # in note order; answered ones first on the page
    scores: dict[tuple[str, str], Score] = field(default_factory=dict)
    forced: list[str] = field(default_factory=list)  # kb.yml entries that shaped it

    @property
    def path(self) -> str:
        return f"{QUESTIONS_FOLDER}/{self.slug}.md"

    @property
    def url(self) -> str:
        return f"{QUESTIONS_FOLDER}/{self.slug}/"

    @property
    def answered(self) -> bool:
        return any(unit.answered for unit in self.members)


@dataclass
class Topic:
    name: str
    slug: str
    questions: list[Question] = field(default_factory=list)  # answered ones: they have pages
    open_questions: list[Question] = field(default_factory=list)  # 待补充

    @property
    def path(self) -> str:
        return f"{TOPICS_FOLDER}/{self.slug}.md"


@dataclass
class KnowledgeBase:
    outlines: list[NoteOutline]
    questions: list[Question]  # every canonical question, answered or open
    topics: list[Topic]
    problems: list[Problem] = field(default_factory=list)
    features: Features | None = None  # what merge and site read of the questions (signatures, answers, words)

    @property
    def pages(self) -> list[Question]:
        return [q for q in self.questions if q.answered]

    def question_of(self, unit: Unit) -> Question:
        return self._by_unit[unit.id]

    def __post_init__(self):
        self._by_unit = {unit.id: q for q in self.questions for unit in q.members}
        self._follow_ups: dict[tuple[str, int], list[Unit]] = {}
        for outline in self.outlines:
            for unit in outline.units:
                if unit.parent is not None:
                    self._follow_ups.setdefault((unit.note, unit.parent), []).append(unit)

    def follow_ups(self, question: Question) -> list[Question]:
        """Pages of the follow-up questions asked inside this question's answers."""
        found: list[Question] = []
        for unit in question.members:
            for child_unit in self._follow_ups.get((unit.note, unit.index), []):
                child = self.question_of(child_unit)
                if child.answered and child is not question and child not in found:
                    found.append(child)
        return found


def build_knowledge_base(outlines: list[NoteOutline], words: Vocabulary, slugs: Slugs,
                         overrides: Overrides | None = None,
                         analyses: dict[str, Analysis] | None = None) -> KnowledgeBase:
    """`outlines`: the notes split into questions; `analyses`: their units' analyses computed
    beforehand (by unit id), the rest are computed here; `slugs`: the build's slug memo."""
    overrides = overrides or Overrides()
    units = [unit for outline in outlines for unit in outline.units]
    analyses = analyse_units(units, words, slugs, analyses)
    # Titles' slugs were worked out with the analyses (perhaps in a worker, or a build before).
    slugs.learn(((unit.title, SLUG_WORDS), analyses[unit.id].slug) for unit in units)
    features = build_features(units, words, analyses)
    clusters = Merger(units, features=features).clusters()
    problems: list[Problem] = []
    clusters = overrides.apply(clusters, units, problems)
    questions = [_question(cluster, words, overrides, analyses, slugs) for cluster in clusters]
    _unique_slugs(questions)
    for question in questions:
        if not question.answered:
            for unit in question.members:
                problems.append(Problem(unit.note, unit.line, "question.unanswered",
                                        f"question without an answer, listed as 待补充: {unit.title}"))
    return KnowledgeBase(outlines, questions, _topics(questions, words, slugs), problems, features)


def _question(cluster: Cluster, words: Vocabulary, overrides: Overrides, analyses: dict[str, Analysis],
              slugs: Slugs) -> Question:
    members = cluster.members
    title = overrides.title_for(members) or clearest_title(members, analyses, words)
    topic = overrides.topic_for(members) or choose_topic(members, words, analyses)
    return Question(slug=slugs(title, SLUG_WORDS), title=title, topic=topic, members=members,
                    scores=cluster.scores, forced=overrides.entries_for(members))


def clearest_title(members: list[Unit], analyses: dict[str, Analysis], words: Vocabulary) -> str:
    """The wording a reader understands best: asks a question, plain text, not too short or long;
    read with its heading where it names nothing alone (`基本原理` under `## Batch Normalization`)."""
    def quality(unit: Unit) -> tuple:
        text = unit.title
        return (unit.answered, analyses[unit.id].asks, "$" not in unit.question,
                6 <= len(text) <= 32, text.endswith(("?", "？")), -abs(len(text) - 16))
    best = max(members, key=quality)  # max keeps the first of equals: note order decides ties
    return in_context(best, words)


def choose_topic(members: list[Unit], words: Vocabulary, analyses: dict[str, Analysis]) -> str:
    """Vote: concepts in the wording count most, then the note's own topic heading, then the answer."""
    topic_of = words.topic_of
    votes: Counter[str] = Counter()
    for unit in members:
        found = analyses[unit.id]
        for rank, concept in enumerate(found.title_concepts):
            if concept in topic_of:
                votes[topic_of[concept]] += 5 if rank == 0 else 2  # the subject outweighs two others
        for concept in found.heading_concepts:
            if concept in topic_of:
                votes[topic_of[concept]] += 2
        for concept in set(found.opening_concepts):  # the opening says what it is about
            if concept in topic_of:
                votes[topic_of[concept]] += 0.25
    if not votes:
        return DEFAULT_TOPIC
    order = list(words.topics)
    return max(votes, key=lambda topic: (votes[topic], -order.index(topic) if topic in order else -99))


def _unique_slugs(questions: list[Question]) -> None:
    """Slugs come from titles alone; when two questions share one, both get a short hash of their
    first source, so neither depends on which other questions exist."""
    counts = Counter(q.slug for q in questions)
    for question in questions:
        if counts[question.slug] > 1:
            first = question.members[0]
            digest = hashlib.sha1(f"{first.note}\n{first.title}".encode()).hexdigest()[:6]
            question.slug = f"{question.slug}-{digest}"
    seen: Counter[str] = Counter()
    for question in questions:  # the same note asking the same wording twice
        seen[question.slug] += 1
        if seen[question.slug] > 1:
            question.slug = f"{question.slug}-{seen[question.slug]}"


def topic_slug(name: str, slugs: Slugs) -> str:
    return slugs(name)


def _topics(questions: list[Question], words: Vocabulary, slugs: Slugs) -> list[Topic]:
    order = list(words.topics)
    names = sorted({q.topic for q in questions}, key=lambda t: (order.index(t) if t in order else len(order), t))
    topics = {name: Topic(name, topic_slug(name, slugs)) for name in names}
    for question in questions:
        topic = topics[question.topic]
        (topic.questions if question.answered else topic.open_questions).append(question)
    return list(topics.values())


def describe_merges(kb: KnowledgeBase) -> str:
    """Every canonical question with its members, the scores that joined them and why; for a
    question asked once, the closest question it was not merged with, and why not."""
    out = []
    units = [unit for outline in kb.outlines for unit in outline.units]
    merger = Merger(units, features=kb.features) if kb.features is not None else None  # to explain, never to decide
    for question in kb.questions:
        state = "" if question.answered else "  (open: no answer yet)"
        out.append(f"{question.title}  [{question.topic}]  -> {question.url}{state}")
        for unit in question.members:
            out.append(f"    {unit.note}:{unit.line}  {unit.title}")
        for (a, b), score in question.scores.items():
            out.append(f"    joined {a.split('#')[0]}:{_line(kb, a)} + {b.split('#')[0]}:{_line(kb, b)}"
                       f"  {score.value:.2f}  {score.signal}: {score.reason}")
        for entry in question.forced:
            out.append(f"    kb.yml: {entry}")
        if len(question.members) == 1 and merger is not None:
            near = merger.nearest(question.members[0])
            if near:
                other, score = near
                out.append(f"    nearest: {other.note}:{other.line} {other.title}  {score.value:.2f} "
                           f"< {merger.threshold}  {score.signal}: {score.reason}")
        out.append("")
    out.append("Notes, each with the shape the splitter read it as (one question, a topic, a file of questions):")
    for outline in kb.outlines:
        out.append(f"    {outline.fixed.note.name}  {outline.shape or '-'}: {len(outline.units)} questions")
    out.append("")
    merged = sum(1 for q in kb.questions if len(q.members) > 1)
    units = sum(len(q.members) for q in kb.questions)
    out.append(f"{units} questions in the notes, {len(kb.questions)} canonical questions, "
               f"{merged} of them merged from several; threshold {merger.threshold if merger else '-'}")
    return "\n".join(out)


def _line(kb: KnowledgeBase, unit_id: str) -> int:
    return next(u.line for o in kb.outlines for u in o.units if u.id == unit_id)
