"""Run blocking work (devices, disk, network) off the UI thread; results come back on it.

:meth:`TaskRunner.run` hands ``op`` to a thread pool and later calls ``success`` with
its result, or ``failure`` with the :class:`~kiosk.core.errors.KioskError` it raised, always
on the thread that owns the runner (the UI thread). ``op`` must never touch a widget or
a QML item: it runs on a worker thread.

An exception that is not a KioskError is a bug: it is logged (type only, never the
message, which could hold personal data) and reported to ``failure`` as a KioskError,
so a citizen never sees a crash dialog and the visit can recover.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QThreadPool, Signal, Slot

from kiosk.core.errors import KioskError

log = logging.getLogger(__name__)
T = TypeVar("T")


class TaskFailedError(KioskError):
    """A background task failed in a way the kiosk did not foresee (a bug)."""


class _Finished(QObject):
    """Carries one task's outcome to the owner's thread (queued signal)."""

    done = Signal(object, object)  # result, error


def _job(op: Callable[[], Any], finished: _Finished, name: str) -> Callable[[], None]:
    """What the pool thread runs: ``op``, its outcome sent back through ``finished``.

    A plain callable, not a QRunnable subclass: PySide kept a reference to many
    finished QRunnables (and so their closures) in the pool's wrapper, a leak per task.
    """

    def run() -> None:
        try:
            result = op()
        except KioskError as exc:
            finished.done.emit(None, exc)
        except Exception as exc:  # a bug: keep the app alive, never show a traceback
            log.error("task failed unexpectedly",
                      extra={"fields": {"task": name, "error": type(exc).__name__}})
            finished.done.emit(None, TaskFailedError(
                f"The task '{name}' failed unexpectedly ({type(exc).__name__})."))
        else:
            finished.done.emit(result, None)

    return run


class TaskRunner(QObject):
    """Runs callables on a thread pool and delivers their outcome on this object's thread."""

    def __init__(self, max_threads: int = 4, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._pending: set[_Finished] = set()

    def run(
        self,
        op: Callable[[], T],
        success: Callable[[T], None],
        failure: Callable[[KioskError], None],
        name: str = "task",
    ) -> None:
        """Run ``op`` off this thread; then ``success(result)`` or ``failure(error)`` here."""
        finished = _Finished()
        finished.moveToThread(self.thread())
        self._pending.add(finished)

        @Slot(object, object)
        def deliver(result: object, error: object) -> None:
            self._pending.discard(finished)
            # The connection holds this closure, the closure holds ``finished``: a cycle
            # through C++ that Python's collector cannot see. Deleting the carrier ends
            # it; without this every task leaked (benchmarks/ui.py, memory over visits).
            finished.deleteLater()
            if isinstance(error, KioskError):
                failure(error)
            else:
                success(result)  # type: ignore[arg-type]

        finished.done.connect(deliver)
        self._pool.start(_job(op, finished, name))

    @property
    def busy(self) -> int:
        """How many tasks have not delivered their outcome yet."""
        return len(self._pending)

    def wait(self, timeout_ms: int = 30000) -> bool:
        """Block until the pool is idle (for shutdown and tests); True if it became idle."""
        return bool(self._pool.waitForDone(timeout_ms))

