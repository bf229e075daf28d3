"""`notes-kb audit SITE`: check a built site for the defects the normalizer exists to remove.

Works on any MkDocs site (it reads only the HTML in the folder): formulas KaTeX cannot render, raw
`$` TeX left as text, literal `==` / `**`, images that 404, code blocks holding prose or math, web-page
chrome, links or anchors that lead nowhere, and auto-link markup shown as text. Only the page content
(`<article>`) is examined. Given the notes folder too, it counts lost images: placeholders for a
file that is in the notes folder after all.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlparse

from bs4 import BeautifulSoup, NavigableString, Tag

from notes_normalizer.read.dialects import WEB_CHROME_LINE

CHECKS = ("katex-error", "raw-tex", "literal-mark", "literal-bold", "flattened-list", "broken-image",
          "lost-image", "code-holds-prose", "web-chrome", "broken-link", "autolink-markup")
_KATEX_CHECK = Path(__file__).with_name("katex_check.js")
_BLOCKS = ("p", "li", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "dd", "dt", "figcaption", "blockquote")
_SKIP = ("code", "pre", "script", "style", "kbd")
_TEX_HINT = re.compile(r"\$\s*\\[A-Za-z]|\\[A-Za-z]+[^$]{0,60}\$|\$[^$]{0,60}[_^{}][^$]{0,60}\$")
# A list marker at the start of a paragraph's later line: a list Markdown did not start.
_LIST_MARKER_LINE = re.compile(r"\n[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+\S")
# `==` touching text on one side is a highlight that failed; `a == b` is a comparison.
_FAILED_MARK = re.compile(r"(?<![\s=])==(?!=)|(?<!=)==(?![\s=])")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_MATH_IN_CODE = re.compile(r"\$|\\(?:frac|partial|sum|prod|sigma|alpha|beta|mathbf|cdot|left|right)\b")


@dataclass
class Finding:
    check: str
    page: str
    detail: str


@dataclass
class AuditResult:
    pages: int = 0
    formulas: int = 0
    findings: list[Finding] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(CHECKS, 0)
        for finding in self.findings:
            counts[finding.check] += 1
        return counts

    @property
    def ok(self) -> bool:
        return not self.findings


def _text_outside(element: Tag, skip: tuple[str, ...]) -> str:
    """The element's text without code, math and nested blocks (those are checked on their own)."""
    parts = []
    for child in element.children:
        if isinstance(child, NavigableString):
            parts.append(str(child))
        elif isinstance(child, Tag):
            if child.name in skip or "arithmatex" in child.get("class", []) or child.name in _BLOCKS \
                    or child.name in ("ul", "ol", "table", "div"):
                continue
            parts.append(_text_outside(child, skip))
    return "".join(parts)


def _target_exists(site: Path, page: Path, href: str) -> tuple[bool, Path | None, str]:
    """(exists, target html file or None, fragment) for a relative link from `page`."""
    parsed = urlparse(href)
    path = unquote(parsed.path)
    if not path:
        return True, page, parsed.fragment
    target = (page.parent / path).resolve() if not path.startswith("/") else None
    if target is None or not target.is_relative_to(site.resolve()):
        return False, None, parsed.fragment
    if target.is_dir():
        target = target / "index.html"
    return target.exists(), (target if target.suffix == ".html" else None), parsed.fragment


def _files_by_name(notes: Path | None) -> set[str] | None:
    if notes is None or not notes.is_dir():
        return None
    return {unicodedata.normalize("NFC", path.name).casefold() for path in notes.rglob("*") if path.is_file()}


def audit_site(site: Path, notes: Path | None = None) -> AuditResult:
    """Audit a built site. With `notes` (the folder it was built from), a missing-image placeholder
    whose file exists anywhere in that folder counts as a lost image."""
    # Long on purpose: one walk over each page's parsed HTML, a flat list of checks side by side
    # (each a few lines), so that a reader sees every defect the audit counts in one place.
    site = site.resolve()
    note_files = _files_by_name(notes)
    result = AuditResult()
    formulas: list[tuple[str, str, bool]] = []  # (page, tex, display)
    ids: dict[Path, set[str]] = {}
    links: list[tuple[str, Path, str]] = []
    soups = {}
    for page in sorted(site.rglob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8", errors="replace"), "html.parser")
        soups[page] = soup
        ids[page] = {tag["id"] for tag in soup.find_all(id=True)}
    for page, soup in soups.items():
        article = soup.find("article")
        if article is None:
            continue
        name = page.relative_to(site).as_posix()
        result.pages += 1

        def found(check: str, detail: str, name=name) -> None:
            result.findings.append(Finding(check, name, detail.strip()[:160]))

        for math in article.select(".arithmatex"):
            tex = math.get_text().strip()
            display = math.name == "div"
            tex = re.sub(r"^\\[\[(]|\\[\])]$", "", tex).strip()
            formulas.append((name, tex, display))
        for block in article.find_all(_BLOCKS):
            if block.find_parent(_SKIP) or block.find_parent(class_="kb-nav"):
                continue
            text = _text_outside(block, _SKIP)
            if text.count("$") >= 2 or _TEX_HINT.search(text):
                found("raw-tex", text)
            if _FAILED_MARK.search(text):
                found("literal-mark", text)
            if re.search(r"(?<![*0-9A-Za-z])\*{2,}|\*{2,}(?![*0-9A-Za-z])", text):  # not x**2: a power, as written
                found("literal-bold", text)
            if block.name == "p" and _LIST_MARKER_LINE.search(text):
                found("flattened-list", text)
            for line in text.splitlines():
                if WEB_CHROME_LINE.match(line) and line.strip() not in ("Code", "Top", "Preview", "Raw"):
                    found("web-chrome", line)
        for leak in article.find_all(string=re.compile(r"kb-autolink|\{ ?\.kb-nav")):
            found("autolink-markup", str(leak))
        for placeholder in article.select(".kb-missing-image code") if note_files else ():
            reference = placeholder.get_text().strip()
            name = unicodedata.normalize("NFC", unquote(reference.replace("\\", "/").split("?")[0]).rsplit("/", 1)[-1])
            if name.casefold() in note_files:
                found("lost-image", reference)
        for image in article.find_all("img"):
            src = image.get("src", "")
            if urlparse(src).scheme or src.startswith("//") or src.startswith("data:"):
                continue
            exists, _, _ = _target_exists(site, page, src)
            if not exists:
                found("broken-image", src)
        for pre in article.find_all("pre"):
            code = pre.get_text()
            # A language class (pymdownx.highlight's `pygments_lang_class`) says the author meant code.
            classes = {cls for tag in (pre, pre.code, pre.parent) if tag is not None for cls in tag.get("class", [])}
            has_language = any(cls.startswith("language-") and cls != "language-text" for cls in classes)
            letters = [c for c in code if not c.isspace()]
            cjk_share = len(_CJK.findall(code)) / max(1, len(letters))
            if not has_language and (cjk_share >= 0.3 or _MATH_IN_CODE.search(code)):
                found("code-holds-prose", code)
        for anchor in article.find_all("a", href=True):
            href = anchor["href"]
            if urlparse(href).scheme or href.startswith(("//", "mailto:")):
                continue
            links.append((name, page, href))
    for name, page, href in links:
        exists, target, fragment = _target_exists(site, page, href)
        if not exists or (fragment and target is not None and unquote(fragment) not in ids.get(target, set())):
            result.findings.append(Finding("broken-link", name, href))
    result.formulas = len(formulas)
    result.findings.extend(_katex_errors(site, formulas, result.skipped))
    return result


def _katex_errors(site: Path, formulas: list[tuple[str, str, bool]], skipped: list[str]) -> list[Finding]:
    """Render every formula with the site's own KaTeX (or the bundled one) in Node."""
    if not formulas:
        return []
    node = shutil.which("node")
    katex = next(iter(site.rglob("katex.min.js")), None)
    if katex is None:
        from importlib.resources import files
        try:
            katex = Path(str(files("notes_kb") / "assets" / "katex" / "katex.min.js"))
        except ModuleNotFoundError:
            katex = None
    if node is None or katex is None or not katex.exists():
        skipped.append("katex-error (needs node and a katex.min.js)")
        return []
    payload = json.dumps([{"tex": tex, "display": display} for _, tex, display in formulas])
    output = subprocess.run([node, str(_KATEX_CHECK), str(katex)], input=payload, capture_output=True,
                            text=True, timeout=300, check=True).stdout
    return [Finding("katex-error", page, f"{error}: {tex}")
            for (page, tex, _), error in zip(formulas, json.loads(output), strict=True) if error]


def format_result(result: AuditResult, limit: int = 10) -> str:
    lines = [f"audited {result.pages} pages, {result.formulas} formulas"]
    by_check = defaultdict(list)
    for finding in result.findings:
        by_check[finding.check].append(finding)
    for check, count in result.counts().items():
        lines.append(f"  {check:18} {count}")
    for check, findings in by_check.items():
        lines.append(f"\n{check}:")
        lines += [f"  {f.page}: {f.detail}" for f in findings[:limit]]
        if len(findings) > limit:
            lines.append(f"  … {len(findings) - limit} more")
    lines += [f"skipped: {s}" for s in result.skipped]
    return "\n".join(lines)
