"""Seconds per build phase, for `benchmarks/`, and the cycle collector paused while a build runs."""

from __future__ import annotations

import gc
import time
from collections.abc import Iterator
from contextlib import contextmanager


class Clock:
    """Seconds per phase into a dict, when one is given."""

    def __init__(self, timings: dict[str, float] | None):
        self.timings, self.last = timings, time.perf_counter()

    def mark(self, phase: str) -> None:
        now = time.perf_counter()
        if self.timings is not None:
            self.timings[phase] = self.timings.get(phase, 0.0) + now - self.last
        self.last = now


@contextmanager
def cycle_collection_paused() -> Iterator[None]:
    """A build makes millions of objects that live until it ends, and CPython's cycle collector
    would walk them again and again: a fifth of a big build (`benchmarks/`). Reference counting
    still frees what dies; cycles made meanwhile are collected once the collector runs again."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
