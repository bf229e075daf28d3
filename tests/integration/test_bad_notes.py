"""Broken and extreme notes never break the build: each problem is one warning naming the file (and
line), the rest of the site is complete, and the good text of every bad note is published."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from tests.helpers import ENV

BAD_NOTES = {
    "二进制.md": b"\x89PNG\x00\x00\x01binary",
    "空文件.md": b"",
    "坏头信息.md": "---\ntitle: [unclosed\n---\n正文仍然发布。\n".encode(),
    "未闭合代码.md": "# 未闭合\n\n```python\nx = 1\n\n没有闭合的代码块之后的文字。\n".encode(),
    "未闭合公式.md": ("# 未闭合公式\n\n$$\n\\frac{a}{b}\n\n之后的正文提到 tanh。\n\n"
                 "==未闭合的高亮 **未闭合的粗体\n").encode(),
    "深层嵌套.md": ("# 深层嵌套\n\n" + "\n".join("    " * i + f"- 第{i}层" for i in range(500))).encode(),
    "a b#c?d 名字.md": "# 奇怪的名字\n\n文件名有空格、井号和问号。\n".encode(),
    "很多问题.md": ("# 很多问题\n\n" + "".join(f"## Q{i}：问题{i}是什么？\n\n答案{i}，$x_{{{i}}}$。\n\n"
                                             for i in range(3000))).encode(),
    "符号洪水.md": ("# 符号\n\n" + "*" * 3000 + "星号" + "*" * 3000 + "\n\n" + "_" * 3000 + "下划线" + "_" * 3000
                 + "\n\n" + "=" * 3000 + "等号" + "=" * 3000 + "\n\n" + "$" * 20000 + "\n").encode(),
    "国标.md": "# 国标编码\r\n\r\n这是 GB18030 编码的笔记。\r\n".encode("gb18030"),
}
GOOD_TEXT = {
    "huai-tou-xin-xi": "正文仍然发布。", "wei-bi-he-dai-ma": "没有闭合的代码块之后的文字。",
    "wei-bi-he-gong-shi": "之后的正文提到 tanh。", "shen-ceng-qian-tao": "第499层",
    "a-b-c-d-ming-zi": "文件名有空格、井号和问号。", "hen-duo-wen-ti": "答案2999", "fu-hao-hong-shui": "下划线",
    "guo-biao": "这是 GB18030 编码的笔记。",
}


@pytest.fixture(scope="module")
def bad_build(tmp_path_factory):
    from tests.helpers import ROOT
    project = tmp_path_factory.mktemp("bad")
    shutil.copy2(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", project / "docs")
    (project / "notes").mkdir()
    for name, data in BAD_NOTES.items():
        (project / "notes" / name).write_bytes(data)
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", str(project / "mkdocs.yml"),
                             "-d", str(project / "site")], capture_output=True, text=True, env=ENV, timeout=600)
    return project / "site", result


def test_the_build_goes_on(bad_build):
    site, result = bad_build
    assert result.returncode == 0, result.stderr[-2000:]
    assert (site / "index.html").exists() and (site / "report" / "index.html").exists()


def test_one_warning_per_problem_naming_the_file(bad_build):
    _, result = bad_build
    warnings = [line for line in result.stderr.splitlines() if line.startswith("WARNING")]
    assert len(warnings) == 3, warnings
    assert any("二进制.md" in w and "binary" in w for w in warnings)
    assert any("坏头信息.md:2" in w and "front matter" in w for w in warnings)
    assert any("深层嵌套.md:" in w and "nested deeper" in w for w in warnings)


@pytest.mark.parametrize("page, text", sorted(GOOD_TEXT.items()))
def test_good_text_of_each_bad_note_is_published(bad_build, page, text):
    site, _ = bad_build
    html = (site / "notes" / page / "index.html").read_text(encoding="utf-8")
    assert text in html


def test_unclosed_math_leaves_the_prose_after_it_alone(bad_build):
    site, _ = bad_build
    assert "\\tanh" not in (site / "notes" / "wei-bi-he-gong-shi" / "index.html").read_text(encoding="utf-8")


def test_empty_note_gets_a_page(bad_build):
    site, _ = bad_build
    assert (site / "notes" / "kong-wen-jian" / "index.html").exists()
