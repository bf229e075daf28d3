"""The `notes-kb` command line: export, fix (copy and in place), report."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from notes_normalizer.tools.cli import main
from tests.helpers import ENV, NOTES, mkdocs_build, site_sources, tree_digest


def test_help_lists_the_commands(capsys):
    try:
        main(["--help"])
    except SystemExit as exit_:
        assert exit_.code == 0
    out = capsys.readouterr().out
    for command in ("build", "export", "fix", "report"):
        assert command in out


def test_build_command_builds_the_site(project_copy, tmp_path, monkeypatch):
    monkeypatch.chdir(project_copy)
    assert main(["build", "--strict", "-d", str(tmp_path / "site")]) == 0
    assert len(list((tmp_path / "site" / "notes").glob("*/index.html"))) == 5
    assert main(["build", "-d", str(tmp_path / "site")]) == 0, "rebuilding over an existing site"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project", "site"], "no staging folder is left"


def test_a_failed_build_leaves_the_old_site_whole(project_copy, tmp_path, monkeypatch):
    monkeypatch.chdir(project_copy)
    site = tmp_path / "site"
    assert main(["build", "-d", str(site)]) == 0
    before = tree_digest(site)
    (project_copy / "docs" / "broken.md").write_text("[断链](nowhere.md)\n", encoding="utf-8")
    assert main(["build", "--strict", "-d", str(site)]) == 1
    assert tree_digest(site) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project", "site"]


def html_pages(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*.html")}


def test_export_builds_the_same_site_with_stock_mkdocs(project_copy, tmp_path):
    out = tmp_path / "export"
    assert main(["export", "-f", str(project_copy / "mkdocs.yml"), str(out)]) == 0
    config = (out / "mkdocs.yml").read_text(encoding="utf-8")
    assert "- notes-kb" not in config and "notes_dir" not in config
    assert "!!python/object/apply:pymdownx.slugs.slugify" in config and "!ENV" in config
    stock, plugin = tmp_path / "stock", tmp_path / "plugin"
    mkdocs_build(out, stock)
    mkdocs_build(project_copy, plugin)
    assert html_pages(stock) == html_pages(plugin)
    for page in ("index.html", "notes/shen-du-xue-xi-wen-da/index.html"):
        main_text = [BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser").article.get_text()
                     for site in (stock, plugin)]
        assert main_text[0] == main_text[1]


def test_export_without_the_plugin_is_a_clear_error(project_copy, tmp_path):
    config = project_copy / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  - notes-kb:\n      notes_dir: notes\n", ""),
                      encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "notes_normalizer.tools.cli", "export", "-f", str(config),
                             str(tmp_path / "out")], capture_output=True, text=True, env=ENV)
    assert result.returncode != 0 and "notes-kb" in result.stderr
    assert not (tmp_path / "out").exists()


def test_fix_writes_repaired_copies_and_is_idempotent(tmp_path):
    before = tree_digest(NOTES)
    first, second = tmp_path / "first", tmp_path / "second"
    assert main(["fix", str(NOTES), "--out", str(first)]) == 0
    assert main(["fix", str(first), "--out", str(second)]) == 0
    assert tree_digest(NOTES) == before
    assert sorted(p.name for p in first.glob("*.md")) == sorted(p.name for p in NOTES.glob("*.md"))
    assert tree_digest(first) == tree_digest(second)
    front = (first / "深度学习问答.md").read_text(encoding="utf-8")
    assert front.startswith("---\ntitle:"), "front matter is kept in repaired copies"


def test_fix_refuses_an_output_inside_the_notes(tmp_path):
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "a.md").write_text("$ x $\n", encoding="utf-8")
    assert main(["fix", str(notes), "--out", str(notes / "out")]) == 2
    assert not (notes / "out").exists()


def git(folder: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", *args], cwd=folder, check=True,
                   capture_output=True)


def test_fix_in_place_keeps_backups_and_respects_git(tmp_path):
    notes = tmp_path / "notes"
    notes.mkdir()
    original = "# 笔记\n\n公式 $ x^2 $ 与 $\\part y$\n"
    (notes / "a.md").write_text(original, encoding="utf-8")
    (notes / "clean.md").write_text("# 没有问题\n", encoding="utf-8")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "notes")
    (notes / "a.md").write_text(original + "\n未提交的修改\n", encoding="utf-8")
    assert main(["fix", str(notes), "--in-place"]) == 2, "refuses a dirty work tree"
    assert (notes / "a.md").read_text(encoding="utf-8").endswith("未提交的修改\n")
    assert main(["fix", str(notes), "--in-place", "--force"]) == 0
    assert (notes / "a.md.bak").read_text(encoding="utf-8") == original + "\n未提交的修改\n"
    assert "$x^2$" in (notes / "a.md").read_text(encoding="utf-8")
    assert "\\partial y" in (notes / "a.md").read_text(encoding="utf-8")
    assert not (notes / "clean.md.bak").exists(), "unchanged notes are not rewritten"


def test_report_names_file_and_line(capsys):
    assert main(["report", str(NOTES)]) == 0
    out = capsys.readouterr().out
    assert "深度学习问答.md:" in out and "math.partial" in out
    assert "NOT REPAIRED: image not found: /Users/" in out


def test_commands_that_read_notes_default_to_the_plugins_options(tmp_path, monkeypatch, capsys):
    """merges, anki and report without NOTES_DIR read mkdocs.yml's notes-kb notes_dir and kb.yml."""
    (tmp_path / "mine").mkdir()
    note = "# 笔记\n\n## 什么是BN？\n\n批归一化。\n\n## ==重点== 什么是LN？\n\n层归一化。\n"
    (tmp_path / "mine" / "a.md").write_text(note, "utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# 首页\n", "utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: t\ntheme: material\nplugins:\n  - search\n"
                                         "  - notes-kb:\n      notes_dir: mine\n      overrides: my-kb.yml\n", "utf-8")
    (tmp_path / "my-kb.yml").write_text('rename:\n  "a.md:什么是BN": 批归一化是什么\n', "utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["merges"]) == 0
    out = capsys.readouterr().out
    assert "a.md:3  什么是BN？" in out and "批归一化是什么" in out  # the plugin's notes and kb.yml
    assert main(["anki", "cards.csv"]) == 0
    assert "wrote 2 cards" in capsys.readouterr().out
    assert main(["report"]) == 0
    assert "a.md:7: marks" in capsys.readouterr().out


def _minimal_project(folder, monkeypatch) -> None:
    """A home page and a config whose plugin reads `notes/`, in `folder`, the working directory."""
    (folder / "docs").mkdir()
    (folder / "docs" / "index.md").write_text("# 首页\n", "utf-8")
    (folder / "mkdocs.yml").write_text("site_name: t\ntheme: material\nplugins:\n  - search\n"
                                       "  - notes-kb:\n      notes_dir: notes\n", "utf-8")
    monkeypatch.chdir(folder)


def test_build_shows_warnings_and_a_summary_and_fails_under_strict(tmp_path, monkeypatch, capsys):
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "a.md").write_text("# 笔记\n\n## 什么是BN？\n\n批归一化。\n", "utf-8")
    (tmp_path / "notes" / "b.md").write_text("---\ntitle: [broken\n---\n# 坏\n\n## 什么是LN？\n\n层归一化。\n", "utf-8")
    _minimal_project(tmp_path, monkeypatch)
    assert main(["build"]) == 0
    captured = capsys.readouterr()
    assert "b.md:2: invalid YAML front matter" in captured.err
    assert "notes-kb: 2 notes" in captured.out and "2 questions" in captured.out
    assert main(["build", "--strict"]) == 1
    assert "strict mode" in capsys.readouterr().err


def test_an_empty_notes_folder_builds_a_whole_site_with_a_warning(tmp_path, monkeypatch, capsys):
    (tmp_path / "notes").mkdir()
    _minimal_project(tmp_path, monkeypatch)
    assert main(["build"]) == 0
    assert "no Markdown notes" in capsys.readouterr().err
    for page in ("graph", "practice", "formulas", "report"):
        assert (tmp_path / "site" / page / "index.html").is_file()
    assert main(["build", "--strict"]) == 1  # a warning: --strict stops


def _question_pages(site: Path) -> dict[str, str]:
    """Each question page's title and answers as a reader sees them (the source line label aside:
    a repair written back may move a question down a line)."""
    pages = {}
    for page in sorted((site / "q").rglob("index.html")):
        article = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").article
        for meta in article.select(".kb-meta, .kb-source, .kb-nav"):
            meta.decompose()
        pages[page.parent.name] = re.sub(r"\s+", " ", article.get_text(" "))
    return pages


@pytest.mark.parametrize("notes_source", ["sample", "collection"])
def test_fix_in_place_keeps_each_notes_dialect_and_builds_the_same_site(tmp_path, notes_source):
    from notes_normalizer.read.reading import decode
    from tests.helpers import make_collection_notes
    project = tmp_path / "project"
    notes = site_sources(project)
    if notes_source == "sample":
        shutil.copytree(NOTES, notes)
    else:
        make_collection_notes(notes)
    originals = {p: p.read_bytes() for p in notes.rglob("*.md")}
    mkdocs_build(project, tmp_path / "before", strict=False)
    assert main(["fix", str(notes), "--in-place", "--force"]) == 0
    for path, before in originals.items():
        after, _ = decode(path.read_bytes())
        assert "kb-missing-image" not in after and "<mark>" not in after
        if "==" in decode(before)[0]:
            assert "==" in after, path.name  # the note's own highlights
        missing = [reference for reference in re.findall(r"!\[[^\]]*\]\((/Users/[^)]+)\)", decode(before)[0])
                   if not any(notes.rglob(Path(reference).name))]
        assert all(reference in after for reference in missing), path.name  # kept for when it turns up
    for backup in list(notes.rglob("*.bak")):
        backup.unlink()  # not notes: they would be read as nothing, but keep the comparison plain
    mkdocs_build(project, tmp_path / "after", strict=False)
    before, after = _question_pages(tmp_path / "before"), _question_pages(tmp_path / "after")
    assert sorted(after) == sorted(before)
    assert {k: v for k, v in after.items() if v != before[k]} == {}


def test_fix_in_place_writes_a_note_back_as_its_editor_saved_it(tmp_path):
    notes = tmp_path / "notes"
    notes.mkdir()
    legacy = notes / "旧.md"
    legacy.write_bytes("# 旧笔记\r\n\r\n公式 $ x^2 $ 与 ==重点==。\r\n".encode("gb18030"))
    legacy.chmod(0o640)
    assert main(["fix", str(notes), "--in-place", "--force"]) == 0
    data = legacy.read_bytes()
    assert data.decode("gb18030") == "# 旧笔记\r\n\r\n公式 $x^2$ 与 ==重点==。\r\n"  # GB18030, CRLF, its == kept
    assert legacy.stat().st_mode & 0o777 == 0o640
