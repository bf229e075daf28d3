"""Property tests over the whole fix pipeline: generated notes mixing Chinese text, math, marks,
lists, HTML and the defect families never raise, are fixed idempotently, and keep their Chinese."""

from __future__ import annotations

import re
import time
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from notes_normalizer import fix as fixes
from notes_normalizer.fix import Context
from notes_normalizer.fix.images import ImageResolver
from notes_normalizer.fix.pipeline import FIXES, MAX_PASSES, fix_note
from notes_normalizer.model import Line, Note
from notes_normalizer.read.reading import read_note
from tests.helpers import NOTES

PIECES = ["梯度消失", "批归一化", "，", "。", "：", "$", "$$", " ", "  ", "\t", "==", "**", "*", "_", "`", "```",
          "\\", "\\part", "tanh", "kernel_size", "x^2", "{", "}", "<br>", "<img src=\"/Users/a/x.png\">",
          "![](C:\\a\\b.png)", "<script>", "</script>", "<div>", "</div>", "- ", "1. ", "• ", "# ", "## ",
          "\\- ", "；- ", "image", "|", "---", "[a](javascript:x)", "<http://a.b>", "\u200b", "\u00a0", "\u3000", ">",
          "~~~", "> ", "| a | b |", "|---|---|", "    ", "   - ", "\t- ", "2) ", "<div align=\"center\">", "<br/>",
          "$x_1$", "：", "（", "<!-- c -->", "<img :src=\"$withBase('/a.png')\">", "Skip to content",
          "File metadata and controls", "12 lines (3 loc) · 1 KB", "==重点==", "\r"]
line = st.lists(st.sampled_from(PIECES), max_size=14).map("".join)
note_text = st.lists(line, max_size=30).map("\n".join)
dialects = st.sets(st.sampled_from(["web-copy", "typora", "vuepress"])).map(frozenset)


def note_of(text: str, dialect: frozenset[str]) -> Note:
    lines = [Line(t, n) for n, t in enumerate(text.split("\n"), start=1)]
    return Note(name="p.md", path=Path("/nonexistent-notes/p.md"), lines=lines, dialects=dialect)


def context_of(note: Note) -> Context:
    """What fix_note gives the fixes for a page at p.md (no image folders)."""
    return Context(note=note, page_path="p.md", images=ImageResolver([]), note_pages={note.name: "p.md"})


def run(text: str, dialect: frozenset[str]) -> str:
    return fix_note(note_of(text, dialect), ImageResolver([]), "p.md").text


def chinese_runs(text: str) -> set[str]:
    return set(re.findall(r"梯度消失|批归一化", text))


def expected_runs(source: str) -> set[str]:
    """The Chinese words a note must keep: all but what sits inside a closed <script> or <style>."""
    return chinese_runs(re.sub(r"<(script|style)>.*?</\1>", "", source, flags=re.S | re.I))


@settings(max_examples=3000, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(note_text, dialects)
def test_pipeline_never_raises_is_idempotent_and_keeps_text(text, dialect):
    once = run(text, dialect)
    assert run(once, dialect) == once
    assert expected_runs(text) <= chinese_runs(once)


def run_one(fix, text: str, dialect: frozenset[str]) -> str:
    note = note_of(text, dialect)
    return "\n".join(line.text for line in fix(note.lines, context_of(note)))


def fix_id(fix) -> str:
    return f"{fix.__module__.rsplit('.', 1)[-1]}.{fix.__name__}"


@pytest.mark.parametrize("fix", FIXES, ids=fix_id)
@settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(text=note_text, dialect=dialects)
def test_each_fix_never_raises_and_keeps_chinese(fix, text, dialect):
    assert expected_runs(text) <= chinese_runs(run_one(fix, text, dialect))


def every_fix_every_pass(note: Note):
    """fix_note as it was before it skipped fixes: every fix on every pass, to a fixed point."""
    ctx = context_of(note)
    lines, first = note.lines, []
    for number in range(MAX_PASSES):
        before = [line.text for line in lines]
        for fix in FIXES:
            lines = fix(lines, ctx)
        if number == 0:
            first = list(ctx.problems)
        if [line.text for line in lines] == before:
            break
    return lines, ctx.repairs, first + [p for p in ctx.problems[len(first):] if p not in set(first)]


@settings(max_examples=1500, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(note_text, dialects)
def test_skipping_a_fix_on_lines_it_left_alone_changes_nothing(text, dialect):
    """fix_note skips a fix handed the very lines it last left unchanged (it would leave them again)."""
    note = note_of(text, dialect)
    fixed = fix_note(note, ImageResolver([]), "p.md")
    assert (fixed.lines, fixed.repairs, fixed.problems) == every_fix_every_pass(note)


def without_line_filters(note: Note):
    """fix_note with every rewrite looking at every prose line, not only those holding what it needs."""
    with mock.patch.object(fixes, "_lines_holding", lambda lines, needs: range(len(lines))):
        return fix_note(note, ImageResolver([]), "p.md")


@settings(max_examples=1500, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(note_text, dialects)
def test_rewrites_skip_only_lines_they_would_leave_alone(text, dialect):
    """A rewrite skips lines without what it needs (`==`, `**`, `$` …): it would not change them."""
    note = note_of(text, dialect)
    fixed, unfiltered = fix_note(note, ImageResolver([]), "p.md"), without_line_filters(note)
    assert (fixed.lines, fixed.repairs, fixed.problems) == (unfiltered.lines, unfiltered.repairs, unfiltered.problems)


def test_rewrites_skip_only_lines_they_would_leave_alone_in_the_five_notes():
    for path in sorted(NOTES.glob("*.md")):
        note, _ = read_note(path, NOTES)
        fixed, unfiltered = fix_note(note, ImageResolver([]), "p.md"), without_line_filters(note)
        assert [line.text for line in fixed.lines] == [line.text for line in unfiltered.lines], path.name
        assert fixed.repairs == unfiltered.repairs and fixed.repairs


@pytest.mark.parametrize("fix", FIXES, ids=fix_id)
@settings(max_examples=100, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(text=note_text, dialect=dialects)
def test_each_fix_leaves_its_input_alone_and_repeats_itself(fix, text, dialect):
    """What the skipping relies on: a fix changes no list it is handed, and the same lines give the
    same output."""
    note = note_of(text, dialect)
    ctx = context_of(note)
    handed = list(note.lines)
    first = fix(handed, ctx)
    assert handed == note.lines
    assert fix(handed, ctx) == first


FLOODS = {"dollars": "$" * 20000, "equals": "=" * 20000, "stars": "*" * 20000, "underscores": "_" * 20000,
          "angles": "<" * 20000, "tags": "<img src=a " * 2000,
          "long line": ("梯度消失，$x^2$ ==重点== **粗** [链接](a.md) <b>粗</b> " * 5000)[:200000]}


@pytest.mark.parametrize("fix", FIXES, ids=fix_id)
def test_each_fix_is_fast_on_floods(fix):
    """No regular expression or scan that backtracks: each fix handles 20,000-character runs and a
    200,000-character line in well under a second (they take milliseconds; the bound is generous
    for a loaded CI machine)."""
    for name, text in FLOODS.items():
        started = time.perf_counter()
        run_one(fix, text, frozenset({"web-copy"}))
        assert time.perf_counter() - started < 1.0, name
