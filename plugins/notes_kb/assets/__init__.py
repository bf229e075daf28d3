"""Files the plugin serves from the site itself: a pinned KaTeX (see katex/VERSION and
katex/LICENSE), a pinned d3-force (d3/VERSION, d3/LICENSE) and the plugin's own scripts and styles.
Nothing is loaded from another host."""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).parent
SITE_FOLDER = "assets/notes-kb"
SCRIPTS = ("notes-kb.js", "preview.js", "practice.js", "graph.js")  # one file per feature, each a few KB, on every page
SEARCH_WORDS = f"{SITE_FOLDER}/words.json"  # written per build: notes-kb.js cuts search queries with it


def bundled_assets(katex: bool = True) -> dict[str, Path]:
    """Site-relative destination -> file in this package."""
    files = {f"{SITE_FOLDER}/{name}": HERE / name for name in ("notes-kb.css", *SCRIPTS)}
    for path in sorted((HERE / "d3").iterdir()):  # the graph page's layout, fetched only there
        files[f"{SITE_FOLDER}/d3/{path.name}"] = path
    if katex:
        files[f"{SITE_FOLDER}/katex-render.js"] = HERE / "katex-render.js"
        for path in sorted((HERE / "katex").rglob("*")):
            if path.is_file():
                files[f"{SITE_FOLDER}/katex/{path.relative_to(HERE / 'katex').as_posix()}"] = path
    return files


def extra_css(katex: bool = True) -> list[str]:
    return ([f"{SITE_FOLDER}/katex/katex.min.css"] if katex else []) + [f"{SITE_FOLDER}/notes-kb.css"]


def extra_javascript(katex: bool = True) -> list[str]:
    # notes-kb.js first: the others use its helpers (katex-render.js fetches KaTeX where there is math).
    shared, *features = SCRIPTS
    katex_files = ["katex-render.js"] if katex else []
    return [f"{SITE_FOLDER}/{name}" for name in (shared, *katex_files, *features)]
