"""Candidate pairs by blocking keys: near-linear, never all pairs of a block."""

from __future__ import annotations

from itertools import combinations

from notes_normalizer.analyse.signature import Signature

PER_KEY = 64  # pages (or earlier units) of one blocking key a unit is compared with, at most
_MAX_OPTIONAL = 4  # coordinated concepts a wording may drop when it is keyed (2**4 keys at most)


def blocking_keys(sig: Signature) -> tuple[set[str], set[str]]:
    """(the keys a page is filed under, the keys a unit looks under): two units share one whenever
    `Merger.score` could call them the same question. Per clause: its concepts (and, 梯度消失和
    梯度爆炸 also filed as 梯度消失, with some coordinated concepts dropped) with each aspect it
    asks and each other word, so a big site's many questions about one concept are only compared
    when they ask alike; a wording that asks no known aspect looks at all of the concept's pages. A clause without a
    known concept is keyed by its words, a wording by itself. Every key holds the numbers, which
    must be equal anyway: templated questions that differ only in their numbers never meet."""
    filed = {"=" + sig.key}
    looks = set(filed)
    for part in (*sig.clauses, sig):
        if not part.concepts:
            words = {f"w:{word}" for word in part.words}
            filed |= words
            looks |= words
            continue
        aspects = sorted(part.aspects) or ["-"]
        words = sorted(part.words) or ["-"]
        for concepts, whole in _concept_keys(part):
            # Two wordings that both drop a concept to meet (A和B, A和C) are never the same question:
            # a reduced key (R) only meets a whole one (W).
            tag = "W" if whole else "R"
            filed.add(f"{tag}{concepts}/*")
            filed.update(f"{tag}{concepts}/{aspect}/*" for aspect in aspects)
            filed.update(f"{tag}{concepts}/{aspect}/{word}" for aspect in aspects for word in words)
            if not part.aspects:  # asks nothing the vocabulary names: any question about the concept
                wanted = [f"{concepts}/*"]
            elif part.words:  # other words on both sides must share one (`_word_fit`)
                wanted = [f"{concepts}/{aspect}/{word}" for aspect in (*part.aspects, "-")
                          for word in (*part.words, "-")]
            else:
                wanted = [f"{concepts}/{aspect}/*" for aspect in (*part.aspects, "-")]
            looks.update(f"{other}{key}" for key in wanted for other in ("WR" if whole else "W"))
    numbers = ",".join(sig.numbers)
    return {numbers + key for key in filed}, {numbers + key for key in looks}


def _concept_keys(part: Signature) -> set[tuple[str, bool]]:
    """(concepts, whole): the wording's concepts (whole, also those of its first clause) and, with
    some coordinated concepts dropped, reduced (梯度消失和梯度爆炸 -> 梯度消失)."""
    keys = set()
    for concepts in (set(part.concepts), set(part.subject)):
        keys.add(("#" + "|".join(sorted(concepts)), True))
        optional = sorted(concepts & part.coordinated)[:_MAX_OPTIONAL]
        for size in range(1, len(optional) + 1):
            for dropped in combinations(optional, size):
                rest = concepts - set(dropped)
                if rest:
                    keys.add(("#" + "|".join(sorted(rest)), False))
    return keys
