"""Progress of a transfer: a tqdm bar on a terminal, plain log lines everywhere else.

A log file or a CI console gets a line every tenth of the way (or every 30 seconds when the size
is unknown), never a flood of carriage returns.
"""

from __future__ import annotations

import logging
import sys
import time
from types import TracebackType
from typing import Protocol

from tqdm import tqdm

log = logging.getLogger(__name__)


class Progress(Protocol):
    def update(self, n: int) -> None: ...

    def close(self) -> None: ...


def byte_progress(desc: str, total: int | None, initial: int = 0, *, tty: bool | None = None) -> Progress:
    """A byte counter for ``desc``: a bar when stderr is a terminal (or ``tty=True``), else log lines."""
    if tty if tty is not None else sys.stderr.isatty():
        return _Bar(desc, total, initial)
    return LogProgress(desc, total, initial)


class _Bar:
    def __init__(self, desc: str, total: int | None, initial: int) -> None:
        self._bar = tqdm(
            total=total, initial=initial, desc=desc, unit="B", unit_scale=True, unit_divisor=1024, leave=True
        )

    def update(self, n: int) -> None:
        self._bar.update(n)

    def close(self) -> None:
        self._bar.close()


class LogProgress:
    """Log ``desc: 40% (1.2 of 3.0 MiB, 5.1 MiB/s)`` at each further tenth, or every 30 s.

    >>> import logging
    >>> p = LogProgress("x", 100, 0, logger=logging.getLogger("doctest"))
    >>> p.update(50); p.done
    50
    """

    def __init__(
        self, desc: str, total: int | None, initial: int = 0, *, logger: logging.Logger | None = None
    ) -> None:
        self.desc = desc
        self.total = total
        self.done = initial
        self._start = time.monotonic()
        self._initial = initial
        self._last_tenth = self._tenth(initial)
        self._last_time = self._start
        self._log = logger or log
        if initial:
            self._log.info("%s: resuming at %s", desc, _size(initial))

    def _tenth(self, n: int) -> int:
        return n * 10 // self.total if self.total else 0

    def update(self, n: int) -> None:
        self.done += n
        now = time.monotonic()
        tenth = self._tenth(self.done)
        if tenth > self._last_tenth or (not self.total and now - self._last_time >= 30):
            self._last_tenth, self._last_time = tenth, now
            self._emit(now)

    def _emit(self, now: float) -> None:
        rate = (self.done - self._initial) / max(now - self._start, 1e-6)
        if self.total:
            pct = 100 * self.done // self.total
            self._log.info("%s: %d%% (%s of %s, %s/s)", self.desc, pct, _size(self.done), _size(self.total), _size(rate))
        else:
            self._log.info("%s: %s (%s/s)", self.desc, _size(self.done), _size(rate))

    def close(self) -> None:
        pass

    def __enter__(self) -> LogProgress:
        return self

    def __exit__(
        self, et: type[BaseException] | None, ev: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def _size(n: float) -> str:
    """``_size(1536)`` → ``'1.5 KiB'``.

    >>> _size(0), _size(1536), _size(3 * 2**30)
    ('0 B', '1.5 KiB', '3.0 GiB')
    """
    units = ("B", "KiB", "MiB", "GiB", "TiB")
    i = 0
    while n >= 1024 and i < len(units) - 1:
        n /= 1024
        i += 1
    return f"{n:.0f} {units[i]}" if i == 0 else f"{n:.1f} {units[i]}"
