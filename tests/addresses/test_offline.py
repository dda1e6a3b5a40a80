"""The converter never reaches the network, and never loads the package's geocoding code.

vietnamadminunits' own ``convert_address`` geocodes an old address with a street on-line
(ArcGIS through geopy) when its ward was split; ours reads the package's data files only.
Each check runs in a fresh interpreter, so no earlier import hides what is loaded.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

_NO_NETWORK = """
import socket
def refuse(*args, **kwargs):
    raise OSError("network used")
socket.socket.connect = refuse
socket.socket.connect_ex = refuse
socket.getaddrinfo = refuse
socket.create_connection = refuse
"""

_OURS = _NO_NETWORK + """
import json, sys
from kiosk.core.addresses import convert_address
texts = ["Số 5 ngõ 10 Đông Các, Phường Ô Chợ Dừa, Quận Đống Đa, Thành phố Hà Nội",
         "12 Nguyễn Huệ, Phường Bến Nghé, Quận 1, Thành phố Hồ Chí Minh",
         "Huyện Thái Thụy, Tỉnh Thái Bình"]
print(json.dumps({"statuses": [convert_address(t).status for t in texts],
                  "loaded": sorted(m for m in ("geopy", "shapely", "vietnamadminunits")
                                   if m in sys.modules)}))
"""

_PEER = _NO_NETWORK + """
from vietnamadminunits import convert_address
try:
    convert_address("Số 5 ngõ 10 Đông Các, Phường Ô Chợ Dừa, Quận Đống Đa, Thành phố Hà Nội")
except Exception as exc:
    print(type(exc).__module__)
else:
    print("no error")
"""


def _run(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, timeout=120, check=True)
    return done.stdout.strip()


def test_a_split_ward_with_a_street_converts_with_the_network_refused() -> None:
    answer = json.loads(_run(_OURS))
    assert answer["statuses"] == ["ambiguous", "converted", "ambiguous"]
    assert answer["loaded"] == []  # neither geopy, shapely nor the package's code


@pytest.mark.slow  # imports shapely and geopy: about two seconds
def test_the_packages_own_converter_needs_the_network_for_the_same_address() -> None:
    assert _run(_PEER).startswith("geopy")  # GeocoderUnavailable: why we read its data only
