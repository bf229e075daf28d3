"""Canonical pages, topics, the source view, kb.json and kb.yml, on the five notes and on small
notes written for these tests."""

from __future__ import annotations

import json
import re
import shutil
import textwrap
from pathlib import Path

import jsonschema
import pytest
from bs4 import BeautifulSoup

from notes_normalizer.build import build_site
from notes_normalizer.knowledge.overrides import OverridesError, load_overrides
from tests.helpers import NOTES, ROOT

SCHEMA = ROOT / "src" / "notes_normalizer" / "knowledge" / "schema" / "kb.schema.json"


@pytest.fixture(scope="module")
def site():
    return build_site(NOTES)


@pytest.fixture
def html_site(built_site) -> Path:
    return built_site


def _flat(text: str) -> str:
    """Page text compared without markup that moving an answer changes (links, auto-links, heading levels)."""
    text = re.sub(r"\[([^\]\n]*)\]\([^)\s]*\)(?:\{[^}\n]*\})?", r"\1", text)
    text = re.sub(r"(?m)^#+\s*", "", text)
    return re.sub(r"\s+", "", text)


def test_every_answer_is_on_exactly_one_question_page(site):
    pages = {page.path: _flat(page.content) for page in site.pages if page.path.startswith("q/")}
    units = [unit for outline in site.kb.outlines for unit in outline.units if unit.answered]
    for unit in units:
        answer = _flat(unit.answer)
        holders = {path for path, text in pages.items() if answer in text}
        # another page may show the same text only as part of its own unit's answer (a shared placeholder)
        expected = {site.kb.question_of(unit).path} | {
            site.kb.question_of(other).path for other in units if other is not unit and answer in _flat(other.answer)}
        assert holders == expected, f"{unit.note}:{unit.line} {unit.title}: {holders}"


def test_a_merged_page_labels_each_answer_with_its_note_and_wording(site):
    question = next(q for q in site.kb.pages if len({u.note for u in q.members}) >= 3)
    page = next(p for p in site.pages if p.path == question.path).content
    for unit in question.members:
        assert f"第 {unit.line} 行" in page
        assert f"## {unit.title}".replace("*", "\\*") in page or unit.title in page
        assert f"#q-{unit.index})" in page  # a link to its place in the source view


def test_identical_paragraphs_appear_once(tmp_path):
    shared = "这是两篇笔记里一字不差的同一段解释，足够长，不会是巧合。"
    for name in ("a", "b"):
        (tmp_path / f"{name}.md").write_text(f"## 1x1卷积的作用\n\n{shared}\n\n{name} 自己的话。\n", "utf-8")
    built = build_site(tmp_path)
    (question,) = built.kb.pages
    content = next(p for p in built.pages if p.path == question.path).content
    assert content.count(shared) == 1
    assert "a 自己的话。" in content and "b 自己的话。" in content
    assert "已省略" in content


def test_a_heading_restated_by_the_question_under_it_adds_no_empty_answer(tmp_path):
    note = "# 面试题\n\n## 卷积神经网络（CNN）\n\n**1. 什么是 CNN？**\n\n用卷积提取图片特征的网络。\n"
    (tmp_path / "n.md").write_text(note, "utf-8")
    built = build_site(tmp_path)
    (question,) = built.kb.pages
    assert len(question.members) == 2  # both are found from the source view and kb.json
    content = next(p for p in built.pages if p.path == question.path).content
    assert "用卷积提取图片特征的网络。" in content and "答案待补充" not in content


def test_a_heading_answered_by_its_own_sub_questions_adds_no_empty_answer(tmp_path):
    note = ("# 面试题\n\n## 如何判断神经网络过拟合？怎么缓解？\n\n"
            "✅ **如何判断过拟合？**\n\n训练误差下降，测试误差变大。\n\n"
            "✅ **缓解过拟合的方法**\n\n数据增强、正则化、Dropout。\n")
    (tmp_path / "n.md").write_text(note, "utf-8")
    built = build_site(tmp_path)
    pages = [p.content for p in built.pages if p.path.startswith("q/")]
    assert any("训练误差下降" in content for content in pages)
    assert not any("答案待补充" in content for content in pages)


def test_a_title_that_names_nothing_alone_is_shown_with_its_heading(tmp_path):
    note = ("# 正则化\n\n## Batch Normalization\n\n### 发展历史\n\n每层输入的分布在训练中不断变化。\n\n"
            "### 为什么要归一化？\n\n让数据分布稳定。\n")
    (tmp_path / "n.md").write_text(note, "utf-8")
    titles = sorted(q.title for q in build_site(tmp_path).kb.pages)
    assert titles == ["Batch Normalization的发展历史", "为什么要归一化？"]  # a question reads on its own: kept


def test_open_questions_are_listed_on_their_topic_page_not_as_pages(tmp_path):
    (tmp_path / "n.md").write_text("## KL散度性质\n\n## 什么是交叉熵？\n\n衡量两个分布的差异。\n", "utf-8")
    built = build_site(tmp_path)
    assert [q.title for q in built.kb.pages] == ["什么是交叉熵？"]
    topic = next(t for t in built.kb.topics if t.open_questions)
    page = next(p for p in built.pages if p.path == topic.path).content
    assert "## 待补充" in page and "KL散度性质" in page
    assert any(p.kind == "question.unanswered" and p.line == 1 for p in built.kb.problems)
    assert json.loads(built.files["kb.json"])["open_questions"][0]["title"] == "KL散度性质"


def test_topics_come_from_the_questions(site):
    topic_of = {u.title: q.topic for q in site.kb.pages for u in q.members}
    assert topic_of["1x1 卷积有什么作用？"] == "卷积神经网络"
    assert topic_of["BN在训练和预测时有什么差别？"] == "归一化"
    assert topic_of["常见的激活函数"] == "激活函数"
    assert topic_of["RNN梯度消失原因"] == "循环神经网络"
    assert topic_of["什么是过拟合,欠拟合，解决过拟合和欠拟合的方法有哪些？"] == "过拟合与正则化"
    assert {t.name for t in site.kb.topics} >= {"卷积神经网络", "循环神经网络", "激活函数", "归一化",
                                               "过拟合与正则化", "优化与训练", "损失函数"}


def test_kb_json_validates_against_the_shipped_schema(site):
    data = json.loads(site.files["kb.json"])
    jsonschema.validate(data, json.loads(SCHEMA.read_text("utf-8")))
    assert len(data["questions"]) == len(site.kb.pages)
    assert {q["url"] for q in data["questions"]} == {q.url for q in site.kb.pages}
    broken = dict(data, questions=[dict(data["questions"][0], url="/absolute/")])
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, json.loads(SCHEMA.read_text("utf-8")))


def test_built_site_has_kb_json_and_every_question_url(html_site):
    data = json.loads((html_site / "kb.json").read_text("utf-8"))
    for question in data["questions"]:
        assert (html_site / question["url"] / "index.html").is_file(), question["url"]


def test_navigation_the_plugin_adds_is_marked_kb_nav(html_site, site):
    question = next(q for q in site.kb.pages if len(q.members) > 1)
    soup = BeautifulSoup((html_site / question.url / "index.html").read_text("utf-8"), "html.parser")
    article = soup.select_one("article")
    for link in article.find_all("a", href=True):
        if re.search(r"(^|/)(notes|topics|q)/", link["href"]):
            assert link.find_parent(class_="kb-nav") or "kb-nav" in link.get("class", []), link


def test_source_view_anchors_every_question_and_links_its_page(html_site, site):
    for path, fixed in site.notes:
        outline = next(o for o in site.kb.outlines if o.fixed is fixed)
        page = html_site / path[:-3] / "index.html"
        soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
        for unit in outline.units:
            anchor = soup.find(id=f"q-{unit.index}")
            assert anchor is not None, f"{fixed.note.name}: q-{unit.index}"
        links = soup.select("a.kb-q-link")
        assert len(links) == len(outline.units)
        for link in links:
            target = (page.parent / link["href"]).resolve()
            assert (target / "index.html").is_file() or target.with_suffix(".html").is_file(), link["href"]


def test_home_lists_topics_with_counts_and_the_notes(html_site, site):
    soup = BeautifulSoup((html_site / "index.html").read_text("utf-8"), "html.parser")
    text = soup.select_one(".kb-topics").get_text()
    for topic in site.kb.topics:
        assert f"{topic.name}（{len(topic.questions)} 题" in text
    assert len(soup.select(".kb-topics a[href*='notes/']")) == 5


def _notes_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "notes"
    shutil.copytree(NOTES, folder)
    return folder


def test_slugs_do_not_change_when_an_unrelated_note_is_edited(tmp_path):
    folder = _notes_copy(tmp_path)
    before = {q.title: q.slug for q in build_site(folder).kb.pages}
    edited = folder / "深度学习问答.md"
    edited.write_text(edited.read_text("utf-8") + "\n## Q8：什么是注意力机制？\n\n加权求和。\n", "utf-8")
    (folder / "新笔记.md").write_text("## 转置卷积的输出大小怎么算？\n\n公式。\n", "utf-8")
    after = build_site(folder).kb
    untouched = [q for q in after.pages if all(u.note not in {"深度学习问答.md", "新笔记.md"} for u in q.members)]
    assert len(untouched) > 40
    for question in untouched:
        assert before[question.title] == question.slug


def _kb_yml(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "kb.yml"
    path.write_text(textwrap.dedent(text), "utf-8")
    return path


def test_overrides_merge_split_rename_and_move(tmp_path):
    overrides = load_overrides(_kb_yml(tmp_path, """
        merge:
          - ["深度学习问答.md:76", "面试题-深度学习.md:Resnet"]
        split:
          - ["深度学习问题总结.md:54", "深度学习面试总结.md:1*1卷积核"]
        rename:
          "深度学习问答.md:43": 梯度消失与梯度爆炸
        topic:
          "深度学习问答.md:43": 基础概念
        """))
    kb = build_site(NOTES, overrides=overrides).kb
    by_unit = {(u.note, u.line): q for q in kb.questions for u in q.members}
    assert by_unit[("深度学习问答.md", 76)] is by_unit[("面试题-深度学习.md", 36)]
    assert by_unit[("深度学习问题总结.md", 54)] is not by_unit[("深度学习面试总结.md", 83)]
    gradient = by_unit[("深度学习问答.md", 43)]
    assert (gradient.title, gradient.topic) == ("梯度消失与梯度爆炸", "基础概念")
    assert gradient.slug == "ti-du-xiao-shi-yu-ti-du-bao-zha"
    assert kb.problems == [p for p in kb.problems if p.kind == "question.unanswered"]


def test_overrides_that_match_nothing_are_reported_with_their_line(tmp_path):
    overrides = load_overrides(_kb_yml(tmp_path, """
        merge:
          - ["深度学习问答.md:9999", "没有这篇.md:什么"]
        """))
    kb = build_site(NOTES, overrides=overrides).kb
    reported = [p for p in kb.problems if p.kind == "kb.yml"]
    assert [(p.note, p.line) for p in reported] == [("kb.yml", 3), ("kb.yml", 3)]  # line 1 is blank
    assert reported[0].severity == "warning" and "matches no question" in reported[0].message


@pytest.mark.parametrize("text, message", [
    ("merge: [a, b]\n", "must be a list of lists"),
    ("rename: [x]\n", "must map questions"),
    ("mergee: []\n", "unknown key"),
    ("merge: [\n", "not valid YAML"),
])
def test_malformed_kb_yml_is_a_clear_error(tmp_path, text, message):
    with pytest.raises(OverridesError, match=message):
        load_overrides(_kb_yml(tmp_path, text))


def test_an_empty_or_missing_kb_yml_changes_nothing(tmp_path, site):
    empty = load_overrides(_kb_yml(tmp_path, ""))
    missing = load_overrides(tmp_path / "absent.yml")
    expected = [q.slug for q in site.kb.questions]
    assert [q.slug for q in build_site(NOTES, overrides=empty).kb.questions] == expected
    assert [q.slug for q in build_site(NOTES, overrides=missing).kb.questions] == expected


def test_a_broken_kb_yml_fails_the_build_with_its_message(tmp_path):
    project = tmp_path / "p"
    project.mkdir()
    shutil.copy2(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", project / "docs")
    shutil.copytree(NOTES, project / "notes")
    (project / "kb.yml").write_text("merge: nope\n", "utf-8")
    import subprocess
    import sys
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", str(project / "mkdocs.yml")],
                            capture_output=True, text=True, cwd=project)
    assert result.returncode != 0
    assert "kb.yml:1: 'merge' must be a list of lists" in result.stderr


def test_the_404_page_speaks_chinese_and_leads_home(html_site):
    soup = BeautifulSoup((html_site / "404.html").read_text("utf-8"), "html.parser")
    assert soup.h1.get_text(strip=True) == "404 - 找不到这个页面"
    assert soup.find("a", string="首页") is not None


def test_a_question_page_links_the_follow_ups_asked_in_its_answers(site):
    parent = next(q for q in site.kb.pages if any(u.title.startswith("LSTM 的结构") for u in q.members))
    children = site.kb.follow_ups(parent)
    assert {q.title for q in children} >= {"为什么cnn使用relu就可以？"}
    content = next(p for p in site.pages if p.path == parent.path).content
    block = content[content.index("kb-follow-ups"):]
    assert all(q.title in block for q in children)


def test_a_title_with_a_formula_shows_the_formula_as_math(tmp_path):
    (tmp_path / "n.md").write_text("# 注意力\n\n## 2. 为什么要除以 $ \\sqrt{d_{k}} $\n\n防止点积过大。\n", "utf-8")
    built = build_site(tmp_path)
    (question,) = built.kb.pages
    assert question.title == "为什么要除以 \\sqrt{d_{k}}"  # plain, the TeX whole (nav, search, kb.json)
    content = next(p for p in built.pages if p.path == question.path).content
    assert "# 为什么要除以 $\\sqrt{d_{k}}$" in content


def test_the_users_vocabulary_reaches_the_merge_and_the_topics(tmp_path):
    """A concept kb.yml adds (two spellings, and the topic it belongs to) joins the questions that
    spell it differently and places their page, as the bundled vocabulary's concepts do."""
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "a.md").write_text("# 甲\n\n## 什么是甘蓝网络？\n\n一种把叶片层层堆叠的网络。\n", "utf-8")
    (notes / "b.md").write_text("# 乙\n\n## 什么是 KaleNet？\n\n它把许多叶片叠在一起。\n", "utf-8")
    (tmp_path / "kb.yml").write_text(
        "vocabulary:\n  concepts:\n    甘蓝网络: [甘蓝网络, KaleNet]\n  topics:\n    植物网络: [甘蓝网络]\n", "utf-8")
    plain = build_site(notes).kb.questions
    told = build_site(notes, overrides=load_overrides(tmp_path / "kb.yml")).kb.questions
    assert len(plain) == 2 and "植物网络" not in {q.topic for q in plain}
    assert [(len(q.members), q.topic) for q in told] == [(2, "植物网络")]


def test_a_question_in_a_collapsible_is_anchored_and_linked_inside_its_summary(tmp_path):
    """Raw HTML reads no Markdown: the source view's anchor and link go into the `<summary>` tag,
    as a URL for the site's URL style."""
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "a.md").write_text("# 面试\n\n<details>\n<summary><b>什么是BN？</b></summary>\n\n批归一化。\n\n"
                                "</details>\n", "utf-8")
    for directory_urls, url in ((True, "../../q/shen-me-shi-bn/"), (False, "../q/shen-me-shi-bn.html")):
        built = build_site(notes, use_directory_urls=directory_urls)
        path, _ = built.notes[0]
        assert (f'<summary id="q-1"><b>什么是BN？</b> <a class="kb-nav kb-q-link" href="{url}">↗ 问题页</a>'
                f'</summary>') in built.content(path)


def test_an_answer_titled_by_an_aspect_alone_is_headed_where_it_stands_on_a_merged_page(tmp_path):
    (tmp_path / "a.md").write_text(
        "## 2、梯度作用、梯度消失和梯度爆炸\n\n### **1️⃣ 什么是梯度消失？**\n\n前面的层几乎不更新。\n\n"
        "### **🛑 梯度爆炸的原因**\n\n权重过大，连乘导致梯度越来越大。\n\n"
        "### **🔥 解决方案**\n\n梯度裁剪、权重正则化。\n\n### **2️⃣ 总结**\n\n两者都和连乘有关。\n", "utf-8")
    (tmp_path / "b.md").write_text("## 如何解决梯度爆炸？\n\n梯度裁剪，或者使用更小的学习率。\n", "utf-8")
    built = build_site(tmp_path)
    page = next(q for q in built.kb.pages if any(u.note == "b.md" for u in q.members))
    assert {u.note for u in page.members} == {"a.md", "b.md"}
    content = next(p.content for p in built.pages if p.path == page.path)
    assert "## 梯度爆炸的解决方案" in content and "## 解决方案\n" not in content
