"""`notes-kb audit`: each check fires on a page with that defect and stays silent on a clean page."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from notes_normalizer.tools.audit import audit_site
from notes_normalizer.tools.cli import main
from tests.helpers import ROOT

KATEX = ROOT / "plugins" / "notes_kb" / "assets" / "katex" / "katex.min.js"

CLEAN = """<html><body><article>
<h1 id="top">标题</h1>
<p>文字 <span class="arithmatex">\\(x^2\\)</span> 价格 $5。<mark>重点</mark><strong>粗体</strong></p>
<div class="arithmatex">\\[\\frac{a}{b}\\]</div>
<div class="language-python highlight"><pre><code># 中文注释很多很多很多的代码
x = 1</code></pre></div>
<p><a href="../other/">链接</a> <a href="#top">顶部</a> <a href="https://example.org/">外部</a>
<img src="../img/a.png"></p>
</article></body></html>"""

DEFECTS = {
    "katex-error": '<div class="arithmatex">\\[\\frac{a}{b\\]</div>',
    "raw-tex": "<p>公式 $\\frac{1}{2}$ 没渲染</p>",
    "literal-mark": "<p>这里==重点==没标记</p>",
    "literal-bold": "<p>** 没闭合的粗体</p>",
    "flattened-list": "<p>有如下三点：\n* 链式求导\n* 权重</p>",
    "broken-image": '<p><img src="../img/missing.png"></p>',
    "code-holds-prose":
        '<div class="language-text highlight"><pre><code>这是一段被缩进成代码块的中文正文。</code></pre></div>',
    "web-chrome": "<p>Skip to content</p>",
    "broken-link": '<p><a href="../nowhere/">断链</a> <a href="../other/#no-such-id">断锚</a></p>',
    "autolink-markup": '<div class="language-text highlight"><pre><code>x = [动量](momentum.md){ .kb-nav .kb-autolink }'
                       '</code></pre></div>',
    "lost-image": '<p><span class="kb-missing-image" role="img">图片缺失：卷积<small>原路径：'
                  '<code>/Users/me/Typora/img/卷积.png</code></small></span></p>',
}
NOT_LOST = ('<p><span class="kb-missing-image" role="img">图片缺失：池化<small>原路径：'
            '<code>img/池化.png</code></small></span></p>')


def make_site(root: Path, body: str) -> Path:
    (root / "page").mkdir(parents=True)
    (root / "other").mkdir()
    (root / "img").mkdir()
    (root / "img" / "a.png").write_bytes(b"\x89PNG")
    (root / "other" / "index.html").write_text("<html><body><article><p id='x'>另一页</p></article></body></html>",
                                               encoding="utf-8")
    (root / "page" / "index.html").write_text(CLEAN.replace("</article>", body + "</article>"), encoding="utf-8")
    return root


needs_node = pytest.mark.skipif(shutil.which("node") is None, reason="node is needed for the KaTeX check")


@needs_node
def test_clean_site_passes(tmp_path):
    result = audit_site(make_site(tmp_path, ""))
    assert result.findings == [] and result.formulas == 2 and result.skipped == []


@needs_node
@pytest.mark.parametrize("check", sorted(DEFECTS))
def test_each_check_fires(tmp_path, check):
    (tmp_path / "site" / "assets").mkdir(parents=True)
    shutil.copy2(KATEX, tmp_path / "site" / "assets" / "katex.min.js")
    notes = tmp_path / "notes"
    (notes / "ch3").mkdir(parents=True)
    (notes / "ch3" / "卷积.png").write_bytes(b"\x89PNG")
    result = audit_site(make_site(tmp_path / "site", DEFECTS[check] + NOT_LOST), notes)
    counts = result.counts()
    assert counts[check] >= 1
    assert sum(counts.values()) == counts[check], result.findings


def test_cli_exit_status(tmp_path, capsys):
    site = make_site(tmp_path, DEFECTS["literal-mark"])
    assert main(["audit", str(site)]) == 1
    assert "literal-mark" in capsys.readouterr().out
