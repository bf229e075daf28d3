"""`notes-kb`: the command line, a thin adapter over the library (and over MkDocs for `build`)."""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import logging
import shutil
import sys
from pathlib import Path
from typing import NamedTuple

from notes_normalizer.model import Options, Problem


def _print_problems(problems: list[Problem]) -> None:
    for problem in problems:
        print(f"{problem.severity}: {problem}", file=sys.stderr)


class _Inputs(NamedTuple):
    notes_dir: Path
    options: Options
    overrides: Path


def _inputs(args: argparse.Namespace) -> _Inputs:
    """What a command reads: NOTES_DIR, --image-dir and --overrides as given, else as mkdocs.yml's
    notes-kb plugin sets them (notes_dir, image_dirs, dialects, kb.yml), else notes/ and kb.yml."""
    inputs = _Inputs(Path("notes"), Options(), Path("kb.yml"))
    config_file = Path(args.config_file)
    if config_file.is_file():
        from mkdocs.config import load_config
        from mkdocs.exceptions import ConfigurationError

        from notes_kb.plugin import NotesKbPlugin

        try:
            config = load_config(str(config_file))
        except ConfigurationError as error:
            raise SystemExit(f"notes-kb: {config_file}: {error}") from error
        for plugin in config.plugins.values():
            if isinstance(plugin, NotesKbPlugin):
                inputs = _Inputs(Path(plugin.config.notes_dir), plugin.options(), plugin.overrides_path(config))
    if args.notes_dir:
        inputs = inputs._replace(notes_dir=Path(args.notes_dir))
    if getattr(args, "image_dir", None):
        extra = [Path(d) for d in args.image_dir]
        inputs = inputs._replace(options=dataclasses.replace(
            inputs.options, image_dirs=[*inputs.options.image_dirs, *extra]))
    if getattr(args, "overrides", None):
        inputs = inputs._replace(overrides=Path(args.overrides))
    return inputs


_NOTES_HELP = "the notes folder (default: notes_dir of mkdocs.yml's notes-kb plugin, else notes)"
_CONFIG_HELP = "the MkDocs config whose notes-kb plugin options are the defaults (default: mkdocs.yml)"


def cmd_build(args: argparse.Namespace) -> int:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    from notes_normalizer.site.output import OutputRefused, atomic_directory, check_output_folder, check_outside

    try:
        with _warnings_shown():
            config = load_config(str(args.config_file), strict=args.strict)
            target = Path(args.site_dir).resolve() if args.site_dir else Path(config.site_dir)
            sources = [Path(config.docs_dir), *_notes_dirs(config)]
            check_output_folder(target, [Path(config.config_file_path).parent, *sources])
            check_outside(target, sources)
            with atomic_directory(target) as staging:  # an interrupted build leaves the old site whole
                config.site_dir = str(staging)
                build(config)
    except (Abort, ConfigurationError) as error:
        print(f"notes-kb build: {error}", file=sys.stderr)
        return 1
    except OutputRefused as error:
        print(f"notes-kb build: {error}", file=sys.stderr)
        return 2
    for site in _built_sites(config):
        print(f"{site.summary()}; site in {target}")
    return 0


@contextlib.contextmanager
def _warnings_shown():
    """MkDocs' warnings (and the plugin's) on stderr, as `mkdocs build` shows them."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setLevel(logging.WARNING)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)


def _built_sites(config) -> list:
    from notes_kb.plugin import NotesKbPlugin

    return [plugin.site for plugin in config.plugins.values()
            if isinstance(plugin, NotesKbPlugin) and getattr(plugin, "site", None) is not None]


def _notes_dirs(config) -> list[Path]:
    """The notes folders of the config's notes-kb plugins (relative to mkdocs.yml)."""
    from notes_kb.plugin import NotesKbPlugin

    return [Path(config.config_file_path).parent / plugin.config.notes_dir
            for plugin in config.plugins.values() if isinstance(plugin, NotesKbPlugin)]


def cmd_export(args: argparse.Namespace) -> int:
    from notes_kb.export import ExportError, export

    try:
        site = export(Path(args.config_file), Path(args.out))
    except ExportError as error:
        print(f"notes-kb export: {error}", file=sys.stderr)
        return 2
    print(f"exported {len(site.pages)} generated pages and {len(site.assets)} images to {args.out}/ "
          f"(build it with: mkdocs build -f {Path(args.out) / 'mkdocs.yml'})")
    _print_problems([p for p in site.all_problems if p.severity == "warning"])
    return 0


def cmd_fix(args: argparse.Namespace) -> int:
    from notes_normalizer.site.output import (
        OutputRefused,
        check_output_folder,
        check_outside,
        git_is_dirty,
        rewrite_in_place,
        write_fixed_copy,
    )

    notes_dir = Path(args.notes_dir)
    options = Options(image_dirs=[Path(d) for d in args.image_dir])
    if args.in_place:
        if git_is_dirty(notes_dir) and not args.force:
            print(f"notes-kb fix: {notes_dir} has uncommitted changes; commit them first or pass --force",
                  file=sys.stderr)
            return 2
        fixed, problems, backups = rewrite_in_place(notes_dir, options)
        print(f"rewrote {len(backups)} notes in place; originals kept as: "
              + (", ".join(str(b) for b in backups) or "(nothing changed)"))
    else:
        out = Path(args.out)
        try:
            check_output_folder(out, [notes_dir, Path.cwd()])
            check_outside(out, [notes_dir])
        except OutputRefused as error:
            print(f"notes-kb fix: {error} (use --in-place to rewrite the notes themselves)", file=sys.stderr)
            return 2
        fixed, problems = write_fixed_copy(notes_dir, out, options)
        print(f"wrote {len(fixed)} repaired notes to {out}/")
    repairs = sum(len(f.repairs) for f in fixed)
    print(f"{repairs} repairs, {len(problems) + sum(len(f.problems) for f in fixed)} problems")
    _print_problems(problems + [p for f in fixed for p in f.problems])
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from notes_normalizer.site.output import fix_notes

    inputs = _inputs(args)
    fixed, problems, _ = fix_notes(inputs.notes_dir, inputs.options)
    for note in fixed:
        for repair in note.repairs:
            print(f"{repair.note}:{repair.line}: {repair.kind}: {repair.before!r} -> {repair.after!r}")
    for problem in problems + [p for f in fixed for p in f.problems]:
        print(f"{problem.note}:{problem.line}: {problem.kind}: NOT REPAIRED: {problem.message}")
    return 0


def cmd_merges(args: argparse.Namespace) -> int:
    import yaml

    from notes_normalizer.build import build_site
    from notes_normalizer.knowledge.knowledge_base import describe_merges
    from notes_normalizer.knowledge.overrides import OverridesError, load_overrides
    from notes_normalizer.language.vocabulary import vocabulary
    from notes_normalizer.merge import Cluster
    from notes_normalizer.tools.evaluation import Report, evaluate, load_labels

    inputs = _inputs(args)
    try:
        overrides = load_overrides(inputs.overrides)
    except OverridesError as error:
        print(f"notes-kb merges: {error}", file=sys.stderr)
        return 2
    site = build_site(inputs.notes_dir, inputs.options, overrides=overrides)
    print(describe_merges(site.kb))
    _print_problems([p for p in site.kb.problems if p.severity == "warning"])
    if args.labels:
        try:
            labels = load_labels(Path(args.labels))
        except (OSError, ValueError, TypeError, IndexError, yaml.YAMLError) as error:
            print(f"notes-kb merges: {args.labels}: not a labelled set ({error})", file=sys.stderr)
            return 2
        clusters = [Cluster(q.members) for q in site.kb.questions]
        quality = evaluate(clusters, labels)
        figures = Report(site.kb.questions, labels, vocabulary(overrides.vocabulary).only_structures).figures(
            lambda note: True)
        print()
        for a, b in quality.false_merges:
            print(f"false merge: {a.note}:{a.line} {a.title}  +  {b.note}:{b.line} {b.title}")
        for a, b in quality.missed:
            print(f"missed: {a[0]}:{a[1]} {quality.titles.get(a, '')}  +  {b[0]}:{b[1]} {quality.titles.get(b, '')}")
        for key in quality.unknown:
            print(f"labelled question not found: {key[0]}:{key[1]}")
        for title in figures.fragment_titles:
            print(f"fragment (a page of a labelled note holding no labelled question): {title}")
        for title in figures.structure_titled:
            print(f"page titled with a word that only structures an answer: {title}")
        print(quality.summary())
        print(f"labelled questions on no page {figures.lost}; fragment pages {figures.fragments}; "
              f"pages titled with a structure word {figures.structure_titles}")
    return 0


def cmd_anki(args: argparse.Namespace) -> int:
    from notes_normalizer.build import build_site
    from notes_normalizer.knowledge.overrides import OverridesError, load_overrides
    from notes_normalizer.site.cards import cards_from_site, write_anki, write_csv
    from notes_normalizer.site.output import OutputRefused, atomic_directory, check_output_folder

    out = Path(args.out)
    if out.suffix.lower() not in (".apkg", ".csv"):
        print(f"notes-kb anki: {out}: write an Anki deck (.apkg) or a CSV file (.csv)", file=sys.stderr)
        return 2
    inputs = _inputs(args)
    try:
        overrides = load_overrides(inputs.overrides)
    except OverridesError as error:
        print(f"notes-kb anki: {error}", file=sys.stderr)
        return 2
    site = build_site(inputs.notes_dir, inputs.options, overrides=overrides)
    cards = cards_from_site(site)
    media = {name: source for card in cards for name, source in card.media.items()}
    where = ""
    if out.suffix.lower() == ".csv":
        # A CSV cannot hold its images: they go in a folder of their own beside it, for the
        # importing app's media folder (Anki: collection.media).
        media_dir = out.with_name(f"{out.stem}-media")
        if media:
            try:
                check_output_folder(media_dir, [inputs.notes_dir, Path.cwd()])
            except OutputRefused as error:
                print(f"notes-kb anki: {error}", file=sys.stderr)
                return 2
        write_csv(cards, out)
        if media:
            with atomic_directory(media_dir) as staging:
                for name, source in media.items():
                    shutil.copy2(source, staging / name)
            where = f" in {media_dir}/"
    else:
        write_anki(cards, out, args.deck)
    print(f"wrote {len(cards)} cards ({len(media)} images{where}) to {out}")
    _print_problems([p for p in site.all_problems if p.severity == "warning"])
    return 0


def cmd_audit(args: argparse.Namespace) -> int:
    from notes_normalizer.tools.audit import audit_site, format_result

    notes = Path(args.notes) if args.notes else None
    if notes is None and Path(args.config_file).is_file():
        notes = _inputs(argparse.Namespace(config_file=args.config_file, notes_dir=None)).notes_dir
    result = audit_site(Path(args.site_dir), notes)
    print(format_result(result, args.limit))
    return 0 if result.ok else 1


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(
        prog="notes-kb",
        description="Turn a folder of messy Markdown study notes into a clean MkDocs knowledge base.")
    commands = root.add_subparsers(dest="command", required=True)

    build = commands.add_parser("build", help="build the site (same as `mkdocs build`)")
    build.add_argument("-f", "--config-file", default="mkdocs.yml")
    build.add_argument("-d", "--site-dir", help="output folder (default: site_dir of the config)")
    build.add_argument("--strict", action="store_true", help="fail on warnings")
    build.set_defaults(run=cmd_build)

    export = commands.add_parser(
        "export", help="write the site as plain Markdown + an mkdocs.yml that needs no plugin")
    export.add_argument("-f", "--config-file", default="mkdocs.yml")
    export.add_argument("out", help="output folder (replaced atomically)")
    export.set_defaults(run=cmd_export)

    fix = commands.add_parser("fix", help="write a repaired copy of every note")
    fix.add_argument("notes_dir")
    target = fix.add_mutually_exclusive_group(required=True)
    target.add_argument("--out", help="folder for the repaired notes (replaced atomically)")
    target.add_argument("--in-place", action="store_true",
                        help="rewrite the notes themselves, keeping each original as *.bak")
    fix.add_argument("--force", action="store_true", help="with --in-place: run on a dirty git work tree")
    fix.add_argument("--image-dir", action="append", default=[], help="extra folder to find images in")
    fix.set_defaults(run=cmd_fix)

    report = commands.add_parser("report", help="list every repair and every unrepaired problem")
    report.add_argument("notes_dir", nargs="?", help=_NOTES_HELP)
    report.add_argument("-f", "--config-file", default="mkdocs.yml", help=_CONFIG_HELP)
    report.set_defaults(run=cmd_report)
    merges = commands.add_parser("merges", help="show which questions were merged into one page, and why")
    merges.add_argument("notes_dir", nargs="?", help=_NOTES_HELP)
    merges.add_argument("-f", "--config-file", default="mkdocs.yml", help=_CONFIG_HELP)
    merges.add_argument("--overrides", help="the overrides file (default: the plugin's, else kb.yml)")
    merges.add_argument("--labels", help="a labelled set (YAML: units, same, dont_care) to measure pairwise "
                        "precision and recall on, and which labelled questions the splitter lost")
    merges.set_defaults(run=cmd_merges)

    anki = commands.add_parser("anki", help="flash cards: an Anki deck (OUT.apkg) or CSV (OUT.csv), one per question")
    anki.add_argument("out", help="OUT.apkg or OUT.csv")
    anki.add_argument("notes_dir", nargs="?", help=_NOTES_HELP)
    anki.add_argument("-f", "--config-file", default="mkdocs.yml", help=_CONFIG_HELP)
    anki.add_argument("--overrides", help="the overrides file (default: the plugin's, else kb.yml)")
    anki.add_argument("--image-dir", action="append", default=[], help="extra folder to find images in")
    anki.add_argument("--deck", default="notes-kb", help="deck name in Anki (default: notes-kb)")
    anki.set_defaults(run=cmd_anki)

    audit = commands.add_parser("audit", help="check a built site: math, raw TeX, marks, images, code, links")
    audit.add_argument("site_dir")
    audit.add_argument("--limit", type=int, default=10, help="examples shown per check")
    audit.add_argument("--notes", help="the notes folder the site was built from, to find lost images "
                                       "(default: notes_dir of mkdocs.yml's notes-kb plugin, if there is one)")
    audit.add_argument("-f", "--config-file", default="mkdocs.yml", help=_CONFIG_HELP)
    audit.set_defaults(run=cmd_audit)
    return root


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except BrokenPipeError:  # `notes-kb report | head`: the reader has seen enough
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
