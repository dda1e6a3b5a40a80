"""The task runner lets go of every finished task (a kiosk runs thousands a day).

Two leaks were found by the 500-visit memory run of ``benchmarks/ui.py``: each task's
result carrier stayed alive through a signal connection holding a closure holding the
carrier, and PySide kept a reference to many finished QRunnable subclasses in the
pool's wrapper. Both are checked here by counting live objects after 300 tasks.
"""

from __future__ import annotations

import gc

from pytestqt.qtbot import QtBot

from kiosk.ui.qt.tasks import TaskRunner, _Finished


def test_finished_tasks_leave_nothing_behind(qapp: object, qtbot: QtBot) -> None:
    runner = TaskRunner()
    delivered: list[int] = []
    for number in range(300):
        runner.run(lambda n=number: n, delivered.append, lambda _error: None)  # type: ignore[misc]
    qtbot.waitUntil(lambda: len(delivered) == 300, timeout=10000)
    assert runner.wait()
    assert sorted(delivered) == list(range(300))
    qtbot.wait(50)  # the carriers' deferred deletes run in the event loop
    gc.collect()
    alive = [o for o in gc.get_objects() if isinstance(o, _Finished)]
    assert len(alive) <= 5, f"{len(alive)} finished tasks still held"
    assert runner.busy == 0
