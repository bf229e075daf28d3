"""How a question is worded: its plain text (marks, numbering and links dropped, formulas kept whole),
whether it reads as a question, bold leads (`**问题：**` …)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from notes_normalizer.fix.math import math_spans

# Who asks, set before the question in notes written as an interview (`面试官：“…？”`, `如果考官继续问：`).
_ASKER = r"(?:如果|若|假如)?(?:面试官|考官|面试者)(?:继续|还|又|可能会?|会|再)?(?:追?问|提问)?\s*[:：]|追问\s*[:：]"
_NUMBERING = re.compile(
    r"^\s*(?:【\s*(?:子?问题|Q)\s*[\d.]*\s*】[:：]?|子问题\s*\d+(?:\.\d+)*\s*[:：.、]?|\d+(?:\.\d+){2,}\.?\s*[，,、]?|\d+(?:\.\d+)+\.?(?=\s+[^\s倍个%％层次])|[QqＱ]\s*\d+\s*[.:：、)）]?|(?:问题?|[QqＱ](?:uestion)?)\s*[:：]|问题?\s*\d+\s*[.:：、]?|第[一二三四五六七八九十百\d]+(?:个?问题?|[题个章节篇]|部分)[:：、]?"
    r"|\d{1,2}\s+(?=[\u3400-\u9fff])(?![倍个层次种类条点位维年月日天])|\d{1,2}\s+(?=[A-Za-z](?![\s×*]))|\d+(?:\.\d+)+\.?\s*[，,、]|\d+\s*(?:[、．:：)），,]|\.(?!\d))|[一二三四五六七八九十]+\s*[、.．:：)），,]|[一二三四五六七八九十]{1,3}\s+(?=[^\s个种些次层类])"
    r"|[（(]\s*(?:\d+|[一二三四五六七八九十]+)\s*[)）]|[①-⑳]|" + _ASKER + r")\s*")
_EMOJI_CHAR = r"[\U0001F300-\U0001FAFF\u2600-\u27BF\u2B50]\uFE0F?"
_EMOJI = re.compile(rf"^\s*{_EMOJI_CHAR}\s*")  # 📊 面试准备检查清单
_TRAILING_EMOJI = re.compile(rf"\s*(?:{_EMOJI_CHAR}\s*)+$")  # … 🚀
_KEYCAP = re.compile(r"^\s*[0-9#*]\uFE0F?\u20E3\s*")  # 1️⃣ 什么是梯度？
_LEADING_MARK = re.compile(r"^\s*(\*\*|__|`)")  # `一、ICS 问题：`: some authors set headings off as code
_QUOTED = re.compile(r'"([^"]+)"|“([^”]+)”|「([^」]+)」')
_TAGS = re.compile(r"<[^>]*>")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_TEX_SYMBOLS = {r"\times": "×", r"\cdot": "·", r"\alpha": "α", r"\beta": "β", r"\gamma": "γ",
                r"\sigma": "σ", r"\mu": "μ", r"\lambda": "λ", r"\theta": "θ", r"\partial": "∂"}
_TEX_SYMBOL = re.compile("(" + "|".join(map(re.escape, _TEX_SYMBOLS)) + r")(?![a-zA-Z])\s*")
_ESCAPED = re.compile(r"\\([*_`$\\\[\]])")
_MARKS = re.compile(r"\*\*|__|==|`|\$")
_LONE_MARK = re.compile(r"(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w)")
_SPACES = re.compile(r"\s+")


def _undecorated(text: str) -> tuple[str, str]:
    """The emphasis marks and the text without the emoji and marks before its number: 📌 **5. CNN 结构**,
    **🌟 1. …** -> ("**", "5. CNN 结构**")."""
    marks, text = "", text.strip()
    while True:
        before = text
        text = _EMOJI.sub("", text).strip()
        lead = _LEADING_MARK.match(text)
        if lead:
            marks, text = marks + lead.group(1), text[lead.end():].lstrip()
        if text == before:
            return marks, text


@lru_cache(maxsize=8192)  # every rule asks for a heading's name; a pure function of the text
def strip_numbering(text: str) -> str:
    """'Q1：如何调试超参数？' -> '如何调试超参数？'; '1、误差反向传播思想：' -> '误差反向传播思想';
    '**📌1. 深度学习参数初始化的方法**' -> '**深度学习参数初始化的方法**'; '1️⃣ 什么是梯度？' -> '什么是梯度？'."""
    marks, text = _undecorated(text)
    keycap = _KEYCAP.match(text)
    stripped = text[keycap.end():] if keycap else _NUMBERING.sub("", text, count=1)
    if marks and stripped.lstrip().startswith(marks):  # **问题3:** 如何… : the marks held only the number
        stripped, marks = stripped.lstrip()[len(marks):], ""
    stripped = _TRAILING_EMOJI.sub("", stripped) if not stripped.rstrip().endswith(marks or "\0") else stripped
    text = marks + stripped.strip() if stripped.strip() else marks + text
    if marks:
        text = _TRAILING_EMOJI.sub("", text.removesuffix(marks)) + marks if text.endswith(marks) else text
    text = text.strip().rstrip(":：").strip()
    inner = re.sub(r"^(\*\*|__)(.*)\1$", r"\2", text).strip()
    quoted = _QUOTED.fullmatch(inner)  # Q1: "Why is …?", 面试官：**“…？”**
    return next(filter(None, quoted.groups())).strip() if quoted else text


def with_formulas(markdown: str) -> list[tuple[str, bool]]:
    """A line cut into its text and its formulas: (text, False) and (TeX without `$`, True) pieces."""
    pieces, position = [], 0
    for span in math_spans(markdown):
        pieces += [(markdown[position:span.start], False),
                   (markdown[span.start + span.width:span.end - span.width].strip(), True)]
        position = span.end
    return pieces + [(markdown[position:], False)]


@lru_cache(maxsize=8192)  # splitting asks again about the same lines (markers, titles, headings)
def plain_text(markdown: str) -> str:
    """Inline Markdown as the words a reader sees: no tags, emphasis marks, link targets or `$`;
    the TeX of a formula as written (`d_{k}` keeps its underscore)."""
    pieces = with_formulas(markdown)
    if len(pieces) > 1:
        out = []
        for text, formula in pieces:
            if formula:
                out.append(_TEX_SYMBOL.sub(lambda symbol: _TEX_SYMBOLS[symbol.group(1)], text))
            else:  # the spaces around a formula are the author's
                before, after = (" " if text[:1].isspace() else ""), (" " if text[-1:].isspace() else "")
                out.append(before + plain_text(text) + after)
        return _SPACES.sub(" ", "".join(out)).strip()
    text = _LINK.sub(r"\1", markdown)
    text = _TAGS.sub("", text)
    if "\\" in text:
        text = _TEX_SYMBOL.sub(lambda match: _TEX_SYMBOLS[match.group(1)], text)
        text = _ESCAPED.sub(r"\1", text)
    text = _MARKS.sub("", text)
    text = _LONE_MARK.sub("", text)
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


_INTERROGATIVE = re.compile(
    r"[?？]\s*$|什么|为什么|为何|如何|怎么|怎样|哪些|哪个|哪种|是否|有何|何为|何时|多少|吗\s*$|呢\s*$"
    r"|区别|异同|对比|比较|关系|联系|优缺点|优点|缺点|优势|劣势|好处|坏处|作用|原因|原理|意义|影响|简述|简单叙述|叙述|说明|描述|阐述"
    r"|讲一讲|讲讲"
    r"|解释|介绍|谈谈|说说|推导|列举|证明|^\s*(?:what|why|how|when|which|explain|describe)\b",
    re.IGNORECASE)
# 问：… / Q: … / 问题3: … / 【问题】… / 子问题2.1：…
ASKED = re.compile(rf"^\s*(?:{_ASKER}|(?:问题?|[QqＱ](?:uestion)?)\s*\d*\s*[:：]|【\s*(?:子?问题|Q)\s*[\d.]*\s*】[:：]?"
                   r"|子问题\s*\d+(?:\.\d+)*\s*[:：.、])\s*(?=\S)")


def reads_as_question(text: str) -> bool:
    return bool(_INTERROGATIVE.search(plain_text(text)) or re.match(r"\s*[QqＱ]\s*\d", text) or ASKED.match(text))


def is_numbered(text: str) -> bool:
    """`1. …`, `Q3: …`, `(2) …`, `1️⃣ …`, `🌟 2. …`, `**📌 3. …**`: numbered, whatever decorates the number."""
    _, bare = _undecorated(text)
    return (_NUMBERING.match(bare) is not None or _KEYCAP.match(bare) is not None) \
        and strip_numbering(text) != text.strip()


# Some authors mark a line's label with inline code instead of bold (`一、ICS 问题：`): code holding
# Chinese text is prose, set off as bold would be.
_BOLD_SPAN = r"(?:(?:\*\*|__)(?:(?!\*\*|__).)+?(?:\*\*|__)|`[^`\n]*[\u3400-\u9fff][^`\n]*`)"
_BOLD_LEAD = re.compile(rf"^\s*(?:{_EMOJI_CHAR}\s*)*"
                        rf"({_BOLD_SPAN}(?:\s*{_BOLD_SPAN})*)\s*([:：]?)\s*(.*)$")  # 🌟 **1. 什么是 CNN？**
_API_NAME = re.compile(r"^`?[A-Za-z_][\w.]*(?:\(\))?`?$")  # **(5) 均方误差（MSE）**torch.nn.MSELoss()
MAX_MARKER_CHARS = 80
_MAX_QUESTION_CHARS = 160  # a bold line that ends in a question mark is a question, however long


def bold_lead(text: str) -> tuple[str, str] | None:
    """Split a line that starts with bold text into (bold wording, rest), or None.
    The bold part must read as a heading: short, and either the whole line, ending in a colon or
    question mark, or followed by a colon."""
    match = _BOLD_LEAD.match(text)
    if not match:
        return None
    lead, colon, rest = match.groups()
    wording = re.sub(r"\*\*|__", "", lead).strip()
    if wording.startswith("`") and wording.endswith("`"):
        wording = wording.strip("`").strip()  # `一、ICS 问题：`: prose set off as code, not code
    longest = _MAX_QUESTION_CHARS if re.search(r"[?？]\s*$", wording) else MAX_MARKER_CHARS
    if not wording or len(plain_text(wording)) > longest:
        return None
    if rest and not colon and not re.search(r"[:：?？]$", wording) and not _API_NAME.match(rest.strip()):
        return None
    return wording, rest


_STATEMENT_END = re.compile(r"[。．.!！；;]\s*$")


def is_statement(wording: str) -> bool:
    """`**共线性会造成冗余，导致过拟合。**`: a bold sentence of an answer, not a question; so is one that
    names an aspect but says its answer (`在 CNN 中，Padding 作用是防止特征图尺寸缩小，保护边界信息。`)."""
    text = plain_text(wording)
    return bool(_STATEMENT_END.search(text)) and (
        not reads_as_question(wording) or (not re.search(r"[?？]", text) and bool(re.search(r"[，,].*[，,]", text))))


_QUESTION_WORD = r"为什么|为何|如何|怎么|怎样|哪些|是否"
_ASKING_END = r"[?？吗么]$"
_QUESTION_NOUN = re.compile(r"(?:原理|原因|作用|区别|异同|优缺点|缺点|优点|优势|方法|定义|意义|影响|推导|复杂度"
                            rf"|计算量|参数量|思想|过程|流程|步骤)$|^\s*(?:什么是|何为)|{_QUESTION_WORD}")
_OUTRIGHT = re.compile(rf"什么|哪几|{_QUESTION_WORD}|{_ASKING_END}")


def asks_in_a_list(text: str) -> bool:
    """A short list line that asks a question by itself (`梯度消失,爆炸的原因`, `为什么…？`), as
    question lists write them; answer points (`Data augmentation`, `解决方法：…。`) do not."""
    text = plain_text(text)
    if not text or len(text) > 60 or re.search(r"[。；;：:]", text.rstrip("?？")):
        return False
    return bool(re.search(_ASKING_END, text) or _QUESTION_NOUN.search(text))


def asks_outright(text: str) -> bool:
    """With a question word or a question's ending (什么是过拟合, 如何防止过拟合), not only an aspect
    noun (BN的作用, 原因)."""
    return bool(_OUTRIGHT.search(plain_text(text)))


def asks_on_its_own(heading: str) -> bool:
    """A sub-heading that is a question of its own (`为什么训练时不采用移动平均？`), not a part of
    the question above it (`如何产生？`, `如何解决？`, or a check in a list of them: `是否过拟合？`,
    `学习率是否合适？` under `调参效果不好，如何优化？`)."""
    text = strip_numbering(plain_text(heading))
    return reads_as_question(heading) and len(text) >= 8 and not _ONLY_A_CHECK.search(text)


# `是否…？` asking nothing but whether: a step of the answer above it
_ONLY_A_CHECK = re.compile(r"^(?!.*(?:为什么|为何|什么|哪|如何|怎么|怎样)).*是否")


def asks_by_its_mark(wording: str) -> bool:
    """`为什么…？` or `为什么…？——万能近似定理`: a wording that asks, with a question mark of its own."""
    text = plain_text(wording)
    return bool(re.search(r"[?？]$", text) or (re.search(r"[?？]", text) and reads_as_question(text)))
