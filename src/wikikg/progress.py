"""Progress of a run: a bar on a terminal (pages, pages/s, bytes read of the total), log lines otherwise."""

from __future__ import annotations

import logging
import sys
import time
from typing import Any

log = logging.getLogger("wikikg")

#: a file or step done in less than this many seconds logs no closing line (no bar either)
QUIET_BELOW = 1.0


class Progress:
    def __init__(self, label: str, total_bytes: int | None, *, interval: float = 10.0,
                 bar: bool | None = None) -> None:
        self.label = label
        self.total = total_bytes or None
        self.pages = 0
        self.start = time.monotonic()
        self.last_log = self.start
        self.interval = interval
        self._bar: Any = None
        self._last_bytes = 0
        if bar if bar is not None else sys.stderr.isatty():
            from tqdm import tqdm

            self._bar = tqdm(total=self.total, unit="B", unit_scale=True, unit_divisor=1024,
                             desc=label, dynamic_ncols=True, leave=True)

    def update(self, pages: int, bytes_read: int) -> None:
        self.pages += pages
        now = time.monotonic()
        if self._bar is not None:
            self._bar.update(max(0, bytes_read - self._last_bytes))
            self._last_bytes = bytes_read
            rate = self.pages / max(now - self.start, 1e-9)
            self._bar.set_postfix_str(f"{self.pages} pages, {rate:.0f} pages/s", refresh=False)
        elif now - self.last_log >= self.interval:
            self.last_log = now
            self._log(bytes_read)

    def _log(self, bytes_read: int) -> None:
        rate = self.pages / max(time.monotonic() - self.start, 1e-9)
        of = f" of {self.total / 1e6:.1f} MB" if self.total else ""
        log.info("%s: %d pages (%.0f pages/s), %.1f MB read%s", self.label, self.pages, rate,
                 bytes_read / 1e6, of)

    def close(self, bytes_read: int) -> None:
        if self._bar is not None:
            self._bar.update(max(0, bytes_read - self._last_bytes))
            self._bar.close()
        elif time.monotonic() - self.start >= QUIET_BELOW:  # a run of a hundred small dumps: no line each
            self._log(bytes_read)


class Step:
    """Progress of a whole-run step after the pass (redirects, langlinks, canonical view, type
    check, ``unique``, publish): its name, the items done and their rate — a bar on a terminal,
    else a log line every ``interval`` seconds and one at the end, so no step is silent for long.

    Cheap per item: the clock is read every :data:`CHECK_EVERY` items.
    """

    CHECK_EVERY = 1024

    def __init__(self, label: str, unit: str = "lines", *, interval: float = 10.0,
                 bar: bool | None = None, quiet_below: float = QUIET_BELOW) -> None:
        self.label = label
        self.unit = unit
        self.count = 0
        self.start = time.monotonic()
        self.last_log = self.start
        self.interval = interval
        self.quiet_below = quiet_below  #: a step shorter than this logs no closing line
        self._bar: Any = None
        self._shown = 0
        self._next = self.CHECK_EVERY
        self._want_bar = bar if bar is not None else sys.stderr.isatty()

    def add(self, n: int = 1) -> None:
        self.count += n
        if self.count >= self._next:
            self._next = self.count + self.CHECK_EVERY
            self._tick()

    def track(self, items: Any) -> Any:
        """``items``, counted as they go by."""
        for item in items:
            self.add()
            yield item

    def _tick(self) -> None:
        now = time.monotonic()
        if self._want_bar:
            if self._bar is None and now - self.start >= 0.5:
                from tqdm import tqdm

                self._bar = tqdm(desc=self.label, unit=f" {self.unit}", unit_scale=True,
                                 dynamic_ncols=True, leave=True)
            if self._bar is not None:
                self._bar.update(self.count - self._shown)
                self._shown = self.count
        elif now - self.last_log >= self.interval:
            self.last_log = now
            self._log(now)

    def _log(self, now: float) -> None:
        elapsed = now - self.start
        log.info("%s: %d %s (%.0f %s/s, %.1f s)", self.label, self.count, self.unit,
                 self.count / max(elapsed, 1e-9), self.unit, elapsed)

    def close(self) -> None:
        now = time.monotonic()
        if self._bar is not None:
            self._bar.update(self.count - self._shown)
            self._bar.close()
        elif now - self.start >= self.quiet_below:
            self._log(now)

    def __enter__(self) -> Step:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
