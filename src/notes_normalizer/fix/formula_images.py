"""Formula-image defects: formulas published as pictures whose URL holds the TeX.

Notes written for GitHub, which long had no math, show formulas as images rendered by an equation
service (`http://latex.codecogs.com/gif.latex?\\frac{a}{b}`, Zhihu's `equation?tex=`), often as a
local PNG copy wrapped in a link to the service's editor
(`[![](../_assets/公式_1.png)](http://www.codecogs.com/eqnedit.php?latex=…)`, or the same in HTML,
`<div align="center"><a href="…"><img src="…"></a></div>`). The TeX in the URL is
the formula itself: it becomes real math (`$…$`, or `$$…$$` when the image stands alone on its
line), so it scales, can be searched and copied, and joins the formula index. A formula whose TeX
does not hold together (unbalanced braces or environments) keeps its image.
"""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qs, unquote, urlsplit

from notes_normalizer.fix import Context, prose_lines
from notes_normalizer.fix.tex import holds_together
from notes_normalizer.model import Line

# Equation services and the query field that holds the TeX (None: the whole query is the TeX).
_SERVICES: tuple[tuple[re.Pattern, str | None], ...] = (
    (re.compile(r"(?:^|\.)codecogs\.com$"), None),  # eqnedit.php?latex=…, gif.latex?…, svg.image?…
    (re.compile(r"(?:^|\.)zhihu\.com$"), "tex"),  # www.zhihu.com/equation?tex=…
    (re.compile(r"^chart\.googleapis\.com$"), "chl"),  # chart?cht=tx&chl=…
    (re.compile(r"^render\.githubusercontent\.com$"), "math"),  # render/math?math=…
    (re.compile(r"^math\.now\.sh$"), "from"),
)
# URLs of formulas hold parentheses (`latex=P(Y=1|x)`): balanced ones, two levels deep, are part of it.
_URL = r"(?:[^()\s]|\((?:[^()\s]|\([^()\s]*\))*\))+"
_IMAGE = rf"!\[(?P<alt>[^\]\n]*)\]\(\s*(?P<src>{_URL})(?:\s+\"(?P<title>[^\"\n]*)\")?\s*\)"
# A linked image first (the link may be the equation editor), then a bare image.
_FORMULA_IMAGE = re.compile(rf"\[{_IMAGE}\]\(\s*(?P<href>{_URL})\s*\)|{_IMAGE.replace('?P<', '?P<bare_')}")
# The same in HTML: an <img>, maybe linked, maybe alone in a centring <div>/<p>/<center>.
_ATTRIBUTE = r"""\s*=\s*(?:"(?P<{0}>[^"]*)"|'(?P<{0}_>[^']*)')"""
_HTML_FORMULA_IMAGE = re.compile(
    r"(?P<wrapper><(?P<wrap>div|p|center)\b[^>]*>\s*)?"
    r"(?P<anchor><a\b[^>]*?\shref" + _ATTRIBUTE.format("href") + r"[^>]*>\s*)?"
    r"<img\b[^>]*?\ssrc" + _ATTRIBUTE.format("src") + r"[^>]*>"
    r"(?(anchor)\s*</a\s*>)(?(wrapper)\s*</(?P=wrap)\s*>)", re.IGNORECASE)
_SERVICE_NAMES = re.compile(r"codecogs|zhihu\.com/equation|chart\.googleapis|render\.githubusercontent|math\.now\.sh")
# Rendering options of the services, not part of the formula.
_RENDER_OPTIONS = re.compile(r"\\(?:dpi\{\d+\}|bg_\w+|bg\{\w+\}|fn_\w+|inline)\s*")
# The equation editor's size option, written before the formula.
_LEADING_SIZE = re.compile(r"^\\(?:tiny|small|normalsize|large|Large|LARGE|huge|Huge)(?![A-Za-z])\s*")
_LINE_PREFIX = re.compile(r"^[ \t]*(?:>[ \t]?)*")  # a list marker is not skipped: `- $$x$$` is no display


def tex_of_url(url: str) -> str | None:
    """The TeX an equation-service URL renders, or None for any other URL."""
    try:
        parts = urlsplit(url.strip("<>"))
    except ValueError:
        return None
    host = (parts.hostname or "").lower()
    for pattern, field_name in _SERVICES:
        if not pattern.search(host):
            continue
        if field_name is None:
            query = parts.query
            tex = query.split("=", 1)[1] if query.startswith("latex=") else query
        else:
            # A query that escapes characters (`%5C`) was form-encoded, so its `+` is a space (zhihu
            # writes `n+%5Ctimes+%28h…`); in one typed by hand, `+` is the formula's plus.
            query = parts.query if re.search(r"%[0-9A-Fa-f]{2}", parts.query) else parts.query.replace("+", "%2B")
            values = parse_qs(query, keep_blank_values=True).get(field_name)
            tex = values[0] if values else ""
        return _plain_tex(tex) or None
    return None


def _plain_tex(tex: str) -> str:
    """URL- and entity-escaped TeX as written: `&space;` is a space, `&plus;`/`@plus;` a plus."""
    tex = unquote(tex).replace("&space;", " ").replace("&plus;", "+").replace("@plus;", "+")
    tex = html.unescape(tex)
    return _LEADING_SIZE.sub("", _RENDER_OPTIONS.sub("", tex).strip())


def is_inline_option(url: str) -> bool:
    return "\\inline" in unquote(url)


def _renders(tex: str) -> bool:
    return bool(tex) and "$" not in tex and "\n" not in tex and holds_together(tex)


def _urls(match: re.Match) -> list[str]:
    """The URLs that may hold a formula image's TeX: the link's first, then the image's."""
    groups = match.groupdict()
    if groups.get("bare_src"):
        return [groups["bare_src"]]
    return [url for url in (groups.get("href") or groups.get("href_"), groups.get("src") or groups.get("src_"))
            if url]


def _formula(match: re.Match, alone: bool) -> str | None:
    for url in _urls(match):
        tex = tex_of_url(url)
        if tex is not None and _renders(tex):
            return f"$${tex}$$" if alone and not is_inline_option(url) else f"${tex}$"
    return None


def _replace_formulas(text: str, pattern: re.Pattern) -> str:
    matches = list(pattern.finditer(text))
    if not matches:
        return text
    body = text[_LINE_PREFIX.match(text).end():].strip()
    alone = len(matches) == 1 and body == matches[0].group(0)
    return pattern.sub(lambda match: _formula(match, alone) or match.group(0), text)


def formula_images_to_math(lines: list[Line], ctx: Context) -> list[Line]:
    """Equation-service images (and local copies linked to the service) become the math they show."""
    result = list(lines)
    for index, line in prose_lines(lines):
        text = line.text
        if not _SERVICE_NAMES.search(text):
            continue
        new_text = text
        if "![" in new_text:
            new_text = _replace_formulas(new_text, _FORMULA_IMAGE)
        if "<img" in new_text.lower():
            new_text = _replace_formulas(new_text, _HTML_FORMULA_IMAGE)
        if new_text != text:
            ctx.record(line, "formula-image", text, new_text)
            result[index] = line.with_text(new_text)
    return result
