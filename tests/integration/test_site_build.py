"""End to end: a real `mkdocs build --strict` of the project, and of another folder of notes."""

from __future__ import annotations

import re
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

from bs4 import BeautifulSoup

from tests.helpers import ENV, mkdocs_build


def external_references(site: Path) -> list[str]:
    """`src`/`href` of scripts, styles, fonts and images that point at another host."""
    found = []
    for page in site.rglob("*.html"):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for tag in soup.find_all(["script", "link", "img", "iframe", "source"]):
            if tag.name == "link" and not {"stylesheet", "preload", "icon", "manifest"} & set(tag.get("rel", [])):
                continue
            url = tag.get("src") or tag.get("href") or ""
            if re.match(r"^(?:[a-z]+:)?//", url, re.IGNORECASE):
                found.append(f"{page.relative_to(site)}: {url}")
    for css in site.rglob("*.css"):
        found += [f"{css.relative_to(site)}: {u}" for u in
                  re.findall(r"url\((['\"]?(?:https?:)?//[^)]*)\)|@import", css.read_text(encoding="utf-8"))]
    return found


def test_strict_build_has_no_warnings(built):
    _, _, log = built
    assert "WARNING" not in log
    assert re.search(r"notes-kb: 5 notes, \d+ repairs, \d+ questions merged into \d+ pages", log)


def test_a_build_says_one_line_about_the_notes(built):
    """Generated pages need no nav entry and each problem is on 整理报告: neither is listed per line."""
    _, _, log = built
    assert "not included in the \"nav\"" not in log
    assert "image not found" not in log and "待补充" not in log
    assert len([line for line in log.splitlines() if "notes-kb" in line]) == 1


def test_search_index_names_what_a_page_is_about_without_a_row_of_names(built):
    """The other names of a page's subject are its tags (which Material weighs above titles), the
    names of what it only mentions are its own text: neither is a result row of its own."""
    import json
    _, site, _ = built
    entries = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    assert not [e["location"] for e in entries if "kb-aka" in e["location"] or "·" in e["title"]]
    tags = {e["location"]: e.get("tags", []) for e in entries if e["location"].startswith("q/")}
    bn = [tags for location, tags in tags.items() if "批归一化" in tags]
    assert bn and all("batch normalization" in t and "学习率" not in t for t in bn)  # BN, not what it mentions
    words = set(json.loads((site / "assets" / "notes-kb" / "words.json").read_text(encoding="utf-8"))["words"])
    assert {"批归一化", "深度可分离卷积"} <= words


def test_one_page_per_note_and_a_report(built):
    root, site, _ = built
    pages = sorted(p.parent.name for p in (site / "notes").glob("*/index.html"))
    assert len(pages) == len(list((root / "notes").glob("*.md"))) == 5
    assert all(re.fullmatch(r"[a-z0-9-]+", name) for name in pages)
    report = (site / "report" / "index.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(report, "html.parser")
    assert soup.h1.get_text(strip=True).startswith("整理报告")
    assert soup.select(".kb-missing-image") == [], "the report quotes repairs as code, never renders them"
    article = soup.select_one("article")
    shown = article.get_text(" ")
    # Chinese throughout: no internal codes, no English descriptions, no markup shown as text
    assert not re.search(r"\b(?:image|math|structure|marks|links)\.[a-z-]+\b", shown)
    assert "inserted" not in shown and "NOT REPAIRED" not in shown and "<span" not in shown
    groups = article.select("details")
    assert groups and all(not d.has_attr("open") for d in groups), "every group starts collapsed"
    summaries = [d.summary.get_text() for d in groups]
    assert any(s.startswith("图片找不到（") for s in summaries)
    assert sum(1 for s in summaries if s.startswith("《")) == 5  # one group of repairs per note


def test_home_lists_every_note_with_a_working_link(built):
    _, site, _ = built
    soup = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    links = [a["href"] for a in soup.select("article a") if a["href"].startswith("notes/")]
    assert len(links) == 5
    for href in links:
        assert (site / href / "index.html").is_file(), href


def test_math_is_emitted_for_katex_and_katex_is_served_locally(built):
    _, site, _ = built
    page = (site / "notes" / "shen-du-xue-xi-wen-ti-zong-jie" / "index.html").read_text(encoding="utf-8")
    assert page.count('class="arithmatex"') > 20
    assert "katex-render.js" in page  # it fetches katex.min.js from beside itself, only where there is math
    assert "katex.min.js" not in page
    assert (site / "assets" / "notes-kb" / "katex" / "katex.min.js").is_file()
    assert (site / "assets" / "notes-kb" / "katex" / "LICENSE").is_file()


def test_missing_images_are_placeholders_not_broken_imgs(built):
    _, site, _ = built
    for page in (site / "notes").glob("*/index.html"):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for img in soup.select("article img"):
            target = (page.parent / img["src"]).resolve()
            assert target.is_file(), f"{page}: {img['src']}"
    web_copy = (site / "notes" / "mian-shi-ti-shen-du-xue-xi" / "index.html").read_text(encoding="utf-8")
    assert web_copy.count("kb-missing-image") >= 20
    assert "Skip to content" not in web_copy and "File metadata and controls" not in web_copy


def test_no_request_to_another_host(built):
    _, site, _ = built
    assert external_references(site) == []


def test_plugin_is_found_through_its_entry_point():
    (entry,) = [e for e in entry_points(group="mkdocs.plugins") if e.name == "notes-kb"]
    from notes_kb import NotesKbPlugin
    assert entry.load() is NotesKbPlugin


def test_notes_dir_can_point_at_another_folder(project_copy, tmp_path):
    own = project_copy / "my-notes"
    (own / "sub" / "img").mkdir(parents=True)
    (own / "sub" / "img" / "arch.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 16)
    (own / "sub" / "卷积 笔记.md").write_text(
        "# 卷积笔记\n\n什么是感受野？\n\n![结构](/Users/me/Desktop/img/arch.png)\n", encoding="utf-8")
    (own / "旧笔记.md").write_bytes("# 旧笔记\r\n\r\n梯度消失的原因。\r\n".encode("gb18030"))
    config = (project_copy / "mkdocs.yml").read_text(encoding="utf-8")
    (project_copy / "mkdocs.yml").write_text(config.replace("notes_dir: notes", "notes_dir: my-notes"),
                                             encoding="utf-8")
    site = tmp_path / "site"
    mkdocs_build(project_copy, site)
    pages = sorted(p.parent.name for p in (site / "notes").glob("*/index.html"))
    assert pages == ["jiu-bi-ji", "juan-ji-bi-ji"]
    note = (site / "notes" / "juan-ji-bi-ji" / "index.html").read_text(encoding="utf-8")
    assert "什么是感受野？" in note and 'src="../../images/arch.png"' in note
    assert (site / "images" / "arch.png").is_file()
    assert "梯度消失的原因。" in (site / "notes" / "jiu-bi-ji" / "index.html").read_text(encoding="utf-8")


def test_missing_notes_dir_is_a_clear_error(project_copy, tmp_path):
    config = (project_copy / "mkdocs.yml").read_text(encoding="utf-8")
    (project_copy / "mkdocs.yml").write_text(config.replace("notes_dir: notes", "notes_dir: nowhere"),
                                             encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", str(project_copy / "mkdocs.yml"),
                             "-d", str(tmp_path / "s")], capture_output=True, text=True, env=ENV)
    assert result.returncode != 0
    assert "notes_dir" in result.stderr and "nowhere" in result.stderr
