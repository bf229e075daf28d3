"""Forked workers for the build's CPU-bound steps (preparing notes, writing question pages).

A worker is a fork of the build: it reads the build's state as it was at the fork, so nothing is
pickled on the way in and only results travel back, in the order of the calls, so a step gives the
same output on one core or on several."""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from typing import Generic, TypeVar

T = TypeVar("T")

# Only ever set in a worker, once, by the pool's initializer: the calls it was forked to run. The
# build's own process keeps nothing here.
_worker_calls: Sequence[Callable[[], object]] = ()


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def can_fork() -> bool:
    """Whether workers may start here: more than one core, `fork` on this system, not in a worker
    (its parent already keeps every core busy), and no other thread running (`mkdocs serve`'s
    server: a fork copies their locks in whatever state they are)."""
    return (cores() > 1 and multiprocessing.parent_process() is None
            and "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1)


class Forked(Generic[T]):
    """Calls running in forked workers while this process goes on with something else."""

    def __init__(self, pool: ProcessPoolExecutor, running: Iterator[T], workers: int):
        self._running, self.workers = running, workers
        # The pool is shut down at once, so that each worker exits (and frees its memory) as soon as
        # the calls are done, however late the results are asked for; its thread, which collects
        # them, is kept to be joined: no other thread may run when the next workers fork.
        self._collector = getattr(pool, "_executor_manager_thread", None)
        pool.shutdown(wait=False)

    def results(self) -> list[T] | None:
        """[call() for call in calls], in order; None if a worker was lost (memory, a signal)."""
        try:
            return list(self._running)
        except Exception:  # noqa: BLE001 - the caller makes the calls in this process instead
            return None
        finally:
            if self._collector is not None:
                self._collector.join()
            gc.unfreeze()


def start_forked(calls: Sequence[Callable[[], T]]) -> Forked[T] | None:
    """Start the calls in forked workers, one per core, and return at once; None when workers
    cannot run here (`can_fork`). They are handed out in order, one at a time: put the biggest
    first, so that no worker is left with a big one at the end, and batch many small ones."""
    workers = min(cores(), len(calls))
    if not calls or not can_fork():
        return None
    # What exists now is shared with the workers, page by page, until either process writes to a
    # page: frozen, this process's cycle collector leaves it alone (its visits write to every
    # object) until the results are in.
    gc.freeze()
    try:  # forked, the workers get `calls` as they are (a fork's arguments are never pickled)
        pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                                   initializer=_receive, initargs=(calls,))
        return Forked(pool, pool.map(_call, range(len(calls))), workers)
    except Exception:  # noqa: BLE001 - no workers: the caller makes the calls itself
        gc.unfreeze()
        return None


def forked_calls(calls: Sequence[Callable[[], T]]) -> list[T] | None:
    """[call() for call in calls], computed by forked workers on every core; None when that is not
    possible here (see `start_forked`), not worth it (one call: this process would only wait) or a
    worker was lost: the caller then makes the calls itself."""
    started = start_forked(calls) if len(calls) > 1 else None
    return started.results() if started else None


def _receive(calls: Sequence[Callable[[], object]]) -> None:
    global _worker_calls  # noqa: PLW0603 - in a worker, once (see `_worker_calls`)
    _worker_calls = calls


def _call(index: int) -> object:
    return _worker_calls[index]()


# From this many question pages, their Markdown is written on every core (about 1.5 ms a page, so
# the workers' start and the results' trip back are paid several times over).
PARALLEL_FROM_PAGES = 300


def in_batches_on_every_core(work: Callable[[list[T]], list], items: list[T]) -> list:
    """work(items), for a big site spread over forked workers in batches (several for each, so that
    none waits long for the others): the same results, in the same order."""
    if len(items) < PARALLEL_FROM_PAGES:
        return work(items)
    done = forked_calls([partial(work, batch) for batch in batches(items)])
    if done is None:
        return work(items)
    return [result for batch in done for result in batch]


def batches(items: list[T]) -> list[list[T]]:
    """`items` in batches for the workers, several for each, so that none waits long for the others."""
    size = -(-len(items) // (8 * cores()))
    return [items[start:start + size] for start in range(0, len(items), size)]
