"""Progress of a run: a bar on a terminal (pages, pages/s, bytes read of the total), log lines otherwise."""

from __future__ import annotations

import logging
import sys
import time
from typing import Any

log = logging.getLogger("wikikg")


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
        else:
            self._log(bytes_read)
