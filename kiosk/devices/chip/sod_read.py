"""EF.SOD in a card read: the list of data groups, and passive authentication of the
identity, with the document signer's certificate taken from the card family when it
is known (``kiosk.devices.chip.sod_splice``)."""

from __future__ import annotations

import logging
from collections.abc import Callable

from kiosk.core.errors import CardFileError, ParseError
from kiosk.devices.chip.authenticity import Authenticity
from kiosk.devices.chip.card_family import CardFamilies
from kiosk.devices.chip.efcom import parse_efcom
from kiosk.devices.chip.files import EF_COM, EF_SOD
from kiosk.devices.chip.passive_auth import verify_passive
from kiosk.devices.chip.reading import FileReader
from kiosk.devices.chip.sod import parse_sod
from kiosk.devices.chip.sod_splice import Splice, certificate_field, certificate_splice
from kiosk.devices.chip.trust_store import TrustStore

log = logging.getLogger(__name__)

MAX_SIGNERS = 4  # document-signer certificates remembered per card family

SOD_UNREADABLE = ("The card's security object (SOD) could not be read; authenticity "
                  "cannot be verified.")


def family_splice(families: CardFamilies | None, family: str) -> Splice | None:
    """The splice putting the family's known certificate in the SOD, if one is known."""
    if families is None or not family:
        return None
    known = families.get(family).sod_certificates
    return certificate_splice(known) if known else None


def present_groups(files: FileReader, warnings: list[str], splice: Splice | None,
                   enter: Callable[[str], None]) -> tuple[set[int], bytes | None]:
    """The data groups on the card (from the SOD; EF.COM when the SOD fails) and the SOD."""
    try:
        sod = files.read(EF_SOD, splice)
        return set(parse_sod(sod).dg_hashes), sod
    except (CardFileError, ParseError):
        if SOD_UNREADABLE not in warnings:
            warnings.append(SOD_UNREADABLE)
        log.warning("EF.SOD unusable; listing files from EF.COM")
    enter("reading EF.COM")
    present = set(parse_efcom(files.read(EF_COM)).data_groups)
    if 1 not in present:
        raise CardFileError("The card lists no DG1 (MRZ); it cannot be read.", file="DG1")
    return present, None


def identity_passive(files: FileReader, sod: bytes | None, groups: dict[int, bytes],
                     trust: TrustStore | None, families: CardFamilies | None, family: str,
                     spliced: bool) -> tuple[Authenticity, bytes | None]:
    """Passive authentication of the identity's groups: (result, the SOD checked).

    A SOD completed with the family's certificate that fails is read whole from the
    card and checked again (the certificate was not this card's). A SOD whose
    signature verifies gives its certificate to the family for the next card.
    """
    passive = Authenticity.from_results(verify_passive(sod or b"", groups, trust))
    if sod is not None and spliced and passive.passive == "failed":
        log.info("the family's document-signer certificate did not verify; reading EF.SOD")
        files.forget(EF_SOD)
        sod = files.read(EF_SOD)
        passive = Authenticity.from_results(verify_passive(sod, groups, trust))
    if sod is not None and families is not None and family and passive.passive != "failed":
        field = certificate_field(sod)
        if field is not None:
            known = families.get(family).sod_certificates
            families.remember(family, sod_certificates=(
                field, *(c for c in known if c != field))[:MAX_SIGNERS])
    return passive, sod
