"""Image defects: references that only worked on the author's machine, or were lost on copying.

Every image reference (Markdown `![]()`, HTML `<img>`, VuePress `$withBase()`, and the bare word
`image` a copied web page leaves behind) is resolved by file name against the note's folder, the
usual image folders beside it, and the configured image folders; never outside them. A found image
is copied into the site (`ctx.images` decides where) and linked relatively, so the link survives a
GitHub Pages sub-path. A missing one becomes a visible, labelled placeholder and a reported problem.
"""

from __future__ import annotations

import html
import os
import posixpath
import re
import unicodedata
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath, PureWindowsPath
from urllib.parse import quote, unquote

from notes_normalizer.fix import Context, code_mask, outside_code_spans
from notes_normalizer.model import Line
from notes_normalizer.text.paths import relpath

# Folders beside a note (or the notes root) where editors put pasted images.
IMAGE_SUBFOLDERS = ("", "images", "image", "img", "imgs", "assets", "attachments", "media",
                    "pic", "pics", "figures", ".vuepress/public", "public", "static")

_MD_IMAGE = re.compile(
    r'!\[(?P<alt>[^\]\n]*)\]\(\s*(?P<src><[^>\n]*>|[^)\s"]+(?: +[^)\s"]+)*|)'
    r'(?:\s+"(?P<title>[^"\n]*)")?\s*\)(?P<attrs>\{[^}\n]*\})?')
_HTML_IMG = re.compile(r"<img\b[^<>]*>", re.IGNORECASE)  # no `<` inside: linear on tag soup
_WITH_BASE = re.compile(r"""\$withBase\(\s*['"]([^'"]+)['"]\s*\)""")
_TOKEN = re.compile(r"\S+")
_LATIN_WORD = re.compile(r"[A-Za-z0-9][\w.+-]*")
_FUNCTION_WORDS = frozenset("a an the this that these those of to in on for each per input output "
                            "every one your my our".split())
_REMOTE = re.compile(r"^(?!file:)(?:[a-z][a-z0-9+.-]*:)?//|^data:image/", re.IGNORECASE)
_ZOOM = re.compile(r"zoom\s*:\s*([\d.]+%?)", re.IGNORECASE)
_NEVER_SEARCHED = frozenset({".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv"})
_BLOCK_HTML_OPEN = re.compile(r"^\s*<(div|p|center|figure|table|section|details|blockquote)\b",
                              re.IGNORECASE)


class ImageResolver:
    """Finds image files inside the allowed folders and gives each a unique place in the output."""

    def __init__(self, roots: list[Path], asset_dir: str = "images", link_root: Path | None = None):
        self.roots = [root.resolve() for root in roots]
        self.asset_dir = asset_dir
        # When the output is written over `link_root` (in-place fixing), images already inside it
        # are linked where they are instead of copied.
        self.link_root = link_root.resolve() if link_root else None
        self.assets: dict[str, Path] = {}  # output-relative destination -> source file
        self._destination: dict[Path, str] = {}
        self.refused: Path | None = None  # set by `find` when the reference led outside the notes
        self._found: dict[tuple[Path, str], tuple[Path | None, Path | None]] = {}
        self.log: list[tuple[Path, str]] = []  # every destination handed out, in order (for the build cache)
        self._folders: dict[Path, list[str]] = {}  # note folder -> where its images are looked for
        self._listings: dict[str, frozenset[str] | None] = {}  # folder -> its entries' folded names
        self._by_name: dict[str, list[Path]] | None = None  # folded file name -> files anywhere in the roots

    def _allowed(self, path: Path) -> bool:
        """True for a file inside the allowed folders. A file that exists outside them (a `../..`
        path, a symlink pointing out) is refused and remembered in `refused`; it is never read."""
        try:
            if not os.path.isfile(path):  # one stat; most candidates do not exist
                return False
            resolved = path.resolve()
            exists = resolved.is_file()
        except (OSError, RuntimeError):
            return False
        inside = any(resolved.is_relative_to(root) for root in self.roots)
        if exists and not inside:
            self.refused = path
        return exists and inside

    def find(self, note_dir: Path, reference: str) -> Path | None:
        """The file a reference means, or None. Relative references are tried as written first,
        then every reference by its file name in the usual image folders. Answers are cached: a
        note may repeat a reference thousands of times, and each lookup costs a dozen `stat` calls."""
        key = (note_dir, reference)
        if key not in self._found:
            found = self._find(note_dir, reference)
            self._found[key] = (found, self.refused)
        found, self.refused = self._found[key]
        return found

    def _find(self, note_dir: Path, reference: str) -> Path | None:
        self.refused = None
        cleaned = clean_reference(reference)
        name = PurePosixPath(cleaned).name
        if not name:
            return None
        if not _is_absolute(cleaned) and self._allowed(note_dir / cleaned):
            return (note_dir / cleaned).resolve()
        for folder in self._image_folders(note_dir):
            if self._may_hold(folder, name) and self._allowed(Path(folder, name)):
                return Path(folder, name).resolve()
        for candidate in self._same_name(cleaned, note_dir):
            if self._allowed(candidate):
                return candidate.resolve()
        if self.refused is None and _is_absolute(cleaned) and not PureWindowsPath(cleaned).drive:
            # Only a `stat`, never a read: tell the user the file exists but is not in an image folder.
            self._allowed(Path(cleaned).expanduser())
        return None

    def _same_name(self, reference: str, note_dir: Path) -> list[Path]:
        """Files anywhere in the roots with the reference's file name, best first: the most trailing
        folders in common with the reference (`img/ch3/1.png` before `img/ch5/1.png`), then the
        fewest steps from the note. Books keep images in folders like `img/ch3/` or a root
        `_assets/` that no fixed list of folder names covers."""
        if self._by_name is None:
            self._by_name = {}
            for root in self.roots:
                for folder, subfolders, files in os.walk(root):
                    subfolders[:] = [sub for sub in subfolders if sub not in _NEVER_SEARCHED]
                    for file in files:
                        self._by_name.setdefault(_folded(file), []).append(Path(folder, file))
        candidates = self._by_name.get(_folded(PurePosixPath(reference).name), [])
        wanted = [_folded(part) for part in reversed(PurePosixPath(reference).parts[:-1]) if part not in ("..", ".")]

        def closeness(path: Path) -> tuple[int, int]:
            folders = [_folded(part) for part in reversed(path.parts[:-1])]
            common = min(len(wanted), len(folders))
            shared = next((n for n, (a, b) in enumerate(zip(wanted[:common], folders[:common], strict=True))
                           if a != b), common)
            return -shared, len(Path(os.path.relpath(path, note_dir)).parts)
        return sorted(candidates, key=closeness)

    def is_placed(self, destination: str) -> bool:
        """True for an output-relative path this resolver handed out: a link the repair itself wrote."""
        return destination in self.assets

    def _image_folders(self, note_dir: Path) -> list[str]:
        """Where a note's images are looked for by file name, in order: beside it, then the roots."""
        if note_dir not in self._folders:
            self._folders[note_dir] = [os.path.join(base, sub) for base in [note_dir, *self.roots]
                                       for sub in IMAGE_SUBFOLDERS]
        return self._folders[note_dir]

    def _may_hold(self, folder: str, name: str) -> bool:
        """False when `folder` surely has no entry called `name`. Each folder is listed once: a
        lookup tries some thirty folders, most of them missing or without the file, and a `stat`
        per try was most of a big build's image repair. Case and Unicode form are folded, as some
        file systems fold them; `_allowed` has the last word."""
        if folder not in self._listings:
            try:
                self._listings[folder] = frozenset(map(_folded, os.listdir(folder)))
            except (FileNotFoundError, NotADirectoryError):
                self._listings[folder] = frozenset()
            except OSError:  # unreadable yet maybe searchable: try the path itself
                self._listings[folder] = None
        names = self._listings[folder]
        return names is None or _folded(name) in names

    def place(self, source: Path) -> str:
        """Output-relative destination for a source image; the same source always gets the same one."""
        if source not in self._destination and self.link_root and source.is_relative_to(self.link_root):
            self._destination[source] = source.relative_to(self.link_root).as_posix()
            self.assets[self._destination[source]] = source
        if source not in self._destination:
            stem, suffix = source.stem, source.suffix
            destination = f"{self.asset_dir}/{source.name}"
            counter = 2
            while destination in self.assets:
                destination = f"{self.asset_dir}/{stem}-{counter}{suffix}"
                counter += 1
            self.assets[destination] = source
            self._destination[source] = destination
        self.log.append((source, self._destination[source]))
        return self._destination[source]


def _folded(name: str) -> str:
    return unicodedata.normalize("NFC", name).casefold()


def clean_reference(reference: str) -> str:
    """A reference as a plain path: `file:` scheme, `<>`, query and URL-encoding removed,
    Windows backslashes turned into slashes."""
    reference = reference.strip().strip("<>").strip()
    reference = re.sub(r"^file:/*", "/", reference, flags=re.IGNORECASE)
    reference = reference.split("?", 1)[0].split("#", 1)[0]
    return unquote(reference).replace("\\", "/")


def reference_file_name(reference: str) -> str:
    cleaned = clean_reference(reference)
    return PurePosixPath(cleaned).name if cleaned else ""


def _is_absolute(path: str) -> bool:
    return path.startswith(("/", "~")) or PureWindowsPath(path).drive != ""


# What `missing_placeholder` writes, as later steps find it again.
MISSING_PLACEHOLDER = re.compile(r'<span class="kb-missing-image".*?</span>')


def missing_placeholder(alt: str, reference: str) -> str:
    """Inline HTML, valid in a paragraph, list item or table cell alike."""
    label = alt.strip() or reference_file_name(reference) or "图片"
    origin = (f'<small>原路径：<code>{html.escape(reference.strip())}</code></small>' if reference.strip()
              else "<small>复制网页时图片文件没有一起保存</small>")
    return (f'<span class="kb-missing-image" role="img" aria-label="图片缺失：{html.escape(label)}">'
            f'图片缺失：{html.escape(label)}{origin}</span>')


class _ImgAttributes(HTMLParser):
    def __init__(self, tag: str):
        super().__init__(convert_charrefs=True)
        self.attrs: dict[str, str] = {}
        self.feed(tag)

    def handle_starttag(self, tag, attrs):
        self.attrs = {key.lower(): value or "" for key, value in attrs}

    handle_startendtag = handle_starttag


def _link(ctx: Context, destination: str, for_html: bool) -> str:
    """Relative link from the page to an asset. Raw HTML is not rewritten by MkDocs, so it must be
    relative to the page's rendered URL rather than to its Markdown file."""
    base = ctx.page_url if for_html else posixpath.dirname(ctx.page_path)
    return quote(relpath(destination, base or "."))


def _placed_before(ctx: Context, reference: str, for_html: bool) -> str | None:
    """The destination a reference links to when an earlier pass of the fixes wrote it. The fixes
    run to a fixed point: their own `../images/x.png` must not be looked up again beside the note."""
    if _REMOTE.match(reference) or _is_absolute(reference):
        return None
    base = ctx.page_url if for_html else posixpath.dirname(ctx.page_path)
    destination = posixpath.normpath(posixpath.join(base or ".", unquote(reference)))
    return destination if ctx.images.is_placed(destination) else None


def _resolve(ctx: Context, reference: str, for_html: bool = False) -> str | None:
    """Destination of a found image, or None when missing or not allowed."""
    placed = _placed_before(ctx, reference, for_html)
    if placed is not None:
        return placed
    source = ctx.images.find(ctx.note.path.parent, reference)
    return ctx.images.place(source) if source else None


def _size_attribute(attrs: dict[str, str]) -> str:
    if attrs.get("width"):
        return attrs["width"]
    zoom = _ZOOM.search(attrs.get("style", ""))
    if zoom:
        value = zoom.group(1)
        return value if value.endswith("%") else f"{round(float(value) * 100)}%"
    return ""


def _missing(ctx: Context, line: Line, alt: str, reference: str, written: str) -> str:
    if ctx.images.refused is not None:
        ctx.problem(line, "outside-notes", f"refused: {reference} is outside the notes and image folders")
    else:
        ctx.problem(line, "image.missing", f"image not found: {reference or '(no source)'}")
    # Written back into the notes, a missing image keeps its reference: the file may turn up later.
    return missing_placeholder(alt, reference) if ctx.for_site else written


def _markdown_image(ctx: Context, line: Line, match: re.Match) -> str:
    reference, alt = match.group("src").strip("<>"), match.group("alt")
    if _REMOTE.match(reference):
        return match.group(0)
    destination = _resolve(ctx, reference) if reference else None  # `![]()`: an image without a file
    if destination is None:
        return _missing(ctx, line, alt, reference, match.group(0))
    title = f' "{match.group("title")}"' if match.group("title") is not None else ""
    return f"![{alt}]({_link(ctx, destination, False)}{title}){match.group('attrs') or ''}"


def _html_image(ctx: Context, line: Line, tag: str, in_html_block: bool) -> str:
    attrs = _ImgAttributes(tag).attrs
    reference = attrs.get("src", "")
    with_base = _WITH_BASE.search(attrs.get(":src", "") or attrs.get("v-bind:src", ""))
    if with_base:
        reference = with_base.group(1)
    alt = attrs.get("alt", "")
    if reference and _REMOTE.match(reference):
        return tag
    destination = _resolve(ctx, reference, in_html_block) if reference else None
    if destination is None:
        return _missing(ctx, line, alt, reference, tag)
    width = html.escape(_size_attribute(attrs))
    if in_html_block:
        size = f' width="{width}"' if width else ""
        return f'<img src="{_link(ctx, destination, True)}" alt="{html.escape(alt)}"{size}>'
    size = f'{{ width="{width}" }}' if width else ""
    return f"![{alt}]({_link(ctx, destination, False)}){size}"


def _lost_image(ctx: Context, line: Line) -> str:
    ctx.problem(line, "image.lost", "image lost when the page was copied (only the word 'image' is left)")
    # Written back into the note: an image without a file, which the site shows as the same placeholder.
    return missing_placeholder("", "") if ctx.for_site else "![]()"


def _replace_lost_image_words(ctx: Context, line: Line, text: str) -> str:
    """In a copied web page, an image whose file was not copied leaves its alt text, usually the
    word `image`, alone between words. Such a word is a lost image when it starts or ends the line,
    touches another such word, or follows a Latin token (`peehole image 变体2`); after Chinese text or
    an English article (`将 image 输入`, `the image`) it is the author's word and stays."""
    tokens = list(_TOKEN.finditer(text))
    words = [token.group(0) for token in tokens]
    lost = set()
    for number, word in enumerate(words):
        if word != "image":
            continue
        before = words[number - 1] if number else ""
        after = words[number + 1] if number + 1 < len(words) else ""
        if not before or not after or "image" in (before, after) or (
                _LATIN_WORD.fullmatch(before) and before.lower() not in _FUNCTION_WORDS):
            lost.add(number)
    for number in sorted(lost, reverse=True):
        token = tokens[number]
        text = text[:token.start()] + _lost_image(ctx, line) + text[token.end():]
    return text


def repair_images(lines: list[Line], ctx: Context) -> list[Line]:
    """Resolve, copy and relink every image; replace the unresolvable ones with placeholders."""
    result = []
    block_tag = ""
    web_copy = "web-copy" in ctx.note.dialects
    for line, is_code in zip(lines, code_mask(lines), strict=True):
        if is_code:
            result.append(line)
            continue
        if not block_tag and (opened := _BLOCK_HTML_OPEN.match(line.text)):
            block_tag = opened.group(1).lower()
        in_html_block = bool(block_tag)
        if block_tag and re.search(rf"</{block_tag}\s*>", line.text, re.IGNORECASE):
            block_tag = ""

        def fix(text: str, line=line, in_html_block=in_html_block) -> str:
            text = _MD_IMAGE.sub(lambda m: _markdown_image(ctx, line, m), text)
            return _HTML_IMG.sub(lambda m: _html_image(ctx, line, m.group(0), in_html_block), text)

        text = line.text
        if "![" in text or "<" in text:  # what a Markdown or an HTML image starts with
            text = outside_code_spans(text, fix)
        if web_copy and "image" in text:
            text = outside_code_spans(text, lambda part, line=line: _replace_lost_image_words(ctx, line, part))
        if text != line.text:
            ctx.record(line, "image", line.text, text)
            line = line.with_text(text)
        result.append(line)
    return result
