"""The CLI's progress display: a bar redrawn in place on a terminal, plain lines otherwise.

It is a `progress(stream, done, total)` callback for `SyncOrchestrator(progress=...)`. On a TTY
one line is redrawn (`\\r`) as batches finish; in a log file or a pipe (cron), each stream gets
one plain line when it ends, so the output stays readable and grep-able.
"""

from __future__ import annotations

from typing import TextIO

__all__ = ["ProgressDisplay"]

_WIDTH = 24


class ProgressDisplay:
    """Draws the progress of a run on `out`; call `finish()` when the run ends."""

    def __init__(self, out: TextIO, *, tty: bool | None = None) -> None:
        self.out = out
        self.tty = _isatty(out) if tty is None else tty
        self._current: tuple[str, int, int | None] | None = None
        self._drawn = 0

    def __call__(self, stream: str, done: int, total: int | None) -> None:
        """Record progress of `stream` (a `name:fetch` stream is the fetch stage of `name`)."""
        if self._current is not None and self._current[0] != stream:
            self._close_line()
        self._current = (stream, done, total)
        if self.tty:
            self._redraw(_line(stream, done, total))

    def finish(self) -> None:
        """End the display (prints the last stream's plain line, clears the bar)."""
        self._close_line()
        if self.tty and self._drawn:
            self.out.write("\r" + " " * self._drawn + "\r")
            self.out.flush()
            self._drawn = 0

    def _close_line(self) -> None:
        if self._current is None:
            return
        stream, done, total = self._current
        self._current = None
        if not self.tty and not stream.endswith(":fetch"):
            of = f" of {total}" if total else ""
            self.out.write(f"  {stream}: {done}{of} records processed\n")

    def _redraw(self, text: str) -> None:
        padding = max(self._drawn - len(text), 0)
        self.out.write("\r" + text + " " * padding)
        self.out.flush()
        self._drawn = len(text)


def _line(stream: str, done: int, total: int | None) -> str:
    if stream.endswith(":fetch"):
        return f"  {stream[: -len(':fetch')]:<20} fetching... {done} read"
    if not total:
        return f"  {stream:<20} {done} records"
    filled = min(_WIDTH, round(_WIDTH * done / total))
    bar = "#" * filled + "-" * (_WIDTH - filled)
    return f"  {stream:<20} [{bar}] {done}/{total}"


def _isatty(out: TextIO) -> bool:
    try:
        return bool(out.isatty())
    except (AttributeError, ValueError):  # closed or not a real stream
        return False
