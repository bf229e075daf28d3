"""The notes-kb benchmark: the plugin's own phases per corpus size, its build against a stock MkDocs
build of its own export, and a `mkdocs serve`-style rebuild after one edit. Every figure is measured
in this run on this machine; ratios compare against a baseline measured in the same run.

    .venv/bin/python benchmarks/run.py [--sizes 105,1050,10500] [--pairs 3] [--quick]

Writes the table to benchmarks/results.md (with the machine and the date) and prints it.
"""

from __future__ import annotations

import argparse
import compileall
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from corpus import generate  # noqa: E402

PYTHON = sys.executable
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
# `prepare` is the wall time of repairing, splitting and analysing the notes (on every core); `fix`,
# `split` and `analyse` are its steps' seconds summed over the notes, so over all workers.
PHASES = ("read", "prepare", "fix", "split", "analyse", "merge", "render", "link")
ISSUE_PHASES = ("read", "prepare", "merge", "link")  # "read, repaired, merged and linked"
FIVE_NOTES_QUESTIONS = 105

_PHASES_SCRIPT = """
import json, resource, sys, time
from pathlib import Path
from notes_normalizer.runtime.cache import NoteCache
from notes_normalizer.build import build_site
cache = None
if len(sys.argv) > 2:  # warm: start from the on-disk cache an earlier process saved, as the plugin does
    cache = NoteCache()
    cache_file = Path(sys.argv[2])
    cache.load(cache_file)
timings = {}
start = time.perf_counter()
site = build_site(Path(sys.argv[1]), timings=timings, cache=cache)
timings["total"] = time.perf_counter() - start
if cache is not None:
    cache.save(cache_file)
timings["pages"] = len(site.kb.pages)
timings["peak_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(timings))
"""

_REBUILD_SCRIPT = """
import sys, threading, time
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config
config_file, edited, site_dir = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
def once():
    config = load_config(config_file, site_dir=site_dir)  # mkdocs serve loads the config anew each time
    config.plugins.on_startup(command="serve", dirty=False)
    build(config)
once()
# mkdocs serve rebuilds while its server and watcher threads run (so the plugin starts no workers)
threading.Thread(target=threading.Event().wait, daemon=True).start()
edited.write_text(edited.read_text(encoding="utf-8") + "\\n\\n新加的一段，用来测重建。\\n", encoding="utf-8")
start = time.perf_counter()
once()
print(time.perf_counter() - start)
"""


def project(notes: Path, folder: Path) -> Path:
    """A project like the user's: this repository's mkdocs.yml and docs/, the given notes."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy2(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", folder / "docs", dirs_exist_ok=True)
    if (folder / "notes").exists():
        shutil.rmtree(folder / "notes")
    shutil.copytree(notes, folder / "notes")
    return folder


def phases(notes: Path, cache_file: Path | None = None, repeat: int = 1) -> dict:
    """The phases of `repeat` fresh processes: the run whose total is the median (this machine's
    speed drifts by a third from minute to minute; one run says little)."""
    extra = [str(cache_file)] if cache_file else []
    runs = []
    for _ in range(repeat):
        _, peak, out = sampled([PYTHON, "-c", _PHASES_SCRIPT, str(notes), *extra])
        runs.append({**json.loads(out.strip().splitlines()[-1]), "tree_mib": peak / 1024})
    return sorted(runs, key=lambda t: t["total"])[len(runs) // 2]


def sampled(command: list[str]) -> tuple[float, int, str]:
    """Run a command: its seconds, the peak KiB of memory of it and its workers, its output."""
    start = time.perf_counter()
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV) as process:
        peak = 0
        while process.poll() is None:  # the whole tree's memory, workers included, as it runs
            peak = max(peak, tree_memory(process.pid))
            time.sleep(0.1)
        out, err = process.communicate()
    if process.returncode:
        raise subprocess.CalledProcessError(process.returncode, command, out, err)
    return time.perf_counter() - start, peak, out


def full_build_memory(folder: Path) -> tuple[float, int, float, int]:
    """A cold plugin `mkdocs build` and a stock build of its export: seconds and peak KiB of each
    (MkDocs' own pages, search index and HTML included: what the machine must hold)."""
    export = exported(folder)
    shutil.rmtree(folder / ".cache", ignore_errors=True)
    plugin_seconds, plugin_peak, _ = sampled(build_command(folder))
    stock_seconds, stock_peak, _ = sampled(build_command(export))
    return plugin_seconds, plugin_peak, stock_seconds, stock_peak


def export_folder(folder: Path) -> Path:
    return folder.parent / (folder.name + "-export")


def exported(folder: Path) -> Path:
    """The project's `notes-kb export`, written beside it: the stock site to measure against."""
    export = export_folder(folder)
    subprocess.run([PYTHON, "-m", "notes_normalizer.tools.cli", "export", "-f", str(folder / "mkdocs.yml"),
                    str(export)], env=ENV, check=True, capture_output=True)
    return export


def build_command(project: Path) -> list[str]:
    return [PYTHON, "-m", "mkdocs", "build", "-q", "-f", str(project / "mkdocs.yml"), "-d", str(project / "site")]


def tree_memory(pid: int) -> int:
    """KiB of memory a process and its children use now: the sum of their proportional set sizes
    (a page shared by a forked worker and its parent counts half to each, so nothing twice)."""
    total = 0
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        for member in [pid, *map(int, children)]:
            for line in Path(f"/proc/{member}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
    except (OSError, ValueError):  # a worker ended meanwhile; not Linux
        pass
    return total


def timed_build(project: Path) -> float:
    start = time.perf_counter()
    subprocess.run(build_command(project), env=ENV, check=True, capture_output=True)
    return time.perf_counter() - start


def overhead(folder: Path, pairs: int) -> tuple[float, float, float, float, float]:
    """Medians of alternating rounds: a cold plugin build (its .cache/ deleted first), a stock build
    of the export, a warm plugin build (the cache the cold one left); and the two ratios."""
    export = exported(folder)
    cold, stock, warm = [], [], []
    for _ in range(pairs):  # alternate, so drift in the machine's speed hits all alike
        shutil.rmtree(folder / ".cache", ignore_errors=True)
        cold.append(timed_build(folder))
        stock.append(timed_build(export))
        warm.append(timed_build(folder))
    return (statistics.median(cold), statistics.median(stock), statistics.median(warm),
            statistics.median(c / s for c, s in zip(cold, stock, strict=True)),
            statistics.median(w / s for w, s in zip(warm, stock, strict=True)))


def rebuild(folder: Path, edited: Path) -> float:
    out = subprocess.run([PYTHON, "-c", _REBUILD_SCRIPT, str(folder / "mkdocs.yml"), str(edited),
                          str(folder / "site-serve")], capture_output=True, text=True, env=ENV, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def serve_ratio(folder: Path, pairs: int) -> tuple[float, float, float]:
    """Rebuild after editing one note (plugin), and after editing the same page (stock export):
    medians of alternating rounds."""
    export = export_folder(folder)
    note = sorted((folder / "notes").glob("*.md"))[0]
    page = sorted((export / "docs" / "notes").glob("*.md"))[0]
    plugin, stock = [], []
    for _ in range(pairs):
        plugin.append(rebuild(folder, note))
        stock.append(rebuild(export, page))
    return (statistics.median(plugin), statistics.median(stock),
            statistics.median(p / s for p, s in zip(plugin, stock, strict=True)))


def machine() -> str:
    cpus = os.cpu_count()
    return f"{platform.processor() or platform.machine()}, {cpus} cores, Python {platform.python_version()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="105,1050,10500", help="questions per corpus (1x = the five notes' 105)")
    parser.add_argument("--pairs", type=int, default=3, help="alternating plugin/stock build pairs")
    parser.add_argument("--repeat", type=int, default=3, help="runs of the phases per corpus (the median is kept)")
    parser.add_argument("--quick", action="store_true", help="phases only: no full builds")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results.md", help="where the table goes")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    for package in ("src", "plugins"):  # as installed: compiled once, not in every build (`make` does it too)
        compileall.compile_dir(ROOT / package, quiet=1)
    work = Path(tempfile.mkdtemp(prefix="notes-kb-bench-"))
    rows, builds, full = [], [], None
    try:
        corpora = {"five notes": ROOT / "notes"}
        for size in sizes:
            corpora[f"{size} questions"] = work / f"corpus-{size}"
            generate(corpora[f"{size} questions"], size)
        for name, notes in corpora.items():
            timings = phases(notes, repeat=args.repeat)
            rows.append((name, timings))
            print(name, {k: round(v, 2) for k, v in timings.items()}, flush=True)
            cache_file = work / f"{name.replace(' ', '-')}.pickle"
            phases(notes, cache_file)  # fills the on-disk cache
            timings = phases(notes, cache_file, repeat=args.repeat)
            rows.append((f"{name}, warm", timings))
            print(f"{name}, warm", {k: round(v, 2) for k, v in timings.items()}, flush=True)
        if not args.quick:
            ten_times = min(sizes, key=lambda size: abs(size - 10 * FIVE_NOTES_QUESTIONS))  # the issue's 10×
            for name in ("five notes", f"{ten_times} questions"):
                folder = project(corpora[name], work / name.replace(" ", "-"))
                cold, stock, warm, cold_ratio, warm_ratio = overhead(folder, args.pairs)
                serve_plugin, serve_stock, serve = serve_ratio(folder, args.pairs)
                builds.append((name, cold, warm, stock, cold_ratio, warm_ratio, serve_plugin, serve_stock, serve))
                print(name, builds[-1], flush=True)
            largest = f"{max(sizes)} questions"
            full = (largest, *full_build_memory(project(corpora[largest], work / largest.replace(" ", "-"))))
            print("full build", full, flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report = render(rows, builds, full, args)
    args.out.write_text(report, encoding="utf-8")
    print(report)


def render(rows, builds, full, args) -> str:
    out = ["# Benchmark results", "",
           f"Measured {datetime.date.today().isoformat()} on {machine()} by `benchmarks/run.py"
           + (" --quick" if args.quick else "")
           + f" --sizes {args.sizes} --pairs {args.pairs} --repeat {args.repeat}`. "
           "Phases: the run with the median total of the repeats.", "",
           "## The plugin's own work, per phase (seconds)", "",
           "`prepare` is wall time; `fix`, `split` and `analyse` are the seconds its steps took, summed over "
           "all workers. `read → link` is what the issue times: read, repaired, merged and linked.", "",
           "Peak memory: of the build's process (its peak resident size), and of the process with its "
           "workers (the largest sum of their proportional set sizes, sampled every 0.1 s).", "",
           "| corpus | pages | " + " | ".join(PHASES) + " | read → link | total | peak memory | with workers |",
           "| --- | ---: | " + " | ".join("---:" for _ in PHASES) + " | ---: | ---: | ---: | ---: |"]
    for name, t in rows:
        out.append(f"| {name} | {t['pages']} | " + " | ".join(f"{t.get(p, 0):.2f}" for p in PHASES)
                   + f" | {sum(t.get(p, 0) for p in ISSUE_PHASES):.2f} | {t['total']:.2f} | {t['peak_mib']:.0f} MiB "
                   f"| {t.get('tree_mib', 0):.0f} MiB |")
    sized = [(int(name.split()[0]), t) for name, t in rows if name.endswith("questions")]
    warm = [(int(name.split()[0]), t) for name, t in rows if name.endswith("questions, warm")]
    if len(sized) >= 2:
        (small, a), (large, b) = sized[-2], sized[-1]
        out += ["", f"Growth from {small} to {large} questions ({large / small:.0f}× the questions): "
                f"{b['total'] / a['total']:.1f}× the time."]
    if len(warm) >= 2:
        (small, a), (large, b) = warm[-2], warm[-1]
        out += ["", f"Warm (repaired and split notes from the on-disk cache): {b['total'] / a['total']:.1f}× "
                f"from {small} to {large} questions."]
    if builds:
        out += ["", "## Full builds (seconds, medians of alternating rounds)", "",
                "Cold: the plugin's `.cache/` deleted before the build. Warm: the cache the cold build left.", "",
                "| corpus | plugin, cold | plugin, warm | stock build of its export | ratio cold | ratio warm "
                "| serve rebuild, plugin | serve rebuild, stock | ratio |",
                "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
        for name, cold, warm_build, stock, cold_ratio, warm_ratio, sp, ss, sr in builds:
            out.append(f"| {name} | {cold:.2f} | {warm_build:.2f} | {stock:.2f} | {cold_ratio:.2f} | {warm_ratio:.2f} "
                       f"| {sp:.2f} | {ss:.2f} | {sr:.2f} |")
    if full:
        name, plugin_seconds, plugin_peak, stock_seconds, stock_peak = full
        out += ["", f"## A whole `mkdocs build` of {name}", "",
                "One cold plugin build and one stock build of its export, with the peak memory of the build "
                "and its workers (MkDocs' own pages, search index and HTML included).", "",
                "| build | seconds | peak memory with workers |", "| --- | ---: | ---: |",
                f"| plugin, cold | {plugin_seconds:.1f} | {plugin_peak / 1024:.0f} MiB |",
                f"| stock build of its export | {stock_seconds:.1f} | {stock_peak / 1024:.0f} MiB |"]
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    main()
