"""Are headphones plugged in? Personal data is spoken only into them (docs/accessibility.md).

``[keypad] headphones``: ``always`` (a kiosk whose only output is a headphone jack),
``never``, or ``auto``: the sound server says which port of the default output is
active (``pactl``, PulseAudio or PipeWire's pulse server); a port whose name or type
says headphones counts. Anything unknown (no pactl, no server, an unreadable answer)
is "no": the loudspeaker never says a personal value by mistake. The answer is kept
for a few seconds; it is asked on the guide's worker thread, never on the UI thread.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from collections.abc import Callable
from typing import Any

from kiosk.core.errors import ConfigError

MODES = ("auto", "always", "never")  # [keypad] headphones
KEEP_S = 3.0
PACTL_TIMEOUT_S = 3


def _pactl(*args: str) -> str:
    binary = shutil.which("pactl")
    if binary is None:
        return ""
    try:
        done = subprocess.run([binary, *args], capture_output=True, text=True,
                              timeout=PACTL_TIMEOUT_S, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return done.stdout if done.returncode == 0 else ""


def active_port_is_headphones(sinks: list[dict[str, Any]], default: str) -> bool:
    """True when the default sink's active port is a headphone port (pactl's JSON)."""
    for sink in sinks:
        if sink.get("name") != default:
            continue
        active = str(sink.get("active_port") or "")
        for port in sink.get("ports") or []:
            if port.get("name") == active:
                words = f"{port.get('name', '')} {port.get('type', '')}".lower()
                return "headphone" in words or "headset" in words
        return "headphone" in active.lower()
    return False


def pactl_headphones() -> bool:
    """Ask the sound server (blocking: call off the UI thread)."""
    default = _pactl("get-default-sink").strip()
    listing = _pactl("-f", "json", "list", "sinks")
    if not default or not listing:
        return False
    try:
        sinks = json.loads(listing)
    except ValueError:
        return False
    return isinstance(sinks, list) and active_port_is_headphones(sinks, default)


class Headphones:
    """``[keypad] headphones`` as a callable: are personal values allowed out loud now?"""

    def __init__(self, mode: str, probe: Callable[[], bool] = pactl_headphones,
                 clock: Callable[[], float] = time.monotonic) -> None:
        if mode not in MODES:
            raise ConfigError(f"[keypad] headphones must be auto, always or never, not {mode!r}.")
        self.mode = mode
        self._probe = probe
        self._clock = clock
        self._known: tuple[float, bool] | None = None

    def __call__(self) -> bool:
        """True when headphones are in (asked again after a few seconds)."""
        if self.mode != "auto":
            return self.mode == "always"
        now = self._clock()
        if self._known is None or now - self._known[0] > KEEP_S:
            self._known = (now, self._probe())
        return self._known[1]
