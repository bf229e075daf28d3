"""Nothing lost, nothing left broken: the site built from the five notes passes `notes-kb audit`, and
every clause of Chinese text in the notes appears in it (web-page chrome excepted)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from notes_normalizer.fix.encoding import plain_cjk_characters
from notes_normalizer.fix.math import math_spans
from notes_normalizer.read.dialects import WEB_CHROME_LINE
from notes_normalizer.read.reading import decode
from notes_normalizer.tools.audit import audit_site, format_result

from .conftest import NOTES
from .test_site_build import built  # noqa: F401 - the module-scoped build fixture

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


def test_built_site_passes_the_audit(built):  # noqa: F811
    _, site, _ = built
    result = audit_site(site)
    assert result.skipped == [], result.skipped
    assert result.ok, format_result(result)
    assert result.formulas > 140


@pytest.mark.parametrize("note", sorted(p.name for p in NOTES.glob("*.md")))
def test_every_clause_survives(built, note):  # noqa: F811
    _, site, _ = built
    clauses = source_clauses((NOTES / note).read_text(encoding="utf-8"))
    text = site_text(site)
    missing = [c for c in clauses if c not in text]
    share = 1 - len(missing) / len(clauses)
    print(f"{note}: {len(clauses) - len(missing)}/{len(clauses)} clauses ({share:.1%})", missing[:8])
    assert missing == []
