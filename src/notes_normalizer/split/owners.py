"""The note's own question (its *owner*): stated by its title, its front matter title, its file name
(`12_为什么要用残差连接.md`, `Trick - Dropout.md`), a folder's name for its README, or the question it
opens with. What only structures its answer (`## 解答`, `## 代码实现`) joins the owner's answer."""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from notes_normalizer.language.vocabulary import Vocabulary
from notes_normalizer.model import Note
from notes_normalizer.split.asking import asking_sentence, title_asks
from notes_normalizer.split.blocks import Block
from notes_normalizer.split.sections import HAN, ONLY_A_LINK, Owner
from notes_normalizer.split.wording import plain_text, strip_numbering

LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
_FILE_NUMBERING = re.compile(r"^\s*\d+(?:[_\-、\s]|\.(?!\d))+")  # 12_为什么要用残差连接, 03-xxx, not 1x1卷积
_CATEGORY = re.compile(r"^\s*([^-–—]{1,12}?)\s+[-–—]+\s+(\S.*)$")


def _title_heading(note: Note, title: Block | None, words: Vocabulary) -> tuple[str, int] | None:
    """`# 为什么要用残差连接`: the note's title heading, unless it only structures (`# 代码实现`)."""
    if title is None or words.only_structures(strip_numbering(plain_text(title.text))):
        return None
    return title.text, title.start


def _front_matter_title(note: Note, title: Block | None, words: Vocabulary) -> tuple[str, int] | None:
    """`title: 为什么要用残差连接` in the note's front matter."""
    name = str(note.meta.get("title", "") or "")
    return ((_FILE_NUMBERING.sub("", name, count=1) or name), -1) if name.strip() else None


def _file_name(note: Note, title: Block | None, words: Vocabulary) -> tuple[str, int] | None:
    """`12_为什么要用残差连接.md` without its numbering; a README's or index's folder name."""
    name = file_title(note.name)
    return (_FILE_NUMBERING.sub("", name, count=1) or name), -1


# Where the note states its own question: the first rule that finds a wording decides.
OWNER_RULES = (
    ("title-heading", _title_heading),
    ("front-matter-title", _front_matter_title),
    ("file-name", _file_name),
)


def note_owner(note: Note, title: Block | None, words: Vocabulary) -> Owner | None:
    """The note's own question, stated where the first of `OWNER_RULES` finds it: what its structure
    sections and the sections that name nothing new answer. None for a title that names a collection
    (`深度学习面试总结`, `CV-深度学习基础知识 (1)`) or names nothing."""
    wording, marker = next(found for _, rule in OWNER_RULES if (found := rule(note, title, words)))
    category = _CATEGORY.match(plain_text(wording))
    if category and (words.concepts_in(category.group(2)) or LATIN_WORD.search(category.group(2))):
        wording = category.group(2)  # `Trick - Dropout`, `基础理论 - Softmax`: a category, then the note's name
    text = strip_numbering(plain_text(wording))
    if not text or words.names_a_collection(text):
        return None
    asks = title_asks(text, words)
    if not (asks or words.concepts_in(text) or LATIN_WORD.search(text) or len(HAN.findall(text)) >= 2):
        return None
    return Owner(wording=wording, marker=marker, asks=asks, stated=title is not None, of_note=True)


def file_title(name: str) -> str:
    """The file's name, or for a folder's README/index the folder's (the folder names the topic)."""
    path = PurePosixPath(name)
    if path.stem.lower() in ("readme", "index", "_index") and len(path.parts) > 1:
        return path.parts[-2]
    return path.stem


def opens_with_its_question(owner: Owner, first_line: str, index: int) -> None:
    """A note without a title whose first line asks (`为什么使用batch-normalization`, then its answer):
    that line states the note's question. A linked question (`[你有哪些调参的经验？](…)`) is a reference."""
    opening = None if ONLY_A_LINK.match(first_line) else asking_sentence(first_line)
    if opening is not None:
        owner.wording, owner.marker, owner.asks, owner.stated = opening, index, True, True
