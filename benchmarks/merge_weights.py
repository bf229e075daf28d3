"""Choose the merge's weights by the worst labelled corpus, never by one: pairwise recall and precision of
every labelled set (../shared/corpora/dev, dev-b, each fetched blind collection beside dev-b, and the
sample notes with tests/data/labelled-merges.yml) for each weight value tried, one weight at a time
around `merge.Weights()`.

    python benchmarks/merge_weights.py                               # the threshold and a few weights
    python benchmarks/merge_weights.py --weight threshold=0.6,0.7,0.8 --weight bare_explains=0.7,0.8

Each set is split and analysed once (a full build); only the merge runs again per value. A row lists the
worst recall and the worst precision over every set and collection, then each set's recall/precision.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import tempfile
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from by_collection import BLIND, ROOT, SHARED, SOURCES, _with_dev_b, blind_labels  # noqa: E402

from notes_normalizer.build import build_site  # noqa: E402
from notes_normalizer.merge import Merger, Weights  # noqa: E402
from notes_normalizer.tools.evaluation import Labels, Report, labels_from, load_labels  # noqa: E402

DEFAULT_SWEEP = {
    "threshold": [0.6, 0.65, 0.7, 0.75, 0.8],
    "bare_explains": [0.65, 0.75, 0.85],
    "words_few_more": [0.75, 0.85, 0.95],
    "concept_part": [0.75, 0.85, 0.95],
    "concept_part_defined": [0.3, 0.5, 0.7, 0.85],
    "same_note": [0.75, 0.85, 0.95],
}


@dataclasses.dataclass
class _Page:
    members: list
    title: str


def labelled_sets() -> list[tuple[str, Merger, Labels]]:
    """(name, the merger of its build, its labels) for every labelled set there is here."""
    sets = [("notes", ROOT / "notes", load_labels(ROOT / "tests" / "data" / "labelled-merges.yml"))]
    for name in ("dev", "dev-b"):
        sets.append((name, SHARED / name, labels_from(yaml.safe_load((SHARED / f"{name}-labels.yml").read_text()))))
    dev_b = sets[-1][2]
    scratch = Path(tempfile.mkdtemp())
    for source in SOURCES:
        if (BLIND / source.name).exists():
            sets.append((source.name, _with_dev_b(source, BLIND / source.name, scratch / source.name),
                         blind_labels(source, dev_b)))
    mergers = []
    for name, folder, labels in sets:
        kb = build_site(folder).kb
        units = [unit for outline in kb.outlines for unit in outline.units]
        mergers.append((name, Merger(units, features=kb.features), labels))
    return mergers


def figures(merger: Merger, weights: Weights, labels: Labels) -> dict[str, tuple[float, float]]:
    """(recall, precision) of the whole set and of each collection in it, merged with `weights`."""
    clusters = merger.with_weights(weights).clusters()
    report = Report(pages=[_Page(c.members, c.canonical.title) for c in clusters], labels=labels,
                    is_structure_word=lambda title: False)
    return {name: (f.recall, f.precision) for name, f in report.by_collection().items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--weight", action="append", default=[], help="name=v1,v2,… (repeat); default: a few")
    args = parser.parse_args()
    sweep = {name: [float(v) for v in values.split(",")]
             for name, values in (item.split("=", 1) for item in args.weight)} or DEFAULT_SWEEP
    sets = labelled_sets()
    print(f"{'weight':>22} {'value':>6} {'worst R':>8} {'worst P':>8}  " + "  ".join(f"{n:>13}" for n, _, _ in sets))
    for name, values in sweep.items():
        for value in values:
            weights = dataclasses.replace(Weights(), **{name: type(getattr(Weights(), name))(value)})
            rows = [figures(merger, weights, labels) for _, merger, labels in sets]
            worst_recall = min(r for row in rows for r, _ in row.values())
            worst_precision = min(p for row in rows for _, p in row.values())
            mark = " *" if value == getattr(Weights(), name) else "  "
            print(f"{name:>22} {value:6.2f} {worst_recall:8.3f} {worst_precision:8.3f}{mark}"
                  + "  ".join(f"{row['*'][0]:6.3f}/{row['*'][1]:.3f}" for row in rows))


if __name__ == "__main__":
    main()
