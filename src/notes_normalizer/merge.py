"""Merge: find the question units that ask the same thing, across notes and within one.

Authors answer one question very differently while common words (梯度, 卷积) tie unrelated ones,
so the question's wording decides and the answer only breaks ties:

1. Each unit gets a *signature* from its wording: the concepts it names (vocabulary synonyms
   folded: BN = 批归一化 = Batch Normalization, 1x1 = 1*1 = 1×1), the aspects it asks about
   (原因, 作用, 区别 …), and its remaining words.
2. Candidate pairs share a concept or a rare word (an inverted index, so no all-pairs scan).
3. A pair's score follows explainable rules (same concepts and aspects; a question that only
   adds a coordinated concept, 梯度消失 → 梯度消失和梯度爆炸; a bare concept title such as
   `## 梯度消失`, decided by how much its answer shares with the other), see `score`.
4. Average-linkage clustering over the candidate pairs, best pairs first, deterministic.

Every decision carries a reason, printed by `notes-kb merges`.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from itertools import combinations

from .questions import Unit
from .vocabulary import Vocabulary, normalize, vocabulary

# Chosen by measurement on tests/data/labelled-merges.yml (see `notes-kb merges --labels`).
THRESHOLD = 0.7

_COORDINATOR = re.compile(r"^\s*(?:[和与及或跟、,，/&]|以及|还有)\s*$")
_PUNCTUATION = re.compile(r"^[\W_]+$")


@dataclass(frozen=True)
class Signature:
    concepts: tuple[str, ...]  # in order of mention; the first is the question's subject
    aspects: frozenset[str]
    words: frozenset[str]  # remaining content words of the wording
    coordinated: frozenset[str]  # concepts joined by 和/与/、 to another concept of the wording
    subject: tuple[str, ...] = ()  # concepts of the first clause: "什么是BN？…学习率…" is about BN

    @property
    def bare(self) -> bool:
        """A title that only names concepts (`## 梯度消失`, `**RNN**`): what it asks is unknown."""
        return bool(self.concepts) and not self.aspects and not self.words


def signature(title: str, words: Vocabulary) -> Signature:
    unworded, rest = signature_before_cut(title, words)
    return with_content_words(unworded, rest, words)


def signature_before_cut(title: str, words: Vocabulary) -> tuple[Signature, str]:
    """The signature without its content words (they need jieba), and the text they come from."""
    text = normalize(title)
    mentions = words.mentions(text)
    concepts = tuple(words.concepts_in(text))
    coordinated: set[str] = set()
    for left, right in zip(mentions, mentions[1:], strict=False):
        if _COORDINATOR.match(text[left.end:right.start]):
            coordinated.update(left.concepts + right.concepts)
    for mention in mentions:  # 梯度消失/爆炸 names two coordinated concepts at once
        if len(mention.concepts) > 1:
            coordinated.update(mention.concepts)
    first_clause = re.split(r"[?？;；。]", text.strip(" ?？;；。"), maxsplit=1)[0]
    unworded = Signature(concepts, frozenset(words.aspects_in(text)), frozenset(), frozenset(coordinated),
                         tuple(words.concepts_in(first_clause)) or concepts)
    return unworded, words.strip_concepts(text)


def with_content_words(unworded: Signature, rest: str, words: Vocabulary) -> Signature:
    aspect_parts = words.aspect_parts  # holds the aspect words themselves too
    tokens = {token.strip() for token in words.cut(rest)}
    content = frozenset(t for t in tokens if t and t not in words.stopwords and t not in aspect_parts
                        and not _PUNCTUATION.match(t))
    return dataclasses.replace(unworded, words=content)


def answer_tokens(text: str, words: Vocabulary) -> list[str]:
    """Words of an answer for comparing answers: concepts folded, stopwords and symbols dropped."""
    concepts, rest = answer_concepts(text, words)
    return concepts + answer_words(rest, words)


def answer_concepts(text: str, words: Vocabulary) -> tuple[list[str], str]:
    """The answer's concepts as tokens, and the text left for jieba."""
    concepts, rest = words.split_concepts(re.sub(r"<[^>]+>|\$[^$]*\$|https?://\S+", " ", text))
    return [f"#{c}" for c in concepts], rest


def answer_words(rest: str, words: Vocabulary) -> list[str]:
    return [t for t in words.cut(rest)
            if t.strip() and t not in words.stopwords and not _PUNCTUATION.match(t) and len(t) > 1]


@dataclass(frozen=True)
class Score:
    value: float
    reason: str


@dataclass
class Cluster:
    members: list[Unit]
    scores: dict[tuple[str, str], Score] = field(default_factory=dict)  # accepted pairs, by unit id

    @property
    def ids(self) -> list[str]:
        return [unit.id for unit in self.members]


_BATCH_FROM = 20000  # below this, importing scipy costs more than the loop it saves
_BATCH_SIZE = 50000


def tfidf_vectors(documents: list[list[str]]) -> list[dict[str, float]]:
    """TF-IDF vectors of tokenised documents, of unit length, as sparse dicts: term frequency
    1 + ln(count), idf ln((1 + n) / (1 + df)) + 1 (scikit-learn's TfidfVectorizer with
    sublinear_tf, whose numbers these are, without its two seconds of import)."""
    counts = [Counter(tokens) for tokens in documents]
    frequency = Counter(term for count in counts for term in count)
    idf = {term: math.log((1 + len(documents)) / (1 + df)) + 1 for term, df in frequency.items()}
    vectors = []
    for count in counts:
        vector = {term: (1 + math.log(n)) * idf[term] for term, n in count.items()}
        norm = math.sqrt(sum(value * value for value in vector.values()))
        vectors.append({term: value / norm for term, value in vector.items()} if norm else {})
    return vectors


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    """Dot product of two unit-length sparse vectors."""
    if len(a) > len(b):
        a, b = b, a
    return sum(value * b.get(term, 0.0) for term, value in a.items())


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
        self._answers: dict[tuple[str, str], float] = {}

    @cached_property
    def _answer_vectors(self) -> dict[str, dict[str, float]]:
        vectors = tfidf_vectors([self._analyses[unit.id].answer_tokens if unit.id in self._analyses
                                 else answer_tokens(unit.answer, self.words) for unit in self.units])
        return {unit.id: vector for unit, vector in zip(self.units, vectors, strict=True)}

    def answer_similarities(self, pairs: list[tuple[str, str]]) -> list[float]:
        """Cosine similarities of many pairs of units' answers (by unit id). Above a few thousand
        pairs a sparse matrix product (scipy) beats a Python loop over dicts many times over;
        below, it is not worth importing scipy for. Same numbers either way (to rounding)."""
        if len(pairs) < _BATCH_FROM:
            vectors = self._answer_vectors
            return [cosine(vectors[a], vectors[b]) for a, b in pairs]
        import numpy as np

        matrix, row = self._answer_matrix
        values: list[float] = []
        for start in range(0, len(pairs), _BATCH_SIZE):  # bounded memory on big sites
            chunk = pairs[start:start + _BATCH_SIZE]
            left = matrix[np.fromiter((row[a] for a, _ in chunk), dtype=np.int64, count=len(chunk))]
            right = matrix[np.fromiter((row[b] for _, b in chunk), dtype=np.int64, count=len(chunk))]
            values.extend(np.asarray(left.multiply(right).sum(axis=1)).ravel().tolist())
        return values

    @cached_property
    def _answer_matrix(self):
        """The answer vectors as rows of a sparse matrix, and each unit id's row."""
        import numpy as np
        from scipy.sparse import csr_matrix

        vectors = self._answer_vectors
        row = {unit_id: n for n, unit_id in enumerate(vectors)}
        terms: dict[str, int] = {}
        data, indices, indptr = [], [], [0]
        for vector in vectors.values():
            for term, value in vector.items():
                indices.append(terms.setdefault(term, len(terms)))
                data.append(value)
            indptr.append(len(indices))
        matrix = csr_matrix((np.asarray(data, dtype=float), np.asarray(indices, dtype=np.int64),
                             np.asarray(indptr, dtype=np.int64)), shape=(len(row), max(len(terms), 1)))
        return matrix, row

    def prefetch_answers(self, pairs: list[tuple[Unit, Unit]]) -> None:
        """Answer similarities of the pairs about to be scored, in one batch when that pays."""
        todo = list({_key(a.id, b.id) for a, b in pairs} - self._answers.keys())
        if len(todo) >= _BATCH_FROM:
            self._answers.update(zip(todo, self.answer_similarities(todo), strict=True))

    def answer_similarity(self, a: str, b: str) -> float:
        """Cosine similarity of two units' answers (by unit id)."""
        key = _key(a, b)
        if key not in self._answers:
            self._answers[key] = cosine(self._answer_vectors[a], self._answer_vectors[b])
        return self._answers[key]

    # --- scoring --------------------------------------------------------------------------------

    def score(self, a: Unit, b: Unit) -> Score:
        key = (a.id, b.id) if a.id < b.id else (b.id, a.id)
        if key not in self._cache:
            self._cache[key] = self._score(a, b)
        return self._cache[key]

    def _score(self, a: Unit, b: Unit) -> Score:
        sa, sb = self.signatures[a.id], self.signatures[b.id]
        ca, cb = set(sa.concepts), set(sb.concepts)
        answers = self.answer_similarity(a.id, b.id)
        words = _jaccard(sa.words, sb.words)
        if not ca and not cb:
            value = 0.5 * words + 0.5 * _jaccard(sa.aspects, sb.aspects) if sa.aspects or sb.aspects else words
            return Score(value, f"no known concept; wording overlap {words:.2f}")
        if not ca or not cb:
            return Score(0.0, "only one names a known concept")
        if sa.bare or sb.bare:
            return self._bare(sa, sb, answers)
        if ca == cb:
            concept_fit, how = 1.0, f"same concepts {_names(ca)}"
        elif ca < cb or cb < ca:
            small, large = (sa, sb) if ca < cb else (sb, sa)
            extra = set(large.concepts) - set(small.concepts)
            if not extra <= large.coordinated:
                return Score(0.1, f"{_names(extra)} narrows the question: related, not the same")
            concept_fit, how = 0.85, f"{_names(set(small.concepts))} is part of {_names(set(large.concepts))}"
        else:
            return Score(0.0, f"different concepts {_names(ca)} / {_names(cb)}")
        aspects = _aspect_fit(sa.aspects, sb.aspects)
        if aspects == 0.0:
            return Score(0.2 * concept_fit, f"{how}, but asks {_names(sa.aspects)} vs {_names(sb.aspects)}")
        # Other words on both sides (调试 vs 范围) say the two ask different things about one concept.
        penalty = 0.0
        if sa.words and sb.words and words < 0.5:
            penalty = 0.25 if words == 0 else 0.15
        value = concept_fit * (0.6 + 0.4 * aspects) - penalty + 0.1 * answers
        aspect_text = _names(sa.aspects & sb.aspects) or _names(sa.aspects | sb.aspects)
        return Score(min(value, 1.0), f"{how}; asks {aspect_text}; answers {answers:.2f}")

    def _bare(self, sa: Signature, sb: Signature, answers: float) -> Score:
        bare, other = (sa, sb) if sa.bare else (sb, sa)
        if sa.bare and sb.bare:
            if set(sa.concepts) == set(sb.concepts):
                return Score(0.9, f"both titles just name {_names(set(sa.concepts))}")
            return Score(0.0, "different concepts")
        subject = set(other.subject)
        if not set(bare.concepts) <= subject or other.subject[0] not in bare.concepts:
            return Score(0.0, f"{_names(set(bare.concepts))} is not what the other asks about")
        extra = subject - set(bare.concepts)
        if extra and not extra <= other.coordinated:
            return Score(0.1, f"{_names(extra)} narrows the question")
        value = 0.55 + 0.2 * ("定义" in other.aspects) + answers
        return Score(min(value, 0.95), f"title just names {_names(set(bare.concepts))}; "
                                        f"answers share {answers:.2f}")

    # --- clustering -----------------------------------------------------------------------------

    def candidate_pairs(self) -> list[tuple[Unit, Unit]]:
        """The only pairs that can score as the same question (see `blocking_keys`), from an
        inverted index: near-linear in the number of units, never all pairs. Two wordings that
        both had to drop a concept to share a key (A和B, A和C) can never be the same question,
        so they are not paired."""
        exact: dict[str, list[int]] = defaultdict(list)
        reduced: dict[str, list[int]] = defaultdict(list)
        for position, unit in enumerate(self.units):
            whole, partial = blocking_keys(self.signatures[unit.id])
            for key in whole:
                exact[key].append(position)
            for key in partial - whole:
                reduced[key].append(position)
        pairs = set()
        for key, positions in exact.items():
            for i, first in enumerate(positions):
                for second in positions[i + 1:]:
                    pairs.add((first, second))
                for second in reduced.get(key, ()):
                    pairs.add((min(first, second), max(first, second)))
        return [(self.units[i], self.units[j]) for i, j in sorted(pairs)]

    def clusters(self) -> list[Cluster]:
        pairs = self.candidate_pairs()
        self.prefetch_answers(pairs)
        scored = [(self.score(a, b), a, b) for a, b in pairs]
        scored = [(s, a, b) for s, a, b in scored if s.value >= self.threshold]
        scored.sort(key=lambda item: (-item[0].value, item[1].id, item[2].id))
        cluster_of = {u.id: Cluster([u]) for u in self.units}
        for score, a, b in scored:
            first, second = cluster_of[a.id], cluster_of[b.id]
            if first is second or not self._joinable(first, second):
                continue
            first.members.extend(second.members)
            first.scores.update(second.scores)
            first.scores[(a.id, b.id)] = score
            for unit in second.members:
                cluster_of[unit.id] = first
        return clusters_in_order(self.units, cluster_of)

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

    def _joinable(self, first: Cluster, second: Cluster) -> bool:
        """Average linkage: the two clusters' members are, on average, the same question."""
        values = [self.score(a, b).value for a in first.members for b in second.members]
        return sum(values) / len(values) >= self.threshold


_MAX_OPTIONAL = 4  # coordinated concepts a wording may drop when it is keyed (2**4 keys at most)


def blocking_keys(sig: Signature) -> tuple[set[str], set[str]]:
    """Keys two units share whenever `Merger.score` could call them the same question: (the keys
    of the wording as it is, the keys with some coordinated concepts dropped, 梯度消失和梯度爆炸
    also keyed as 梯度消失), for the whole wording and for its first clause. Wordings without a
    known concept are keyed by their words."""
    if not sig.concepts:
        words = {f"w:{word}" for word in sig.words}
        return words, words
    whole, partial = set(), set()
    for concepts in (set(sig.concepts), set(sig.subject)):
        whole.add("#" + "|".join(sorted(concepts)))
        optional = sorted(concepts & sig.coordinated)[:_MAX_OPTIONAL]
        for size in range(1, len(optional) + 1):
            for dropped in combinations(optional, size):
                rest = concepts - set(dropped)
                if rest:
                    partial.add("#" + "|".join(sorted(rest)))
    return whole, partial


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


def _aspect_fit(a: frozenset[str], b: frozenset[str]) -> float:
    if a == b:
        return 1.0
    if not a or not b:
        return 0.5
    if a & b:
        return 0.75 if (a <= b or b <= a) else 0.6
    return 0.0


def _names(items) -> str:
    return "{" + ", ".join(sorted(items)) + "}"


def merge_units(units: list[Unit], words: Vocabulary | None = None) -> list[Cluster]:
    """Group units asking the same question; every unit is in exactly one cluster."""
    return Merger(units, words).clusters()
