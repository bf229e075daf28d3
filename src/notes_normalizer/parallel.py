"""Forked workers for the build's CPU-bound steps (preparing notes, writing question pages).

A worker is a fork of the build: it reads the build's state as it was at the fork, so nothing is
pickled on the way in and only results travel back, in the order of the calls, so a step gives the
same output on one core or on several."""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

T = TypeVar("T")

_calls: Sequence[Callable[[], object]] = ()  # what the forked workers run: set just before the fork


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def forked_calls(calls: Sequence[Callable[[], T]], batches_per_worker: int = 0) -> list[T] | None:
    """[call() for call in calls], computed by forked workers on every core; None when that is not
    possible here: one core, no `fork` on this system, other threads running (`mkdocs serve`'s
    server: a fork copies their locks in whatever state they are), or a worker lost (memory, a
    signal); the caller then makes the calls itself. They are handed out in order, one at a time
    (put the biggest first, so that no worker is left with a big one at the end), or in
    `batches_per_worker` batches for each worker (many small calls, fewer round trips)."""
    global _calls
    workers = min(cores(), len(calls))
    if workers < 2 or "fork" not in multiprocessing.get_all_start_methods() or threading.active_count() > 1:
        return None
    chunksize = max(1, len(calls) // (workers * batches_per_worker)) if batches_per_worker else 1
    _calls = calls
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            return list(pool.map(_call, range(len(calls)), chunksize=chunksize))
    except Exception:  # noqa: BLE001 - the caller makes the calls in this process instead
        return None
    finally:
        _calls = ()


def _call(index: int) -> object:
    return _calls[index]()
