"""Image fixes: before/after on small notes written for each defect."""

from __future__ import annotations

from pathlib import Path

import pytest

from notes_normalizer.fix.images import repair_images
from tests.helpers import make_note, run_fix

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "img").mkdir()
    (tmp_path / "img" / "梯度 消失.png").write_bytes(PNG)
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "x.png").write_bytes(PNG)
    return tmp_path


@pytest.mark.parametrize("reference", [
    "/Users/someone/Documents/img/梯度 消失.png",
    "/home/someone/notes/img/梯度%20消失.png",
    "C:\\Users\\someone\\img\\梯度 消失.png",
    "H:/notes/img/梯度 消失.png",
    "file:///media/usb/img/梯度 消失.png",
    "<img/梯度 消失.png>",
])
def test_machine_paths_resolve_by_file_name(folder, reference):
    text, ctx = run_fix(repair_images, f"见下图：![原理]({reference})", folder=folder)
    assert text == "见下图：![原理](images/%E6%A2%AF%E5%BA%A6%20%E6%B6%88%E5%A4%B1.png)"
    assert ctx.images.assets == {"images/梯度 消失.png": (folder / "img" / "梯度 消失.png").resolve()}
    assert ctx.problems == []
    assert ctx.repairs[0].line == 1


def test_link_is_relative_to_the_page(folder):
    text, _ = run_fix(repair_images, "![](/Users/a/x.png)", folder=folder, page_path="notes/a.md")
    assert text == "![](../images/x.png)"


def test_missing_image_becomes_labelled_placeholder(folder):
    text, ctx = run_fix(repair_images, "前文 ![BN 结构](/Users/a/img/BN.png) 后文", folder=folder)
    assert "<img" not in text and "![" not in text
    assert 'class="kb-missing-image"' in text and "BN 结构" in text and "/Users/a/img/BN.png" in text
    assert text.startswith("前文 ") and text.endswith(" 后文")
    assert [(p.line, p.kind) for p in ctx.problems] == [(1, "image.missing")]


def test_zoom_survives_the_whole_pipeline(folder):
    from notes_normalizer.fix.images import ImageResolver as Resolver
    from notes_normalizer.fix.pipeline import fix_note
    note = make_note('<img src="/Users/a/x.png" alt="残差" style="zoom:70%;" />', folder=folder)
    fixed = fix_note(note, Resolver([folder]), "note.md")
    assert fixed.text.strip() == '![残差](images/x.png){ width="70%" }'


def test_two_lost_images_on_one_line_are_two_problems(folder):
    from notes_normalizer.fix.images import ImageResolver as Resolver
    from notes_normalizer.fix.pipeline import fix_note
    note = make_note("im2col image image", folder=folder, dialects=frozenset({"web-copy"}))
    assert len(fix_note(note, Resolver([folder]), "note.md").problems) == 2


def test_typora_html_img_keeps_zoom_as_width(folder):
    text, _ = run_fix(repair_images, '<img src="/Users/a/x.png" alt="残差" style="zoom:70%;" />', folder=folder)
    assert text == '![残差](images/x.png){ width="70%" }'


def test_img_inside_html_block_stays_html_relative_to_served_url(folder):
    text, _ = run_fix(repair_images, '<div align="center">\n<img src="/x/x.png" alt="a">\n</div>',
                      folder=folder, page_path="notes/a.md", page_url="notes/a")
    assert text.splitlines()[1] == '<img src="../../images/x.png" alt="a">'


def test_vuepress_with_base(folder):
    text, ctx = run_fix(repair_images, """<img :src="$withBase('/x.png')" alt="resnet"/>""", folder=folder)
    assert text == "![resnet](images/x.png)"
    missing, ctx = run_fix(repair_images, """<img :src="$withBase('/nope.png')" alt="resnet"/>""", folder=folder)
    assert "kb-missing-image" in missing and "/nope.png" in missing


def test_remote_and_data_images_stay(folder):
    source = "![a](https://example.org/a.png) ![b](//cdn.example/b.png)"
    assert run_fix(repair_images, source, folder=folder)[0] == source


def test_paths_climbing_out_of_the_notes_are_never_read(tmp_path):
    notes = tmp_path / "notes"
    notes.mkdir()
    (tmp_path / "secret.png").write_bytes(PNG)
    (notes / "link.png").symlink_to(tmp_path / "secret.png")
    for reference in ("../secret.png", "~/secret.png", str(tmp_path / "secret.png"), "link.png"):
        text, ctx = run_fix(repair_images, f"![]({reference})", folder=notes)
        assert "kb-missing-image" in text, reference
        assert ctx.images.assets == {}
    # A file that exists outside is refused with a warning (and never read); one that is not there
    # at all (a path from the author's machine) is only missing.
    kinds = {ref: run_fix(repair_images, f"![]({ref})", folder=notes)[1].problems[0] for ref in
             ("../secret.png", "link.png", str(tmp_path / "secret.png"), "/Users/nobody/none.png")}
    assert {kinds[ref].kind for ref in ("../secret.png", "link.png", str(tmp_path / "secret.png"))} == {"outside-notes"}
    assert kinds["../secret.png"].severity == "warning"
    assert kinds["/Users/nobody/none.png"].kind == "image.missing"


def test_listing_folders_finds_what_trying_every_path_finds(tmp_path, monkeypatch):
    """The resolver lists each image folder once instead of trying thirty paths per lookup; it must
    find the same files: case and Unicode variants, nested folders, symlinks, names that are folders."""
    import unicodedata

    from notes_normalizer.fix.images import ImageResolver

    notes = tmp_path / "notes"
    for folder, name in [("img", "Loss.PNG"), ("img", unicodedata.normalize("NFD", "梯度é.png")), ("assets", "a.png"),
                         (".vuepress/public", "v.png"), ("", "top.png"), ("sub/img", "deep.png")]:
        (notes / folder).mkdir(parents=True, exist_ok=True)
        (notes / folder / name).write_bytes(PNG)
    (notes / "pics").mkdir()
    (notes / "pics" / "dir.png").mkdir()  # a folder named like an image is no image
    (tmp_path / "out.png").write_bytes(PNG)
    (notes / "img" / "link.png").symlink_to(tmp_path / "out.png")
    references = ["Loss.PNG", "loss.png", "梯度é.png", unicodedata.normalize("NFD", "梯度é.png"), "/Users/x/a.png",
                  "C:\\img\\v.png", "top.png", "deep.png", "sub/img/deep.png", "dir.png", "link.png", "none.png",
                  "../out.png", "a.png?raw=1"]

    def lookups():
        resolver = ImageResolver([notes])
        return [(resolver.find(notes, ref), resolver.refused) for ref in references]

    listed = lookups()
    monkeypatch.setattr(ImageResolver, "_may_hold", lambda self, folder, name: True)
    assert listed == lookups()
    assert sum(found is not None for found, _ in listed) >= 6


def test_code_is_untouched(folder):
    source = "```\n![](/Users/a/x.png)\n```\n`![](/Users/a/x.png)`"
    assert run_fix(repair_images, source, folder=folder)[0] == source


def test_lost_image_words_only_in_web_copies(folder):
    source = ("image\n\nimage image\n\nim2col image\n\n这是 image 一词\n\n"
              "LSTM image image 变体1 peehole image 变体2\n\nfeed the image to 网络")
    text, ctx = run_fix(repair_images, source, folder=folder, dialects=frozenset({"web-copy"}))
    lines = text.split("\n")
    assert lines[0].count("kb-missing-image") == 1
    assert lines[2].count("kb-missing-image") == 2
    assert lines[4].startswith("im2col ") and lines[4].count("kb-missing-image") == 1
    assert lines[6] == "这是 image 一词"
    assert lines[8].startswith("LSTM ") and lines[8].count("kb-missing-image") == 3
    assert " 变体1 peehole " in lines[8] and lines[8].endswith(" 变体2")
    assert lines[10] == "feed the image to 网络"
    assert len(ctx.problems) == 7
    assert run_fix(repair_images, source, folder=folder)[0] == source


def test_idempotent(folder):
    source = "![a](/Users/a/x.png) ![b](/Users/a/missing.png)\n\nimage"
    once, _ = run_fix(repair_images, source, folder=folder, dialects=frozenset({"web-copy"}))
    twice, ctx = run_fix(repair_images, once, folder=folder, dialects=frozenset({"web-copy"}))
    assert twice == once
    assert ctx.repairs == []
