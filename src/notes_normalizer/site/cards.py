"""Flash cards from the knowledge base: one card per canonical question, the question on the front
and every note's answer on the back. Written as an Anki deck (genanki) or as CSV for other apps.

Ids are derived from the question's slug, which stays the same from build to build, so importing a
new export into Anki updates the cards already there instead of adding copies."""

from __future__ import annotations

import csv
import hashlib
import html
import io
import itertools
import posixpath
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import markdown

from notes_normalizer.fix.html import clean_html
from notes_normalizer.knowledge.knowledge_base import Question
from notes_normalizer.model import FixedNote
from notes_normalizer.site.kb_pages import answer_markdown, escape_markdown
from notes_normalizer.site.site import Site

# What the site's mkdocs.yml enables for answers, minus what only makes sense on a web page.
# Math stays `\(...\)` / `\[...\]`: Anki renders those delimiters itself (MathJax).
MARKDOWN_EXTENSIONS = ["abbr", "admonition", "attr_list", "md_in_html", "tables", "footnotes", "def_list",
                       "pymdownx.arithmatex", "pymdownx.mark", "pymdownx.details", "pymdownx.superfences",
                       "pymdownx.tilde"]
EXTENSION_CONFIGS = {"pymdownx.arithmatex": {"generic": True}, "pymdownx.mark": {"smart_mark": False}}

DEFAULT_DECK = "notes-kb"
MODEL_NAME = "notes-kb 问答 v1"  # a new name (and so a new model id) only when the fields change
FIELDS = ["问题", "答案", "来源"]
CARD_CSS = """.card { font-family: sans-serif; font-size: 18px; line-height: 1.6; text-align: left; }
.source { color: #888; font-size: 13px; margin-top: 1.5em; }
mark { background: #fff3a3; }
img { max-width: 100%; }
table { border-collapse: collapse; } td, th { border: 1px solid #ccc; padding: 2px 6px; }"""

_IMG_SRC = re.compile(r'(<img\b[^>]*?\bsrc=")([^"]+)(")')


@dataclass
class Card:
    slug: str
    front: str  # HTML
    back: str  # HTML
    source: str  # HTML: where the answers come from
    tags: list[str]
    media: dict[str, Path] = field(default_factory=dict)  # file name in the deck -> image file


def stable_id(*parts: str) -> int:
    """A positive id below 2**53 (Anki ids are JavaScript-safe integers), the same for the same parts."""
    digest = hashlib.sha1("\x1f".join(parts).encode("utf-8")).digest()
    return int.from_bytes(digest[:6], "big") << 4  # leaves room for the card id right after the note's


def tag(topic: str) -> str:
    return "notes-kb::" + re.sub(r"\s+", "_", topic.strip())


def _markdown(text: str) -> str:
    return clean_html(markdown.markdown(text, extensions=MARKDOWN_EXTENSIONS, extension_configs=EXTENSION_CONFIGS))


def _inline(text: str) -> str:
    rendered = _markdown(text).strip()
    return rendered[3:-4] if rendered.startswith("<p>") and rendered.endswith("</p>") else rendered


def _embed_images(body: str, page_path: str, assets: dict[str, Path], media: dict[str, Path]) -> str:
    """Point every image the site serves at a flat file name in the deck (Anki has no folders)."""
    def replace(match: re.Match) -> str:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page_path), html.unescape(match[2])))
        source = assets.get(target)
        if source is None:
            return match[0]
        name = f"notes-kb-{hashlib.sha1(target.encode('utf-8')).hexdigest()[:10]}{source.suffix.lower()}"
        media[name] = source
        return f"{match[1]}{html.escape(name)}{match[3]}"

    return _IMG_SRC.sub(replace, body)


def card_for(question: Question, site: Site, note_pages: dict[str, tuple[str, FixedNote]]) -> Card:
    seen: set[str] = set()
    parts = []
    several = len(question.members) > 1
    for unit in [u for u in question.members if u.answered]:
        note_path, fixed = note_pages[unit.note]
        if several:
            parts += [f"#### {escape_markdown(unit.title)}", ""]
        parts += answer_markdown(unit, seen, top=4 if several else 3, rebase=(note_path, question.path))
    media: dict[str, Path] = {}
    back = _embed_images(_markdown("\n".join(parts)), question.path, site.assets, media)
    source = "；".join(f"《{html.escape(note_pages[u.note][1].title)}》第 {u.line} 行" for u in question.members)
    return Card(question.slug, _inline(escape_markdown(question.title)), back, "来源：" + source,
                [tag(question.topic)], media)


def cards_from_site(site: Site) -> list[Card]:
    """One card per canonical question page, in the site's order."""
    note_pages = {fixed.note.name: (path, fixed) for path, fixed in site.notes}
    return [card_for(question, site, note_pages) for question in site.kb.pages]


def write_csv(cards: list[Card], out: Path) -> None:
    """front, back, tags, id: Anki, Quizlet-style and spreadsheet imports all read it. Images keep
    their file names; the back says where the answer came from."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["front", "back", "tags", "id"])
    for card in cards:
        writer.writerow([card.front, f'{card.back}<p class="source">{card.source}</p>', " ".join(card.tags),
                         card.slug])
    out.write_text(buffer.getvalue(), encoding="utf-8")


def write_anki(cards: list[Card], out: Path, deck_name: str = DEFAULT_DECK) -> None:
    import genanki  # only this command needs it

    class StableNote(genanki.Note):
        """genanki numbers notes and cards from the export's clock; we number them from the slug."""

        note_id = 0

        def write_to_db(self, cursor, timestamp, deck_id, id_gen):
            super().write_to_db(cursor, timestamp, deck_id, itertools.count(self.note_id))

    model = genanki.Model(
        stable_id(MODEL_NAME), MODEL_NAME, fields=[{"name": name} for name in FIELDS],
        templates=[{"name": "问答", "qfmt": "{{问题}}",
                    "afmt": '{{FrontSide}}<hr id="answer">{{答案}}<div class="source">{{来源}}</div>'}],
        css=CARD_CSS)
    deck = genanki.Deck(stable_id("deck", deck_name), deck_name)
    media: dict[str, Path] = {}
    for card in cards:
        note = StableNote(model=model, fields=[card.front, card.back, card.source], tags=card.tags,
                          guid=genanki.guid_for("notes-kb", card.slug), sort_field=card.front)
        note.note_id = stable_id("note", card.slug)
        deck.add_note(note)
        media.update(card.media)
    package = genanki.Package(deck)
    # genanki names media files by their base name: give it copies named as the cards refer to them.
    with tempfile.TemporaryDirectory(prefix="notes-kb-anki-") as folder:
        for name, source in sorted(media.items()):
            shutil.copyfile(source, Path(folder, name))
            package.media_files.append(str(Path(folder, name)))
        partial = out.with_name(out.name + ".partial")
        package.write_to_file(str(partial))
        partial.replace(out)  # an interrupted export leaves the previous deck whole
