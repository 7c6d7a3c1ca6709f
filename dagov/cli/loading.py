"""A progress line on stderr while a large plans directory loads, on a terminal only.

Loading 15,000 actions takes a couple of seconds; a silent terminal for that long
looks like a hang. Nothing is shown for the usual sub-second load, nothing ever
when output is piped (stdout or stderr not a terminal) or for JSON output, and
the line is erased when loading ends, so it never lands in saved output.
"""

from __future__ import annotations

import sys
import time
from typing import Any, Callable

DELAY_SECONDS = 1.0


def on_terminal() -> bool:
    return sys.stdout.isatty() and sys.stderr.isatty()


class LoadingIndicator:
    """Pass as `on_files_read=` to `load_tree`/`check`; use as a context manager so the line is erased."""

    def __init__(self, enabled: bool | None = None, delay: float = DELAY_SECONDS,
                 clock: Callable[[], float] = time.monotonic, console: Any = None):
        self.enabled = on_terminal() if enabled is None else enabled
        self.delay = delay
        self.clock = clock
        self.console = console
        self.started = clock()
        self._progress: Any = None
        self._task: Any = None

    def __call__(self, files: int) -> None:
        if not self.enabled:
            return
        if self._progress is None:
            if self.clock() - self.started < self.delay:
                return
            self._start()
        self._progress.update(self._task, completed=files)

    def _start(self) -> None:
        # rich only when the wait is long enough to need it: a fast run never imports it.
        from rich.console import Console
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        console = self.console or Console(stderr=True)
        self._progress = Progress(SpinnerColumn(), TextColumn("Reading plan files: {task.completed:,} read"),
                                  TimeElapsedColumn(), console=console, transient=True)
        self._progress.start()
        self._task = self._progress.add_task("read", total=None)

    def close(self) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None

    def __enter__(self) -> "LoadingIndicator":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
