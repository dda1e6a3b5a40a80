"""Chip authentication first; DG15 and active authentication only when it cannot run.

ICAO 9303-11 gives an inspection system two ways to tell a genuine chip from a copy:
active authentication (DG15's key signs a challenge) and chip authentication (DG14's key
restarts secure messaging under keys only the genuine chip can derive). Either one, with
DG14 or DG15 vouched for by passive authentication, shows the chip is not a clone; the
terminal may run each (docs/cccd.md, "Proving the chip genuine"). Once chip
authentication is verified, reading DG15 and sending INTERNAL AUTHENTICATE add two
APDUs (about 36 ms at a contactless reader) and no assurance, so with
``[reader] active_authentication = "unless_chip_verified"`` (the default) they run only
when chip authentication cannot: no DG14, no secure messaging, an unsupported protocol,
or a chip that refuses it. ``"always"`` runs both (:func:`authenticate_card`).

The new keys still have to be confirmed: the first answer that passes secure messaging
under them does it. When the face is read next, its READ BINARY is that answer (no
confirming read of EF.COM); :func:`settle_pending` runs after it and sends the
confirming read only when the face's answer did not confirm. Until then the chip's
``verified`` is provisional: a read that restarts (the card left the field) runs chip
authentication again, so a chip can never skip the confirmation by going away.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from kiosk.devices.chip.authenticity import (
    Authenticity,
    AuthStatus,
    ConfirmingWitness,
    authenticate_card,
)

if TYPE_CHECKING:
    from kiosk.devices.chip.active_auth import ActiveResult
    from kiosk.devices.chip.apdu import Transport
    from kiosk.devices.chip.trust_store import TrustStore

#: The finding recorded when active authentication is left out.
NOT_NEEDED = ("Not run: chip authentication proved the chip genuine "
              '([reader] active_authentication = "unless_chip_verified").')


@dataclass(frozen=True)
class PendingConfirmation:
    """Chip authentication whose new keys the next command must confirm."""

    witness: ConfirmingWitness
    protocol: str | None


def authenticate_chip_first(
    transport: Transport,
    sod: bytes,
    data_groups: dict[int, bytes],
    trust: TrustStore | None,
    read_dg15: Callable[[], bytes | None],
    *,
    confirm_later: bool,
    now: dt.datetime | None = None,
) -> tuple[Transport, Authenticity, PendingConfirmation | None]:
    """Passive and chip authentication; DG15 (``read_dg15``) and active authentication
    only when chip authentication did not run or was refused before the keys changed.

    ``data_groups`` are the files read so far (DG14 among them when the card has it).
    With ``confirm_later`` the new keys are left for the caller's next command to
    confirm: the transport returned is then a witness, and the pending confirmation is
    returned for :func:`settle_pending`. Only transport failures raise.
    """
    from kiosk.devices.chip.chip_auth import confirm_chip_auth, perform_chip_auth
    from kiosk.devices.chip.passive_auth import verify_passive
    from kiosk.devices.chip.sm import SecureMessagingTransport

    dg14 = data_groups.get(14)
    if dg14 is None or not isinstance(transport, SecureMessagingTransport):
        return (*_with_active(transport, sod, data_groups, trust, read_dg15, now), None)
    before = transport
    new, chip_result = perform_chip_auth(transport, dg14, confirm=False)
    if new is before:  # not offered, or refused before the keys changed
        secure, checked = _with_active(transport, sod, data_groups, trust, read_dg15, now,
                                       chip=False)
        details = checked.details + [f"Chip: {line}" for line in chip_result.details]
        return secure, replace(checked, chip=str(chip_result.status), details=details), None
    passive = verify_passive(sod, data_groups, trust, now)
    if confirm_later:
        witness = ConfirmingWitness(new)
        provisional = Authenticity.from_results(passive, _not_needed(), chip_result)
        return witness, provisional, PendingConfirmation(witness, chip_result.protocol)
    new, chip_result = confirm_chip_auth(new, chip_result.protocol)
    active = _not_needed() if chip_result.status == AuthStatus.VERIFIED else _session_lost()
    return new, Authenticity.from_results(passive, active, chip_result), None


def settle_pending(pending: PendingConfirmation, authenticity: Authenticity
                   ) -> tuple[Transport, Authenticity]:
    """After the next command: keep ``verified`` when its answer confirmed the keys, else
    send the confirming read; a chip that fails it is a clone (its session is over)."""
    from kiosk.devices.chip.chip_auth import confirm_chip_auth

    inner = pending.witness.inner
    if pending.witness.confirmed:
        return inner, authenticity
    new, chip_result = confirm_chip_auth(inner, pending.protocol)  # type: ignore[arg-type]
    if chip_result.status == AuthStatus.VERIFIED:
        return new, authenticity
    details = [d for d in authenticity.details if not d.startswith(("Chip: ", "Active: "))]
    details += [f"Chip: {line}" for line in chip_result.details]
    details += [f"Active: {line}" for line in _session_lost().details]
    return new, replace(authenticity, chip=AuthStatus.FAILED.value,
                        active=AuthStatus.NOT_RUN.value, details=details)


def _with_active(transport: Transport, sod: bytes, data_groups: dict[int, bytes],
                 trust: TrustStore | None, read_dg15: Callable[[], bytes | None],
                 now: dt.datetime | None, *, chip: bool = True
                 ) -> tuple[Transport, Authenticity]:
    """The checks with DG15 read now (chip authentication did not settle it);
    ``chip=False`` when chip authentication already ran and was refused."""
    dg15 = read_dg15()
    groups = data_groups | ({15: dg15} if dg15 is not None else {})
    return authenticate_card(transport, sod, groups, trust, now=now, chip=chip)


def _not_needed() -> ActiveResult:
    from kiosk.devices.chip.active_auth import ActiveResult

    return ActiveResult(AuthStatus.NOT_RUN, NOT_NEEDED, [NOT_NEEDED])


def _session_lost() -> ActiveResult:
    from kiosk.devices.chip.active_auth import ActiveResult

    reason = "Not run: the secure messaging session ended when chip authentication failed."
    return ActiveResult(AuthStatus.NOT_RUN, reason, [reason])
