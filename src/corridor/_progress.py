"""Progress bars (tqdm) for long computations: Monte Carlo draws, sweeps, timelines, builds.

A bar shows only on a terminal (tqdm's ``disable=None``: quiet when stderr is not a TTY, as
in notebooks' logs, CI and pipes) and never with ``progress=False``. Without tqdm installed
the bars are silently left out.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, TypeVar

from ._checks import check_flag

__all__ = ["ProgressBar", "StepTimings", "progress_bar", "progress_iter"]

T = TypeVar("T")


class ProgressBar:
    """A tqdm bar, or nothing: ``update(n)`` and ``close()`` are safe either way."""

    def __init__(self, total: int | None, desc: str, enabled: bool = True, unit: str = "it"):
        self._bar: Any = None
        if not check_flag(enabled, "progress"):
            return
        try:
            from tqdm import tqdm
        except ImportError:  # pragma: no cover - tqdm is a dependency; bars are optional
            return
        # disable=None: no bar unless stderr is a terminal
        self._bar = tqdm(total=total, desc=desc, unit=unit, disable=None, leave=False)

    @property
    def shown(self) -> bool:
        """Whether a bar is drawn."""
        return self._bar is not None and not self._bar.disable

    def update(self, n: int = 1) -> None:
        if self._bar is not None:
            self._bar.update(n)

    def set_description(self, desc: str) -> None:
        if self._bar is not None:
            self._bar.set_description(desc)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None

    def __enter__(self) -> ProgressBar:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def progress_bar(total: int | None, desc: str, *, enabled: bool = True, unit: str = "it"):
    """A :class:`ProgressBar` (a context manager)."""
    return ProgressBar(total, desc, enabled, unit)


def progress_iter(
    items: Iterable[T], desc: str, *, total: int | None = None, enabled: bool = True
) -> Iterator[T]:
    """Iterate over ``items`` with a bar (see :class:`ProgressBar`)."""
    if total is None and hasattr(items, "__len__"):
        total = len(items)  # type: ignore[arg-type]
    with ProgressBar(total, desc, enabled) as bar:
        for item in items:
            yield item
            bar.update(1)


class StepTimings(dict):
    """A timings dict (step -> seconds) that advances a progress bar at each new step."""

    def __init__(self, bar: ProgressBar):
        super().__init__()
        self.bar = bar

    def __setitem__(self, key: str, value: float) -> None:
        if key not in self:
            self.bar.set_description(key)
            self.bar.update(1)
        super().__setitem__(key, value)
