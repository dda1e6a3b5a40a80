"""ICAO 9303 eMRTD chip access for the Vietnamese citizen ID card (CCCD)."""
