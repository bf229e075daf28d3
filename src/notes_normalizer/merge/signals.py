"""The merge signals: named rules, each `signal(pair) -> Score | None`, that say whether two question
units ask the same question (../shared/corpora/SAME-QUESTION.md). How they combine, everywhere:

1. `DECISIVE`: the first signal that answers decides the pair (different numbers veto; the same
   wording settles it).
2. Otherwise each pair of clauses (神经网络的正则化方法？过拟合的解决方法？ asks two things) is decided by
   the first of `CLAUSE_SIGNALS` that answers; the best clause pair, a later clause a little less sure,
   is the pair's score.
3. `OVERRULING`: the first of these that answers replaces that score (one note rarely asks one
   question twice; vague wordings of one concept defer to their answers).

Every number lives in `weights.Weights`; each signal has a test named after it."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

from rapidfuzz.fuzz import token_sort_ratio

from notes_normalizer.analyse.signature import Signature
from notes_normalizer.merge.weights import Weights
from notes_normalizer.split.units import Unit
from notes_normalizer.split.wording import reads_as_question

_EXPLAINS = frozenset({"定义", "作用"})  # what a bare concept title answers about its concept
_WHAT_IT_IS = frozenset({"定义"})  # of those, what it is
_WHY_IT_WORKS = frozenset({"原因", "作用"})  # ResNet 起作用的原因: what a bare `Resnet` explains too


@dataclass(frozen=True)
class Score:
    value: float
    reason: str
    signal: str = ""  # the name of the signal that decided it


@dataclass(frozen=True)
class Pair:
    """Two units, the wordings (or clauses) a signal reads, their answers' similarity (computed only
    when a signal asks: a third of a big merge) and, for the overruling signals, the clauses' score."""

    a: Unit
    b: Unit
    sa: Signature
    sb: Signature
    answers: Callable[[], float]
    weights: Weights
    clauses: Score | None = None


Signal = Callable[[Pair], Score | None]


def score_pair(pair: Pair) -> Score:
    """The pair's score, by the three steps of the module's docstring."""
    for name, signal in DECISIVE:
        if (score := signal(pair)) is not None:
            return dataclasses.replace(score, signal=name)
    best: Score | None = None
    for i, part_a in enumerate(pair.sa.parts):
        for j, part_b in enumerate(pair.sb.parts):
            score = score_clauses(dataclasses.replace(pair, sa=part_a, sb=part_b))
            if (i or j) and score.value:
                score = dataclasses.replace(score, value=score.value * pair.weights.later_clause,
                                            reason=f"{score.reason} (one clause of a broader wording)")
            if best is None or score.value > best.value:
                best = score
    for name, signal in OVERRULING:
        if (score := signal(dataclasses.replace(pair, clauses=best))) is not None:
            return dataclasses.replace(score, signal=name)
    return best


def score_clauses(pair: Pair) -> Score:
    for name, signal in CLAUSE_SIGNALS:
        if (score := signal(pair)) is not None:
            return dataclasses.replace(score, signal=name)
    raise AssertionError("the last clause signal always answers")


# --- decisive ---------------------------------------------------------------------------------------

def different_numbers(pair: Pair) -> Score | None:
    """第 3 层 / 第 4 层, VGG16 / VGG19: numbers must be equal."""
    if pair.sa.numbers != pair.sb.numbers:
        return Score(0.0, f"different numbers {names(pair.sa.numbers)} / {names(pair.sb.numbers)}")
    return None


def same_wording(pair: Pair) -> Score | None:
    """The same folded wording, when it names or asks something (`总结` / `总结` is no question)."""
    sa = pair.sa
    if sa.key and sa.key == pair.sb.key and (sa.concepts or sa.aspects or reads_as_question(pair.a.title)):
        return Score(1.0, "same wording")
    return None


# --- clauses ----------------------------------------------------------------------------------------

def nothing_named(pair: Pair) -> Score | None:
    """Neither wording names a known concept: what is left of them must be the same question."""
    sa, sb, w = pair.sa, pair.sb, pair.weights
    if sa.concepts or sb.concepts:
        return None
    if not sa.words or not sb.words:
        return Score(0.0, "no known concept, nothing else to compare")
    aspects, asks = aspect_fit(sa, sb, w) if (sa.aspects or sb.aspects) else (1.0, "{}")
    if aspects == 0.0:
        return Score(0.0, f"no known concept; asks {asks}")
    own_a = {word for word in sa.words - sb.words if word not in sb.text}
    own_b = {word for word in sb.words - sa.words if word not in sa.text}
    if own_a and own_b:  # 一元函数 / 多元函数: the words they differ in name different things
        return Score(0.0, f"no known concept; differ in {names(own_a)} / {names(own_b)}")
    # Shared words, or the wordings nearly the same string (spelling and word order aside).
    similarity = token_sort_ratio(sa.text, sb.text) / 100
    overlap = max(_jaccard(sa.words, sb.words), similarity if similarity >= w.near_string else 0.0)
    shared = pair.answers()
    asks_nothing = not (sa.aspects or sb.aspects or reads_as_question(sa.text) or reads_as_question(sb.text))
    if asks_nothing and shared < w.unnamed_answers:  # 总结 / 总结: names of sections, not questions
        return Score(0.0, f"no known concept, asks nothing; answers share {shared:.2f}")
    return Score(min(aspects * overlap + w.answer_bonus * shared, 1.0),
                 f"no known concept; words {names(sa.words & sb.words)} ({overlap:.2f}); asks {asks}")


def one_names_a_concept(pair: Pair) -> Score | None:
    if not pair.sa.concepts or not pair.sb.concepts:
        return Score(0.0, "only one names a known concept")
    return None


def other_variant(pair: Pair) -> Score | None:
    """局部响应归一化 is not 归一化: a named variant the other wording never says."""
    sa, sb = pair.sa, pair.sb
    if names_another_variant(sa, sb) or names_another_variant(sb, sa):
        return Score(0.0, f"named variants differ {names(sa.variants)} / {names(sb.variants)}")
    return None


def bare_title(pair: Pair) -> Score | None:
    """A title that only names a concept is the question asking what it is or what it does."""
    sa, sb, w = pair.sa, pair.sb, pair.weights
    if not sa.bare and not sb.bare:
        return None
    bare, other = (sa, sb) if sa.bare else (sb, sa)
    if sa.bare and sb.bare:
        ca, cb = set(sa.concepts), set(sb.concepts)
        if ca == cb:
            return Score(w.both_bare, f"both titles just name {names(ca)}")
        small, large = (sa, sb) if ca < cb else (sb, sa)
        if (ca < cb or cb < ca) and beside(small, large):
            # RNN 梯度消失 / RNN 梯度爆炸/梯度消失: one names a concept the other names beside another
            return Score(w.both_bare_beside, f"both titles just name {names(set(small.concepts))}, "
                                             f"one beside {names(set(large.concepts) - set(small.concepts))}")
        return Score(0.0, "different concepts")
    if set(other.subject) != set(bare.concepts):
        return Score(0.0, f"{names(set(bare.concepts))} is not all the other asks about")
    named = names(set(bare.concepts))
    if other.words:
        return Score(0.0, f"title just names {named}; the other asks about {names(other.words)}")
    shared = pair.answers()
    if other.aspects <= _EXPLAINS or other.aspects == _WHY_IT_WORKS:
        # A page asking what the concept is fits it a little better than one asking what it does.
        defines = other.aspects <= _WHAT_IT_IS
        value = w.bare_explains - (0.0 if defines else w.bare_does_not_define) + w.bare_explains_answers * shared
        return Score(min(value, w.bare_ceiling),
                     f"title just names {named}; the other asks {'what it is' if defines else names(other.aspects)}; "
                     f"answers share {shared:.2f}")
    # It asks one thing about the concept (常见的激活函数): the same only if the answers say so.
    return Score(min(w.bare_asks_one_thing + shared, w.bare_ceiling),
                 f"title just names {named}; the other asks {names(other.aspects)}; answers share {shared:.2f}")


def concepts_and_aspects(pair: Pair) -> Score:
    """The same concepts (or one's inside the other's, coordinated), asking the same or a narrower or
    broader aspect, in words that do not say something else."""
    sa, sb, w = pair.sa, pair.sb, pair.weights
    ca, cb = set(sa.concepts), set(sb.concepts)
    if ca == cb:
        concept_fit, how = 1.0, f"same concepts {names(ca)}"
    elif ca < cb or cb < ca:
        small, large = (sa, sb) if ca < cb else (sb, sa)
        if not beside(small, large):
            extra = names(set(large.concepts) - set(small.concepts))
            return Score(w.concept_narrowed, f"{extra} narrows the question: related, not the same")
        concept_fit = w.concept_part
        how = f"{names(set(small.concepts))} is part of {names(set(large.concepts))}"
        if sa.aspects <= _WHAT_IT_IS and sb.aspects <= _WHAT_IT_IS:
            # 什么是梯度爆炸 / 梯度消失和梯度爆炸是什么: one concept's definition, or the pair's (each page
            # defines its own); what causes one of them is what causes the pair, and merges
            concept_fit, how = w.concept_part_defined, f"{how}, each asks what it names"
    else:
        return Score(0.0, f"different concepts {names(ca)} / {names(cb)}")
    aspects, asks = aspect_fit(sa, sb, w)
    if aspects == 0.0:
        return Score(0.0, f"{how}, but asks {asks}")
    shared = pair.answers()
    value = concept_fit * aspects * word_fit(sa.words, sb.words, w) + w.answer_bonus * shared
    return Score(min(value, 1.0), f"{how}; asks {asks}; answers {shared:.2f}")


# --- overruling -------------------------------------------------------------------------------------

def one_note(pair: Pair) -> Score | None:
    """A note rarely asks one question twice: two of its questions need a near certainty."""
    best = pair.clauses
    if pair.a.note == pair.b.note and best.value < pair.weights.same_note:
        return Score(0.0, f"two questions of one note ({best.value:.2f}: {best.reason})")
    return None


def vague_wordings(pair: Pair) -> Score | None:
    """Same concepts, both answered, and what they ask does not clash (aspects or other words on both
    sides, none shared): one wording says what it asks in words no aspect names (CNN两大神器 vs
    CNN的特性), so the answers decide."""
    sa, sb, w = pair.sa, pair.sb, pair.weights
    if pair.a.note == pair.b.note or pair.clauses.value >= w.threshold:
        return None
    vague = (bool(sa.concepts) and set(sa.concepts) == set(sb.concepts) and pair.a.answered and pair.b.answered
             and not sa.bare and not sb.bare  # a bare title has its own signal
             and not names_another_variant(sa, sb) and not names_another_variant(sb, sa)
             and not (sa.aspects and sb.aspects and not sa.aspects & sb.aspects)
             and not (sa.words and sb.words and not sa.words & sb.words)
             and len(sa.words) <= w.vague_words and len(sb.words) <= w.vague_words)
    if not vague or (shared := pair.answers()) < w.answers_agree:
        return None
    return Score(min(w.threshold + (shared - w.answers_agree) / 2, w.vague_ceiling),
                 f"same concepts {names(set(sa.concepts))}, wordings vague; answers agree {shared:.2f}")


DECISIVE: tuple[tuple[str, Signal], ...] = (
    ("different-numbers", different_numbers),
    ("same-wording", same_wording),
)
CLAUSE_SIGNALS: tuple[tuple[str, Signal], ...] = (
    ("nothing-named", nothing_named),
    ("one-names-a-concept", one_names_a_concept),
    ("other-variant", other_variant),
    ("bare-title", bare_title),
    ("concepts-and-aspects", concepts_and_aspects),
)
OVERRULING: tuple[tuple[str, Signal], ...] = (
    ("one-note", one_note),
    ("vague-wordings", vague_wordings),
)
SIGNALS = (*DECISIVE, *CLAUSE_SIGNALS, *OVERRULING)


# --- what the signals share ---------------------------------------------------------------------------

def aspect_fit(sa: Signature, sb: Signature, w: Weights) -> tuple[float, str]:
    """How well what two wordings ask about their concepts agrees, and what they ask."""
    a, b = sa.aspects, sb.aspects
    if a == b:
        return 1.0, names(a)
    if a and b:
        if a & b:
            return (w.aspects_nested if (a <= b or b <= a) else w.aspects_overlap), names(a & b)
        return 0.0, f"{names(a)} vs {names(b)}"
    asking = sa if a else sb
    vague = sb if a else sa
    if vague.words:  # 如何对梯度下降法进行调优: asks something the vocabulary has no aspect for
        return 0.0, f"{names(asking.aspects)} vs {names(vague.words)}"
    return w.aspect_one_sided, names(asking.aspects)


def word_fit(a: frozenset[str], b: frozenset[str], w: Weights) -> float:
    """Other words on both sides (调试 vs 范围) say two wordings ask different things."""
    if a == b:
        return 1.0
    if not a or not b:  # one wording says more: narrower, unless it says a good deal more
        return w.words_few_more if len(a or b) < w.own_words else w.words_many_more
    return w.words_overlap if _jaccard(a, b) >= 0.5 else w.words_apart


def names_another_variant(sa: Signature, sb: Signature) -> bool:
    """`sa` names a variant of a concept (局部响应+归一化) whose modifier `sb` never says: `sb` asks about
    the concept itself or another variant. (为什么需要非线性激活函数 / 为什么激活函数需要非线性 say the same.)"""
    return any(variant.partition("+")[0] not in sb.text for variant in sa.variants - sb.variants)


def beside(small: Signature, large: Signature) -> bool:
    """`large` names `small`'s concepts and others coordinated with one of them (梯度消失 /
    梯度消失和梯度爆炸): a broader wording. Others coordinated only among themselves narrow it
    (RNN / RNN 梯度消失和梯度爆炸)."""
    extra = set(large.concepts) - set(small.concepts)
    return extra <= large.coordinated and bool(set(small.concepts) & large.coordinated)


def names(items) -> str:
    return "{" + ", ".join(sorted(items)) + "}"


def _jaccard(a, b) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0
