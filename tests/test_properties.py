"""Property tests over the whole fix pipeline: generated notes mixing Chinese text, math, marks,
lists, HTML and the defect families never raise, are fixed idempotently, and keep their Chinese."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from notes_normalizer.fixes.images import ImageResolver
from notes_normalizer.model import Line, Note
from notes_normalizer.pipeline import fix_note

PIECES = ["梯度消失", "批归一化", "，", "。", "：", "$", "$$", " ", "  ", "\t", "==", "**", "*", "_", "`", "```",
          "\\", "\\part", "tanh", "kernel_size", "x^2", "{", "}", "<br>", "<img src=\"/Users/a/x.png\">",
          "![](C:\\a\\b.png)", "<script>", "</script>", "<div>", "</div>", "- ", "1. ", "• ", "# ", "## ",
          "\\- ", "；- ", "image", "|", "---", "[a](javascript:x)", "<http://a.b>", "\u200b", "\u00a0", ">"]
line = st.lists(st.sampled_from(PIECES), max_size=12).map("".join)
note_text = st.lists(line, max_size=25).map("\n".join)
dialects = st.sets(st.sampled_from(["web-copy", "typora", "vuepress"])).map(frozenset)


def run(text: str, dialect: frozenset[str]) -> str:
    lines = [Line(t, n) for n, t in enumerate(text.split("\n"), start=1)]
    note = Note(name="p.md", path=Path("/nonexistent-notes/p.md"), lines=lines, dialects=dialect)
    return fix_note(note, ImageResolver([]), "p.md").text


def chinese_runs(text: str) -> set[str]:
    """The Chinese words of a note, leaving out what sits inside a closed <script> or <style>."""
    text = re.sub(r"<(script|style)>.*?</\1>", "", text, flags=re.S | re.I)
    return set(re.findall(r"梯度消失|批归一化", text))


@settings(max_examples=1500, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(note_text, dialects)
def test_pipeline_never_raises_is_idempotent_and_keeps_text(text, dialect):
    once = run(text, dialect)
    assert run(once, dialect) == once
    assert chinese_runs(text) <= chinese_runs(once)
