"""How much of the merge is the vocabulary of the five sample notes? Removes every concept spelling
that occurs in the sample notes (notes/) but in none of the dev corpus's notes, then measures the
merge again on both labelled sets. A merge that is mostly a dictionary of the samples loses most
of its recall on them here.

Run: .venv/bin/python benchmarks/vocabulary_ablation.py [DEV_DIR DEV_LABELS]
(default: ../shared/corpora/dev and ../shared/corpora/dev-labels.yml beside the project)
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from notes_normalizer.build import build_site  # noqa: E402
from notes_normalizer.language import vocabulary as vocabulary_module  # noqa: E402
from notes_normalizer.language.vocabulary import normalize  # noqa: E402
from notes_normalizer.merge import Cluster  # noqa: E402
from notes_normalizer.tools.evaluation import evaluate, load_labels  # noqa: E402


def corpus_text(folder: Path) -> str:
    return normalize("\n".join(p.read_text("utf-8", errors="replace") for p in sorted(folder.rglob("*.md"))))


def without_sample_spellings(raw: dict, samples: str, others: str) -> tuple[dict, int, int]:
    """The vocabulary data less the spellings found only in the samples; (data, removed, total)."""
    removed = total = 0
    concepts = {}
    for name, entry in raw["concepts"].items():
        synonyms = entry["synonyms"] if isinstance(entry, dict) else entry
        kept = []
        for spelling in dict.fromkeys([name, *synonyms]):
            total += 1
            folded = normalize(spelling)
            if folded in samples and folded not in others:
                removed += 1
            else:
                kept.append(spelling)
        if kept:
            concepts[name] = {**entry, "synonyms": kept} if isinstance(entry, dict) else kept
    compounds = {spelling: parts for spelling, parts in (raw.get("compounds") or {}).items()
                 if not (normalize(spelling) in samples and normalize(spelling) not in others)}
    return {**raw, "concepts": concepts, "compounds": compounds}, removed, total


def measure(notes: Path, labels: Path) -> str:
    site = build_site(notes)
    return evaluate([Cluster(q.members) for q in site.kb.questions], load_labels(labels)).summary()


def main() -> None:
    dev = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "corpora" / "dev"
    dev_labels = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT.parent / "shared" / "corpora" / "dev-labels.yml"
    sets = [("five sample notes, tests/data/labelled-merges.yml", ROOT / "notes",
             ROOT / "tests" / "data" / "labelled-merges.yml"), ("dev corpus, dev-labels.yml", dev, dev_labels)]
    for name, notes, labels in sets:
        print(f"full vocabulary, {name}: {measure(notes, labels)}")
    raw = yaml.safe_load(vocabulary_module._bundled())
    data, removed, total = without_sample_spellings(raw, corpus_text(ROOT / "notes"), corpus_text(dev))
    # The build reads the bundled vocabulary through these two memos: give it the reduced data.
    vocabulary_module._bundled = lambda: yaml.safe_dump(data, allow_unicode=True)
    vocabulary_module._vocabulary.cache_clear()
    print(f"removed {removed} of {total} concept spellings (those found only in the sample notes)")
    for name, notes, labels in sets:
        print(f"reduced vocabulary, {name}: {measure(notes, labels)}")


if __name__ == "__main__":
    main()
