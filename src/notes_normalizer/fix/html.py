"""Raw HTML: keep what is layout (`<div align>`, `<br>`, `<sup>`, tables), remove what can run.

Notes come from anywhere, so every note is untrusted. HTML is judged by an HTML parser against one
allowlist and cleaned by nh3 (ammonia), never by regular expressions over markup:

- HTML blocks (found with markdown-it-py's block parser) that hold anything outside the allowlist are
  replaced by nh3's clean version; safe blocks are left byte for byte as the author wrote them;
- inline tags in any line outside fenced code are rebuilt from their parsed attributes, or dropped;
- Markdown links and images whose URL could run script (`javascript:`, `data:text/html` …) lose it.

The plugin also runs `clean_html` over every generated page's HTML, so nothing slips past a
difference between markdown-it-py's and Python-Markdown's reading of a note.
"""

from __future__ import annotations

import functools
import html
import re
from html.parser import HTMLParser

import nh3
from markdown_it import MarkdownIt

from notes_normalizer.fix import Context, code_mask, rewrite_prose
from notes_normalizer.fix.math import outside_math
from notes_normalizer.model import Line

ALLOWED_TAGS = frozenset(nh3.ALLOWED_TAGS) | {"input", "label", "font"}
ALLOWED_ATTRIBUTES = {
    "*": {"class", "id", "title", "role", "aria-label", "aria-hidden", "lang", "dir", "align", "style",
          "markdown", "hidden", "data-search-exclude"},
    "a": {"href", "name", "rel"},  # rel: the 上一题/下一题 links
    "img": {"src", "alt", "width", "height", "loading", ":src", "v-bind:src"},  # VuePress, read by the image fix
    "td": {"colspan", "rowspan", "valign"},
    "th": {"colspan", "rowspan", "valign", "scope"},
    "ol": {"start", "type", "reversed"},
    "li": {"value"},
    "input": {"type", "checked", "disabled", "name", "placeholder"},
    "div": {"data-search"},  # the formula index's filter reads it
    "label": {"for"},
    "font": {"color", "size"},
    "col": {"span", "width"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
URL_ATTRIBUTES = frozenset({"href", "src", "cite", "action", "formaction", "poster", "background"})
STYLE_PROPERTIES = frozenset({"text-align", "vertical-align", "width", "height", "max-width", "min-width",
                              "margin", "margin-left", "margin-right", "margin-top", "margin-bottom",
                              "color", "background-color", "font-weight", "font-style", "font-size",
                              "zoom"})  # Typora's image size, read by the image fix
# Tags whose content is code or markup for another engine, removed with the tag.
CONTENT_TAGS = frozenset({"script", "style", "iframe", "object", "embed", "noscript", "template", "svg",
                          "math", "frame", "frameset", "applet", "xml", "title", "textarea", "select"})


@functools.cache
def _cleaner() -> nh3.Cleaner:
    """Built once: a build cleans every page with it."""
    return nh3.Cleaner(tags=set(ALLOWED_TAGS),
                       attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
                       url_schemes=set(URL_SCHEMES), filter_style_properties=set(STYLE_PROPERTIES),
                       clean_content_tags=set(CONTENT_TAGS), link_rel=None, strip_comments=False)


def clean_html(fragment: str) -> str:
    return _cleaner().clean(fragment)


def _scheme(url: str) -> str:
    """The scheme a browser would see: entities decoded, control characters and spaces removed."""
    url = re.sub(r"[\x00-\x20\x7f]+", "", html.unescape(url))
    match = re.match(r"([A-Za-z][A-Za-z0-9+.\-]*):", url)
    return match.group(1).lower() if match else ""


# Schemes a browser runs as script. In the Markdown only these are removed: local paths (`C:\…`,
# `file:///…`) must reach the image fix; the rendered page then keeps http(s)/mailto only (nh3).
SCRIPT_SCHEMES = frozenset({"javascript", "vbscript", "livescript", "mocha", "data"})
_RASTER_DATA = re.compile(r"^data:image/(?:png|gif|jpe?g|webp|bmp);", re.IGNORECASE)


def url_is_safe(url: str) -> bool:
    """False for URLs that can run script (entities, case and control characters seen through)."""
    if _scheme(url) not in SCRIPT_SCHEMES:
        return True
    return bool(_RASTER_DATA.match(re.sub(r"[\x00-\x20\x7f]+", "", html.unescape(url))))


def _attribute_is_safe(tag: str, name: str, value: str | None) -> bool:
    if name not in ALLOWED_ATTRIBUTES["*"] and name not in ALLOWED_ATTRIBUTES.get(tag, ()):
        return False
    if name in URL_ATTRIBUTES and value is not None and not url_is_safe(value):
        return False
    if name == "style" and value:
        properties = {part.split(":", 1)[0].strip().lower() for part in value.split(";") if ":" in part}
        return properties <= STYLE_PROPERTIES and "url(" not in value.lower() and "expression" not in value.lower()
    return True


# Complete tag candidates only, with no `<` inside: one linear pass, however much tag soup a note
# holds (HTMLParser rescans to the end for every tag that never closes). `<!-- -->` is no candidate.
_TAG_CANDIDATE = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)((?:[\s/][^<>]*)?)>")


class _Attributes(HTMLParser):
    """Parses one small tag string for its attributes."""

    CDATA_CONTENT_ELEMENTS = ()

    def __init__(self, tag: str):
        super().__init__(convert_charrefs=True)
        self.attrs: list[tuple[str, str | None]] = []
        self.feed(tag)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.attrs = attrs

    handle_startendtag = handle_starttag


def _scan_tags(text: str) -> list[tuple[int, int, str, str, list[tuple[str, str | None]]]]:
    """(start, end, kind, tag, attrs) of every tag; kind is "start", "end" or "malformed" (quotes
    that do not close, which a browser could merge with the text after it into one tag)."""
    tags = []
    for match in _TAG_CANDIDATE.finditer(text):
        tag, raw = match.group(2).lower(), match.group(0)
        if match.group(1):
            tags.append((match.start(), match.end(), "end", tag, []))
        elif raw.count('"') % 2 or raw.count("'") % 2 and '"' not in raw:
            tags.append((match.start(), match.end(), "malformed", tag, []))
        else:
            tags.append((match.start(), match.end(), "start", tag, _parse_attributes(raw) if match.group(3) else []))
    return tags


@functools.lru_cache(maxsize=4096)
def _parse_attributes_cached(raw: str) -> tuple[tuple[str, str | None], ...]:
    return tuple(_Attributes(raw).attrs)


def _parse_attributes(raw: str) -> list[tuple[str, str | None]]:
    """Attributes of one tag; notes repeat the same tags, so parses are cached."""
    return list(_parse_attributes_cached(raw))


def fragment_is_safe(fragment: str) -> bool:
    if any(not url_is_safe(match.group(1)) for match in _AUTOLINK.finditer(fragment)):
        return False
    for _, _, kind, tag, attrs in _scan_tags(_AUTOLINK.sub("", fragment)):
        if kind == "malformed" or tag not in ALLOWED_TAGS or (kind == "start" and not all(
                _attribute_is_safe(tag, name, value) for name, value in attrs)):
            return False
    return True


def _rebuild_tag(tag: str, attrs: list[tuple[str, str | None]], raw: str) -> str:
    kept = [(name, value) for name, value in attrs if _attribute_is_safe(tag, name, value)]
    rendered = "".join(f' {name}="{html.escape(value, quote=True)}"' if value is not None else f" {name}"
                       for name, value in kept)
    return f"<{tag}{rendered}{' /' if raw.rstrip().endswith('/>') else ''}>"


# Markdown autolinks (`<https://…>`, `<me@example.org>`) look like tags to an HTML parser.
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.\-]{1,31}:[^\s<>]*|[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+)>")


def _clean_inline(text: str) -> str:
    """Rebuild or drop unsafe inline tags; autolinks are kept, or made plain text if their scheme
    could run script."""
    if "<" not in text:
        return text
    out, position = [], 0
    for match in _AUTOLINK.finditer(text):
        out += [_clean_tags(text[position:match.start()]),
                match.group(0) if url_is_safe(match.group(1)) else html.escape(match.group(1))]
        position = match.end()
    out.append(_clean_tags(text[position:]))
    return "".join(out)


def _clean_tags(text: str) -> str:
    if "<" not in text:
        return text
    tags = _scan_tags(text)
    last_end = {tag: start for start, _, kind, tag, _ in tags if kind == "end"}  # last end tag of each name
    out, position, skip_until = [], 0, None
    for start, end, kind, tag, attrs in tags:
        if skip_until is not None:
            if kind == "end" and tag == skip_until:
                position, skip_until = end, None
            continue
        out.append(text[position:start])
        raw = text[start:end]
        if kind == "malformed":
            out.append(html.escape(raw, quote=False))
        elif tag not in ALLOWED_TAGS:
            # Drop the content too when the tag is closed later on; otherwise only the tag.
            if kind == "start" and tag in CONTENT_TAGS and last_end.get(tag, -1) > start \
                    and not raw.rstrip().endswith("/>"):
                skip_until = tag
        elif kind == "start" and not all(_attribute_is_safe(tag, n, v) for n, v in attrs):
            out.append(_rebuild_tag(tag, attrs, raw))
        else:
            out.append(raw)
        position = end
    out.append("" if skip_until is not None else text[position:])
    return "".join(out)


_MD_PARSER = MarkdownIt("commonmark").disable("inline")  # only HTML blocks are needed
# A link destination may hold one level of balanced parentheses, as in CommonMark.
_LINK_DESTINATION = re.compile(r"(\]\(\s*<?)([^()\s>]*(?:\([^()\s]*\)[^()\s>]*)*)")


def _neutralize_link_urls(text: str) -> str:
    return _LINK_DESTINATION.sub(lambda m: m.group(1) + (m.group(2) if url_is_safe(m.group(2)) else "#"), text)


# An HTML block starts with `<` after at most the markers of the containers around it (quotes, list
# items) and indentation; a line without that cannot start one.
_MAY_OPEN_HTML_BLOCK = re.compile(r"^[\s>*+\-\d.)]*<")


def _replace_blocks(lines: list[Line], ctx: Context) -> list[Line]:
    """Unsafe HTML blocks -> nh3's clean version; safe blocks untouched."""
    if not any(_MAY_OPEN_HTML_BLOCK.match(line.text) for line in lines):
        return lines  # no line where an HTML block could start: nothing to parse
    text = "\n".join(line.text for line in lines)
    if fragment_is_safe(text):
        return lines  # no unsafe tag anywhere, so none in a block (inline tags are cleaned line by line after)
    mask = code_mask(lines)
    replacements: dict[int, tuple[int, str]] = {}
    for token in _MD_PARSER.parse(text):
        if token.type != "html_block" or not token.map or any(mask[token.map[0]:token.map[1]]):
            continue
        first, last = token.map
        fragment = "\n".join(line.text for line in lines[first:last])
        if not fragment_is_safe(fragment):
            # The parser-based cleaner keeps the text after an unclosed <script>; nh3 would drop it
            # (as a browser would). nh3 is the fallback for whatever the first pass leaves unsafe.
            cleaned = _clean_inline(fragment)
            replacements[first] = (last, cleaned if fragment_is_safe(cleaned) else clean_html(cleaned))
    result, index = [], 0
    while index < len(lines):
        if index in replacements:
            last, cleaned = replacements[index]
            ctx.record(lines[index], "html.sanitized", "\n".join(line.text for line in lines[index:last]), cleaned)
            result.extend(Line(part, lines[index].number) for part in cleaned.split("\n"))
            index = last
        else:
            result.append(lines[index])
            index += 1
    return result


_OPEN_TAG_AT_END = re.compile(r"<([A-Za-z][A-Za-z0-9-]*)(?:\s[^<>]*)?$")
KNOWN_TAGS = ALLOWED_TAGS | CONTENT_TAGS | {"body", "html", "head", "meta", "link", "base", "form", "button"}
_MAX_TAG_LINES = 8


def join_split_tags(lines: list[Line], ctx: Context) -> list[Line]:
    """`<img` on one line and `src=… alt=…>` on the next: put the tag on one line, so that the
    image fix and the sanitizer see it whole. Only real HTML tag names are joined (`$x<y$` is not)."""
    mask = code_mask(lines)
    result: list[Line] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        opened = None if mask[index] else _OPEN_TAG_AT_END.search(line.text)
        if opened and opened.group(1).lower() in KNOWN_TAGS:
            end = next((j for j in range(index + 1, min(len(lines), index + _MAX_TAG_LINES))
                        if mask[j] or not lines[j].text.strip() or ">" in lines[j].text), None)
            if end is not None and not mask[end] and ">" in lines[end].text:
                joined = " ".join([line.text.rstrip()] + [lines[j].text.strip() for j in range(index + 1, end + 1)])
                ctx.record(line, "html.joined-tag", "\n".join(lines[j].text for j in range(index, end + 1)), joined)
                result.append(line.with_text(joined))
                index = end + 1
                continue
        result.append(line)
        index += 1
    return result


def sanitize_html(lines: list[Line], ctx: Context) -> list[Line]:
    """Clean unsafe HTML blocks with nh3, rebuild unsafe inline tags, neutralise script URLs in links.
    Every line outside fenced code is cleaned, whatever block it sits in: a line that looks like an
    indented code block now may be prose after the indentation fix. (Run `join_split_tags` first so
    a tag spanning lines is seen whole.)"""
    return rewrite_prose(_replace_blocks(lines, ctx), ctx, "html.sanitized",
                         lambda part: outside_math(part, lambda text: _neutralize_link_urls(_clean_inline(text))))
