"""Wall-clock time of each build stage, for ``build.py build --timings FILE`` and the
benchmarks (never in the build's own output, which stays byte-identical)."""

from __future__ import annotations

import time


class Timings:
    """Seconds per stage, in the order the stages ran: each :meth:`lap` closes a stage."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.seconds[stage] = round(self.seconds.get(stage, 0.0) + now - self._last, 3)
        self._last = now


__all__ = ["Timings"]
