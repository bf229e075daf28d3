"""Merge time against the number of questions, on corpora whose titles share many words: a note of
templated questions that differ only in their numbers ("第{i}个…问题：参数{i}如何影响模型{i%97}？"),
and near-identical questions about a handful of concepts. The merge must stay near-linear: the
ratio of times from 1,000 to 10,000 questions should be close to 10, never near 100.

Run: .venv/bin/python benchmarks/merge_scale.py [--sizes 1000,2000,5000,10000]
"""

from __future__ import annotations

import argparse
import gc
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from notes_normalizer.analyse.analysis import analyse_units  # noqa: E402
from notes_normalizer.language.vocabulary import vocabulary  # noqa: E402
from notes_normalizer.merge import Merger  # noqa: E402
from notes_normalizer.model import Line  # noqa: E402
from notes_normalizer.split.units import Unit  # noqa: E402
from notes_normalizer.text.slugs import Slugs  # noqa: E402

_CONCEPTS = ["BN", "Dropout", "LSTM", "注意力机制", "梯度消失", "过拟合", "ReLU", "卷积核"]


def templated(count: int) -> list[Unit]:
    """One note of questions alike but for their numbers: every one is its own question."""
    return [Unit(note="templated.md", index=i + 1, question=f"第{i}个问题：参数{i}如何影响模型{i % 97}？",
                 line=2 * i + 1, end_line=2 * i + 2, body=[Line(f"参数{i}的答案。", 2 * i + 2)])
            for i in range(count)]


def look_alikes(count: int) -> list[Unit]:
    """Many notes asking the same few questions about a handful of concepts in other words."""
    forms = ["{c}的作用是什么？", "{c}有什么作用", "为什么要用{c}？", "{c}的原理", "介绍一下{c}"]
    units = []
    for i in range(count):
        concept = _CONCEPTS[i % len(_CONCEPTS)]
        form = forms[(i // len(_CONCEPTS)) % len(forms)]
        units.append(Unit(note=f"note{i // 50}.md", index=i % 50 + 1, question=form.format(c=concept),
                          line=i % 50 + 1, end_line=i % 50 + 1, body=[Line(f"{concept}的答案，第{i}条。", 1)]))
    return units


def measure(units: list[Unit], repeat: int = 3) -> tuple[float, int, int]:
    """The fastest of `repeat` merges (what the code costs, not what else the machine did)."""
    words = vocabulary()
    analyses = analyse_units(units, words, Slugs())
    times = []
    for _ in range(repeat):
        gc.disable()  # as in a build (`site._cycle_collection_paused`)
        start = time.perf_counter()
        clusters = Merger(units, words, analyses=analyses).clusters()
        times.append(time.perf_counter() - start)
        gc.enable()
    return min(times), len(clusters), max(len(c.members) for c in clusters)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,2000,5000,10000")
    sizes = [int(s) for s in parser.parse_args().sizes.split(",")]
    vocabulary().cut("预热")  # jieba's dictionary: loaded before anything is timed
    measure(templated(200))  # and the merge's own imports
    for name, corpus in (("templated", templated), ("look-alikes", look_alikes)):
        base = None
        print(f"{name}: questions  merge s  ratio to first  µs per question  pages  largest page")
        for size in sizes:
            elapsed, pages, largest = measure(corpus(size))
            base = base or elapsed
            print(f"  {size:>10}  {elapsed:7.3f}  {elapsed / base:14.1f}  {elapsed / size * 1e6:15.1f}  "
                  f"{pages:5}  {largest:12}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of the run: {peak:.0f} MiB")


if __name__ == "__main__":
    main()
