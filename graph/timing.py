"""Wall-clock time of each build stage, for ``build.py build --timings FILE`` and the
benchmarks (never in the build's own output, which stays byte-identical)."""

from __future__ import annotations

import time


class Timings:
    """Seconds per stage, in the order the stages ran: each :meth:`lap` closes a stage, each
    :meth:`step` a step of the stage under way (``"site.search"``), which the stage's own
    time still includes."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._last = self._step = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self._add(stage, now - self._last)
        self._last = self._step = now

    def step(self, name: str) -> None:
        now = time.perf_counter()
        self._add(name, now - self._step)
        self._step = now

    def _add(self, name: str, seconds: float) -> None:
        self.seconds[name] = round(self.seconds.get(name, 0.0) + seconds, 3)


__all__ = ["Timings"]
