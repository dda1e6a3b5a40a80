"""The systemd notification protocol (``sd_notify``): a few datagrams to ``$NOTIFY_SOCKET``.

A unit with ``Type=notify`` learns from ``READY=1`` that the service is up, from
``WATCHDOG=1`` that it is still alive (``WatchdogSec=`` restarts it when the pings stop),
from ``STATUS=...`` a line ``systemctl status`` shows a technician, and from
``STOPPING=1`` that it is going down on purpose. Outside systemd (no ``NOTIFY_SOCKET``)
every call does nothing.

Hand-written rather than a library: the protocol is one ``sendto()`` per message;
``systemd-python`` needs libsystemd headers to build and ``sdnotify`` has been
unmaintained since 2019.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Mapping
from dataclasses import dataclass

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class NotifyTarget:
    """Where notifications go and how often the watchdog wants a ping (0: no watchdog)."""

    address: str           # a path, or "\0name" for an abstract socket
    watchdog_usec: int = 0

    @property
    def ping_interval_s(self) -> float:
        """Half the watchdog's timeout, as sd_watchdog_enabled(3) advises (0: no pings)."""
        return self.watchdog_usec / 2_000_000 if self.watchdog_usec > 0 else 0.0


def notify_target(environ: Mapping[str, str] | None = None, pid: int | None = None,
                  parent: int | None = None) -> NotifyTarget | None:
    """The service manager's socket from the environment, or None outside systemd.

    ``WATCHDOG_USEC`` counts when ``WATCHDOG_PID`` is unset, names this process, or names
    its parent: in the kiosk session the unit's main process is the compositor (cage),
    which starts the app and never pings itself, so the app pings for it (the unit
    needs ``NotifyAccess=all``). Any other process's watchdog is not ours to feed.
    """
    env = os.environ if environ is None else environ
    address = env.get("NOTIFY_SOCKET", "")
    if not address or address[0] not in "/@":
        return None
    if address.startswith("@"):
        address = "\0" + address[1:]  # Linux abstract namespace
    watchdog = 0
    watchdog_pid = env.get("WATCHDOG_PID", "")
    ours = {str(os.getpid() if pid is None else pid), str(os.getppid() if parent is None
                                                           else parent)}
    if not watchdog_pid or watchdog_pid in ours:
        try:
            watchdog = max(0, int(env.get("WATCHDOG_USEC", "0") or 0))
        except ValueError:
            watchdog = 0
    return NotifyTarget(address, watchdog)


class Notifier:
    """Sends notifications to one target; a lost datagram is logged once, never raised."""

    def __init__(self, target: NotifyTarget | None) -> None:
        self.target = target
        self._socket: socket.socket | None = None
        self._failed = False
        if target is not None:
            self._socket = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC)

    @property
    def enabled(self) -> bool:
        """Whether a service manager listens."""
        return self._socket is not None

    def send(self, **fields: str) -> bool:
        """Send ``KEY=value`` lines in one datagram (``send(READY="1", STATUS="...")``)."""
        if self._socket is None or self.target is None:
            return False
        lines = "\n".join(f"{key}={' '.join(str(value).split())}"
                          for key, value in fields.items())
        try:
            self._socket.sendto(lines.encode(), self.target.address)
        except OSError as exc:
            if not self._failed:  # the manager went away: say so once, not every ping
                self._failed = True
                log.warning("service manager notification not delivered",
                            extra={"fields": {"error": type(exc).__name__}})
            return False
        self._failed = False
        return True

    def close(self) -> None:
        """Close the socket."""
        if self._socket is not None:
            self._socket.close()
            self._socket = None
