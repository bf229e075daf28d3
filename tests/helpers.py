"""What many tests share: the project's paths, small notes made from text, one fix applied, project
copies, a real `mkdocs build`, a local server to poll, and the clause check of "nothing lost"."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import socket
import subprocess
import sys
import textwrap
import time
import urllib.request
from pathlib import Path

from bs4 import BeautifulSoup

from notes_normalizer.fix import Context
from notes_normalizer.fix.encoding import plain_cjk_characters
from notes_normalizer.fix.images import ImageResolver
from notes_normalizer.fix.math import math_spans
from notes_normalizer.model import Line, Note
from notes_normalizer.read.dialects import WEB_CHROME_LINE
from notes_normalizer.read.reading import decode

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
NOTES = ROOT / "notes"
DATA = TESTS / "data"
FIXTURES = TESTS / "fixtures"
CORPORA = ROOT.parent / "shared" / "corpora"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


# --- small notes ------------------------------------------------------------------------------------

def make_note(text: str, name: str = "note.md", folder: Path | None = None,
              dialects: frozenset[str] = frozenset()) -> Note:
    folder = folder or Path("/nonexistent-notes")
    lines = [Line(t, n) for n, t in enumerate(textwrap.dedent(text).strip("\n").split("\n"), start=1)]
    return Note(name=name, path=folder / name, lines=lines, dialects=dialects)


def run_fix(fix, text: str, folder: Path | None = None, dialects=frozenset(), page_path="note.md",
            page_url="", name="note.md"):
    """Apply one fix to a small note; returns (text, ctx)."""
    note = make_note(text, name=name, folder=folder, dialects=dialects)
    resolver = ImageResolver([folder] if folder else [], "images")
    ctx = Context(note=note, page_path=page_path, page_url=page_url, images=resolver)
    lines = fix(note.lines, ctx)
    return "\n".join(line.text for line in lines), ctx


COLLECTION_NOTES = FIXTURES / "collection-notes"
FAKE_PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16
COLLECTION_IMAGES = ("_assets/公式_1.png", "_assets/公式_2.png", "_assets/池化.png", "img/ch3/3.1.png",
                     "img/ch3/3.2.png", "img/ch3/1.png", "img/ch5/1.png")
_BIG5 = "# 繁體筆記\n\n## 什麼是卷積？\n\n卷積是一種運算，權重共享，參數較少。\n"


def make_collection_notes(folder: Path) -> Path:
    """tests/fixtures/collection-notes copied to `folder`, with its images and a Big5 note."""
    shutil.copytree(COLLECTION_NOTES, folder)
    for number, image in enumerate(COLLECTION_IMAGES):
        (folder / image).parent.mkdir(parents=True, exist_ok=True)
        (folder / image).write_bytes(FAKE_PNG + bytes([number]))  # distinct files
    (folder / "繁體.md").write_bytes(_BIG5.encode("big5"))
    return folder


# --- projects and builds ----------------------------------------------------------------------------

def tree_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(folder).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def site_sources(project: Path, notes_dir: str = "notes") -> Path:
    """The project's config and docs copied into `project`, its plugin reading `notes_dir` there;
    returns that notes folder, for the caller to fill."""
    project.mkdir(parents=True, exist_ok=True)
    shutil.copytree(ROOT / "docs", project / "docs")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(config.replace("notes_dir: notes", f"notes_dir: {notes_dir}"), encoding="utf-8")
    return project / notes_dir


def mkdocs_build(project: Path, site: Path, strict: bool = True, site_url: str | None = None
                 ) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "mkdocs", "build", "-f", str(project / "mkdocs.yml"), "-d", str(site)]
    env = {**ENV, "SITE_URL": site_url} if site_url else ENV
    result = subprocess.run(command + (["--strict"] if strict else []), capture_output=True, text=True,
                            env=env, cwd=project)
    assert result.returncode == 0, result.stderr[-3000:]
    return result


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_for(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.5)
    return False


# --- nothing lost -----------------------------------------------------------------------------------

_CLAUSE_END = re.compile(r"[。！？；，、：:;!?\n（）()“”\"|]+")
_LIST_MARKER = re.compile(r"^\s*(?:[-*+•]|\d{1,9}[.)])\s+")
_LOST_IMAGE = re.compile(r"(?<![A-Za-z])image(?![A-Za-z])")
_KEEP = re.compile(r"[\u3400-\u9fffA-Za-z0-9]+")


def _normal(text: str) -> str:
    return "".join(_KEEP.findall(text)).lower()


def source_clauses(text: str) -> list[str]:
    """Chinese clauses of a note, with math (also multi-line), HTML tags, link targets, list markers,
    lost-image words, web-page chrome and front matter removed."""
    text = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)
    out, position = [], 0
    for span in math_spans(text):
        out.append(text[position:span.start] + "\n")
        position = span.end
    text = "".join(out) + text[position:]
    text = re.sub(r"<(script|style)\b[^>]*>.*?</\1\s*>", " ", text, flags=re.S | re.I)  # not text
    text = re.sub(r"</?[A-Za-z][^>]*>", " ", text)
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", " ", text)  # image alt text is not page text
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    kept = []
    for line in text.split("\n"):
        if WEB_CHROME_LINE.match(line) or re.fullmatch(r"\s*\S+\.md\s*", line):  # chrome, file-name crumb
            continue
        kept.append(_LOST_IMAGE.sub(" ", _LIST_MARKER.sub("", line)))
    clauses = [_normal(c) for c in _CLAUSE_END.split("\n".join(kept))]
    return [c for c in clauses if len(re.findall(r"[\u3400-\u9fff]", c)) >= 2]


def site_text(site: Path) -> str:
    parts = []
    for page in (site / "notes").rglob("index.html"):
        article = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").article
        for math in article.select(".arithmatex, .kb-missing-image"):
            math.replace_with("\n")
        parts.append(_LOST_IMAGE.sub(" ", article.get_text("\n")))  # the word is ignored on both sides
    return _normal("\n".join(parts))


def missing_clauses(notes: Path, site: Path) -> dict[str, list[str]]:
    """Per note of `notes`, the clauses the built `site` does not show (look-alike characters read
    as the site reads them)."""
    text = site_text(site)
    missing = {}
    for note in sorted(notes.rglob("*.md")):
        lost = [c for c in source_clauses(plain_cjk_characters(decode(note.read_bytes())[0])) if c not in text]
        if lost:
            missing[note.name] = lost
    return missing


# --- hostile HTML ----------------------------------------------------------------------------------

# Classic vectors from the OWASP XSS filter evasion cheat sheet, in one-line form.
PAYLOADS = [
    "<script>alert('XSS')</script>",
    "<SCRIPT SRC=https://xss.example/xss.js></SCRIPT>",
    "<IMG SRC=\"javascript:alert('XSS');\">",
    "<IMG SRC=javascript:alert('XSS')>",
    "<IMG SRC=JaVaScRiPt:alert('XSS')>",
    "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;1&#41;>",
    "<IMG SRC=\"jav&#x09;ascript:alert('XSS');\">",
    "<IMG SRC=\" &#14;  javascript:alert('XSS');\">",
    "<img src=x onerror=alert(1)>",
    "<BODY ONLOAD=alert('XSS')>",
    "<svg/onload=alert('XSS')>",
    "<iframe src=\"javascript:alert('XSS');\"></iframe>",
    "<a href=\"vbscript:msgbox('XSS')\">点我</a>",
    "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">点我</a>",
    "<div style=\"background-image: url(javascript:alert('XSS'))\">文字</div>",
    "<object type=\"text/x-scriptlet\" data=\"https://xss.example/x.html\"></object>",
    "<embed src=\"https://xss.example/x.swf\">",
    "<style>@import 'https://xss.example/x.css';</style>",
    "<META HTTP-EQUIV=\"refresh\" CONTENT=\"0;url=javascript:alert('XSS');\">",
    "<TABLE BACKGROUND=\"javascript:alert('XSS')\"><tr><td>格</td></tr></TABLE>",
    "<input type=\"image\" src=\"javascript:alert('XSS');\">",
    "<details open ontoggle=alert(1)><summary>摘要</summary></details>",
]
DANGER = ("<script", "javascript:", "vbscript:", "data:text/html", "onerror", "onload", "ontoggle", "<iframe",
          "<object", "<embed", "<style", "<meta", "<svg", "url(", "alert(")


# --- figures ----------------------------------------------------------------------------------------

# Figures the suite measures (search hit@3, render problems …), printed at the end of every run so
# CI logs carry them even when every test passes.
MEASUREMENTS: dict[str, str] = {}


def measured(name: str, value: str) -> None:
    MEASUREMENTS[name] = value
    print(f"\n{name}: {value}")
