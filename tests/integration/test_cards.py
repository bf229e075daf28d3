"""Flash cards (`notes-kb anki`): the deck is read back the way Anki would (unzip, SQLite), on the
five notes and on small notes with a duplicate question, math and an image."""

from __future__ import annotations

import csv
import json
import re
import sqlite3
import zipfile
from pathlib import Path

import pytest

from notes_normalizer.build import build_site
from notes_normalizer.site.cards import cards_from_site, stable_id
from notes_normalizer.tools.cli import main
from tests.helpers import NOTES, measured

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16


def make_notes(folder: Path) -> Path:
    (folder / "img").mkdir(parents=True)
    (folder / "img" / "relu.png").write_bytes(PNG)
    (folder / "a.md").write_text(
        "# 笔记甲\n\n## 什么是梯度消失？\n\n反向传播时梯度逐层变小，$\\sigma'(x) \\le 0.25$。\n\n"
        "## ReLU 的优点？\n\n![relu](img/relu.png)\n\n计算快，不饱和。\n", encoding="utf-8")
    (folder / "b.md").write_text(
        "# 笔记乙\n\n## 梯度消失是什么？\n\n越靠前的层梯度越小：\n\n$$\n\\prod_i w_i \\to 0\n$$\n\n"
        "## 过拟合怎么办？\n\n加正则、早停、数据增强。\n", encoding="utf-8")
    return folder


def read_deck(path: Path, tmp: Path) -> tuple[list[tuple], dict[str, str], set[str]]:
    with zipfile.ZipFile(path) as deck:
        deck.extract("collection.anki2", tmp)
        media = json.loads(deck.read("media"))
        names = set(deck.namelist())
    with sqlite3.connect(tmp / "collection.anki2") as db:
        notes = db.execute("SELECT id, guid, tags, flds FROM notes ORDER BY id").fetchall()
        cards = db.execute("SELECT nid FROM cards").fetchall()
    assert sorted(n for (n,) in cards) == sorted(n[0] for n in notes), "one card per note"
    assert all(str(i) in names for i in map(int, media)), "every media entry has its file"
    return notes, media, names


def test_deck_has_one_card_per_canonical_question(tmp_path):
    notes_dir = make_notes(tmp_path / "notes")
    assert main(["anki", str(tmp_path / "kb.apkg"), str(notes_dir)]) == 0
    site = build_site(notes_dir)
    notes, media, _ = read_deck(tmp_path / "kb.apkg", tmp_path / "x")
    assert len(notes) == len(site.kb.pages) == 3, "the two 梯度消失 questions are one card"
    fields = {n[3].split("\x1f")[0]: n[3].split("\x1f") for n in notes}
    vanishing = next(f for front, f in fields.items() if "梯度消失" in front)
    assert "反向传播时梯度逐层变小" in vanishing[1] and "越靠前的层梯度越小" in vanishing[1], "both answers"
    assert "\\(\\sigma'(x) \\le 0.25\\)" in vanishing[1], "inline math in the delimiters Anki renders"
    assert "\\[" in vanishing[1], "display math too"
    assert "笔记甲" in vanishing[2] and "笔记乙" in vanishing[2], "the back says where answers come from"
    relu = next(f for front, f in fields.items() if "ReLU" in front)
    assert list(media.values()) == [name for name in media.values() if f'src="{name}"' in relu[1]]
    assert len(media) == 1, "the image is embedded once"
    topics = {n[2].strip() for n in notes}
    assert all(t.startswith("notes-kb::") for t in topics)


def test_reexport_keeps_ids_and_updates_content(tmp_path):
    notes_dir = make_notes(tmp_path / "notes")
    main(["anki", str(tmp_path / "first.apkg"), str(notes_dir)])
    first, _, _ = read_deck(tmp_path / "first.apkg", tmp_path / "1")
    with (notes_dir / "b.md").open("a", encoding="utf-8") as note:
        note.write("\n## 什么是批归一化？\n\n对每个小批量做标准化。\n")
    main(["anki", str(tmp_path / "second.apkg"), str(notes_dir)])
    second, _, _ = read_deck(tmp_path / "second.apkg", tmp_path / "2")
    before = {guid: note_id for note_id, guid, _, _ in first}
    after = {guid: note_id for note_id, guid, _, _ in second}
    assert len(after) == len(before) + 1
    assert all(after[guid] == note_id for guid, note_id in before.items()), "same guid and note id"


def test_five_notes_deck(tmp_path):
    out = tmp_path / "kb.apkg"
    assert main(["anki", str(out), str(NOTES)]) == 0
    notes, _, _ = read_deck(out, tmp_path / "x")
    site = build_site(NOTES)
    assert len(notes) == len(site.kb.pages)
    assert len({n[0] for n in notes}) == len(notes) and len({n[1] for n in notes}) == len(notes)
    assert all(n[3].split("\x1f")[1].strip() for n in notes), "no card with an empty back"
    assert not any("<script" in n[3].lower() for n in notes)
    measured("Anki deck (five notes)", f"{len(notes)} cards = {len(site.kb.pages)} canonical questions, "
             f"{out.stat().st_size // 1024} KB")


def test_csv_export(tmp_path):
    notes_dir = make_notes(tmp_path / "notes")
    assert main(["anki", str(tmp_path / "cards.csv"), str(notes_dir)]) == 0
    with (tmp_path / "cards.csv").open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    assert [r["id"] for r in rows] == [c.slug for c in cards_from_site(build_site(notes_dir))]
    assert all(r["front"] and r["back"] and r["tags"].startswith("notes-kb::") for r in rows)


def test_unknown_format_is_refused(tmp_path, capsys):
    assert main(["anki", str(tmp_path / "cards.txt"), str(NOTES)]) == 2
    assert "cards.txt" in capsys.readouterr().err
    assert not (tmp_path / "cards.txt").exists()


@pytest.mark.parametrize("parts", [("a",), ("note", "q/梯度消失"), ("deck", "notes-kb")])
def test_stable_ids_are_anki_safe(parts):
    assert stable_id(*parts) == stable_id(*parts)
    assert 0 < stable_id(*parts) < 2**53


def test_a_csv_deck_writes_the_images_its_cards_show(tmp_path):
    notes = tmp_path / "notes"
    (notes / "img").mkdir(parents=True)
    (notes / "img" / "bn.png").write_bytes(b"\x89PNG\r\n\x1a\n a picture")
    (notes / "a.md").write_text("# 笔记\n\n## 什么是BN？\n\n批归一化。\n\n![结构](img/bn.png)\n", "utf-8")
    out = tmp_path / "cards.csv"
    assert main(["anki", str(out), str(notes)]) == 0
    with out.open(encoding="utf-8", newline="") as file:
        shown = {src for row in csv.DictReader(file) for src in re.findall(r'<img[^>]*src="([^"]+)"', row["back"])}
    assert len(shown) == 1
    media = tmp_path / "cards-media"
    assert shown <= {p.name for p in media.iterdir()}
    assert (media / shown.pop()).read_bytes() == b"\x89PNG\r\n\x1a\n a picture"
