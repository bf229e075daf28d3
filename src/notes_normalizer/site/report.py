"""整理报告: what the fixes did to each note and what they could not do, for the reader, in Chinese.

Problems that need the author come first, grouped by kind; then what was handled and is only worth
knowing (a GBK note read correctly, questions without answers listed as 待补充); then the repairs,
counted by kind and listed per note. Every group is a collapsed <details> block, so the page stays
short however many repairs a collection needs.
"""

from __future__ import annotations

import html
import re
from collections import Counter, defaultdict

from notes_normalizer.fix.images import MISSING_PLACEHOLDER
from notes_normalizer.model import FixedNote, Problem, Repair

# kind -> (heading, what it means and what to do). Problems the site shows honestly are notes.
PROBLEMS: dict[str, tuple[str, str]] = {
    "image.missing": ("图片找不到", "笔记引用的图片文件不在笔记文件夹或图片文件夹里，页面上显示为“图片缺失”占位框。"
                                 "把图片放进笔记文件夹（任意子文件夹都可以）后重新生成即可。"),
    "image.lost": ("图片在复制网页时丢失", "复制网页时图片没有一起保存，只剩下 image 一词，页面上显示为占位框。"),
    "link.missing": ("链接目标不存在", "链接指向的笔记或文件不在笔记文件夹里，已保留链接文字。"),
    "outside-notes": ("引用了笔记文件夹以外的文件", "出于安全考虑，笔记文件夹以外的文件不会被读取。"),
    "math.unreadable": ("公式无法解析", "括号或环境没有配对，公式按原文显示。"),
    "structure.deep-nesting": ("列表嵌套过深", "超过 16 层的部分按第 16 层显示。"),
    "front-matter": ("头信息格式错误", "文件开头的 YAML 头信息无法解析，已当作正文处理。"),
    "unreadable": ("无法读取的文件", "这个文件不是文本，已跳过。"),
    "config": ("配置问题", "mkdocs.yml 中 notes-kb 的设置有误。"),
    "kb.yml": ("kb.yml 中的设置没有生效", "这条设置没有匹配到任何问题。"),
    "notes.empty": ("笔记文件夹是空的", "在笔记文件夹里放入 Markdown 笔记后重新生成。"),
}
NOTICES: dict[str, tuple[str, str]] = {
    "encoding": ("非 UTF-8 编码的笔记", "已按下面的编码正确读取，内容完整；如需在别的工具里打开，可另存为 UTF-8。"),
    "question.unanswered": ("只有问题、没有答案", "这些问题列在所属主题页的“待补充”中。"),
}
# Markdown (code spans for the syntax they name), shown in table cells as written here.
REPAIRS: dict[str, str] = {
    "encoding.lookalike": "PDF 复制来的形近字符换成常用汉字",
    "encoding.wide-space": "全角或不换行空格缩进",
    "encoding.zero-width": "删除零宽字符",
    "formula-image": "公式图片改为可渲染的公式",
    "html.joined-tag": "拆成多行的 HTML 标签",
    "html.sanitized": "清除不安全的 HTML",
    "image": "修正图片路径",
    "links.relinked": "修正链接",
    "marks.asterisks": "星号（乘号与加粗）",
    "marks.empty-bold": "空的加粗标记",
    "marks.highlight": "`==高亮==` 标记",
    "math.blank-in-block": "公式块中的空行",
    "math.block-delimiter": "`$$` 公式块的起止",
    "math.display-in-sentence": "句中的 `$$` 公式",
    "math.display-spacing": "公式块前后的空行",
    "math.inner-spaces": "`$ x $` 内侧的空格",
    "math.joined-lines": "跨行的行内公式",
    "math.katex-spelling": "KaTeX 不支持的写法",
    "math.partial": "`\\part` 改为 `\\partial`",
    "math.table-bars": "表格公式中的竖线",
    "math.tex-words": "公式中的函数名",
    "structure.break-line": "只有 `<br>` 的行",
    "structure.bullet": "`•` 等符号改为列表",
    "structure.empty-item": "空的列表项",
    "structure.end-list": "列表后的代码块",
    "structure.heading": "恢复丢失的标题",
    "structure.indentation": "列表与段落的缩进",
    "structure.list-spacing": "列表前的空行",
    "structure.nested-list": "恢复嵌套列表",
    "structure.pseudo-list": "`\\-` 与分号写成的伪列表",
    "structure.web-chrome": "删除网页上的按钮和导航文字",
}


def label(kind: str) -> str:
    """The Chinese name of a kind of repair or problem (the code itself if none is known)."""
    if kind in REPAIRS:
        return REPAIRS[kind]
    return (PROBLEMS.get(kind) or NOTICES.get(kind) or (kind, ""))[0]


def _label_html(kind: str) -> str:
    """A kind's Chinese name as HTML: its `code` spans as <code>."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", html.escape(label(kind)))


def _detail(problem: Problem) -> str:
    """What a problem is about (the image reference, the encoding …): its message after the colon."""
    _, colon, subject = problem.message.partition(": ")
    return subject if colon else ""


def _quoted(text: str, limit: int = 80) -> str:
    """Source text as the reader would see it written: a placeholder by name, markup as text, long
    text cut; escaped, so nothing a note holds becomes HTML here."""
    text = MISSING_PLACEHOLDER.sub("［图片缺失占位框］", text)
    text = " ↵ ".join(part.strip() for part in text.strip().splitlines())
    if len(text) > limit:
        text = text[:limit] + "…"
    return f"<code>{html.escape(text)}</code>" if text else "（删除）"


def _group(title: str, css: str, meaning: str, header: list[str], rows: list[list[str]]) -> list[str]:
    """A collapsed group with a table, as raw HTML on consecutive lines: cells are escaped here and
    never parsed as Markdown, so a note's own `<details>` or `|` cannot break the page."""
    head = "".join(f"<th>{cell}</th>" for cell in header)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    explained = f"<p>{html.escape(meaning)}</p>" if meaning else ""
    return [f'<details class="{css}"><summary>{html.escape(title)}</summary>{explained}'
            f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></details>", ""]


def _problem_groups(problems: list[Problem], texts: dict[str, tuple[str, str]], css: str,
                    titles: dict[str, str]) -> list[str]:
    by_kind: dict[str, list[Problem]] = defaultdict(list)
    for problem in problems:
        by_kind[problem.kind].append(problem)
    out: list[str] = []
    for kind in sorted(by_kind, key=lambda k: (list(texts).index(k) if k in texts else len(texts), k)):
        found = sorted(by_kind[kind], key=lambda p: (p.note, p.line))
        heading, meaning = texts.get(kind, (kind, ""))
        rows = [[html.escape(titles.get(p.note, p.note)), str(p.line or ""),
                 _quoted(_detail(p)) if _detail(p) else "—"] for p in found]
        out += _group(f"{heading}（{len(found)} 处）", css, meaning, ["笔记", "行", "内容"], rows)
    return out


def report_page(notes: list[FixedNote], file_problems: list[Problem]) -> str:
    problems = file_problems + [problem for fixed in notes for problem in fixed.problems]
    to_do = [p for p in problems if p.kind not in NOTICES]
    notices = [p for p in problems if p.kind in NOTICES]
    repairs: list[Repair] = [repair for fixed in notes for repair in fixed.repairs]
    titles = {fixed.note.name: f"《{fixed.title}》" for fixed in notes}
    # Not searched: it quotes every note again, and readers look for answers, not repairs.
    out = ["---\nsearch:\n  exclude: true\n---\n", "# 整理报告", "",
           f"共整理 {len(notes)} 篇笔记：自动修复 {len(repairs)} 处，{len(to_do)} 处需要你处理"
           + (f"，另有 {len(notices)} 条说明。" if notices else "。"), "",
           "## 需要处理的问题", ""]
    out += _problem_groups(to_do, PROBLEMS, "warning", titles) if to_do else ["没有：所有问题都已自动修复。", ""]
    if notices:
        out += ["## 说明", ""] + _problem_groups(notices, NOTICES, "info", titles)
    out += ["## 自动修复", ""]
    if not repairs:
        return "\n".join(out + ["没有需要修复的地方。", ""])
    kinds = Counter(repair.kind for repair in repairs)
    out += ["| 修复 | 次数 |", "| --- | --- |"]
    out += [f"| {label(kind)} | {count} |" for kind, count in kinds.most_common()]
    out.append("")
    for fixed in notes:
        if not fixed.repairs:
            continue
        rows = [[str(r.line), _label_html(r.kind), _quoted(r.before), _quoted(r.after)] for r in fixed.repairs]
        out += _group(f"{titles[fixed.note.name]}（{len(fixed.repairs)} 处）", "note", "",
                      ["行", "修复", "修复前", "修复后"], rows)
    return "\n".join(out)
