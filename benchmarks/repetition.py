"""How much a folder of notes repeats itself: what the build's content memos (fixed lines, the
pinyin of title segments) can reuse. The generated corpus repeats more than real notes, so this says
how far its timings flatter those memos.

    .venv/bin/python benchmarks/repetition.py notes /tmp/corpus-10500
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import jieba
from pypinyin.seg.simpleseg import seg

_TITLE = re.compile(r"^(?:#{1,6}\s|\*\*|\d+[.、]\s*)")


def repeated_share(items: list[str], weight=lambda item: 1) -> float:
    seen: set[str] = set()
    repeated = total = 0
    for item in items:
        total += weight(item)
        repeated += weight(item) if item in seen else 0
        seen.add(item)
    return repeated / total if total else 0.0


def measure(folder: Path) -> dict[str, float]:
    lines = [line for note in sorted(folder.rglob("*.md"))
             for line in note.read_text(encoding="utf-8").splitlines() if line.strip()]
    titles = [_TITLE.sub("", line).strip("*# ") for line in lines if _TITLE.match(line)]
    text = "\n".join(lines)
    blocks = [block for block in jieba.re_han_default.split(text) if jieba.re_han_default.match(block)]
    return {"lines": repeated_share(lines),
            "title segments": repeated_share([s for title in titles for s in seg(title)]),
            "jieba blocks (by characters)": repeated_share(blocks, len)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folders", nargs="+", type=Path)
    args = parser.parse_args()
    for folder in args.folders:
        shares = measure(folder)
        print(folder, " ".join(f"{name}: {share:.1%}" for name, share in shares.items()))


if __name__ == "__main__":
    main()
