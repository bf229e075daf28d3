"""Notes written for these tests, one per pattern that broke real public collections
(tests/fixtures/collection-notes: book chapters with images in `img/ch3/` and a root `_assets/`,
formulas as equation-service images, `$$` pairing, note tables of contents, prose under items,
auto-links, multiplication stars, PDF look-alike characters, a Big5 note). The built site passes
`notes-kb audit` with the notes folder (lost images counted), keeps every clause, and finds every
image whose file is in the notes folder."""

from __future__ import annotations

from pathlib import Path
from unittest import mock

import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from notes_normalizer.fix import pipeline
from notes_normalizer.fix.images import ImageResolver
from notes_normalizer.model import Line, Note
from notes_normalizer.tools.audit import audit_site, format_result
from tests.helpers import (
    COLLECTION_IMAGES,
    FAKE_PNG,
    make_collection_notes,
    missing_clauses,
    mkdocs_build,
    site_sources,
)


@pytest.fixture(scope="module")
def collection_site(tmp_path_factory) -> tuple[Path, Path]:
    project = tmp_path_factory.mktemp("collection")
    notes = make_collection_notes(site_sources(project, "my-notes"))
    mkdocs_build(project, project / "site", strict=False)
    return notes, project / "site"


def article(site: Path, page: str):
    return BeautifulSoup((site / page / "index.html").read_text(encoding="utf-8"), "html.parser").article


def test_collection_passes_the_audit_with_lost_images_counted(collection_site):
    notes, site = collection_site
    result = audit_site(site, notes)
    assert result.skipped == [], result.skipped
    assert result.ok, format_result(result)


def test_collection_keeps_every_clause(collection_site):
    assert missing_clauses(*collection_site) == {}


def test_every_image_in_the_notes_folder_is_found(collection_site):
    _, site = collection_site
    chapter3, chapter5 = article(site, "notes/juan-ji-wang-luo"), article(site, "notes/chi-hua")
    assert site.joinpath("notes").rglob("*.html").__next__() is not None
    for page in (chapter3, chapter5, article(site, "notes/dai-ma-wu-pan")):
        assert page.select(".kb-missing-image") == []
    sources = [img["src"] for img in chapter3.select("img")]
    assert len(sources) == 5  # 3.1 from img/ch3/, 池化 from the root _assets/ (twice), 3.2 linked, 1.png
    linked = chapter3.select("a[href='http://example.com/page.html'] img")
    assert linked, "a linked image stays an image inside its link"
    # Two chapters' 1.png are two files: each page shows its own, though the later pass sees rewritten paths.
    first = (site / "notes" / "juan-ji-wang-luo" / sources[-1]).resolve().read_bytes()
    second = (site / "notes" / "chi-hua" / chapter5.select("img")[0]["src"]).resolve().read_bytes()
    assert first == FAKE_PNG + bytes([COLLECTION_IMAGES.index("img/ch3/1.png")])
    assert second == FAKE_PNG + bytes([COLLECTION_IMAGES.index("img/ch5/1.png")])


def test_formula_images_become_math_unless_their_tex_is_broken(collection_site):
    _, site = collection_site
    page = article(site, "notes/luo-ji-hui-gui")
    formulas = [m.get_text() for m in page.select(".arithmatex")]
    assert any("\\frac{\\exp(wx)}{1+\\exp(wx)}" in tex for tex in formulas)
    assert any("-\\sum_{i} y_i\\log p_i" in tex for tex in formulas)
    assert any("\\sigma(z)" in tex for tex in formulas)
    assert any("\\hat{x}_k\\leftarrow" in tex and "\\large" not in tex for tex in formulas)  # from HTML
    kept = page.select("a[href^='http://www.codecogs.com'] img")
    assert len(kept) == 1 and kept[0]["src"].endswith(".png")  # \frac{a}{ does not parse: its local copy
    zhihu = article(site, "notes/chi-hua")
    assert any("\\max(x_1,x_2)" in m.get_text() for m in zhihu.select(".arithmatex"))
    assert zhihu.select("img[src='https://example.com/latex?x']")


def test_note_table_of_contents_links_land_on_headings(collection_site):
    _, site = collection_site
    page = article(site, "notes/luo-ji-hui-gui")
    ids = {tag["id"] for tag in page.find_all(id=True)}
    anchors = [a["href"][1:] for a in page.select("a[href^='#']") if "headerlink" not in a.get("class", [])]
    assert anchors and all(anchor in ids for anchor in anchors)


def test_text_decoded_and_normalised(collection_site):
    _, site = collection_site
    assert "卷積是一種運算" in article(site, "notes/fan-ti").get_text()
    kangxi = article(site, "notes/kang-xi").get_text()
    assert "一维卷积用于方向上的序列，高效。" in kangxi and "⼀" not in kangxi


def test_multiplication_stars_shown_as_written(collection_site):
    _, site = collection_site
    page = article(site, "notes/xing-hao")
    text = page.get_text()
    assert "用 3*3 代替 7*7大卷积核，3*3 的参数更少；输入为 500*500 的图片。" in text
    assert "宽度是 2*k*c 而不是斜体。" in text
    assert [b.get_text() for b in page.select("strong")][:1] == ["生成式对抗网络 GAN"]


# Image references a note may hold, and filler between them: whatever the passes do, each found image
# stays found, and one pass gives what four give.
_REFERENCES = ["![](../img/ch3/1.png)", "![](../img/ch5/1.png)", "![a](img/ch3/3.1.png)",
               "![](/Users/x/Typora/_assets/池化.png)", "[![](../_assets/公式_1.png)](http://example.com/a)",
               '<img src="img/ch3/3.2.png" style="zoom:50%">', "![](缺失.png)", "文字", "- ", "    ", "$x$", "**粗**"]


@pytest.fixture(scope="module")
def image_notes(tmp_path_factory) -> Path:
    return make_collection_notes(tmp_path_factory.mktemp("images") / "notes")


@settings(max_examples=200, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow,
                                                                                     HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(st.sampled_from(_REFERENCES), min_size=1, max_size=4).map(" ".join), max_size=8))
def test_one_pass_and_four_passes_agree_on_images(image_notes, lines):
    def fixed(passes: int) -> tuple[str, list[str]]:
        note = Note(name="ch5/池化.md", path=image_notes / "ch5" / "池化.md",
                    lines=[Line(text, n) for n, text in enumerate(["# 图", "", *lines], start=1)])
        with mock.patch.object(pipeline, "MAX_PASSES", passes):
            result = pipeline.fix_note(note, ImageResolver([image_notes]), "notes/ch5/chi-hua.md")
        return result.text, sorted(p.message for p in result.problems if p.kind.startswith("image"))
    once, four = fixed(1), fixed(4)
    assert once == four
    assert all("缺失.png" in message for message in four[1])  # only the missing file is reported
