"""Questions in running text, below or without headings: bold lines, numbered or asking list items,
`问：` labels, group labels, follow-ups in an answer's list items. A mixin of the splitter
(`questions._Splitter`), which supplies the note's `lines`, its `words`, its `outline` and `unit()`."""

from __future__ import annotations

from functools import cached_property, partial

from notes_normalizer.language.vocabulary import normalize
from notes_normalizer.model import Line
from notes_normalizer.split.asking import TURNS_TO_THE_READER
from notes_normalizer.split.blocks import BOLD_ITEM_LINE, LIST_ITEM_TEXT, Block, block_parser, sub_items
from notes_normalizer.split.lines import dedent, trim
from notes_normalizer.split.markers import ASKED, Marker, MarkerScan, find_markers
from notes_normalizer.split.sections import Owner, names_only_an_aspect
from notes_normalizer.split.stand_ins import whole_bold_lines
from notes_normalizer.split.units import (
    BOLD_ITEM,
    BOLD_LINE,
    FOLLOW_UP,
    GROUP,
    GROUP_ITEM,
    QUESTION_LINE,
    Unit,
)
from notes_normalizer.split.wording import (
    asks_by_its_mark,
    asks_in_a_list,
    asks_outright,
    bold_lead,
    is_numbered,
    is_statement,
    plain_text,
    strip_numbering,
)

_CATEGORY_INTRO_CHARS = 60  # one sentence introducing a category before its numbered items


class QuestionsInText:
    """Splitting blocks without headings at their question markers."""

    def _bold_questions_inside(self, body: list[Block]) -> list[Marker]:
        """Whole bold lines inside a question's answer that ask another question of their own
        (six characters or more, ending in a question mark): where two questions were glued. When
        the answer's other whole bold lines do not ask (`**参考1：…**` … `**参考5：…？**`), they are
        all points of this answer."""
        bold_lines = whole_bold_lines(self.markers(body, False))
        if not all(asks_by_its_mark(m.wording) for m in bold_lines):
            return []
        return [m for m in bold_lines if m.block > 0 and len(plain_text(m.wording)) >= 6
                and not TURNS_TO_THE_READER.match(strip_numbering(plain_text(m.wording)))]

    def markers(self, blocks: list[Block], strict: bool, groups=None, owner: Owner | None = None) -> list[Marker]:
        """Question markers, without the bold lines that head references or parts (`**参考资料**`, `**解释**`).
        Under an `owner`, the blocks answer a question already: a plain sentence ending in ？ asks its
        reader (`那么仅仅两次握手的话会出现什么问题呢？`), `**缺点：**` is a facet of the owner's answer;
        only marked questions (bold, numbered, 问：) that ask something of their own are questions."""
        point = partial(self._point_of, owner) if owner is not None else None
        return find_markers(MarkerScan(blocks, self.lines, strict, self._labels_a_part, groups, point))

    def _point_of(self, owner: Owner, m: Marker) -> bool:
        """Under an owner: a marker that only names an aspect of the owner's concept, or that is not
        marked as a question (bold, numbered, 问：) and asks nothing of its own."""
        if names_only_an_aspect(m.wording, owner, self.words) \
                and not self.words.concepts_in(strip_numbering(plain_text(m.wording))):
            return True
        # `1. **输入层（Input Layer）**` listing what the answer explains below: a point
        return not (ASKED.match(plain_text(m.wording)) or (
            m.style == QUESTION_LINE and is_numbered(m.wording)) or (
            m.style != QUESTION_LINE and not is_statement(m.wording) and (
                asks_by_its_mark(m.wording) or asks_outright(m.wording) or asks_in_a_list(m.wording)
                or (not m.rest and m.item is None and is_numbered(m.wording)))))

    def _labels_a_part(self, wording: str) -> bool:
        return self.words.holds_no_question(wording) or self.words.only_structures(wording)

    def _names_only_an_aspect(self, wording: str, heading: str) -> bool:
        """`**优点**：…`, `**解决方法**：…` under `### SGD`, `**VGG缺点**` under `## VGG`: a point
        of the heading's answer (what it asks about the heading's concept), not a question of its own."""
        text = normalize(strip_numbering(plain_text(wording)).strip(" :："))
        about = set(self.words.concepts_in(heading))
        for mention in reversed(self.words.mentions(text)):
            if set(mention.concepts) <= about:
                text = text[:mention.start] + text[mention.end:]
        return bool(self.words.aspects_in(text)) and not self.words.term_breaks.sub("", text).strip()

    def labels_its_questions(self, body: list[Block], heading: str) -> bool:
        """A heading that does not ask, over two question markers or more, or over one that opens its
        section (`## 4. RNN` + `- **RNN有什么缺陷…？**`), or over a group label: a topic. Markers
        that only name an aspect (`**优点**`, `**缺点**`) are its answer's points."""
        markers = [m for m in self.markers(body, True) if not self._names_only_an_aspect(m.wording, heading)]
        if len(markers) >= 2 or any(m.style == GROUP_ITEM for m in self.markers(body, False)):
            return True
        # One marker opening the section labels it only when the note marks it as a question (bold,
        # numbered, 问：): a plain sentence ending in ？ there is the answer asking its reader
        # (如下图所示，…落在圆内的概率是多少？ under 例子1：估计圆周率的值).
        # A bold line numbered as an item of the note's list (`**(7) Triplet Loss**`) may follow a short
        # introduction of its category (`## 3. 度量学习损失` + one sentence).
        opens = markers and (markers[0].block == 0 or (
            markers[0].style == BOLD_LINE and is_numbered(markers[0].wording)
            and self._intro_chars(body[:markers[0].block]) <= _CATEGORY_INTRO_CHARS))
        return len(markers) == 1 and bool(opens) and not markers[0].rest \
            and len(plain_text(markers[0].wording)) >= 6 \
            and (markers[0].style != QUESTION_LINE or bool(ASKED.match(plain_text(markers[0].wording))))

    def _intro_chars(self, blocks: list[Block]) -> int:
        return sum(len(plain_text(line.text).strip()) for block in blocks for line in self.lines[block.start:block.end])

    def _flat(self, blocks: list[Block], topic: str, strict: bool, owner: Owner | None = None) -> None:
        """Blocks without headings: split them at their question markers."""
        markers = self.markers(blocks, strict, self.words.names_a_group, owner)
        for position, marker in enumerate(markers):
            if marker.style == GROUP:  # its text until the next question is the group's introduction
                topic = plain_text(strip_numbering(marker.wording))
                self.outline.topics.append((blocks[marker.block].start, topic))
                continue
            if marker.style == GROUP_ITEM:
                item_start, item_end, _ = blocks[marker.block].items[marker.item]
                self.outline.topics.append((item_start, plain_text(strip_numbering(marker.wording))))
                self._group_items(item_start + 1, item_end, plain_text(strip_numbering(marker.wording)))
                continue
            following = markers[position + 1] if position + 1 < len(markers) else None
            block = blocks[marker.block]
            if marker.item is None:
                start, marker_line = block.start + 1, block.start
                if marker.rest:
                    # the answer starts on the question's line: keep it, without the question
                    start = block.start
            else:
                item_start, item_end, _ = block.items[marker.item]
                start, marker_line = item_start + 1, item_start
            if following is None:
                end = blocks[-1].end
            elif following.item is not None and following.block == marker.block:
                end = blocks[following.block].items[following.item][0]
            else:
                end = blocks[following.block].start
            body = list(self.lines[start:end])
            if marker.item is not None:
                indent = len(self.lines[item_start].text) - len(self.lines[item_start].text.lstrip())
                item_end = min(item_end, end)
                nested = dedent(self.lines[start:item_end], indent + 4)
                body = nested + list(self.lines[item_end:end])
            if marker.rest and marker.item is not None:  # `1. **Q？** answer…`: the answer's first words
                body.insert(0, self.lines[marker_line].with_text(marker.rest))
            elif marker.rest and body:  # the question's own line, now holding only the answer's start
                body[0] = body[0].with_text(marker.rest.split("\n", 1)[0])
            elif marker.rest:
                body = [self.lines[marker_line].with_text(marker.rest)]
            self.unit(marker.wording, marker_line, body, end, marker.style, topic)

    def _group_items(self, start: int, end: int, topic: str) -> None:
        """Each sub-item of a group label is a question; what it nests is its answer."""
        for item_start, item_end, first in sub_items(self.lines[start:end]):
            first_line = first.split("\n", 1)[0]
            head = start + item_start
            nested = self.lines[head + 1:start + item_end]
            body = dedent(nested, min((len(line.text) - len(line.text.lstrip(" "))
                                        for line in nested if line.text.strip()), default=0))
            lead = bold_lead(first_line)
            wording, rest = lead if lead else (first_line, "")
            if rest:
                body.insert(0, self.lines[head].with_text(rest))
            self.unit(wording, head, body, start + item_end, BOLD_ITEM, topic)

    def _nested_in(self, unit: Unit, line: Line) -> bool:
        """The body line sits deeper in the note than the unit's own list item."""
        def indent(text: str) -> int:
            return len(text) - len(text.lstrip())
        return indent(self.lines[self._index_of(line)].text) > indent(self.lines[unit.marker].text)

    def _index_of(self, line: Line) -> int:
        """Where a (possibly dedented) body line sits in the note."""
        return self._positions.get((line.number, line.text.strip()), 0)

    @cached_property
    def _positions(self) -> dict[tuple[int, str], int]:
        positions: dict[tuple[int, str], int] = {}
        for n, own in enumerate(self.lines):
            positions.setdefault((own.number, own.text.strip()), n)
        return positions

    def _follow_ups(self, unit: Unit) -> None:
        """Follow-up questions in the answer's list items become units of their own."""
        # A follow-up is a list item that starts in bold, or, in a list of bold questions, a plain
        # item that asks by itself (`- **交叉熵和相对熵？**` over `- L1,L2 regularization的原理`); under a
        # plain question item (`1. BN层为什么有效`), plain items are its answer's points.
        in_a_list = unit.style == BOLD_ITEM and bool(BOLD_ITEM_LINE.match(self.lines[unit.marker].text)) and any(
            (item := LIST_ITEM_TEXT.match(line.text)) and asks_in_a_list(item.group(1)) for line in unit.body)
        if unit.parent is not None or not (in_a_list or any(BOLD_ITEM_LINE.match(line.text) for line in unit.body)):
            return  # nothing that can be a follow-up: no markdown-it parse of the answer
        tokens = block_parser().parse("\n".join(line.text for line in unit.body))
        taken: list[tuple[int, int, str, str]] = []
        for position, token in enumerate(tokens):
            if token.type != "list_item_open" or token.map is None:
                continue
            start, end = token.map
            if any(s <= start < e for s, e, _, _ in taken):
                continue
            first = next((t.content for t in tokens[position + 1:position + 4] if t.type == "inline"), "")
            lead = bold_lead(first.split("\n", 1)[0])
            if lead and self.words.is_follow_up(lead[0]):
                taken.append((start, end, lead[0], lead[1]))
            elif in_a_list and not lead and token.level == 1 and asks_in_a_list(first.split("\n", 1)[0]) \
                    and self._nested_in(unit, unit.body[start]):
                taken.append((start, end, first.split("\n", 1)[0], ""))
        if not taken:
            return
        body = unit.body
        kept = [True] * len(body)
        for start, end, wording, rest in taken:
            for index in range(start, end):
                kept[index] = False
            indent = len(body[start].text) - len(body[start].text.lstrip())
            answer = dedent(body[start + 1:end], indent + 4)
            if rest:
                answer.insert(0, body[start].with_text(rest))
            child = Unit(note=unit.note, index=len(self.outline.units) + 1, question=strip_numbering(
                self.words.strip_follow_up(wording)), line=body[start].number,
                end_line=body[end - 1].number, body=trim(answer), topic_heading=unit.topic_heading,
                parent=unit.index, style=FOLLOW_UP,
                marker=self._index_of(body[start]))
            self.outline.units.append(child)
        unit.body = trim([line for line, keep in zip(body, kept, strict=True) if keep])
        unit.__dict__.pop("answer", None)  # drop the cached answer of the body before
