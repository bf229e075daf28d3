"""General deep-learning vocabulary, kept as data (`data/vocabulary.yml`): concept names with their
synonyms and spellings, what questions ask about them (aspects), topics, and section names that are
not questions.

Nothing in it names a particular note; it is what Chinese deep-learning notes share, and a user can
extend it from `kb.yml`.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache
from pathlib import Path

import yaml

from notes_normalizer.language.jieba_dictionary import jieba
from notes_normalizer.language.segmenter import WordBoundaries, seeded

DATA = Path(__file__).parent / "data"


_TIMES = re.compile(r"\\times|\\\*|[×*✕]")
_KERNEL_SIZE = re.compile(r"(\d)\s*x\s*(\d)")
_SPACES = re.compile(r"\s+")
_HAN = "\u3400-\u9fff\uf900-\ufaff"
_SPACE_AT_SCRIPT_CHANGE = re.compile(rf"(?<=[{_HAN}])\s+(?=[a-z0-9])|(?<=[a-z0-9])\s+(?=[{_HAN}])")


@lru_cache(maxsize=16384)  # a pure function of the text, asked again for every heading, signature and rule
def normalize(text: str) -> str:
    """Fold the spellings one term has in notes: full-width forms, case, spaces between Chinese and
    Latin, and 1x1 / 1*1 / 1×1 / 1X1 / 1\\times 1 for kernel sizes."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = _TIMES.sub("x", text)
    text = _KERNEL_SIZE.sub(r"\1x\2", text)
    text = text.replace("$", "")
    text = _SPACE_AT_SCRIPT_CHANGE.sub("", text)  # "L2 正则化" = "L2正则化"
    return _SPACES.sub(" ", text).strip()


_JOINERS = "的和与及或、是有在对中为比"  # characters that join words (比: X 比 Y 快), never part of a term


@dataclass(frozen=True)
class Mention:
    concepts: tuple[str, ...]  # one, or several for a compound spelling (梯度消失/爆炸)
    start: int
    end: int


@dataclass
class Vocabulary:
    concepts: dict[str, list[str]]  # canonical name -> synonyms and spellings
    kind_of: dict[str, str]  # concept -> broader concept it makes redundant
    compounds: dict[str, list[str]]  # spelling -> several concepts
    aspects: dict[str, list[str]]  # what a question asks about a concept: 原因, 作用 ...
    topics: dict[str, list[str]]  # topic name -> concepts that place a question there
    not_questions: set[str]  # section names that hold no question (参考资料 ...)
    topic_suffixes: list[str]  # 篇, 相关 ...
    follow_up_prefixes: list[str]  # 拓展, 追问 ...
    answer_structure: set[str] = field(default_factory=set)  # headings that only structure an answer: 解答 ...
    collection_words: list[str] = field(default_factory=list)  # a title naming a collection: 面试题, 笔记 ...
    explains_a_concept: set[str] = field(default_factory=set)  # structure alone, a question beside a concept
    stopwords: set[str] = field(default_factory=set)
    neutral: list[str] = field(default_factory=list)  # phrases that only look like aspect words
    query_stopwords: list[str] = field(default_factory=list)  # dropped from search queries
    annotations: list[str] = field(default_factory=list)  # a note's marks on a question: （重点）
    actions: list[str] = field(default_factory=list)  # verbs before a concept: 调节 batch size
    degrees: list[str] = field(default_factory=list)  # 太大, 太小: how much, kept whole (opposites differ)
    additions: str = ""  # the user's additions as canonical JSON: with the bundled data, all it depends on

    # --- words ------------------------------------------------------------------------------

    @cached_property
    def tokenizer(self) -> jieba.Tokenizer:
        """A jieba segmenter of its own that knows every spelling here as one word (深度学习, not
        深度 + 学习). Its own, so that nothing else a process does to jieba changes the results."""
        tokenizer = seeded(jieba.Tokenizer())
        for spelling in sorted({*self.stopwords, *self.degrees, *self.concepts,
                                *(s for ss in self.concepts.values() for s in ss)}):
            if not re.search(r"[a-zA-Z0-9\s]", spelling):
                tokenizer.add_word(spelling)
        return tokenizer

    def cut(self, text: str) -> list[str]:
        return self.tokenizer.lcut(text)

    def word_boundaries(self, text: str) -> WordBoundaries:
        """Offsets in `text` where jieba puts a word boundary (`offset in boundaries`)."""
        return WordBoundaries(text, self.tokenizer)

    # --- matching ---------------------------------------------------------------------------

    @cached_property
    def _spellings(self) -> dict[str, tuple[str, ...]]:
        spellings: dict[str, tuple[str, ...]] = {}
        for concept, synonyms in self.concepts.items():
            for spelling in [concept, *synonyms]:
                spellings.setdefault(normalize(spelling), (concept,))
        for spelling, concepts in self.compounds.items():
            spellings[normalize(spelling)] = tuple(concepts)
        return spellings

    @cached_property
    def concept_of_spelling(self) -> dict[str, str]:
        """Normalised spelling -> the one concept it names (compounds left out)."""
        return {spelling: concepts[0] for spelling, concepts in self._spellings.items() if len(concepts) == 1}

    @cached_property
    def _concept_pattern(self) -> re.Pattern:
        return alternation(self._spellings)

    @cached_property
    def topic_of(self) -> dict[str, str]:
        """Concept -> the topic it places a question in."""
        return {concept: topic for topic, concepts in self.topics.items() for concept in concepts}

    @cached_property
    def _aspect_pattern(self) -> re.Pattern:
        return alternation({normalize(w) for words in self.aspects.values() for w in words})

    @cached_property
    def aspect_words(self) -> frozenset[str]:
        return frozenset(normalize(w) for words in self.aspects.values() for w in words)

    @cached_property
    def particles(self) -> frozenset[str]:
        """The one-character stopwords (的, 是, 时, 有 …)."""
        return frozenset(w for w in self.stopwords if len(w) == 1)

    @cached_property
    def term_breaks(self) -> re.Pattern:
        """What separates the terms of a Chinese wording: joining characters, aspect, question,
        stop and action words."""
        breaks = {w for w in (*self.aspect_words, *self.query_stopwords, *self.stopwords, *self.actions) if len(w) > 1}
        return re.compile("|".join([*map(re.escape, sorted(breaks, key=len, reverse=True)), f"[{_JOINERS}]"]))

    @cached_property
    def aspect_parts(self) -> frozenset[str]:
        """Every non-empty piece of an aspect word (`t in aspect_parts`: t is inside one of them)."""
        return frozenset(word[start:end] for word in self.aspect_words
                         for start in range(len(word)) for end in range(start + 1, len(word) + 1))

    @cached_property
    def _aspect_of(self) -> dict[str, str]:
        return {normalize(w): aspect for aspect, words in self.aspects.items() for w in words}

    def mentions(self, text: str) -> list[Mention]:
        """Concept mentions in `text`, longest spelling first, left to right."""
        text = normalize(text)
        return [Mention(self._spellings[m.group(0)], m.start(), m.end())
                for m in self._concept_pattern.finditer(text)]

    def concepts_in(self, text: str) -> list[str]:
        """Concepts named in `text`, in order, without broader ones a narrower one implies."""
        found: list[str] = []
        for mention in self.mentions(text):
            found.extend(c for c in mention.concepts if c not in found)
        implied = {self.kind_of[c] for c in found if c in self.kind_of}
        implied |= {self.kind_of[c] for c in implied if c in self.kind_of}
        return [c for c in found if c not in implied]

    def aspect_chars(self, text: str) -> int:
        """How many characters of `text` its aspect words take (原理 in 工作原理: 2)."""
        return sum(len(match.group(0)) for match in self._aspect_pattern.finditer(normalize(text)))

    def aspects_in(self, text: str) -> list[str]:
        text = self._concept_pattern.sub(" ", normalize(text))  # 特征图 is not 特征
        for phrase in self.neutral:
            text = text.replace(phrase, " ")
        found = []
        for match in self._aspect_pattern.finditer(text):
            aspect = self._aspect_of[match.group(0)]
            if aspect not in found:
                found.append(aspect)
        return found

    _ELLIPSIS = re.compile(r"\s*(?:[,，、/和与及]|以及)\s*([\u3400-\u9fff]{1,4})")

    def elided_after(self, text: str, mention: Mention) -> str | None:
        """梯度消失,爆炸 / 过拟合与欠拟合: the concept a coordinated word names when it shares the
        mention's first characters (梯度 + 爆炸 = 梯度爆炸), or None."""
        match = self._ELLIPSIS.match(text, mention.end)
        spelling = text[mention.start:mention.end]
        if not match or not re.fullmatch(r"[\u3400-\u9fff]+", spelling):
            return None
        tail = match.group(1)
        for size in range(len(tail), 0, -1):
            for cut in range(1, len(spelling)):
                concepts = self._spellings.get(spelling[:cut] + tail[:size])
                if concepts and len(concepts) == 1 and concepts[0] not in mention.concepts:
                    return concepts[0]
        return None

    def strip_concepts(self, text: str) -> str:
        return self._concept_pattern.sub(" ", normalize(text))

    def split_concepts(self, text: str) -> tuple[list[str], str]:
        """(concepts named, the text without them) in one scan: `concepts_in` and `strip_concepts`."""
        text = normalize(text)
        found: list[str] = []
        pieces, position = [], 0
        for match in self._concept_pattern.finditer(text):
            found.extend(c for c in self._spellings[match.group(0)] if c not in found)
            pieces.append(text[position:match.start()])
            position = match.end()
        pieces.append(text[position:])
        implied = {self.kind_of[c] for c in found if c in self.kind_of}
        implied |= {self.kind_of[c] for c in implied if c in self.kind_of}
        return [c for c in found if c not in implied], " ".join(pieces)

    # --- question structure -----------------------------------------------------------------

    def is_follow_up(self, wording: str) -> bool:
        text = re.sub(r"\*\*|__", "", wording).strip()
        return any(text.startswith(prefix) for prefix in self.follow_up_prefixes) \
            and bool(re.search(r"[?？]\s*$", text))

    def extends_an_answer(self, heading: str) -> bool:
        """`## 拓展`, `## 问题深入`, `### 追问`: a section that goes on to a further question."""
        text = re.sub(r"^问题", "", normalize(heading).strip(" :："))
        return any(text.startswith(prefix) for prefix in self.follow_up_prefixes)

    def strip_follow_up(self, wording: str) -> str:
        text = re.sub(r"\*\*|__", "", wording).strip()
        for prefix in self.follow_up_prefixes:
            if text.startswith(prefix):
                return re.sub(r"^\s*\d*\s*[:：、.]?\s*", "", text[len(prefix):])
        return text

    def holds_no_question(self, title: str) -> bool:
        """参考资料, 目录, 总结, 本章小结: a section of references, navigation or a summary."""
        text = normalize(title).strip(" :：")
        return text in self.not_questions or (len(text) <= 12 and any(
            text.endswith(name) for name in self.not_questions if len(name) >= 2 and name not in self.topic_suffixes))

    def only_structures(self, title: str) -> bool:
        """问题, 解答, 代码实现, 🔥 总结, `3. 结论：`: a heading that only structures an answer (never a
        question, nor a page's title)."""
        text = self._bare_heading(title)
        return text in self.answer_structure or text in self.not_questions

    def structures_an_answer(self, title: str) -> bool:
        """解答, 代码实现, 总结 — but not 参考资料 or 目录, which hold no part of an answer."""
        return self._bare_heading(title) in self.answer_structure

    @staticmethod
    @lru_cache(maxsize=8192)
    def _bare_heading(title: str) -> str:
        text = re.sub(r"[（(][^（()）]*[）)]", " ", title)  # 最佳回答（简短清晰）: an annotation
        text = normalize(re.sub(r"[^\w\s&]+", " ", text)).strip()
        text = re.sub(r"^第?(?:\d+|[一二三四五六七八九十]+)\s*", "", text).strip()  # 第一部分 is 部分
        return re.sub(r"^(?:本节|本章|本文|本篇|小节|章节|全文)\s*", "", text)  # 本节总结 is 总结

    def names_a_collection(self, title: str) -> bool:
        """深度学习面试总结, CV-深度学习基础知识 (1), 面试题-深度学习: a title naming a collection of
        questions, never a question itself."""
        text = normalize(title)
        return self.names_a_group(text) or any(word in text for word in self.collection_words)

    def names_a_group(self, title: str) -> bool:
        """面试篇, 激活函数相关: a title that groups questions rather than asking one."""
        text = normalize(title).rstrip(":：")
        return any(text.endswith(suffix) for suffix in self.topic_suffixes)


_END = ""  # marks the end of a word in the trie below


def alternation(words, word_chars: str = "a-z0-9", flags: int = 0) -> re.Pattern:
    """One regex for many words that prefers the longest, with ASCII words matching only as whole
    words (not inside a run of `word_chars`). Built as a trie (common prefixes shared), which
    Python's engine runs far faster than a flat alternation of hundreds of words."""
    trie: dict = {}
    for word in words:
        if not word:
            continue
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[_END] = {}

    def pattern(node: dict, last: str) -> str:
        branches = [re.escape(char) + pattern(child, char) for char, child in sorted(node.items()) if char]
        end = rf"(?![{word_chars}])" if re.match(r"[a-z0-9]", last, flags) else ""
        if _END not in node:
            return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if not branches:
            return end
        return "(?:" + "|".join(branches) + f"|{end})"  # longer words first, then this one

    parts = []
    for char, child in sorted(trie.items()):
        # The whole-word guard goes after the first character, so that every branch starts with a
        # literal: the engine then skips, in C, the positions where no word can start (7× faster).
        guard = rf"(?<![{word_chars}]{re.escape(char)})" if re.match(r"[a-z0-9]", char, flags) else ""
        parts.append(re.escape(char) + guard + pattern(child, char))
    return re.compile("|".join(parts) or r"(?!)", flags)


def _concept_entries(raw: dict) -> tuple[dict[str, list[str]], dict[str, str]]:
    concepts, kind_of = {}, {}
    for name, entry in (raw or {}).items():
        if isinstance(entry, dict):
            concepts[str(name)] = [str(s) for s in entry.get("synonyms") or []]
            if entry.get("kind_of"):
                kind_of[str(name)] = str(entry["kind_of"])
        else:
            concepts[str(name)] = [str(s) for s in entry or []]
    return concepts, kind_of


def load_vocabulary(raw: dict, extra: dict | None = None) -> Vocabulary:
    """A vocabulary from the bundled data, with a user's additions merged in."""
    concepts, kind_of = _concept_entries(raw.get("concepts"))
    extra = extra or {}
    more, more_kinds = _concept_entries(extra.get("concepts"))
    for name, synonyms in more.items():
        concepts[name] = concepts.get(name, []) + synonyms
    kind_of.update(more_kinds)

    def merged(key: str) -> dict[str, list[str]]:
        result = {str(k): [str(s) for s in v or []] for k, v in (raw.get(key) or {}).items()}
        for k, v in (extra.get(key) or {}).items():
            result[str(k)] = result.get(str(k), []) + [str(s) for s in v or []]
        return result

    def listed(key: str) -> list[str]:
        return [str(s) for s in (raw.get(key) or []) + (extra.get(key) or [])]

    return Vocabulary(
        concepts=concepts, kind_of=kind_of, compounds=merged("compounds"), aspects=merged("aspects"),
        topics=merged("topics"), not_questions={normalize(s) for s in listed("not_questions")},
        topic_suffixes=listed("topic_suffixes"), follow_up_prefixes=listed("follow_up_prefixes"),
        stopwords=set(listed("stopwords")), neutral=listed("neutral"), query_stopwords=listed("query_stopwords"),
        annotations=listed("annotations"), actions=listed("actions"), degrees=listed("degrees"),
        answer_structure={normalize(s) for s in listed("answer_structure")},
        collection_words=[normalize(s) for s in listed("collection_words")],
        explains_a_concept={normalize(s) for s in listed("explains_a_concept")})


@cache
def _bundled() -> str:
    return (DATA / "vocabulary.yml").read_text("utf-8")


@lru_cache(maxsize=8)  # bounded: each build's mined aliases (`with_concepts`) make another one
def _vocabulary(extra: str) -> Vocabulary:
    # Our own file, read on every build: libyaml's loader when PyYAML has it (ten times faster).
    words = load_vocabulary(yaml.load(_bundled(), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)),  # noqa: S506
                            json.loads(extra))
    words.additions = extra
    return words


def vocabulary(extra: dict | None = None) -> Vocabulary:
    """The bundled vocabulary with a user's additions; one object per distinct set of additions, so
    a rebuild reuses its segmenter."""
    return _vocabulary(json.dumps(extra or {}, sort_keys=True, ensure_ascii=False, default=str))


def with_concepts(words: Vocabulary, concepts: dict[str, list[str]]) -> Vocabulary:
    """`words` with more spellings (concept -> spellings), as if the user had added them in kb.yml."""
    if not concepts:
        return words
    extra = json.loads(words.additions or "{}")
    more = dict(extra.get("concepts") or {})
    for name, spellings in concepts.items():
        entry = more.get(name)
        if isinstance(entry, dict):
            more[name] = {**entry, "synonyms": [*(entry.get("synonyms") or []), *spellings]}
        else:
            more[name] = [*(entry or []), *spellings]
    return vocabulary({**extra, "concepts": more})


_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")


def compound_terms(titles, words: Vocabulary) -> set[str]:
    """Terms the questions name that the vocabulary lacks (上采样 in 上采样的原理和常用方式, 低偏差 in
    高方差与低偏差): a title's Han runs between joining characters, aspect, question and stop words,
    3 to 7 characters, that hold no known concept (增大感受野 is a phrase about 感受野, not a term)."""
    splitter = words.term_breaks
    terms = set()
    for title in titles:
        for run in _HAN_RUN.findall(title):
            for piece in splitter.split(run):
                if 3 <= len(piece) <= 7 and piece not in terms and not words.mentions(piece):
                    terms.add(piece)
    return terms


def modifier_before(text: str, start: int, words: Vocabulary) -> str:
    """The Chinese word glued to the front of a concept named at `start` (局部响应 in 理解局部响应归一化),
    or the Latin one hyphened to it (bi-lstm): with it the wording names another, narrower thing.
    Empty when a break word or nothing is there."""
    run = re.search(r"[\u4e00-\u9fff]+$", text[:start])
    if not run:  # bi-lstm: a Latin word hyphened to the front, unless it names a concept (cnn-lstm)
        latin = re.search(r"(?<![a-z0-9])([a-z][a-z0-9]*)-$", text[:start])
        return latin.group(1) if latin and len(latin.group(1)) >= 2 and not words.mentions(latin.group(1)) else ""
    glued = words.term_breaks.split(run.group(0))[-1]
    named = words.mentions(glued)  # 非线性激活函数: a concept before a concept is a concept of its own
    if named:
        glued = glued[named[-1].end:]
    return glued if len(glued) >= 2 else ""
