"""Without the data package the converter refuses with a sentence that says what to install."""

from __future__ import annotations

import pytest

from kiosk.core.addresses import AddressDataMissingError, dataset


def test_missing_package_is_named_in_one_sentence(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dataset, "PACKAGE", "vietnamadminunits_not_installed_here")
    with pytest.raises(AddressDataMissingError, match="pip install"):
        dataset.load_units()

