"""The address picker's lists for QML: the provinces, and a province's wards as typed.

The lists come from :mod:`kiosk.core.addresses.places` (read once at start-up, off the
UI thread, by the effect runner); a search over one province's wards takes well under
a millisecond, so it answers each key on the UI thread. The chosen ward goes to the
visit as ``AddressPicked``.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Slot

from kiosk.core.addresses.places import find_wards, provinces
from kiosk.core.visit.events import AddressPicked
from kiosk.ui.kiosk.presenter import VisitPresenter


class PlacePicker(QObject):
    """``places`` in QML: lists to choose from, and the choice sent to the visit."""

    def __init__(self, presenter: VisitPresenter) -> None:
        super().__init__(presenter)
        self._presenter = presenter

    @Slot(result="QVariantList")
    def provinces(self) -> list[dict[str, str]]:
        """Every current province and city: ``{"code", "name"}``, alphabetical."""
        return [{"code": p.code, "name": p.name} for p in provinces()]

    @Slot(str, str, result="QVariantList")
    def wards(self, province_code: str, query: str) -> list[dict[str, str]]:
        """The province's communes, wards and special zones matching ``query``."""
        self._presenter.activity()  # typing in the search box: the citizen is here
        return [{"code": p.ward.code, "name": p.ward.name}
                for p in find_wards(province_code, query)]

    @Slot(str, str, str)
    def pick(self, field: str, ward_code: str, street: str) -> None:
        """The citizen chose ``ward_code`` (and ``street``) for the form's ``field``."""
        self._presenter.post(AddressPicked(field, ward_code, street))
