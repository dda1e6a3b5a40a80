"""A guard against PySide6 6.12.0 dropping a reference to ``True`` on every signal emit.

PySide6 6.12.0 returns ``True`` from ``SignalInstance.emit()`` without taking a
reference for it, so every ``emit()`` made from Python lowers ``True``'s reference
count by one. On CPython 3.11, where ``True`` is not immortal, the process aborts with
"Fatal Python error: bool_dealloc" once the count reaches zero: a running kiosk did so
after about a hundred visits (presenter, device bridge and task signals;
``benchmarks/ui.py`` found it). PySide6 6.11.3 does not have the fault.

:func:`guard_emit_refcount` checks for the fault once per process and, where it is
present, raises ``True``'s and ``False``'s reference counts far beyond what any process
can use up — what CPython 3.12 and later do for every bool anyway (immortal objects).
"""

from __future__ import annotations

import ctypes
import logging
import sys

log = logging.getLogger(__name__)

_HEADROOM = 1 << 40  # references; an emit a microsecond would take 12 days per 2**40
_PROBES = 8
_guarded = False


def emit_drops_true() -> bool:
    """True when this PySide6 loses a reference to ``True`` on each ``emit()``."""
    from PySide6.QtCore import QObject, Signal

    class _Probe(QObject):
        ping = Signal()

    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(_PROBES):
        probe.ping.emit()
    return before - sys.getrefcount(True) >= _PROBES


def guard_emit_refcount() -> bool:
    """Make the bools immune to the fault where it is present; True when it was applied."""
    global _guarded
    if _guarded or sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return _guarded
    if not emit_drops_true():
        return False
    # ob_refcnt is the first field of every CPython object; the GIL is held here.
    for value in (True, False):
        ctypes.c_ssize_t.from_address(id(value)).value += _HEADROOM
    _guarded = True
    log.warning("PySide6 drops a reference to True on every signal emit; compensated",
                extra={"fields": {"pyside6": _pyside_version()}})
    return True


def _pyside_version() -> str:
    import PySide6

    return str(PySide6.__version__)
