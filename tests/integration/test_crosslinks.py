"""Cross-links and the formula index: unit rules on small pages, and the built site of the five notes."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from notes_normalizer.build import build_site
from notes_normalizer.site.crosslinks import Glossary, RelatedFinder, Target, autolink, linked_pages, related_questions
from notes_normalizer.site.formulas import anchor_formulas, build_index, formula_id, normalize_tex, page_formulas
from notes_normalizer.text.paths import relative_url
from tests.helpers import ENV, NOTES, ROOT, measured

GRADIENT = Target("q/ti-du-xiao-shi.md", "梯度消失")
CONV = Target("q/juan-ji.md", "卷积")
BN = Target("q/bn.md", "BN")


def glossary() -> Glossary:
    terms = Glossary()
    for spelling, target in [("梯度消失", GRADIENT), ("卷积", CONV), ("卷积核", Target("q/he.md", "卷积核")),
                             ("BN", BN), ("批归一化", BN), ("1x1卷积", Target("q/1x1.md", "1x1"))]:
        terms.add(spelling, target)
    return terms


def link(text: str, page: str = "q/page.md", cap: int = 10) -> str:
    return "\n".join(autolink(text, page, glossary(), cap))


def test_first_mention_links_once_per_target_relatively():
    out = link("梯度消失问题很常见。梯度消失还会再出现。")
    assert out == "[梯度消失](ti-du-xiao-shi.md){ .kb-nav .kb-autolink }问题很常见。梯度消失还会再出现。"


def test_terms_only_link_at_word_boundaries():
    assert "kb-autolink" not in link("BNN 不是批量的东西。")  # BN inside BNN
    out = link("把卷积核换小一些。")
    assert "[卷积核](he.md)" in out and "[卷积](" not in out  # longest term first
    assert "[1×1卷积](1x1.md)" in link("1×1卷积可以降维。")  # spellings of 1x1 fold


@pytest.mark.parametrize("text", [
    "## 梯度消失的原因",
    "`梯度消失` 在代码里",
    "```\n梯度消失\n```",
    "$梯度消失$",
    "$$\n\\text{梯度消失}\n$$",
    "[梯度消失的说明](other.md)",
    '!!! note "梯度消失"',
    '<div class="kb-nav kb-sources" markdown="1">\n\n来源：梯度消失\n\n</div>',
    "<p>梯度消失</p>",
    "梯度消失\n========",
    "---\ntitle: 梯度消失\n---",
    # whatever the fixes left: indented code, \( \) and \[ \] math, environments, raw HTML blocks,
    # link text wrapped onto the next line
    "说明如下：\n\n    x = 梯度消失(y)\n    print(x)",
    "- 列表项\n\n        x = 梯度消失(y)",
    "式子 \\(\\text{梯度消失} = 0\\) 成立",
    "\\[\n\\text{梯度消失}\n\\]",
    "\\begin{aligned}\n\\text{梯度消失} &= 0\n\\end{aligned}",
    "<table>\n<tr><td>x</td></tr>\n梯度消失\n</table>",
    "参考 [一篇讲\n梯度消失的文章](https://example.com) 之后",
    "参考 [一篇讲梯度\n消失的文章\n梯度消失的说明](https://example.com)",
])
def test_never_links_in_headings_code_math_links_titles_or_navigation(text):
    assert "kb-autolink" not in link(text)


def test_text_under_list_items_and_after_wrapped_links_still_links():
    assert "kb-autolink" in link("- 列表项\n\n    梯度消失是问题。")
    assert "kb-autolink" in link("参考 [一篇\n文章](https://example.com) 里的梯度消失")
    assert "kb-autolink" in link("段落\n    梯度消失接着上一行。")  # a continuation line, not code


def test_no_self_link_and_a_cap_per_page():
    assert "kb-autolink" not in link("梯度消失在这页讲。", page="q/ti-du-xiao-shi.md")
    out = link("梯度消失、卷积、BN 都有。", cap=2)
    assert out.count("kb-autolink") == 2


def test_linked_pages_resolves_relative_targets():
    text = "[a](other.md) [b](../topics/x.md#y) [c](https://e.com/z.md)"
    assert linked_pages(text, "q/page.md") == {"q/other.md", "topics/x.md"}


def test_formulas_worth_indexing():
    page = "\n".join([
        "sigmoid 的定义：$f(x) = \\frac{1}{1+e^{-x}}$，其中 $x$ 是输入，$W_i$ 是权重。",
        "",
        "$$",
        "L = -\\sum_i y_i \\log \\hat y_i",
        "$$",
        "",
        "`$a = b$` 在代码里",
    ])
    found = page_formulas(page)
    assert [(tex, display) for tex, display, _ in found] == [
        ("f(x) = \\frac{1}{1+e^{-x}}", False), ("L = -\\sum_i y_i \\log \\hat y_i", True)]
    assert found[0][2] == "sigmoid 的定义"


def test_identical_formulas_are_one_entry_with_every_occurrence():
    assert normalize_tex("\\left( a \\right) = \\dfrac{1}{2}\\,x") == normalize_tex("(a)=\\frac{1}{2}x")
    index = build_index([("q/a.md", "A", "激活函数", "定义：$y = \\max(0, x)$"),
                         ("q/b.md", "B", "激活函数", "也写作 $y=\\max(0,x)$。")])
    assert len(index) == 1 and [o.page for o in index[0].occurrences] == ["q/a.md", "q/b.md"]


def test_anchor_goes_on_the_formula_element():
    html = ('<p>x <span class="arithmatex">\\(y = \\max(0, x)\\)</span></p>'
            '<div class="arithmatex">\\[a=b\\]</div><span class="arithmatex">\\(y=\\max(0,x)\\)</span>')
    soup = BeautifulSoup(anchor_formulas(html, {formula_id("y=\\max(0,x)"), formula_id("a = b")}), "html.parser")
    ids = [element.get("id") for element in soup.select(".arithmatex")]
    assert ids == [formula_id("y=\\max(0,x)"), formula_id("a=b"), None]  # one anchor per formula per page


def test_relative_urls_between_pages():
    assert relative_url("formulas.md", "q/a.md", "f-1") == "../q/a/#f-1"
    assert relative_url("formulas.md", "q/a.md", "f-1", use_directory_urls=False) == "q/a.html#f-1"
    assert relative_url("index.md", "q/a.md") == "q/a/"


# --- the five notes, built ---------------------------------------------------------------------

@pytest.fixture
def site_dir(built_site) -> Path:
    return built_site


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


def _question_pages(site_dir: Path) -> dict[str, BeautifulSoup]:
    return {p.parent.name: _soup(p) for p in sorted((site_dir / "q").glob("*/index.html"))}


def test_most_pages_have_related_questions_and_auto_links(site_dir):
    pages = _question_pages(site_dir)
    with_related = sum(1 for soup in pages.values() if soup.select(".kb-related a"))
    autolinks = sum(len(soup.select("article a.kb-autolink")) for soup in pages.values())
    measured("cross-links", f"{len(pages)} question pages; related block on {with_related}; "
                            f"{autolinks} auto-links ({autolinks / len(pages):.2f} per page)")
    assert with_related >= 0.9 * len(pages)
    assert autolinks >= len(pages)
    for soup in pages.values():
        for item in soup.select(".kb-related a"):
            assert item.get("title"), "each related question says why on hover"


def test_every_body_link_shows_up_in_the_targets_backlinks(site_dir):
    pages = _question_pages(site_dir)
    checked = 0
    for slug, soup in pages.items():
        article = soup.select_one("article")
        for anchor in article.find_all("a", href=True):
            if anchor.find_parent(class_="kb-related") or anchor.find_parent(class_="kb-backlinks") \
                    or anchor.find_parent(class_="kb-sources") or anchor.find_parent(class_="kb-source"):
                continue
            match = re.fullmatch(r"\.\./([^/#]+)/(?:#.*)?", anchor["href"])
            if not match or match.group(1) == slug or match.group(1) not in pages:
                continue
            target = pages[match.group(1)]
            backlinks = {a["href"] for a in target.select(".kb-backlinks a")}
            assert f"../{slug}/" in backlinks, f"{slug} -> {match.group(1)}"
            checked += 1
    assert checked > 50


def test_no_link_in_headings_code_or_math_and_no_self_link(site_dir):
    for slug, soup in _question_pages(site_dir).items():
        for anchor in soup.select("article a.kb-autolink"):
            assert not anchor.find_parent(["h1", "h2", "h3", "h4", "h5", "h6", "code", "pre"])
            assert not anchor.find_parent(class_=["arithmatex", "admonition-title"])
            assert anchor["href"] not in ("./", f"../{slug}/")


def test_zero_broken_anchors(site_dir):
    broken, checked = [], 0
    for page in sorted(site_dir.rglob("*.html")):
        soup = _soup(page)
        for anchor in soup.select("article a[href*='#']"):
            href = anchor["href"]
            if re.match(r"[a-z]+:", href):
                continue
            path, fragment = href.split("#", 1)
            target = (page.parent / path).resolve() if path else page
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file() or not fragment:
                continue
            checked += 1
            if _soup(target).find(id=fragment) is None:
                broken.append(f"{page.relative_to(site_dir)} -> {href}")
    assert checked > 100
    assert broken == []


def test_every_formula_index_link_lands_on_its_formula(site_dir):
    index = _soup(site_dir / "formulas" / "index.html")
    entries = index.select(".kb-formula")
    links = index.select(".kb-formula-links a")
    assert index.select_one("input.kb-formula-filter") is not None
    assert len(entries) > 50 and len(links) >= len(entries)
    for anchor in links:
        path, fragment = anchor["href"].split("#")
        target = _soup((site_dir / "formulas" / path / "index.html").resolve())
        element = target.find(id=fragment)
        assert element is not None and "arithmatex" in element.get("class", []), anchor["href"]


def test_the_index_holds_every_substantive_formula_of_the_notes(site_dir):
    from notes_normalizer.build import build_site
    site = build_site(ROOT / "notes")
    indexed = {f["id"] for f in json.loads(site.files["kb.json"])["formulas"]}
    for _, fixed in site.notes:
        for tex, _, _ in page_formulas(fixed.text):
            assert formula_id(tex) in indexed, f"{fixed.note.name}: {tex}"
    single = [f for f in json.loads(site.files["kb.json"])["formulas"] if re.fullmatch(r"\\?[A-Za-z]+(_\w)?", f["tex"])]
    assert single == []


def test_kb_json_has_related_ids_and_formulas(site_dir):
    data = json.loads((site_dir / "kb.json").read_text("utf-8"))
    ids = {q["id"] for q in data["questions"]}
    assert data["formula_index"] == "formulas/"
    assert all(set(q["related"]) <= ids for q in data["questions"])
    for formula in data["formulas"]:
        for occurrence in formula["occurrences"]:
            path, fragment = occurrence["url"].split("#")
            assert fragment == formula["id"] and (site_dir / path / "index.html").is_file()


@pytest.mark.parametrize("setting, message", [
    ("autolink_cap: -1", "autolink_cap must be 0 or more"),
    ("formula_index_path: ../outside.md", "formula_index_path must be a .md path inside docs_dir"),
    ("related: many", "related"),
])
def test_plugin_config_is_validated_with_clear_errors(tmp_path, setting, message):
    import shutil
    project = tmp_path / "p"
    project.mkdir()
    config = (ROOT / "mkdocs.yml").read_text("utf-8").replace(
        "      notes_dir: notes", f"      notes_dir: notes\n      {setting}")
    (project / "mkdocs.yml").write_text(config, "utf-8")
    shutil.copytree(ROOT / "docs", project / "docs")
    shutil.copytree(ROOT / "notes", project / "notes")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", str(project / "mkdocs.yml")],
                            capture_output=True, text=True, cwd=project, env=ENV)
    assert result.returncode != 0
    assert message in result.stderr


def test_kb_yml_glossary_entries_become_auto_links(tmp_path):
    from notes_normalizer.build import build_site
    from notes_normalizer.knowledge.overrides import load_overrides
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "a.md").write_text("## 什么是残差网络？\n\n残差块让深层网络好训练。\n\n"
                                "## 池化层的作用\n\n池化之后再接残差块。\n", "utf-8")
    (tmp_path / "kb.yml").write_text("glossary:\n  残差块: 什么是残差网络？\n", "utf-8")
    built = build_site(notes, overrides=load_overrides(tmp_path / "kb.yml"))
    pooling = next(p for p in built.pages if p.title == "池化层的作用").content
    assert "[残差块](shen-me-shi-can-cha-wang-luo.md){ .kb-nav .kb-autolink }" in pooling


def test_word_boundaries_are_jiebas_own():
    """Boundaries are worked out only around the offsets asked about, and must be the ones jieba
    gives for the whole text (it cuts each run of word characters on its own)."""
    from notes_normalizer.language.vocabulary import vocabulary

    words = vocabulary()
    for text in ["批归一化（BN）可以缓解梯度消失，1x1卷积用于降维。", "ReLU激活函数 vs. sigmoid:  梯度更稳定！",
                 "", "，，。", "a_b+c#d&e%f-g.h 深度学习模型"]:
        expected = {0, len(text)}
        for _, start, end in words.tokenizer.tokenize(text):
            expected.update((start, end))
        bounds = words.word_boundaries(text)
        assert {n for n in range(-1, len(text) + 2) if n in bounds} == expected


def test_related_lists_of_any_share_of_pages_are_the_ones_of_the_whole_site():
    """Workers each find the related pages of their own batch of pages: the same lists."""
    kb = build_site(NOTES).kb
    whole = related_questions(kb, 5)
    finder, pages = RelatedFinder(kb, 5), kb.pages
    shares = [pages[start:start + 7] for start in range(0, len(pages), 7)]
    assert {slug: found for share in shares for slug, found in finder.related(share).items()} == whole
    assert sum(1 for found in whole.values() if found) > len(pages) // 2


def test_a_formula_the_index_links_to_but_its_page_does_not_show_fails_a_strict_build(project_copy, tmp_path,
                                                                                       monkeypatch, caplog):
    """The index and the pages must read math alike; where they do not, the broken anchor is a warning
    (so `mkdocs build --strict` stops), not a link that silently lands on the top of a page."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    from notes_normalizer.site import formulas

    shutil.rmtree(project_copy / "notes")
    (project_copy / "notes").mkdir()
    (project_copy / "notes" / "激活函数.md").write_text(
        "# 激活函数\n\n## ReLU 的公式是什么？\n\n$$\ny = \\max(0, x)\n$$\n", encoding="utf-8")
    build(load_config(str(project_copy / "mkdocs.yml"), site_dir=str(tmp_path / "fine"), strict=True))
    monkeypatch.setattr(formulas, "anchor_formulas", lambda page_html, wanted, given=None: page_html)
    with pytest.raises(Abort):
        build(load_config(str(project_copy / "mkdocs.yml"), site_dir=str(tmp_path / "broken"), strict=True))
    assert "does not show formula" in caplog.text and "its index link is broken" in caplog.text
