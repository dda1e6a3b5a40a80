"""Waiting for something another thread or process does, with a deadline.

Tests that start a worker thread, a server process or a device often have to wait
until it has done something (a queue drained, a port opened, a state reached).
:func:`wait_until` is that loop, written once: it asks ``predicate`` every
``interval`` seconds and raises :class:`AssertionError` with ``message`` when
``timeout`` seconds pass without it holding. Qt tests hand in a ``pause`` that keeps
the event loop running (:func:`tests.support.fingers.wait_until`).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def wait_until(predicate: Callable[[], T], timeout: float, interval: float = 0.05,
               message: str = "the condition", *,
               pause: Callable[[float], object] = time.sleep) -> T:
    """Ask ``predicate()`` until it is truthy and return what it gave.

    Raises :class:`AssertionError` ("Waited N s for MESSAGE in vain.") once ``timeout``
    seconds have passed; ``pause(interval)`` runs between two tries.
    """
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"Waited {timeout:g} s for {message} in vain.")
        pause(interval)
