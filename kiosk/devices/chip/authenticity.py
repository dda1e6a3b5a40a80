"""The combined answer to "is the card genuine?": passive, active and chip authentication.

``kiosk card read --json`` shows :meth:`Authenticity.to_json_dict` as its
``"authenticity"`` object. Each check has one status string:

- ``verified``: the check ran and passed;
- ``chain_unverified`` (passive only): hashes and signature valid, no trusted CSCA;
- ``failed``: the check ran and the card did not pass it (``details`` says why);
- ``not_supported``: the card does not offer it (no DG15 / DG14, or an unknown
  algorithm);
- ``not_run``: the kiosk did not try it (e.g. the read stopped earlier).

A failed check is never hidden: :attr:`Authenticity.genuine` is False as soon as any
check failed, and :meth:`Authenticity.summary` says so in Vietnamese and English.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiosk.devices.chip.active_auth import ActiveResult
    from kiosk.devices.chip.apdu import CommandApdu, ResponseApdu, Transport
    from kiosk.devices.chip.chip_auth import ChipAuthResult
    from kiosk.devices.chip.passive_auth import PassiveResult
    from kiosk.devices.chip.trust_store import TrustStore


class AuthStatus(StrEnum):
    """Status of one authenticity check."""

    VERIFIED = "verified"
    CHAIN_UNVERIFIED = "chain_unverified"
    FAILED = "failed"
    NOT_SUPPORTED = "not_supported"
    NOT_RUN = "not_run"


@dataclass(frozen=True)
class Authenticity:
    """The three checks' statuses and every finding (no personal data in them)."""

    passive: str = AuthStatus.NOT_RUN.value
    active: str = AuthStatus.NOT_RUN.value
    chip: str = AuthStatus.NOT_RUN.value
    details: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        for name in ("passive", "active", "chip"):
            value = getattr(self, name)
            if value not in AuthStatus._value2member_map_:
                raise ValueError(f"unknown {name} status {value!r}")
        if AuthStatus.CHAIN_UNVERIFIED in (self.active, self.chip):
            raise ValueError("chain_unverified applies to passive authentication only")

    @classmethod
    def from_results(
        cls,
        passive: PassiveResult | None = None,
        active: ActiveResult | None = None,
        chip: ChipAuthResult | None = None,
    ) -> Authenticity:
        """Combine the results that exist (a missing one is ``not_run``).

        Chip authentication proves the chip holds the DG14 key; that key is only the
        issuer's when DG14's hash passed passive authentication, which is noted.
        """
        details: list[str] = []
        for label, result in (("Passive", passive), ("Active", active), ("Chip", chip)):
            if result is not None:
                details.extend(f"{label}: {line}" for line in result.details)
        if chip is not None and chip.status == AuthStatus.VERIFIED and (
            passive is None or 14 not in passive.checked or 14 in passive.mismatched
        ):
            details.append("Chip: the DG14 key was not confirmed by passive authentication.")
        return cls(
            passive=str(passive.status) if passive is not None else AuthStatus.NOT_RUN.value,
            active=str(active.status) if active is not None else AuthStatus.NOT_RUN.value,
            chip=str(chip.status) if chip is not None else AuthStatus.NOT_RUN.value,
            details=details,
        )

    @property
    def failed(self) -> bool:
        """True when any check failed."""
        return AuthStatus.FAILED in (self.passive, self.active, self.chip)

    @property
    def genuine(self) -> bool:
        """True when nothing failed and the issuer's signature chain is verified."""
        return not self.failed and self.passive == AuthStatus.VERIFIED

    def summary(self) -> tuple[str, str]:
        """One sentence for the screen: (Vietnamese, English)."""
        if self.failed:
            return ("Cảnh báo: thẻ không vượt qua kiểm tra xác thực, cần cán bộ kiểm tra.",
                    "Warning: the card failed an authenticity check; staff must inspect it.")
        if self.passive == AuthStatus.VERIFIED:
            return ("Dữ liệu trên chip đã được xác thực với chữ ký của cơ quan cấp thẻ.",
                    "The chip data is verified against the issuing authority's signature.")
        if self.passive == AuthStatus.CHAIN_UNVERIFIED:
            return ("Dữ liệu và chữ ký trên chip hợp lệ, chưa đối chiếu được chứng thư gốc.",
                    "The chip data and signature are valid; the root certificate is not "
                    "available to confirm the issuer.")
        return ("Chưa kiểm tra được tính xác thực của thẻ.",
                "The card's authenticity has not been checked.")

    def to_json_dict(self) -> dict[str, object]:
        """``{"passive": ..., "active": ..., "chip": ..., "details": [...]}``."""
        return {"passive": self.passive, "active": self.active, "chip": self.chip,
                "details": list(self.details)}


def authenticate_card(
    transport: Transport,
    sod: bytes,
    data_groups: dict[int, bytes],
    trust: TrustStore | None,
    *,
    now: dt.datetime | None = None,
    chip: bool = True,
    active: bool = True,
) -> tuple[Transport, Authenticity]:
    """Run every check the card offers, in ICAO order; return the transport to use next.

    ``data_groups`` are the files read (DG14 and DG15 among them when present). Passive
    authentication first (it vouches for the DG14/DG15 keys), then chip authentication
    when DG14 offers it and ``transport`` speaks secure messaging (it restarts it), then
    active authentication with DG15. ``chip``/``active`` False leave a check ``not_run``.
    Only transport failures (card removed, reader gone) raise.
    """
    from kiosk.devices.chip.active_auth import perform_active_auth
    from kiosk.devices.chip.chip_auth import (
        ChipAuthResult,
        confirm_chip_auth,
        perform_chip_auth,
    )
    from kiosk.devices.chip.passive_auth import verify_passive
    from kiosk.devices.chip.sm import SecureMessagingTransport

    passive_result = verify_passive(sod, data_groups, trust, now)
    dg14, dg15 = data_groups.get(14), data_groups.get(15)
    chip_result: ChipAuthResult | None = None
    session_lost = False
    if chip and dg14 is None:
        chip_result = ChipAuthResult(AuthStatus.NOT_SUPPORTED, "The card has no DG14.",
                                     ["The card has no DG14: chip authentication not offered."])
    active_result: ActiveResult | None = None
    if chip and isinstance(transport, SecureMessagingTransport) and dg14 is not None:
        before = transport
        # active authentication next: its answer confirms the new keys (one APDU fewer)
        defer = active and dg15 is not None
        transport, chip_result = perform_chip_auth(transport, dg14, confirm=not defer)
        if defer and dg15 is not None and transport is not before:
            witness = ConfirmingWitness(transport)
            active_result = perform_active_auth(witness, dg15, dg14=dg14)
            if not witness.confirmed:
                transport, chip_result = confirm_chip_auth(transport, chip_result.protocol)
        session_lost = chip_result.status == AuthStatus.FAILED and transport is not before
    elif chip and dg14 is not None:
        chip_result = ChipAuthResult(AuthStatus.NOT_RUN, "No secure messaging session.",
                                     ["Chip authentication needs a BAC or PACE session."])
    if active and dg15 is None:
        active_result = _no_dg15()
    elif session_lost:
        active_result = _skipped_after_chip_failure() if active else None
    elif active and dg15 is not None and active_result is None:
        active_result = perform_active_auth(transport, dg15, dg14=dg14)
    return transport, Authenticity.from_results(passive_result, active_result, chip_result)


class ConfirmingWitness:
    """Passes commands on; notes whether an answer passed secure messaging: 9000, or
    any answer carrying data (both only come back when their MAC verified under the
    session keys; a bare error status may come unprotected and confirms nothing)."""

    def __init__(self, inner: Transport) -> None:
        self.inner = inner
        self.confirmed = False

    @property
    def supports_extended(self) -> bool:
        """As the wrapped transport."""
        return self.inner.supports_extended

    def transmit(self, command: CommandApdu) -> ResponseApdu:
        """Send ``command``; a 9000 answer, or one with data, confirms the keys."""
        response = self.inner.transmit(command)
        self.confirmed = self.confirmed or response.sw == 0x9000 or bool(response.data)
        return response


def _no_dg15() -> ActiveResult:
    from kiosk.devices.chip.active_auth import ActiveResult

    return ActiveResult(AuthStatus.NOT_SUPPORTED, "The card has no DG15.",
                        ["The card has no DG15: active authentication not offered."])


def _skipped_after_chip_failure() -> ActiveResult:
    from kiosk.devices.chip.active_auth import ActiveResult

    reason = "Not run: the secure messaging session ended when chip authentication failed."
    return ActiveResult(AuthStatus.NOT_RUN, reason, [reason])
