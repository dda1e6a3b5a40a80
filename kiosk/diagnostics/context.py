"""What a diagnostics run needs: the configuration and the technician's choices."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from kiosk.core.config import KioskConfig
from kiosk.diagnostics.apdu_log import ApduLog


@dataclass(frozen=True)
class DiagOptions:
    """The run's inputs.

    ``test_page`` prints the printer's test page; ``test_card`` names a sample citizen
    whose card (the technician's test card) may be read in full; ``root`` is where
    relative asset paths (the simulated camera) start; ``card_wait_s`` is how long
    to wait for a card being placed before reporting "no card"; ``apdu_log``, when
    given, also receives the reader checks' exchanges (the app's live APDU log);
    ``on_frame``, when given, sees the camera check's frames and the corners of a code
    decoded in view (the app's live camera preview; never stored).
    """

    config: KioskConfig = field(default_factory=KioskConfig)
    test_page: bool = False
    test_card: str = ""
    camera_seconds: float = 1.0
    card_wait_s: float = 1.0
    central_timeout_s: float = 5.0
    apdu_log: ApduLog | None = None
    on_frame: Callable[[Any, tuple[tuple[int, int], ...] | None], None] | None = None
