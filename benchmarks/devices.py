"""Each speed device switched off in turn: whole `mkdocs build`s (cold: no .cache/; warm: the cache
a cold build left) with one device off, against the same builds with every device on, alternating
in one run. A device that does not pay for its complexity here is a device to delete.

    .venv/bin/python benchmarks/devices.py [--sizes 105,1050] [--pairs 3] [--devices workers,gc_paused]
        [--library]

`--library` times the library's build alone (read → link, everything waited for, as `notes-kb
export` runs it) instead of a whole `mkdocs build`: at 10,500 questions a tenth of the time.

Prints a table of medians and ratios (device off / all on: above 1 means the device saves time).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from corpus import generate  # noqa: E402
from run import FIVE_NOTES_QUESTIONS, project  # noqa: E402

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}

_NEVER_REMEMBERS = """
class NeverRemembers(dict):
    def __contains__(self, key): return False
    def get(self, key, default=None): return default
"""

# How to switch each device off, run in the build's process before MkDocs starts.
DEVICES = {
    "workers": "import notes_normalizer.runtime.parallel as m; m.can_fork = lambda: False",
    "draft_ahead": (  # a small job's one worker drafting while this process loads jieba
        "import notes_normalizer.runtime.preparation as m\n"
        "ahead = m._drafting_ahead\n"
        "m._drafting_ahead = lambda notes, *a: (ahead(notes, *a) if sum(len(n.text) for n in notes)"
        " >= m.PARALLEL_FROM_CHARS else None)"),
    "link_batches": "import notes_normalizer.build as m; m.in_batches_on_every_core = lambda work, items: work(items)",
    "gc_paused": "import contextlib, notes_normalizer.build as m; m.cycle_collection_paused = contextlib.nullcontext",
    "gc_freeze": ("import types, notes_normalizer.runtime.parallel as m\n"
                  "m.gc = types.SimpleNamespace(freeze=lambda: None, unfreeze=lambda: None)"),
    "jieba_copy": ("import notes_normalizer.language.jieba_dictionary as m\n"
                   "def refused(path): raise ValueError(path)\n"
                   "m.read = refused"),
    "slug_memo": ("import notes_normalizer.text.slugs as m\n"
                  "m.Slugs.__call__ = lambda self, text, max_words=12: self._worked_out(text, max_words)\n"
                  "m.Slugs._syllables = lambda self, segment: tuple(__import__('pypinyin').lazy_pinyin([segment]))"),
    "rewrite_memo": (_NEVER_REMEMBERS + "import notes_normalizer.fix.pipeline as m\n"
                     "made = m.Context\n"
                     "def forgetful(**fields):\n"
                     "    ctx = made(**fields); ctx.rewritten = NeverRemembers(); return ctx\n"
                     "m.Context = forgetful"),
}

_BUILD = """
import sys
exec(sys.argv[1])
from mkdocs.__main__ import cli
sys.argv = ["mkdocs", "build", "-q", "-f", sys.argv[2], "-d", sys.argv[3]]
cli()
"""


_LIBRARY_BUILD = """
import sys
exec(sys.argv[1])
from pathlib import Path
from notes_normalizer.build import build_site
from notes_normalizer.runtime.cache import NoteCache
cache, cache_file = NoteCache(), Path(sys.argv[2]) / ".cache" / "library.pickle"
cache.load(cache_file)
build_site(Path(sys.argv[2]) / "notes", cache=cache)
cache.save(cache_file)
"""


def timed_build(folder: Path, switch_off: str, library: bool) -> float:
    command = ([_LIBRARY_BUILD, switch_off, str(folder)] if library
               else [_BUILD, switch_off, str(folder / "mkdocs.yml"), str(folder / "site")])
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", *command], env=ENV, check=True, capture_output=True, cwd=folder)
    return time.perf_counter() - start


def measure(folder: Path, devices: list[str], pairs: int, library: bool) -> dict[str, dict[str, list[float]]]:
    """Seconds per variant ("all on" and each device off), cold and warm, in alternating rounds so
    that drift in the machine's speed hits every variant alike; each round in another order (with a
    fixed order, "all on" ran first and seemed to beat even switches that change nothing)."""
    variants = {"all on": "", **{device: DEVICES[device] for device in devices}}
    seconds = {name: {"cold": [], "warm": []} for name in variants}
    order = random.Random(1)
    for _ in range(pairs):
        for name in order.sample(list(variants), len(variants)):
            switch_off = variants[name]
            shutil.rmtree(folder / ".cache", ignore_errors=True)
            seconds[name]["cold"].append(timed_build(folder, switch_off, library))
            seconds[name]["warm"].append(timed_build(folder, switch_off, library))
    return seconds


def table(corpus: str, seconds: dict[str, dict[str, list[float]]]) -> str:
    base = seconds["all on"]
    rows = [f"| {corpus} | cold s | off / on | warm s | off / on |", "| --- | ---: | ---: | ---: | ---: |"]
    for name, runs in seconds.items():
        cells = []
        for kind in ("cold", "warm"):
            ratio = statistics.median(off / on for off, on in zip(runs[kind], base[kind], strict=True))
            cells += [f"{statistics.median(runs[kind]):.2f}", f"{ratio:.2f}×"]
        rows.append(f"| {name if name == 'all on' else name + ' off'} | " + " | ".join(cells) + " |")
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="105,1050", help="questions per corpus (105 = the five notes)")
    parser.add_argument("--pairs", type=int, default=3, help="alternating rounds")
    parser.add_argument("--devices", default=",".join(DEVICES), help="which devices to switch off, in turn")
    parser.add_argument("--library", action="store_true", help="time the library's build, not `mkdocs build`")
    args = parser.parse_args()
    devices = args.devices.split(",")
    work = Path(tempfile.mkdtemp(prefix="notes-kb-devices-"))
    try:
        for size in (int(s) for s in args.sizes.split(",")):
            if size == FIVE_NOTES_QUESTIONS:
                name, notes = "five notes", ROOT / "notes"
            else:
                name, notes = f"{size} questions", work / f"corpus-{size}"
                generate(notes, size)
            folder = project(notes, work / name.replace(" ", "-"))
            print(table(name, measure(folder, devices, args.pairs, args.library)), "\n", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
