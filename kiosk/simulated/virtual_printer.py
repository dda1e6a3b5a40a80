"""The virtual receipt printer behind ``sim://``: an ESC/POS connection with no hardware.

It plugs in where python-escpos's Usb/Serial/Network classes would (it *is* an
``escpos.Escpos`` printer), keeps every byte it receives, turns them into paper with
the interpreter, and answers the real-time status requests DLE EOT n=1..4 with the
bytes an Epson TM printer sends in the same condition.

Conditions come from the URL query or a JSON state file (re-read on every exchange,
so a test or a technician can change them while a job runs)::

    sim://                              ready
    sim://?paper=near-end               paper low
    sim://?paper=out                    no paper
    sim://?cover=open                   cover open
    sim://?cutter=error                 autocutter jammed
    sim://?offline=1                    offline for another reason (feed button held)
    sim://?power=off                    cable present, printer silent: no reply at all
    sim://?paper_after=1500             paper runs out after 1500 bytes of a job
    sim://?vanish_after=1500            the device disappears after 1500 bytes
    sim://?state=/run/kiosk/printer.json
"""

from __future__ import annotations

import json
import logging
import urllib.parse
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from escpos.escpos import Escpos
from PIL import Image

from kiosk.devices.printer.errors import PrinterConfigError
from kiosk.devices.printer.escpos_interpreter import Interpreter
from kiosk.devices.printer.escpos_paper import Paper
from kiosk.devices.printer.escpos_render import render
from kiosk.devices.printer.health import DLE_EOT
from kiosk.devices.printer.profiles import PrinterProfile, load_profile

logger = logging.getLogger(__name__)

_TRUE = {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class SimulatedConditions:
    """What is wrong with the virtual printer (nothing, by default)."""

    paper: str = "ok"  # ok | near-end | out
    cover_open: bool = False
    cutter_error: bool = False
    offline: bool = False
    power_off: bool = False
    paper_after: int | None = None
    vanish_after: int | None = None

    @classmethod
    def from_mapping(
        cls, values: dict[str, Any], base: SimulatedConditions | None = None
    ) -> SimulatedConditions:
        """Conditions from URL query or state-file values; unknown keys raise PrinterConfigError."""
        result = base or cls()
        aliases = {"cover": "cover_open", "cutter": "cutter_error", "power": "power_off"}
        for key, raw in values.items():
            name = aliases.get(key, key)
            text = str(raw).strip().lower()
            if name == "paper":
                if text not in ("ok", "near-end", "out"):
                    raise PrinterConfigError(
                        f"sim printer: paper must be ok, near-end or out, not {raw!r}"
                    )
                result = replace(result, paper=text)
            elif name in ("cover_open", "cutter_error", "offline", "power_off"):
                flags: dict[str, Any] = {name: text in _TRUE or text in {"open", "error", "off"}}
                result = replace(result, **flags)
            elif name in ("paper_after", "vanish_after"):
                try:
                    counts: dict[str, Any] = {name: max(0, int(text))}
                except ValueError:
                    raise PrinterConfigError(f"sim printer: {key} must be a byte count") from None
                result = replace(result, **counts)
            elif name not in ("state", "profile"):
                known = ", ".join(
                    [
                        "paper",
                        "cover",
                        "cutter",
                        "offline",
                        "power",
                        "paper_after",
                        "vanish_after",
                        "state",
                    ]
                )
                raise PrinterConfigError(f"sim printer: unknown option {key!r}; known: {known}")
        return result

    def status_bytes(self) -> dict[int, int | None]:
        """Replies to DLE EOT 1..4 as an Epson TM printer gives them (None: silent)."""
        if self.power_off:
            return {1: None, 2: None, 3: None, 4: None}
        paper_out = self.paper == "out"
        near_end = self.paper in ("near-end", "out")  # the near-end sensor trips first
        error = self.cutter_error
        offline = paper_out or self.cover_open or error or self.offline
        printer = 0x12 | (0x08 if offline else 0) | (0x20 if error else 0)
        cause = 0x12 | (0x04 if self.cover_open else 0) | (0x20 if paper_out else 0)
        cause |= 0x40 if error else 0
        errors = 0x12 | (0x08 if self.cutter_error else 0)
        roll = 0x12 | (0x0C if near_end else 0) | (0x60 if paper_out else 0)
        return {1: printer, 2: cause, 3: errors, 4: roll}

    @property
    def can_print(self) -> bool:
        """True when paper moves (paper present, cover shut, no error, online)."""
        return not (
            self.paper == "out"
            or self.cover_open
            or self.cutter_error
            or self.offline
            or self.power_off
        )


def parse_sim_url(url: str) -> tuple[SimulatedConditions, Path | None]:
    """Conditions and optional state file from a ``sim://`` URL."""
    parts = urllib.parse.urlsplit(url)
    query = dict(urllib.parse.parse_qsl(parts.query, keep_blank_values=True))
    state = Path(query["state"]).expanduser() if query.get("state") else None
    return SimulatedConditions.from_mapping(query), state


class VirtualPrinter(Escpos):  # type: ignore[misc]  # escpos ships no type hints
    """An escpos printer that prints onto an in-memory paper roll."""

    def __init__(
        self,
        profile: PrinterProfile | str = "TM-T20II",
        conditions: SimulatedConditions | None = None,
        state_file: Path | None = None,
    ) -> None:
        self.model = profile if isinstance(profile, PrinterProfile) else load_profile(profile)
        super().__init__(profile=self.model.key)
        self.base_conditions = conditions or SimulatedConditions()
        self.state_file = state_file
        self.received = bytearray()  # every job byte, printed or not
        self.printed = bytearray()  # the bytes that reached the paper
        self.status_queries = 0
        self._replies: list[bytes] = []
        self._paper_ran_out = False
        self._vanished = False

    @classmethod
    def from_url(cls, url: str, profile: PrinterProfile | str) -> VirtualPrinter:
        """A virtual printer configured by a ``sim://`` URL."""
        conditions, state = parse_sim_url(url)
        return cls(profile, conditions, state)

    # -- conditions ------------------------------------------------------------------------
    def conditions(self) -> SimulatedConditions:
        """Current conditions: URL, then state file, then what happened during the job."""
        result = self.base_conditions
        if self.state_file is not None and self.state_file.is_file():
            try:
                values = json.loads(self.state_file.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                logger.warning("virtual printer state file is unreadable; ignoring it")
                values = {}
            if isinstance(values, dict):
                result = SimulatedConditions.from_mapping(values, result)
        if self._paper_ran_out:
            result = replace(result, paper="out")
        return result

    # -- escpos connection interface ------------------------------------------------------
    def open(self, raise_not_found: bool = True) -> None:
        """Nothing to open; a vanished printer stays gone."""
        if self._vanished:
            raise OSError("virtual printer: device disconnected")
        self.device = self

    def close(self) -> None:
        """Nothing to close."""
        self._device = False

    def _raw(self, msg: bytes) -> None:
        if self._vanished:
            raise OSError("virtual printer: device disconnected")
        state = self.conditions()
        if len(msg) == 3 and msg[:2] == DLE_EOT:
            self.status_queries += 1
            reply = state.status_bytes().get(msg[2])
            self._replies.append(b"" if reply is None else bytes([reply]))
            return
        if state.vanish_after is not None and len(self.received) + len(msg) > state.vanish_after:
            self.received += msg[: max(0, state.vanish_after - len(self.received))]
            self._vanished = True
            raise OSError("virtual printer: device disconnected")
        self.received += msg
        if state.power_off or not state.can_print:
            return  # buffered in the printer, nothing reaches the paper
        room = len(msg)
        if state.paper_after is not None:
            room = max(0, state.paper_after - len(self.printed))
            if room < len(msg):
                self._paper_ran_out = True
        self.printed += msg[:room]

    def _read(self) -> bytes:
        return self._replies.pop(0) if self._replies else b""

    # -- results ----------------------------------------------------------------------------
    def paper(self) -> Paper:
        """The paper printed so far."""
        interpreter = Interpreter(self.model)
        interpreter.feed(bytes(self.printed))
        return interpreter.finish()

    def paper_image(self) -> Image.Image:
        """The printed paper as an image."""
        return render(self.paper())

    def save_png(self, path: str | Path) -> Path:
        """Write the printed paper as PNG to ``path``."""
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        render(self.paper()).save(target, format="PNG", optimize=True)
        return target


def known_conditions() -> list[str]:
    """Names of the simulated condition fields (for help texts)."""
    return [f.name for f in fields(SimulatedConditions)]
