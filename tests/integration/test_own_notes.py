"""Notes written for these tests, one per defect family (tests/fixtures/defect-notes), go through the
same path as the sample notes: the built site passes `notes-kb audit`, keeps every clause, and
`notes-kb fix` is idempotent on them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from notes_normalizer.read.reading import decode
from notes_normalizer.tools.audit import audit_site, format_result
from notes_normalizer.tools.cli import main
from tests.helpers import (
    DANGER,
    FAKE_PNG,
    FIXTURES,
    PAYLOADS,
    mkdocs_build,
    site_sources,
    site_text,
    source_clauses,
    tree_digest,
)

DEFECT_NOTES = FIXTURES / "defect-notes"


def make_notes(folder: Path) -> Path:
    shutil.copytree(DEFECT_NOTES, folder)
    (folder / "img").mkdir()
    (folder / "img" / "卷积.png").write_bytes(FAKE_PNG)
    (folder / "img" / "图 一.png").write_bytes(FAKE_PNG)
    (folder / ".vuepress" / "public").mkdir(parents=True)
    (folder / ".vuepress" / "public" / "backprop.png").write_bytes(FAKE_PNG)
    (folder / "旧编码.md").write_bytes("\ufeff# 旧编码笔记\r\n\r\n梯度消失：==重点==在这里。\r\n".encode("utf-8"))
    (folder / "xss.md").write_text("# 载荷\n\n" + "\n\n".join(f"第{i}段 {payload} 之后" for i, payload in
                                                             enumerate(PAYLOADS)) + "\n", encoding="utf-8")
    (folder / "国标.md").write_bytes("# 国标编码\r\n\r\n这是一篇 GB18030 编码的笔记，$ x^2 $ 是公式。\r\n"
                                    .encode("gb18030"))
    return folder


@pytest.fixture(scope="module")
def own_site(tmp_path_factory) -> tuple[Path, Path]:
    project = tmp_path_factory.mktemp("own")
    notes = make_notes(site_sources(project, "my-notes"))
    before = tree_digest(notes)
    mkdocs_build(project, project / "site")
    assert tree_digest(notes) == before
    return notes, project / "site"


def test_own_notes_pass_the_audit(own_site):
    _, site = own_site
    result = audit_site(site)
    assert result.ok, format_result(result)
    assert result.formulas >= 15


def test_own_notes_keep_every_clause(own_site):
    notes, site = own_site
    text = site_text(site)
    for note in sorted(notes.glob("*.md")):
        source, _ = decode(note.read_bytes())
        missing = [c for c in source_clauses(source.replace("\r\n", "\n")) if c not in text]
        assert missing == [], note.name


def test_images_found_copied_or_placeholdered(own_site):
    _, site = own_site
    pages = {p.parent.name: BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser").article
             for p in (site / "notes").glob("*/index.html")}
    paths = pages["paths"]
    assert len(paths.select("img")) == 4, "three local spellings of one file, plus the remote image"
    assert "https://example.org/remote.png" in [img["src"] for img in paths.select("img")]
    assert [s.get_text() for s in paths.select(".kb-missing-image")][0].startswith("图片缺失：越界")
    assert not (site / "images" / "passwd.png").exists()
    assert pages["vuepress"].select_one("img[src$='backprop.png']") is not None
    assert pages["vuepress"].select_one(".kb-missing-image") is not None
    assert pages["webcopy"].get_text().count("图片缺失") == 3
    assert "注意 image 一词在这里是正文。" in pages["webcopy"].get_text()


def test_front_matter_becomes_page_metadata(own_site):
    _, site = own_site
    page = (site / "notes" / "vuepress" / "index.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(page, "html.parser")
    assert soup.title.get_text().startswith("反向传播问答")
    assert "某作者" in soup.select_one(".kb-byline").get_text()


def test_fix_is_idempotent_on_own_notes(tmp_path):
    notes = make_notes(tmp_path / "notes")
    first, second = tmp_path / "first", tmp_path / "second"
    assert main(["fix", str(notes), "--out", str(first)]) == 0
    assert main(["fix", str(first), "--out", str(second)]) == 0
    for note in first.glob("*.md"):
        assert (second / note.name).read_text(encoding="utf-8") == note.read_text(encoding="utf-8"), note.name


PAYLOAD_MARKS = ("javascript:", "onerror", "onclick", "alert(", "<iframe", "evil.example", "display: none")


def test_no_payload_reaches_the_site(own_site):
    _, site = own_site
    page = site / "notes" / "hostile" / "index.html"
    article = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").article
    html = str(article).lower()
    for mark in PAYLOAD_MARKS:
        assert mark not in html, mark
    assert article.find("script") is None and article.find("style") is None
    text = article.get_text()
    for sentence in ("正常的第一段文字，必须保留。", "图片之后的文字也要保留。", "居中的说明文字。", "之后的文字。",
                     "最后一段正常文字。", "另一个链接"):
        assert sentence in text


def test_export_of_hostile_notes_is_harmless_with_stock_mkdocs(own_site, tmp_path):
    notes, _ = own_site
    project = notes.parent
    out = tmp_path / "export"
    assert main(["export", "-f", str(project / "mkdocs.yml"), str(out)]) == 0
    mkdocs_build(out, tmp_path / "stock-site")
    article = BeautifulSoup((tmp_path / "stock-site" / "notes" / "hostile" / "index.html")
                            .read_text(encoding="utf-8"), "html.parser").article
    html = str(article).lower()
    for mark in PAYLOAD_MARKS:
        assert mark not in html, mark


def test_owasp_payloads_never_reach_the_built_page(own_site):
    _, site = own_site
    article = BeautifulSoup((site / "notes" / "xss" / "index.html").read_text(encoding="utf-8"), "html.parser").article
    html = str(article).lower()
    for word in DANGER:
        assert word not in html, word
    assert article.find(["script", "iframe", "object", "embed", "style", "svg", "meta"]) is None
    assert all(not name.startswith("on") for tag in article.find_all(True) for name in tag.attrs)
    text = article.get_text()
    assert all(f"第{i}段" in text for i in range(len(PAYLOADS)))
