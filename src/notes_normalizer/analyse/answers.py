"""Answer similarity: TF-IDF vectors of the answers' words, compared by cosine."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable
from functools import cached_property

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


class Answers:
    """The answers of a set of units, compared by the cosine of their TF-IDF vectors."""

    def __init__(self, documents: Callable[[], dict[str, list[str]]]):
        """`documents`: each unit id's answer words, asked for when answers are first compared."""
        self._documents = documents
        self._known: dict[tuple[str, str], float] = {}

    @cached_property
    def _vectors(self) -> dict[str, dict[str, float]]:
        documents = self._documents()
        return dict(zip(documents, tfidf_vectors(list(documents.values())), strict=True))

    def similarities(self, pairs: list[tuple[str, str]]) -> list[float]:
        """Cosine similarities of many pairs of units' answers (by unit id). Above a few thousand
        pairs a sparse matrix product (scipy) beats a Python loop over dicts many times over;
        below, it is not worth importing scipy for. Same numbers either way (to rounding)."""
        if len(pairs) < _BATCH_FROM:
            vectors = self._vectors
            return [cosine(vectors[a], vectors[b]) for a, b in pairs]
        import numpy as np

        matrix, row = self._matrix
        values: list[float] = []
        for start in range(0, len(pairs), _BATCH_SIZE):  # bounded memory on big sites
            chunk = pairs[start:start + _BATCH_SIZE]
            left = matrix[np.fromiter((row[a] for a, _ in chunk), dtype=np.int64, count=len(chunk))]
            right = matrix[np.fromiter((row[b] for _, b in chunk), dtype=np.int64, count=len(chunk))]
            values.extend(np.asarray(left.multiply(right).sum(axis=1)).ravel().tolist())
        return values

    @cached_property
    def _matrix(self):
        """The answer vectors as rows of a sparse matrix, and each unit id's row."""
        import numpy as np
        from scipy.sparse import csr_matrix

        vectors = self._vectors
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

    def similarity(self, a: str, b: str) -> float:
        """Cosine similarity of two units' answers (by unit id)."""
        key = (a, b) if a < b else (b, a)
        if key not in self._known:
            self._known[key] = cosine(self._vectors[a], self._vectors[b])
        return self._known[key]

