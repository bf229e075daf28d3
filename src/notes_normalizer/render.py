"""Rendering: repaired notes -> the Markdown pages of the site (content in Chinese)."""

from __future__ import annotations

import datetime
import html
import re
from collections import Counter

import yaml

from .model import FixedNote, Line, Problem, Repair

META_KEYS = ("title", "date", "author", "tags", "description")


def _front_matter(meta: dict, search: dict | None = None) -> str:
    def plain(value):
        if isinstance(value, (datetime.date, datetime.datetime)):
            return value.isoformat()
        if isinstance(value, list):
            return [plain(item) for item in value if item is not None]
        return value if isinstance(value, (str, int, float, bool)) else str(value)

    kept = {key: plain(meta[key]) for key in META_KEYS if meta.get(key) not in (None, "", [])}
    if isinstance(kept.get("tags"), list):
        kept["tags"] = [str(tag).strip() for tag in kept["tags"] if str(tag).strip()]
    if search is not None:
        kept["search"] = search
    if not kept:
        return ""
    return "---\n" + yaml.safe_dump(kept, allow_unicode=True, sort_keys=False) + "---\n\n"


def note_page(fixed: FixedNote, lines: list[Line] | None = None, search: dict | None = None) -> str:
    """A repaired note as a page: its metadata, a title if the note has none, then its text
    (`lines`: the note's lines as the source view shows them, with question links)."""
    meta = dict(fixed.note.meta)
    meta["title"] = fixed.title
    lines = fixed.lines if lines is None else lines
    body = "\n".join(line.text for line in lines).rstrip("\n") + "\n"
    has_title = any(line.text.startswith("# ") for line in lines)
    heading = "" if has_title else f"# {fixed.title}\n\n"
    byline = [str(meta[key]) for key in ("author", "date") if meta.get(key)]
    byline_html = (f'<p class="kb-nav kb-byline">{html.escape(" · ".join(byline))}</p>\n\n'
                   if byline else "")
    return _front_matter(meta, search) + heading + byline_html + body


def _cell(text: str, limit: int = 80) -> str:
    """Quote source text in a table cell as a code span, so nothing in it is parsed as Markdown.
    (The tables extension ignores `|` inside code spans.)"""
    text = " ↵ ".join(part.strip() for part in text.strip().splitlines())
    if len(text) > limit:
        text = text[:limit] + "…"
    if not text:
        return "（删除）"
    fence = "`" * (max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def report_page(notes: list[FixedNote], file_problems: list[Problem]) -> str:
    """整理报告: what could not be repaired (missing images first), then every repair per note."""
    problems = file_problems + [problem for fixed in notes for problem in fixed.problems]
    problems.sort(key=lambda p: (not p.kind.startswith("image"), p.note, p.line))
    repairs: list[Repair] = [repair for fixed in notes for repair in fixed.repairs]
    kinds = Counter(repair.kind for repair in repairs)
    # Not searched: it quotes every note again, and readers look for answers, not repairs.
    out = ["---\nsearch:\n  exclude: true\n---\n", "# 整理报告", "",
           f"共整理 {len(notes)} 篇笔记，自动修复 {len(repairs)} 处，"
           f"{len(problems)} 处无法自动修复。", ""]
    if kinds:
        out += ["| 修复类型 | 次数 |", "| --- | --- |"]
        out += [f"| `{kind}` | {count} |" for kind, count in sorted(kinds.items())]
        out.append("")
    out += ["## 无法自动修复", ""]
    if problems:
        out += ["| 笔记 | 行 | 类型 | 说明 |", "| --- | --- | --- | --- |"]
        out += [f"| `{p.note}` | {p.line or ''} | `{p.kind}` | {html.escape(p.message)} |"
                for p in problems]
    else:
        out.append("没有。")
    out.append("")
    for fixed in notes:
        if not fixed.repairs:
            continue
        out += [f"## {fixed.note.name}", "", "| 行 | 类型 | 修复前 | 修复后 |", "| --- | --- | --- | --- |"]
        out += [f"| {r.line} | `{r.kind}` | {_cell(r.before)} | {_cell(r.after)} |" for r in fixed.repairs]
        out.append("")
    return "\n".join(out)
