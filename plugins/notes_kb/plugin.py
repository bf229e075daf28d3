"""The `notes-kb` MkDocs plugin: a thin adapter that asks the library for the site and hands its
pages to MkDocs as in-memory files. No normalizing, merging or linking logic lives here."""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from notes_normalizer.build import build_site
from notes_normalizer.fix.html import clean_html
from notes_normalizer.knowledge.overrides import FILE_NAME, OverridesError, load_overrides
from notes_normalizer.language.segmenter import seeded, teach
from notes_normalizer.model import Options
from notes_normalizer.read.dialects import DIALECTS
from notes_normalizer.runtime.cache import NoteCache
from notes_normalizer.site.site import LinkOptions, Site

from .assets import SEARCH_WORDS, bundled_assets, extra_css, extra_javascript

log = logging.getLogger("mkdocs.plugins.notes_kb")

REQUIRED_EXTENSIONS = ["attr_list", "md_in_html"]
TEMPLATES = Path(__file__).parent / "templates"


class NotesKbConfig(base.Config):
    notes_dir = c.Dir(exists=True)
    """Folder of Markdown notes, relative to mkdocs.yml. Only ever read."""
    image_dirs = c.ListOfItems(c.Dir(exists=True), default=[])
    """Extra folders searched for images by file name."""
    dialects = c.DictOfItems(c.ListOfItems(c.Choice(DIALECTS)), default={})
    """Force a note's source dialects (note path relative to notes_dir -> list), instead of
    detecting them from its content."""
    katex = c.Type(bool, default=True)
    """Serve the bundled KaTeX and render math with it."""
    autolink = c.Type(bool, default=True)
    """Link the first mention of a glossary term on a question page to the page that explains it."""
    autolink_cap = c.Type(int, default=10)
    """Auto-links per page at most."""
    related = c.Type(int, default=5)
    """Related questions listed on each question page (0: none)."""
    formula_index_title = c.Type(str, default="公式索引")
    formula_index_path = c.Type(str, default="formulas.md")
    """Where the formula index page goes, relative to docs_dir (a .md path)."""
    cache_dir = c.Type(str, default=".cache/notes-kb")
    """Where each note's preparation (repair, split, analysis) is kept between builds, relative to mkdocs.yml ("" for
    nowhere). Entries are keyed by content and by this plugin's code, so the folder is safe to
    delete or to keep in CI's cache."""
    overrides = c.Type(str, default=FILE_NAME)
    """The user's overrides (merge, split, rename, topic, vocabulary, glossary), relative to
    mkdocs.yml. Optional: a missing file means none."""


class NotesKbPlugin(BasePlugin[NotesKbConfig]):
    site: Site | None = None

    def __init__(self) -> None:
        super().__init__()
        # Each note's preparation (repair, split, analysis), reused by every rebuild of a `mkdocs
        # serve`, so a rebuild after one edit prepares only that note; also kept on disk (cache_dir)
        # for the next `mkdocs build`, read from there once.
        self.note_cache = NoteCache()
        self.cache_loaded = False

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Its presence makes MkDocs keep this plugin, and its cache, across `mkdocs serve` rebuilds."""

    def link_options(self) -> LinkOptions:
        return LinkOptions(autolink=self.config.autolink, autolink_cap=self.config.autolink_cap,
                           related=self.config.related, formula_index_title=self.config.formula_index_title,
                           formula_index_path=self.config.formula_index_path)

    def options(self) -> Options:
        return Options(image_dirs=[Path(d) for d in self.config.image_dirs],
                       dialects={name: list(d) for name, d in self.config.dialects.items()})

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        problems = self._config_problems()
        if problems:
            raise PluginError("notes-kb: " + "; ".join(problems))
        # The generated pages use attribute lists and Markdown inside HTML blocks.
        _add_missing(config.markdown_extensions, REQUIRED_EXTENSIONS)
        # Our templates (a Chinese 404 page) come after the user's own overrides, before the theme's.
        dirs = config.theme.dirs
        dirs.insert(1 if config.theme.custom_dir else 0, str(TEMPLATES))
        _add_missing(config.extra_css, extra_css(self.config.katex))
        _add_missing(config.extra_javascript, extra_javascript(self.config.katex))
        return config

    def overrides_path(self, config: MkDocsConfig) -> Path:
        return Path(config.config_file_path or ".").parent / self.config.overrides

    def _cache_file(self, config: MkDocsConfig) -> Path | None:
        if not self.config.cache_dir:
            return None
        return Path(config.config_file_path or ".").parent / self.config.cache_dir / "notes.pickle"

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        try:
            overrides = load_overrides(self.overrides_path(config))
        except OverridesError as error:
            raise PluginError(str(error)) from error
        cache_file = self._cache_file(config)
        if cache_file and not self.cache_loaded:
            self.cache_loaded = True
            self.note_cache.load(cache_file)
        misses = self.note_cache.misses
        self.site = build_site(Path(self.config.notes_dir), self.options(), config.use_directory_urls,
                               overrides, self.link_options(), self.note_cache)
        if cache_file and self.note_cache.misses > misses:
            try:
                self.note_cache.save(cache_file)
            except OSError as error:  # a read-only checkout still builds
                log.info(f"notes-kb: cache not saved to {cache_file}: {error}")
        _teach_search(self.site.search_words)
        # Question pages and note views are reached from topic pages, not the nav: MkDocs need not
        # list them as left out.
        in_nav = set(_nav_paths(self.site.nav()))

        def inclusion(path: str) -> InclusionLevel:
            return InclusionLevel.INCLUDED if path in in_nav else InclusionLevel.NOT_IN_NAV
        for page in [*self.site.written, *self.site.linked.pages]:
            files.append(File.generated(config, page.path, content=self.site.source(page.path),
                                        inclusion=inclusion(page.path)))
        for path, content in {**self.site.files, SEARCH_WORDS: self.site.search_dictionary()}.items():
            files.append(File.generated(config, path, content=content))
        for destination, source in {**bundled_assets(self.config.katex), **self.site.assets}.items():
            if files.get_file_from_path(destination) is None:
                files.append(File.generated(config, destination, abs_src_path=str(source)))
        if config.nav is None:
            written = [f.src_uri for f in files.documentation_pages()]
            config.nav = navigation(written, self.site)
        self._log_problems()
        return files

    def _log_problems(self) -> None:
        """One line per build; each repair problem (a missing image, an open question) is on the
        整理报告 page and, with `-v`, in the log. Damage that loses content stays a warning."""
        log.info(self.site.summary())
        for problem in self.site.all_problems:
            (log.warning if problem.severity == "warning" else log.debug)(str(problem))

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        return self.site.fill_home(markdown, page.file.src_uri) if self.site else markdown

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Notes are untrusted: clean the HTML of every generated page once more, after Markdown;
        then finish it (formula anchors, the local graph)."""
        if not self.site or not self.site.generated(page.file.src_uri):
            return html
        return self.site.finish_page(page.file.src_uri, clean_html(html))

    def on_post_build(self, config: MkDocsConfig) -> None:
        if self.site:
            for message in self.site.unanchored_formulas():
                log.warning(message)

    def _config_problems(self) -> list[str]:
        problems = []
        if self.config.autolink_cap < 0:
            problems.append(f"autolink_cap must be 0 or more, not {self.config.autolink_cap}")
        if self.config.related < 0:
            problems.append(f"related must be 0 or more, not {self.config.related}")
        path = self.config.formula_index_path
        if not path.endswith(".md") or path.startswith(("/", "../")) or "/../" in path:
            problems.append(f"formula_index_path must be a .md path inside docs_dir, not {path!r}")
        return problems

    def on_serve(self, server, config: MkDocsConfig, builder):
        for folder in [self.config.notes_dir, *self.config.image_dirs]:
            server.watch(folder)
        if self.overrides_path(config).is_file():
            server.watch(str(self.overrides_path(config)))
        return server


def _teach_search(words: list[str]) -> None:
    """Material's search segments Chinese with the process-wide jieba: give it the domain words
    (梯度消失, 批归一化 …) as single words, so the index holds them whole."""
    try:
        import jieba
    except ImportError:
        return
    seeded(jieba.dt)  # the dictionary the library already loaded, not a second load from disk
    teach(jieba.dt, words)


def _nav_paths(nav: list) -> list[str]:
    """The page paths of a nav (MkDocs' nested list of {title: path or list})."""
    paths = []
    for entry in nav:
        for value in (entry.values() if isinstance(entry, dict) else [entry]):
            paths.extend(_nav_paths(value) if isinstance(value, list) else [value])
    return paths


def _add_missing(setting: list, paths: list[str]) -> None:
    """Append paths the user has not listed already (extra_javascript holds objects, not strings)."""
    present = {str(item) for item in setting}
    setting.extend(path for path in paths if path not in present)


def navigation(doc_pages: list[str], site: Site) -> list:
    """Home first, then the generated pages, then the other hand-written pages."""
    generated = site.page_paths
    written = [path for path in doc_pages if path not in generated]
    home = [{"首页": "index.md"}] if "index.md" in written else []
    rest = [path for path in written if path != "index.md"]
    return [*home, *site.nav(), *rest]
