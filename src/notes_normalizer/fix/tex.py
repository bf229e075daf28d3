"""TeX dialect defects: LaTeX that MathJax or a LaTeX document accepts and KaTeX does not.

`eqnarray` (deprecated in LaTeX, absent from KaTeX) is the three-column array it always was;
`\\and`/`\\or` written for logic are `\\land`/`\\lor`; `equation` environments, which KaTeX allows
only in display mode, lose their wrapper inside inline math. A formula whose braces, `\\left`/
`\\right` or environments do not pair up cannot render at all: it is reported with its line.
"""

from __future__ import annotations

import re

from notes_normalizer.fix import Context
from notes_normalizer.fix.math import _rewrite_all_math, display_block_roles, math_spans
from notes_normalizer.model import Line

_SPELLINGS = (
    (re.compile(r"\\begin\{eqnarray\*?\}"), r"\\begin{array}{rcl}"),
    (re.compile(r"\\end\{eqnarray\*?\}"), r"\\end{array}"),
    (re.compile(r"\\and(?![A-Za-z])"), r"\\land"),
    (re.compile(r"\\or(?![A-Za-z])"), r"\\lor"),
)


def katex_spelling(tex: str) -> str:
    for pattern, replacement in _SPELLINGS:
        if "\\" in tex:
            tex = pattern.sub(replacement, tex)
    return tex


def katex_spellings(lines: list[Line], ctx: Context) -> list[Line]:
    return _rewrite_all_math(lines, ctx, "math.katex-spelling", katex_spelling)


def holds_together(tex: str) -> bool:
    """True when braces, `\\left`/`\\right` and environments pair up: TeX a renderer can read."""
    depth = 0
    for match in re.finditer(r"\\.|[{}]", tex):
        token = match.group(0)
        if token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
            if depth < 0:
                return False
    if depth:
        return False
    if len(re.findall(r"\\left(?![a-zA-Z])", tex)) != len(re.findall(r"\\right(?![a-zA-Z])", tex)):
        return False
    stack = []
    for kind, name in re.findall(r"\\(begin|end)\{([^}]*)\}", tex):
        if kind == "begin":
            stack.append(name)
        elif not stack or stack.pop() != name:
            return False
    return not stack


def report_unreadable_formulas(lines: list[Line], ctx: Context) -> list[Line]:
    """Name every formula that cannot render (a problem with its line; the text is left as it is)."""
    roles = display_block_roles(lines)
    block: list[Line] = []
    for line, role in zip(lines, roles, strict=True):
        if role:
            block.append(line)
            if role == "close":
                tex = "\n".join(item.text for item in block)
                tex = tex[tex.index("$$") + 2:tex.rindex("$$")]
                if not holds_together(tex):
                    ctx.problem(block[0], "math.unreadable",
                                "formula cannot be rendered: unbalanced braces, \\left/\\right or environments")
                block = []
            continue
        if "$" not in line.text:
            continue
        for span in math_spans(line.text):
            tex = line.text[span.start + span.width:span.end - span.width]
            if not holds_together(tex):
                ctx.problem(line, "math.unreadable",
                            "formula cannot be rendered: unbalanced braces, \\left/\\right or environments: "
                            f"{tex[:60]}")
    return lines
