"""Where a `mkdocs build`'s time goes: seconds per MkDocs event (summed over the plugins that handle
it) and in MkDocs' own page steps, for one build in this process.

    .venv/bin/python benchmarks/events.py path/to/mkdocs.yml [site_dir]

Run it on a project and on its `notes-kb export`, alternating, to see what the plugin adds (its
`on_files`, `on_page_content`) and what it saves (Material's search in `on_page_context`).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections import defaultdict

import mkdocs.commands.build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.plugins import PluginCollection


def timed_build(config_file: str, site_dir: str) -> dict[str, float]:
    seconds: dict[str, float] = defaultdict(float)
    run_event = PluginCollection.run_event

    def timed_event(self, name, item=None, **kwargs):
        start = time.perf_counter()
        try:
            return run_event(self, name, item, **kwargs)
        finally:
            seconds[f"on_{name}"] += time.perf_counter() - start

    def timed_step(step):
        def timed(*args, **kwargs):
            start = time.perf_counter()
            try:
                return step(*args, **kwargs)
            finally:
                seconds[step.__name__] += time.perf_counter() - start
        return timed

    PluginCollection.run_event = timed_event
    steps = {name: getattr(mkdocs_build, name) for name in ("_populate_page", "_build_page")}
    for name, step in steps.items():
        setattr(mkdocs_build, name, timed_step(step))
    start = time.perf_counter()
    try:
        mkdocs_build.build(load_config(config_file, site_dir=site_dir))
    finally:
        PluginCollection.run_event = run_event
        for name, step in steps.items():
            setattr(mkdocs_build, name, step)
    seconds["build"] = time.perf_counter() - start
    return dict(seconds)


def main() -> None:
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    site_dir = sys.argv[2] if len(sys.argv) > 2 else tempfile.mkdtemp(prefix="notes-kb-events-")
    seconds = timed_build(sys.argv[1], site_dir)
    for name, value in sorted(seconds.items(), key=lambda item: -item[1]):
        if value >= 0.005:
            print(f"{name:24} {value:7.2f} s")


if __name__ == "__main__":
    main()
