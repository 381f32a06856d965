"""A per-page budget of CPU time and memory for the extraction of one page.

Wikitext work is linear in the page (see :mod:`wikikg.wikitext.scan`), but a page may still be
huge or hit a slow path nobody has seen yet; one such page must not stall a worker or exhaust
the machine's memory.  While a page is extracted a profiling timer (``ITIMER_PROF``: CPU time of
the process) fires every :data:`CHECK_EVERY` seconds of CPU; its handler raises
:class:`PageOverBudget` once the page has used more than ``cpu_seconds`` of CPU, or once the
process's resident memory has grown by more than ``max(memory_floor, memory_factor × page
size)`` since the page started.  The worker then drops everything the page produced and goes on
with the next page.

The exception is raised between two Python bytecodes, so it interrupts Python code and the C code
that checks for signals (``re`` does, on long matches); lxml is not interrupted, but it runs only
on the bytes of one page, linearly, before the budget starts.  The mwparserfromhell tree
(:attr:`ParsedPage.tree`) is not used by any extractor.

Only the main thread can receive signals: elsewhere (or where ``setitimer`` does not exist) the
budget is not enforced.  ``WIKIKG_PAGE_CPU_SECONDS`` overrides the CPU budget (``0`` turns the
budget off).
"""

from __future__ import annotations

import os
import signal
import threading
import time
from types import FrameType, TracebackType

#: CPU seconds one page may take (all extractors together)
CPU_SECONDS = 10.0
#: how often (seconds of CPU) the budget is checked
CHECK_EVERY = 0.1
#: growth of resident memory a page may cause: this many times its size …
MEMORY_FACTOR = 40
#: … but at least this many bytes
MEMORY_FLOOR = 512 * 1024 * 1024

_PAGE_SIZE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


class PageOverBudget(BaseException):
    """The page used more CPU time or memory than its budget.

    A ``BaseException``, so that no ``except Exception`` inside an extractor swallows it.
    """


def cpu_budget() -> float:
    """The CPU budget per page: ``WIKIKG_PAGE_CPU_SECONDS`` if set, else :data:`CPU_SECONDS`."""
    raw = os.environ.get("WIKIKG_PAGE_CPU_SECONDS", "").strip()
    if raw:
        try:
            return max(0.0, float(raw))
        except ValueError:
            pass
    return CPU_SECONDS


def resident_bytes() -> int | None:
    """The process's resident memory (Linux ``/proc/self/statm``), ``None`` where unknown."""
    try:
        with open("/proc/self/statm", "rb") as f:
            return int(f.read().split()[1]) * _PAGE_SIZE
    except (OSError, ValueError, IndexError):
        return None


class PageBudget:
    """``with PageBudget(len(text)):`` — raise :class:`PageOverBudget` when the page overruns.

    >>> with PageBudget(100, cpu_seconds=5):
    ...     sum(range(1000))
    499500
    """

    def __init__(self, size: int, *, cpu_seconds: float | None = None) -> None:
        self.cpu_seconds = cpu_budget() if cpu_seconds is None else cpu_seconds
        self.memory = max(MEMORY_FLOOR, MEMORY_FACTOR * size)
        self._start_cpu = 0.0
        self._start_rss: int | None = None
        self._previous: object = None
        self._armed = False

    def __enter__(self) -> PageBudget:
        if (self.cpu_seconds <= 0 or not hasattr(signal, "setitimer")
                or threading.current_thread() is not threading.main_thread()):
            return self
        self._start_cpu = time.process_time()
        self._start_rss = resident_bytes()
        self._previous = signal.signal(signal.SIGPROF, self._check)
        signal.setitimer(signal.ITIMER_PROF, CHECK_EVERY, CHECK_EVERY)
        self._armed = True
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self._armed:
            self._armed = False
            signal.setitimer(signal.ITIMER_PROF, 0, 0)
            signal.signal(signal.SIGPROF, self._previous)  # type: ignore[arg-type]

    def _check(self, signum: int, frame: FrameType | None) -> None:
        if not self._armed:
            return
        used = time.process_time() - self._start_cpu
        if used > self.cpu_seconds:
            self._disarm()
            raise PageOverBudget(f"over the budget of {self.cpu_seconds:g} s of CPU per page")
        if self._start_rss is not None:
            rss = resident_bytes()
            if rss is not None and rss - self._start_rss > self.memory:
                self._disarm()
                raise PageOverBudget(f"over the budget of {self.memory // 2**20} MB of memory per page "
                                     f"(grew by {(rss - self._start_rss) // 2**20} MB)")

    def _disarm(self) -> None:
        # no second signal while the exception unwinds the page's work
        signal.setitimer(signal.ITIMER_PROF, 0, 0)
