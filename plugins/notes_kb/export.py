"""`notes-kb export`: write the site the plugin would build as plain files, with an `mkdocs.yml`
that does not need the plugin, so stock MkDocs (or a tool that ignores MkDocs plugins) builds the
same site."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml
from mkdocs.config import load_config

from notes_normalizer.build import build_site
from notes_normalizer.knowledge.overrides import OverridesError, load_overrides
from notes_normalizer.site.output import OutputRefused, atomic_directory, check_output_folder, check_outside
from notes_normalizer.site.site import Site

from .assets import SEARCH_WORDS, bundled_assets, extra_css, extra_javascript
from .plugin import NotesKbPlugin, navigation

PLUGIN_NAME = "notes-kb"


class ExportError(Exception):
    """The configuration cannot be exported (for example, the plugin is not in it)."""


class _Tagged:
    """A YAML node with a tag this tool does not interpret (`!ENV`, `!!python/...`), kept as is."""

    def __init__(self, tag: str, value, kind: type):
        self.tag, self.value, self.kind = tag, value, kind


class _Loader(yaml.SafeLoader):
    pass


class _Dumper(yaml.SafeDumper):
    pass


def _construct_tagged(loader: yaml.Loader, _suffix: str, node: yaml.Node) -> _Tagged:
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    return _Tagged(node.tag, value, type(node))


def _represent_tagged(dumper: yaml.Dumper, data: _Tagged) -> yaml.Node:
    if data.kind is yaml.ScalarNode:
        return dumper.represent_scalar(data.tag, data.value)
    if data.kind is yaml.SequenceNode:
        return dumper.represent_sequence(data.tag, data.value)
    return dumper.represent_mapping(data.tag, data.value)


for _prefix in ("!", "tag:yaml.org,2002:python/"):
    _Loader.add_multi_constructor(_prefix, _construct_tagged)
_Dumper.add_representer(_Tagged, _represent_tagged)


def _plugin_name(entry) -> str:
    return entry if isinstance(entry, str) else next(iter(entry))


def _find_plugin(config) -> NotesKbPlugin:
    for plugin in config.plugins.values():
        if isinstance(plugin, NotesKbPlugin):
            return plugin
    raise ExportError(f"{config.config_file_path}: the '{PLUGIN_NAME}' plugin is not configured")


def export(config_file: Path, out: Path) -> Site:
    config = load_config(str(config_file))
    plugin = _find_plugin(config)
    project = Path(config.config_file_path).parent
    sources = [Path(config.docs_dir), project / plugin.config.notes_dir]
    try:  # never over the project, its notes or docs, or a folder of someone else's files
        check_output_folder(out, [project, *sources])
        check_outside(out, sources)
    except OutputRefused as error:
        raise ExportError(str(error)) from error
    try:
        overrides = load_overrides(plugin.overrides_path(config))
    except OverridesError as error:
        raise ExportError(str(error)) from error
    # The same inputs as the plugin's build, so both sites are the same site.
    site = build_site(Path(plugin.config.notes_dir), plugin.options(), config.use_directory_urls, overrides,
                      plugin.link_options())
    docs_dir = Path(config.docs_dir)
    raw = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_Loader)  # noqa: S506 - SafeLoader subclass

    with atomic_directory(out) as staging:
        docs = staging / "docs"
        shutil.copytree(docs_dir, docs)
        written = sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*.md"))
        for relative in written:
            path = docs / relative
            path.write_text(site.fill_home(path.read_text(encoding="utf-8"), relative), encoding="utf-8")
        for page in site.pages:
            (docs / page.path).parent.mkdir(parents=True, exist_ok=True)
            (docs / page.path).write_text(page.content, encoding="utf-8")
        for path, content in {**site.files, SEARCH_WORDS: site.search_dictionary()}.items():
            (docs / path).parent.mkdir(parents=True, exist_ok=True)
            (docs / path).write_text(content, encoding="utf-8")
        for destination, source in {**bundled_assets(plugin.config.katex), **site.assets}.items():
            (docs / destination).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, docs / destination)

        raw["docs_dir"] = "docs"
        raw.pop("site_dir", None)
        raw["plugins"] = [p for p in raw.get("plugins", []) if _plugin_name(p) != PLUGIN_NAME]
        raw["nav"] = raw.get("nav") or navigation(written, site)
        raw["extra_css"] = [*raw.get("extra_css", []), *extra_css(plugin.config.katex)]
        raw["extra_javascript"] = [*raw.get("extra_javascript", []), *extra_javascript(plugin.config.katex)]
        (staging / "mkdocs.yml").write_text(
            yaml.dump(raw, Dumper=_Dumper, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return site
