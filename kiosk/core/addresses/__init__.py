"""Addresses after the July 2025 reorganization (34 provinces, two levels).

``convert_address(text)`` reads an address as printed on a card (old three-level or
current two-level) and answers with the current units and their official codes;
docs/addresses.md says which data it uses and why.
"""

from kiosk.core.addresses.convert import (
    AMBIGUOUS,
    CONVERTED,
    UNCHANGED,
    AddressNotFoundError,
    Conversion,
    Place,
    Unit,
    convert_address,
)
from kiosk.core.addresses.dataset import AddressDataMissingError, units

__all__ = ["AMBIGUOUS", "CONVERTED", "UNCHANGED", "AddressDataMissingError",
           "AddressNotFoundError", "Conversion", "Place", "Unit", "convert_address", "units"]
