"""The stress note of issue #20 in a real project: the five notes plus one note of N templated
questions that differ only in their numbers ("第{i}个问题：参数{i}如何影响模型{i%97}？"). Measures the
merge inside the library's build, a whole cold `mkdocs build` (seconds and peak memory of the build
and its workers), the pages it writes and the most answers one page holds (it must stay a handful:
different numbers are different questions).

Run: .venv/bin/python benchmarks/templated_build.py [--questions 6000]
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import PYTHON, ROOT, build_command, project, sampled  # noqa: E402

_LIBRARY_SCRIPT = """
import json, sys
from pathlib import Path
from notes_normalizer.build import build_site
timings = {}
site = build_site(Path(sys.argv[1]), timings=timings)
answered = [q for q in site.kb.questions if q.members]
print(json.dumps({"merge": timings["merge"], "questions": len(site.kb.questions),
                  "largest": max(len(q.members) for q in answered)}))
"""


def templated_note(count: int) -> str:
    lines = ["# 参数与模型", ""]
    for i in range(count):
        lines += [f"## 第{i}个问题：参数{i}如何影响模型{i % 97}？", "",
                  f"参数{i}会改变模型{i % 97}的输出，第{i}条答案。", ""]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--questions", type=int, default=6000, help="templated questions in the one note")
    count = parser.parse_args().questions
    work = Path(tempfile.mkdtemp(prefix="notes-kb-templated-"))
    try:
        notes = work / "notes"
        shutil.copytree(ROOT / "notes", notes)
        (notes / "templated.md").write_text(templated_note(count), encoding="utf-8")
        _, library_peak, out = sampled([PYTHON, "-c", _LIBRARY_SCRIPT, str(notes)])
        library = json.loads(out.strip().splitlines()[-1])
        folder = project(notes, work / "project")
        build_seconds, build_peak, _ = sampled(build_command(folder))
        pages = sum(1 for _ in (folder / "site" / "q").glob("*/index.html"))
        print(f"five notes + a note of {count} templated questions\n"
              f"  merge (library build):        {library['merge']:.2f} s\n"
              f"  canonical questions:          {library['questions']}\n"
              f"  most answers on one page:     {library['largest']}\n"
              f"  library build peak memory:    {library_peak / 1024:.0f} MiB (with workers)\n"
              f"  whole cold `mkdocs build`:    {build_seconds:.1f} s\n"
              f"  its peak memory:              {build_peak / 1024:.0f} MiB (with workers)\n"
              f"  question pages written:       {pages}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
