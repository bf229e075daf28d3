"""Choose the merge threshold by measurement: pairwise precision and recall on the labelled set
(tests/data/labelled-merges.yml) for a range of thresholds. Run: .venv/bin/python benchmarks/merge_threshold.py"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from notes_normalizer.build import build_site  # noqa: E402
from notes_normalizer.merge import THRESHOLD, Merger  # noqa: E402
from notes_normalizer.tools.evaluation import evaluate, load_labels  # noqa: E402


def main() -> None:
    labels = load_labels(ROOT / "tests" / "data" / "labelled-merges.yml")
    site = build_site(ROOT / "notes")
    units = [unit for outline in site.kb.outlines for unit in outline.units]
    print(f"{len(units)} questions; current threshold {THRESHOLD}")
    print("threshold  precision  recall   F1     predicted pairs  related merged")
    for step in range(10, 19):
        threshold = step * 0.05
        quality = evaluate(Merger(units, threshold=threshold).clusters(), labels)
        f1 = 2 * quality.precision * quality.recall / ((quality.precision + quality.recall) or 1)
        print(f"  {threshold:.2f}      {quality.precision:.3f}    {quality.recall:.3f}   {f1:.3f}  "
              f"{quality.predicted_pairs:>8}         {len(quality.related_merged)}")


if __name__ == "__main__":
    main()
