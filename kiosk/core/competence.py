"""Who is competent for a citizen's procedure, and whether this center may take the file.

The catalog says per procedure which level decides (``level``: commune or province) and
where the file may be filed (``file_at``): at any center (``country``), at any center of
the competent province (``province``), or only at a center whose area holds the
competent address (``residence``). The competent address is the card's residence, or
the form's address named by ``competent_field`` (e.g. the new home for a residence
registration). A center knows its own area from configuration (``[center]
province_code`` and ``ward_codes``, the official codes of today's units); a center
with no area configured takes every file, as before. docs/addresses.md, "Who is
competent", says where the rules come from.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kiosk.core.addresses.convert import Place, Unit
from kiosk.core.addresses.current import CurrentAddress
from kiosk.core.procedures import Procedure

CENTER_VI = "Trung tâm Phục vụ hành chính công"
CENTER_EN = "Public Administration Service Center"


@dataclass(frozen=True)
class CenterArea:
    """Where this center stands: its province and the wards it serves (official codes)."""

    province_code: str = ""
    ward_codes: tuple[str, ...] = ()

    @property
    def configured(self) -> bool:
        """Whether the center's place is known (else every file is taken)."""
        return bool(self.province_code)


@dataclass(frozen=True)
class Verdict:
    """Whether this center may accept the file, the competent unit, and where else to go."""

    accepted: bool
    level: str
    competent: Unit | None = None  # the ward (commune level) or province that decides
    province: Unit | None = None
    go_to: tuple[Unit, ...] = ()  # where to file instead (wards, or the province)

    def as_record(self) -> dict[str, Any] | None:
        """The competent unit as the submission carries it (None when unknown)."""
        if self.competent is None:
            return None
        return {"level": self.level, **self.competent.as_json(),
                "province": self.province.as_json() if self.province else None}


def decide(procedure: Procedure, area: CenterArea,
           address: CurrentAddress | None) -> Verdict:
    """Whether a center with ``area`` may accept ``procedure`` for ``address``.

    With no address units known yet (nothing read, or a split ward not yet picked
    whose candidates include this center's ward) the file is accepted here and the
    check runs again once the citizen has chosen.
    """
    places = _places(address)
    province = places[0].province if places else None
    if procedure.level == "province":
        competent: Unit | None = province
    else:
        competent = places[0].ward if len(places) == 1 else None
    verdict = Verdict(True, procedure.level, competent, province)
    if not area.configured or procedure.file_at == "country" or not places:
        return verdict
    provinces = {p.province.code for p in places}
    if procedure.level == "province" or procedure.file_at == "province":
        if area.province_code in provinces:
            return verdict
        return Verdict(False, procedure.level, competent, province,
                       tuple({p.province.code: p.province for p in places}.values()))
    if area.ward_codes and {p.ward.code for p in places} & set(area.ward_codes):
        return verdict
    return Verdict(False, procedure.level, competent, province, tuple(p.ward for p in places))


def _places(address: CurrentAddress | None) -> list[Place]:
    if address is None:
        return []
    if address.place is not None:
        return [address.place]
    return list(address.candidates)


def center_name(unit: Unit, language: str) -> str:
    """The service center of ``unit`` ("Trung tâm Phục vụ hành chính công Phường X")."""
    return f"{CENTER_EN}, {unit.name}" if language == "en" else f"{CENTER_VI} {unit.name}"
