"""Chip file parsing speed: our BER-TLV walker vs asn1crypto's generic parser, same run.

Builds a synthetic DG13 (both layouts) and a DG2 holding a 480x640 JPEG, then times:
- a full recursive TLV walk with ``kiosk.devices.chip.tlv`` vs ``asn1crypto.parser.parse``
  (the peer) walking the same tree;
- ``parse_dg13`` (walk + text decoding + layout detection) and ``build_identity``;
- ``parse_dg2`` split into the TLV/19794-5 walk and the Pillow decode.

    PYTHONPATH=. .venv/bin/python benchmarks/chip_parsers.py [--runs N]
"""

from __future__ import annotations

import argparse
import io
import statistics
import time
from collections.abc import Callable

from asn1crypto import parser
from PIL import Image

from kiosk.devices.chip.dg2 import biometric_data_block, encode_dg2, image_from_record, parse_dg2
from kiosk.devices.chip.dg13 import parse_dg13
from kiosk.devices.chip.dg13_encode import encode_dg13
from kiosk.devices.chip.identity import build_identity
from kiosk.devices.chip.tlv import Tlv, parse_tlv

VALUES: dict[str, str | None] = {
    "id_number": "001090012345", "full_name": "Nguyễn Văn An", "date_of_birth": "15/01/1990",
    "sex": "Nam", "nationality": "Việt Nam", "ethnicity": "Kinh", "religion": "Không",
    "place_of_origin": "Xã Tân Hội, Đan Phượng, Hà Nội",
    "place_of_residence": "Số 1 Phố Huế, Hai Bà Trưng, Hà Nội",
    "identifying_marks": "Nốt ruồi C:2cm trên sau đuôi mắt trái", "issue_date": "15/04/2021",
    "expiry": "15/01/2030", "father_name": "Nguyễn Văn Bình", "mother_name": "Trần Thị Cúc",
    "spouse_name": "Lê Thị Dung", "old_id_number": "012345678",
}


def ours_walk(data: bytes) -> int:
    count = 0
    stack: list[Tlv] = parse_tlv(data)
    while stack:
        tlv = stack.pop()
        count += 1
        if tlv.constructed:
            stack.extend(tlv.children())
    return count


def peer_walk(data: bytes) -> int:
    count = 0
    stack = [data]
    while stack:
        chunk = stack.pop()
        offset = 0
        while offset < len(chunk):
            _cls, method, _tag, _header, contents, _trailer = parser.parse(chunk[offset:])
            offset += len(_header) + len(contents) + len(_trailer)
            count += 1
            if method == 1:  # constructed
                stack.append(contents)
    return count


def timed(fn: Callable[[], object], runs: int) -> float:
    """Median microseconds per call."""
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1e6)
    return statistics.median(samples)


def main() -> None:
    cli = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    cli.add_argument("--runs", type=int, default=300)
    runs = cli.parse_args().runs
    dg13 = encode_dg13(VALUES, "separate", include_entry16="A1B2C3D4E5F6G7H8")
    out = io.BytesIO()
    Image.effect_noise((480, 640), 40).convert("RGB").save(out, "JPEG", quality=85)
    dg2 = encode_dg2(out.getvalue(), 480, 640, "jpeg")
    assert ours_walk(dg13) == peer_walk(dg13)
    assert ours_walk(dg2) == peer_walk(dg2)
    print(f"DG13 {len(dg13)} bytes, {ours_walk(dg13)} TLV objects; DG2 {len(dg2)} bytes")
    print(f"{'operation':44} {'median µs':>10}")
    rows = [
        ("DG13 TLV walk, ours", lambda: ours_walk(dg13)),
        ("DG13 TLV walk, asn1crypto (peer)", lambda: peer_walk(dg13)),
        ("DG2 TLV walk, ours", lambda: ours_walk(dg2)),
        ("DG2 TLV walk, asn1crypto (peer)", lambda: peer_walk(dg2)),
        ("parse_dg13", lambda: parse_dg13(dg13)),
        ("parse_dg13 + build_identity", lambda: build_identity(None, parse_dg13(dg13))),
        ("DG2 structure walk to the image", lambda: image_from_record(biometric_data_block(dg2))),
        ("parse_dg2 (walk + Pillow full decode)", lambda: parse_dg2(dg2)),
    ]
    for name, fn in rows:
        print(f"{name:44} {timed(fn, runs):10.1f}")


if __name__ == "__main__":
    main()
