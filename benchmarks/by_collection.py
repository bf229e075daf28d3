"""Splitting and merging measured collection by collection, on every labelled corpus we have.

Each row is one labelled set: the dev corpora in ../shared/corpora/ and the blind collections whose labels
live in tests/data/blind/ (written by reading the notes before the tool was first run on them). A blind
collection's notes are not committed where their licence does not allow it: `fetch` brings them from a
local git mirror of the named repository, at the named commit, into .cache/blind/ (ignored by git).

    python benchmarks/by_collection.py fetch --mirror /path/to/mirror/of/GYee/CV_interviews_Q-A
    python benchmarks/by_collection.py            # the table: one row per labelled set and per collection in it

A blind set is measured beside ../shared/corpora/dev-b, since the questions it shares with dev-b are what
the merge is measured on: its `cross` entries add a unit to the dev-b group of the named unit, its
`cross_dont_care` entries pair a unit with a dev-b unit's whole group. The figure to quote is the worst row.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "corpora"
BLIND = ROOT / ".cache" / "blind"
sys.path.insert(0, str(ROOT / "src"))

from notes_normalizer.tools.evaluation import Labels, labels_from, score_build  # noqa: E402


@dataclass(frozen=True)
class Source:
    """Where a blind collection's notes come from: a repository at a commit, one folder of it."""

    name: str  # the folder the notes are read into, and the prefix of their labels' paths
    repository: str
    commit: str
    folder: str
    labels: str  # tests/data/blind/<file>
    files: tuple[str, ...] = ()  # only these notes of the folder (all when empty)


SOURCES = (
    Source("gyee-cv", "GYee/CV_interviews_Q-A", "4f1974b", "计算机视觉", "gyee-cv.yml"),
    Source("hz-survey", "HarleysZhang/dl_note", "f6dda36", "2-deep_learning_basic", "hz-survey.yml",
           ("cnn基础部件-BN层详解.md", "cnn基础部件-激活函数详解.md", "深度学习基础-优化算法详解.md",
            "深度学习基础-参数初始化详解.md", "深度学习基础-损失函数详解.md")),
    Source("book-ch3", "scutan90/DeepLearning-500-questions", "6087a06", "ch03_深度学习基础", "book-ch3.yml",
           ("第三章_深度学习基础.md",)),
    Source("xj-nn", "xiaojkql/Interview-Prepare", "65cae07", "神经网络基础", "xj-nn.yml"),
    Source("kh-dl", "lizhunan/know-how", "fbb8915", "docs/4/4.2", "kh-dl.yml",
           ("normalization.md", "optimizer.md", "optimization.md")),
    Source("os-nn", "OneStepAndTwoSteps/Data_Analysis_notes", "f036620",
           "2、机器学习、深度学习/1、数据分析算法/神经网络", "os-nn.yml",
           (*(f"1、常规 DNN/{topic}/readme.md" for topic in (
               "BN", "Dropout层", "LN", "张量", "梯度消失和梯度爆炸", "激活函数",
               "神经网络为什么大多是非凸优化", "DNN 前向传播和反向传播")),
            "3、NLP 自然语言处理/RNN/readme.md", "3、NLP 自然语言处理/LSTM/readme.md")),
)


def fetch(source: Source, mirror: Path | None) -> Path:
    """The notes of `source` in .cache/blind/<name>/, taken from `mirror` (a clone or bare mirror of
    the repository) or, failing one, a clone from GitHub."""
    target = BLIND / source.name
    if target.exists():
        return target
    with tempfile.TemporaryDirectory() as scratch:
        repository = mirror
        if repository is None:
            repository = Path(scratch) / "repo"
            subprocess.run(["git", "clone", "--quiet", f"https://github.com/{source.repository}", str(repository)],
                           check=True)
        paths = [f"{source.folder}/{name}" for name in source.files] or [source.folder]
        archive = subprocess.run(["git", "-C", str(repository), "archive", source.commit, *paths],
                                 check=True, capture_output=True).stdout
        unpacked = Path(scratch) / "notes"
        unpacked.mkdir()
        subprocess.run(["tar", "-x", "-C", str(unpacked)], input=archive, check=True)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(unpacked / source.folder, target)
    return target


def _holds(repository: Path, commit: str) -> bool:
    return subprocess.run(["git", "-C", str(repository), "cat-file", "-e", f"{commit}^{{commit}}"],
                          capture_output=True).returncode == 0


def _key(entry) -> tuple[str, int]:
    return str(entry[0]), int(entry[1])


def blind_labels(source: Source, dev_b: Labels) -> Labels:
    """The blind set's labels beside dev-b's: its units and groups, its units added to dev-b's groups."""
    raw = yaml.safe_load((ROOT / "tests" / "data" / "blind" / source.labels).read_text("utf-8"))
    own = labels_from(raw)
    groups = [list(group) for group in dev_b.same] + [list(group) for group in own.same]
    for unit, other in ((_key(a), _key(b)) for a, b in raw.get("cross") or []):
        mine = next((g for g in groups if unit in g), None)
        theirs = next((g for g in groups if other in g), None)
        if mine is not None and theirs is not None and mine is not theirs:
            groups.remove(mine)
            theirs.extend(mine)
        elif theirs is not None and mine is None:
            theirs.append(unit)
        elif mine is not None and theirs is None:
            mine.append(other)
        elif mine is None:
            groups.append([other, unit])
    dont_care = list(dev_b.dont_care) + list(own.dont_care)
    for unit, other in ((_key(a), _key(b)) for a, b in raw.get("cross_dont_care") or []):
        group = next((g for g in groups if other in g), [other])
        dont_care.extend((unit, member) for member in group)
    return Labels(same=groups, units={**dev_b.units, **own.units}, dont_care=dont_care)


def _with_dev_b(source: Source, notes: Path, into: Path) -> Path:
    folder = into / "notes"
    shutil.copytree(SHARED / "dev-b", folder)
    shutil.copytree(notes, folder / source.name)
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", nargs="?", default="table", choices=["table", "fetch"])
    parser.add_argument("--mirror", type=Path, action="append", default=[],
                        help="fetch: a local clone of a repository (repeat for each); else cloned from GitHub")
    parser.add_argument("--details", action="store_true", help="list each set's lost units and fragment pages")
    args = parser.parse_args()
    if args.command == "fetch":
        for source in SOURCES:
            mirror = next((m for m in args.mirror if _holds(m, source.commit)), None)
            print(fetch(source, mirror))
        return

    rows = []
    for name in ("dev", "dev-b"):
        labels = labels_from(yaml.safe_load((SHARED / f"{name}-labels.yml").read_text("utf-8")))
        rows.append((name, score_build(SHARED / name, labels)))
    dev_b = labels_from(yaml.safe_load((SHARED / "dev-b-labels.yml").read_text("utf-8")))
    for source in SOURCES:
        if not (BLIND / source.name).exists():
            print(f"{source.name}: not fetched (python benchmarks/by_collection.py fetch)", file=sys.stderr)
            continue
        with tempfile.TemporaryDirectory() as scratch:
            folder = _with_dev_b(source, BLIND / source.name, Path(scratch))
            rows.append((f"{source.name} + dev-b", score_build(folder, blind_labels(source, dev_b))))

    print(f"{'labelled set / collection':40} {'recall':>8} {'precision':>9} {'lost':>9} {'fragments':>10} "
          f"{'structure':>9}")
    for name, report in rows:
        for collection, figures in report.by_collection().items():
            label = name if collection == "*" else f"  {collection}"
            print(f"{label:40} {figures.recall:8.3f} {figures.precision:9.3f} {figures.lost:>9} "
                  f"{figures.fragments:>10} {figures.structure_titles:>9}")
    if args.details:
        for name, report in rows:
            figures = report.by_collection()["*"]
            print(f"\n## {name}")
            print("\n".join(f"lost: {note}:{line} {report.labels.units.get((note, line), '')}"
                            for note, line in figures.quality.unknown))
            print("\n".join(f"fragment: {title}" for title in figures.fragment_titles))
            print("\n".join(f"missed: {a[0]}:{a[1]} + {b[0]}:{b[1]}" for a, b in figures.quality.missed))
            print("\n".join(f"false merge: {a.note}:{a.line} {a.title} + {b.note}:{b.line} {b.title}"
                            for a, b in figures.quality.false_merges))


if __name__ == "__main__":
    main()
