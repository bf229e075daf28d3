"""Merge: find the question units that ask the same thing, across notes and within one, by the
reader's definition (../shared/corpora/SAME-QUESTION.md beside the project; README "Questions,
merged across notes").

1. Each unit gets a *signature* from its wording (`fold`ed: case, width, 1x1 / 1*1 / 1×1, spaces
   between Chinese and Latin, the note's own marks such as （重点）): the concepts it names
   (vocabulary synonyms and the aliases the notes define, see `aliases`), the aspects it asks
   about (原因, 作用, 区别 …), its remaining words, its numbers, and the same per clause when it
   asks several things (神经网络的正则化方法？过拟合的解决方法？).
2. Candidates share a blocking key (concepts, words, the folded wording; every key carries the
   numbers, which must match), at most `PER_KEY` pages per key: near-linear, never all pairs.
3. A pair's score follows explainable rules, clause by clause (see `_score`): numbers veto; the
   same concepts asking the same or a narrower/broader aspect merge; a bare concept title joins
   the question asking what it is or does; two questions of one note need a near certainty.
4. Each unit, in an order that does not depend on the input's, joins the page whose canonical
   question (its first unit) it asks best, or starts a page: no page grows by a chain.

Every decision carries a reason, printed by `notes-kb merges`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from rapidfuzz.fuzz import token_sort_ratio

from notes_normalizer.analyse.signature import Signature, answer_tokens, signature
from notes_normalizer.language.vocabulary import Vocabulary, vocabulary
from notes_normalizer.merge.answers import Answers
from notes_normalizer.merge.candidates import PER_KEY, blocking_keys
from notes_normalizer.split.units import Unit
from notes_normalizer.split.wording import reads_as_question

# Chosen by measurement on tests/data/labelled-merges.yml (see `notes-kb merges --labels`).
THRESHOLD = 0.7

@dataclass(frozen=True)
class Score:
    value: float
    reason: str


@dataclass
class Cluster:
    members: list[Unit]  # in note order once merged
    scores: dict[tuple[str, str], Score] = field(default_factory=dict)  # accepted pairs, by unit id
    first: Unit | None = None  # the unit that started the page, when the merge made it

    @property
    def canonical(self) -> Unit:
        """The question the page asks: the one every other member was judged against."""
        return self.first or self.members[0]

    @property
    def ids(self) -> list[str]:
        return [unit.id for unit in self.members]


class Merger:
    def __init__(self, units: list[Unit], words: Vocabulary | None = None, threshold: float = THRESHOLD,
                 analyses: dict | None = None):
        """`analyses` (unit id -> `analysis.Analysis`) brings each unit's signature and answer
        tokens computed beforehand; whatever it lacks is computed here."""
        self.units = units
        self.words = words or vocabulary()
        self.threshold = threshold
        self._analyses = analyses or {}
        self.signatures = {u.id: self._analyses[u.id].signature if u.id in self._analyses
                           else signature(u.title, self.words) for u in units}
        self._cache: dict[tuple[str, str], Score] = {}
        self.answers = Answers(lambda: {u.id: self._analyses[u.id].answer_tokens if u.id in self._analyses
                                        else answer_tokens(u.answer, self.words) for u in units})

    def answer_similarities(self, pairs: list[tuple[str, str]]) -> list[float]:
        """Cosine similarities of many pairs of units' answers (by unit id)."""
        return self.answers.similarities(pairs)

    def answer_similarity(self, a: str, b: str) -> float:
        """Cosine similarity of two units' answers (by unit id)."""
        return self.answers.similarity(a, b)

    # --- scoring --------------------------------------------------------------------------------

    def score(self, a: Unit, b: Unit) -> Score:
        key = (a.id, b.id) if a.id < b.id else (b.id, a.id)
        if key not in self._cache:
            self._cache[key] = self._score(a, b)
        return self._cache[key]

    def score_on_page(self, unit: Unit, page: Cluster) -> Score:
        """`unit` against a page: against its canonical question (the first member's wording),
        its answer read against the first answers the page holds (a page of thousands of
        look-alikes must not make every unit read thousands of answers)."""
        if len(page.members) == 1:
            return self.score(unit, page.canonical)
        return self._score(unit, page.canonical, page.members[:_ANSWERS_READ])

    def _score(self, a: Unit, b: Unit, answered: list[Unit] | None = None) -> Score:
        sa, sb = self.signatures[a.id], self.signatures[b.id]
        if sa.numbers != sb.numbers:
            return Score(0.0, f"different numbers {_names(sa.numbers)} / {_names(sb.numbers)}")
        if sa.key and sa.key == sb.key and (sa.concepts or sa.aspects or reads_as_question(a.title)):
            return Score(1.0, "same wording")

        def answers() -> float:  # only asked by the rules that need it (a third of a big merge)
            if a.note == b.note:  # one note's answers share its words: they say nothing about the questions
                return 0.0
            return max(self.answer_similarity(a.id, other.id) for other in answered or (b,))

        best = Score(0.0, "nothing in common")
        for i, part_a in enumerate(sa.parts):
            for j, part_b in enumerate(sb.parts):
                score = self._clause_score(part_a, part_b, answers)
                if (i or j) and score.value:  # a later clause of a broader question: a little less sure
                    score = Score(score.value * _LATER_CLAUSE, f"{score.reason} (one clause of a broader wording)")
                if score.value > best.value:
                    best = score
        if a.note == b.note:
            if best.value < _SAME_NOTE:  # a note rarely asks one question twice
                return Score(0.0, f"two questions of one note ({best.value:.2f}: {best.reason})")
        elif best.value < self.threshold and self._vaguely_alike(sa, sb, a, b) and answers() >= _ANSWERS_AGREE:
            return Score(min(self.threshold + (answers() - _ANSWERS_AGREE) / 2, 0.85),
                         f"same concepts {_names(set(sa.concepts))}, wordings vague; answers agree {answers():.2f}")
        return best

    @staticmethod
    def _vaguely_alike(sa: Signature, sb: Signature, a: Unit, b: Unit) -> bool:
        """Same concepts, both answered, and what they ask does not clash (aspects or other words
        on both sides, none shared): one wording says what it asks in words no aspect names
        (CNN两大神器 vs CNN的特性), so the answers decide."""
        return (bool(sa.concepts) and set(sa.concepts) == set(sb.concepts) and a.answered and b.answered
                and not sa.bare and not sb.bare  # a bare title has its own rule (`_bare`)
                and not _other_variant(sa, sb) and not _other_variant(sb, sa)
                and not (sa.aspects and sb.aspects and not sa.aspects & sb.aspects)
                and not (sa.words and sb.words and not sa.words & sb.words)
                and len(sa.words) <= _VAGUE_WORDS and len(sb.words) <= _VAGUE_WORDS)

    def _clause_score(self, sa: Signature, sb: Signature, answers: Callable[[], float]) -> Score:
        ca, cb = set(sa.concepts), set(sb.concepts)
        if not ca and not cb:
            return self._unnamed(sa, sb, answers)
        if not ca or not cb:
            return Score(0.0, "only one names a known concept")
        if _other_variant(sa, sb) or _other_variant(sb, sa):  # 局部响应归一化 is not 归一化
            return Score(0.0, f"named variants differ {_names(sa.variants)} / {_names(sb.variants)}")
        if sa.bare or sb.bare:
            return self._bare(sa, sb, answers)
        if ca == cb:
            concept_fit, how = 1.0, f"same concepts {_names(ca)}"
        elif ca < cb or cb < ca:
            small, large = (sa, sb) if ca < cb else (sb, sa)
            extra = set(large.concepts) - set(small.concepts)
            if not _beside(small, large):
                return Score(0.1, f"{_names(extra)} narrows the question: related, not the same")
            concept_fit, how = 0.85, f"{_names(set(small.concepts))} is part of {_names(set(large.concepts))}"
        else:
            return Score(0.0, f"different concepts {_names(ca)} / {_names(cb)}")
        aspects, asks = _aspect_fit(sa, sb)
        if aspects == 0.0:
            return Score(0.0, f"{how}, but asks {asks}")
        shared = answers()
        value = concept_fit * aspects * _word_fit(sa.words, sb.words) + 0.05 * shared
        return Score(min(value, 1.0), f"{how}; asks {asks}; answers {shared:.2f}")

    def _bare(self, sa: Signature, sb: Signature, answers: Callable[[], float]) -> Score:
        """A title that only names a concept is the question asking what it is or what it does."""
        bare, other = (sa, sb) if sa.bare else (sb, sa)
        if sa.bare and sb.bare:
            ca, cb = set(sa.concepts), set(sb.concepts)
            if ca == cb:
                return Score(0.9, f"both titles just name {_names(ca)}")
            small, large = (sa, sb) if ca < cb else (sb, sa)
            if (ca < cb or cb < ca) and _beside(small, large):
                # RNN 梯度消失 / RNN 梯度爆炸/梯度消失: one names a concept the other names beside another
                return Score(0.8, f"both titles just name {_names(set(small.concepts))}, "
                                  f"one beside {_names(set(large.concepts) - set(small.concepts))}")
            return Score(0.0, "different concepts")
        if set(other.subject) != set(bare.concepts):
            return Score(0.0, f"{_names(set(bare.concepts))} is not all the other asks about")
        named = _names(set(bare.concepts))
        if other.words:
            return Score(0.0, f"title just names {named}; the other asks about {_names(other.words)}")
        shared = answers()
        if other.aspects <= _EXPLAINS or other.aspects == _WHY_IT_WORKS:
            return Score(min(0.75 + 0.2 * shared, 0.95), f"title just names {named}; answers share {shared:.2f}")
        # It asks one thing about the concept (常见的激活函数): the same only if the answers say so.
        return Score(min(0.5 + shared, 0.95), f"title just names {named}; the other asks "
                                               f"{_names(other.aspects)}; answers share {shared:.2f}")

    def _unnamed(self, sa: Signature, sb: Signature, answers: Callable[[], float]) -> Score:
        """Neither wording names a known concept: what is left of them must be the same question."""
        if not sa.words or not sb.words:
            return Score(0.0, "no known concept, nothing else to compare")
        aspects, asks = _aspect_fit(sa, sb) if (sa.aspects or sb.aspects) else (1.0, "{}")
        if aspects == 0.0:
            return Score(0.0, f"no known concept; asks {asks}")
        own_a = {w for w in sa.words - sb.words if w not in sb.text}
        own_b = {w for w in sb.words - sa.words if w not in sa.text}
        if own_a and own_b:  # 一元函数 / 多元函数: the words they differ in name different things
            return Score(0.0, f"no known concept; differ in {_names(own_a)} / {_names(own_b)}")
        # Shared words, or the wordings nearly the same string (spelling and word order aside).
        overlap = max(_jaccard(sa.words, sb.words), _near(token_sort_ratio(sa.text, sb.text) / 100))
        shared = answers()
        names = not (sa.aspects or sb.aspects or reads_as_question(sa.text) or reads_as_question(sb.text))
        if names and shared < _BARE_ANSWERS:  # 总结 / 总结: names of sections, not questions
            return Score(0.0, f"no known concept, asks nothing; answers share {shared:.2f}")
        value = aspects * overlap + 0.05 * shared
        return Score(min(value, 1.0), f"no known concept; words {_names(sa.words & sb.words)} "
                                      f"({overlap:.2f}); asks {asks}")

    # --- clustering -----------------------------------------------------------------------------

    def _keys(self, unit: Unit) -> tuple[set[str], set[str]]:
        return blocking_keys(self.signatures[unit.id])

    def candidate_pairs(self) -> list[tuple[Unit, Unit]]:
        """The pairs that can score as the same question: a unit and the earlier units filed
        under a key it looks under (see `blocking_keys`), at most `PER_KEY` of them per key, so a
        block of thousands of look-alike questions stays linear."""
        earlier: dict[str, list[int]] = defaultdict(list)
        pairs: set[tuple[int, int]] = set()
        for position, unit in enumerate(self.units):
            filed, looks = self._keys(unit)
            for key in looks:
                pairs.update((other, position) for other in earlier[key][-PER_KEY:])
            for key in filed:
                earlier[key].append(position)
        return [(self.units[i], self.units[j]) for i, j in sorted(pairs)]

    def clusters(self) -> list[Cluster]:
        """Each unit, in the order of `_precedence`, joins the page whose canonical question (its
        first unit) it asks best, or starts a page. A unit is only ever compared with a page's
        canonical question, so no page grows by a chain of look-alikes."""
        pages: dict[str, list[Cluster]] = defaultdict(list)
        cluster_of: dict[str, Cluster] = {}
        of_note_on: dict[tuple[int, str], list[Unit]] = defaultdict(list)  # (page, note): the note's units on it
        restated = self._restated()
        for unit in sorted(self.units, key=self._precedence):
            filed, looks = self._keys(unit)
            if restated.get(unit.id) in cluster_of:  # the note says the two ask one question
                cluster = cluster_of[restated[unit.id]]
                cluster.members.append(unit)
                cluster.scores[(cluster.canonical.id, unit.id)] = Score(1.0, "its note restates it")
                cluster_of[unit.id] = cluster
                continue
            best: tuple[Score, Cluster] | None = None
            seen: set[int] = set()
            for key in looks:
                for cluster in pages[key][-PER_KEY:]:
                    if id(cluster) in seen:
                        continue
                    seen.add(id(cluster))
                    score = self.score_on_page(unit, cluster)
                    if score.value >= self.threshold and (best is None or score.value > best[0].value) \
                            and not self._another_question_of_its_note(unit, of_note_on[id(cluster), unit.note]):
                        best = (score, cluster)
            if best is None:
                cluster = Cluster([unit], first=unit)
                for key in filed:
                    pages[key].append(cluster)
            else:
                score, cluster = best
                cluster.members.append(unit)
                cluster.scores[(cluster.canonical.id, unit.id)] = score
                of_note_on[id(cluster), unit.note].append(unit)
            cluster_of[unit.id] = cluster
        return clusters_in_order(self.units, cluster_of)

    def _restated(self) -> dict[str, str]:
        """Each unit its note restates (`## CNN` right over `什么是 CNN？`) and the restating unit, both ways."""
        pairs = {}
        for unit in self.units:
            if unit.restates is not None:
                other = f"{unit.note}#{unit.restates}"
                pairs[unit.id], pairs[other] = other, unit.id
        return pairs

    def _another_question_of_its_note(self, unit: Unit, joined: list[Unit]) -> bool:
        """The page holds a question of the unit's own note (`joined`) about other concepts, which the
        unit does not ask again: a page's canonical question must not bring two of a note's questions
        together (under `梯度消失和梯度爆炸`, a note's `## 梯度消失` and `## 梯度爆炸`; under `Pooling层的作用`,
        a note's `池化层` and `卷积，池化的意义`)."""
        concepts = set(self.signatures[unit.id].concepts)
        return any(set(self.signatures[other.id].concepts) != concepts and self.score(unit, other).value < self.threshold
                   for other in joined)

    def _precedence(self, unit: Unit) -> tuple:
        """Who becomes a page's canonical question first, whatever order the units came in: a
        question that asks something over a bare title, answered over open, then note order."""
        sig = self.signatures[unit.id]
        return (sig.bare, not unit.answered, unit.note, unit.index)

    def nearest(self, unit: Unit) -> tuple[Unit, Score] | None:
        """The candidate that scored highest with `unit`, merged or not."""
        best = None
        for a, b in self._candidates_of(unit):
            score = self.score(a, b)
            other = b if a is unit else a
            if best is None or score.value > best[1].value:
                best = (other, score)
        return best

    def _candidates_of(self, unit: Unit) -> list[tuple[Unit, Unit]]:
        if not hasattr(self, "_pairs_by_unit"):
            self._pairs_by_unit: dict[str, list[tuple[Unit, Unit]]] = defaultdict(list)
            for a, b in self.candidate_pairs():
                self._pairs_by_unit[a.id].append((a, b))
                self._pairs_by_unit[b.id].append((a, b))
        return self._pairs_by_unit[unit.id]


_LATER_CLAUSE = 0.9
_OWN_WORDS = 3  # words of its own that make a wording ask something the other does not
_VAGUE_WORDS = 3  # a wording with more words of its own than this says what it asks: it is not vague
_ANSWERS_AGREE = 0.2  # answers' TF-IDF similarity that settles two vague wordings of one concept
_SAME_NOTE = 0.85  # two questions of one note merge only when the note plainly repeats itself
_EXPLAINS = frozenset({"定义", "作用"})  # what a bare concept title answers about its concept
_WHY_IT_WORKS = frozenset({"原因", "作用"})  # ResNet 起作用的原因: what a bare `Resnet` explains too
_ANSWERS_READ = 8  # answers of a page a unit's answer is read against: more than real pages hold
_BARE_ANSWERS = 0.2  # two titles that only name something unknown must have answers this alike


def clusters_in_order(units: list[Unit], cluster_of: dict[str, Cluster]) -> list[Cluster]:
    """Each distinct cluster once, in the order of its first unit, members in note order."""
    order = {unit.id: n for n, unit in enumerate(units)}
    result, seen = [], set()
    for unit in units:
        cluster = cluster_of[unit.id]
        if id(cluster) not in seen:
            seen.add(id(cluster))
            cluster.members.sort(key=lambda u: order[u.id])
            result.append(cluster)
    return result


def _key(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


def _jaccard(a, b) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def _aspect_fit(sa: Signature, sb: Signature) -> tuple[float, str]:
    """How well what two wordings ask about their concepts agrees, and what they ask."""
    a, b = sa.aspects, sb.aspects
    if a == b:
        return 1.0, _names(a)
    if a and b:
        if a & b:
            return (0.85 if (a <= b or b <= a) else 0.75), _names(a & b)
        return 0.0, f"{_names(a)} vs {_names(b)}"
    asking = sa if a else sb
    vague = sb if a else sa
    if vague.words:  # 如何对梯度下降法进行调优: asks something the vocabulary has no aspect for
        return 0.0, f"{_names(asking.aspects)} vs {_names(vague.words)}"
    return 0.8, _names(asking.aspects)


def _near(similarity: float) -> float:
    """A fuzzy string similarity counts only when the two wordings are nearly the same."""
    return similarity if similarity >= 0.85 else 0.0


def _other_variant(sa: Signature, sb: Signature) -> bool:
    """`sa` names a variant of a concept (局部响应+归一化) whose modifier `sb` never says: `sb` asks about
    the concept itself or another variant. (为什么需要非线性激活函数 / 为什么激活函数需要非线性 say the same.)"""
    return any(variant.partition("+")[0] not in sb.text for variant in sa.variants - sb.variants)


def _beside(small: Signature, large: Signature) -> bool:
    """`large` names `small`'s concepts and others coordinated with one of them (梯度消失 /
    梯度消失和梯度爆炸): a broader wording. Others coordinated only among themselves narrow it
    (RNN / RNN 梯度消失和梯度爆炸)."""
    extra = set(large.concepts) - set(small.concepts)
    return extra <= large.coordinated and bool(set(small.concepts) & large.coordinated)


def _word_fit(a: frozenset[str], b: frozenset[str]) -> float:
    """Other words on both sides (调试 vs 范围) say two wordings ask different things."""
    if a == b:
        return 1.0
    if not a or not b:  # one wording says more: narrower, unless it says a good deal more
        return 0.85 if len(a or b) < _OWN_WORDS else 0.6
    if _jaccard(a, b) >= 0.5:
        return 0.85
    return 0.6


def _names(items) -> str:
    return "{" + ", ".join(sorted(items)) + "}"


def merge_units(units: list[Unit], words: Vocabulary | None = None) -> list[Cluster]:
    """Group units asking the same question; every unit is in exactly one cluster."""
    return Merger(units, words).clusters()
