"""Progress of the load's phases: a tqdm bar on a terminal, log lines otherwise.

Every phase of ``wikikg load`` that can take more than a moment reports through a :class:`Meter`
(its name, the count so far and the rate) or, for one long call that cannot report itself
(``Store.flush``), a :func:`heartbeat`: no phase is silent for more than a few seconds.
"""

from __future__ import annotations

import contextlib
import logging
import sys
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

log = logging.getLogger("wikikg")

EVERY = 5.0  #: seconds between two log lines of a phase


def _log(msg: str) -> None:
    log.info("%s", msg)


class Meter:
    """A phase's counter: ``update(n)`` as work is done, ``close()`` at the end (which says the
    total and the rate).  ``bar``: a tqdm bar (default: when stderr is a terminal)."""

    def __init__(self, name: str, unit: str = "triples", total: int | None = None,
                 say: Callable[[str], None] | None = None, bar: bool | None = None, every: float = EVERY) -> None:
        self.name, self.unit, self.total = name, unit, total
        self.count = 0
        self._say = say or _log
        self._start = self._last = time.monotonic()
        self._every = every
        self._bar: Any = None
        if bar if bar is not None else sys.stderr.isatty():
            from tqdm import tqdm

            self._bar = tqdm(total=total, desc=name, unit=f" {unit}", unit_scale=True, leave=False)

    def update(self, n: int) -> None:
        self.count += n
        if self._bar is not None:
            self._bar.update(n)
            return
        now = time.monotonic()
        if now - self._last >= self._every:
            self._last = now
            self._say(f"{self.name}: {self._figures(now)} …")

    def _figures(self, now: float) -> str:
        took = max(now - self._start, 1e-9)
        of = f" of {self.total:,}" if self.total is not None else ""
        return f"{self.count:,}{of} {self.unit} ({self.count / took:,.0f}/s, {took:.1f} s)"

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None
        self._say(f"{self.name}: {self._figures(time.monotonic())}")


@contextlib.contextmanager
def heartbeat(name: str, say: Callable[[str], None] | None = None, every: float = EVERY) -> Iterator[None]:
    """Say ``name`` now, then every ``every`` seconds how long it has been running, until the
    block ends: for one long call that cannot report its own progress."""
    tell = say or _log
    start = time.monotonic()
    done = threading.Event()

    def beat() -> None:
        while not done.wait(every):
            tell(f"{name}: {time.monotonic() - start:.0f} s …")

    tell(f"{name} …")
    thread = threading.Thread(target=beat, name="wikikg-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join()
        tell(f"{name}: done in {time.monotonic() - start:.1f} s")
