"""Card read benchmark: our read strategy vs a naive one, through the real pcscd.

Reads each sample card N times through pcscd + vsmartcard-vpcd + the emulator and
prints, for identity (select + unlock + EF.COM + DG1 + DG13) and face (DG2) separately:
APDUs, bytes on the wire and wall time; then the same for the naive strategy (SELECT
before every read, 160-byte blocks, DG2 first) measured in the same run.

    .venv/bin/python benchmarks/card_read.py [--runs N] [--samples a,b]

Needs pcscd with vsmartcard-vpcd (root starts it; see packaging/dev.sh).
"""

from __future__ import annotations

import argparse
import statistics
import time
from dataclasses import dataclass

from kiosk.devices.card_service import AccessInputs, key_candidates, virtual_card
from kiosk.devices.chip.apdu import CountingTransport
from kiosk.devices.chip.card_session import read_card, unlock
from kiosk.devices.chip.files import DG1, DG2, DG13, DG14, DG15, EF_COM, EF_SOD
from kiosk.devices.chip.reading import FileReader, ReadStrategy, select_application
from kiosk.devices.pcsc_service import ensure_pcscd
from kiosk.devices.reader import connect_card
from kiosk.devices.simulated.samples import build_card, list_samples, load_sample


@dataclass
class Figures:
    identity_apdus: int
    identity_bytes: int
    identity_ms: float
    face_apdus: int
    face_bytes: int
    face_ms: float

    @property
    def total_apdus(self) -> int:
        return self.identity_apdus + self.face_apdus


def ours(reader: str, name: str) -> Figures:
    keys = key_candidates(AccessInputs(qr_text=load_sample(name).qr_text))
    transport = connect_card(reader, timeout=5.0)
    try:
        result = read_card(transport, keys)
    finally:
        transport.close()
    ia, ib, ims = result.identity_stats
    fa, fb, fms = result.face_stats
    return Figures(ia, ib, ims, fa, fb, fms)


def naive(reader: str, name: str) -> Figures:
    """SELECT per read, 160-byte blocks, DG2 first, then the same files as ours."""
    keys = key_candidates(AccessInputs(qr_text=load_sample(name).qr_text))
    raw = connect_card(reader, timeout=5.0)
    try:
        counting = CountingTransport(raw)
        started = time.perf_counter()
        select_application(counting)
        secure, _access, _label = unlock(counting, keys)
        setup = (counting.stats.apdus, counting.stats.bytes)
        files = FileReader(secure, ReadStrategy.naive())
        files.read(DG2)
        face = (counting.stats.apdus - setup[0], counting.stats.bytes - setup[1],
                (time.perf_counter() - started) * 1000)
        for ef in (EF_COM, DG1, DG13, EF_SOD, DG14, DG15):
            files.read(ef)
        total_ms = (time.perf_counter() - started) * 1000
    finally:
        raw.close()
    return Figures(counting.stats.apdus - face[0], counting.stats.bytes - face[1],
                   total_ms - face[2], face[0], face[1], face[2])


def run(reader: str, name: str, runs: int) -> dict[str, list[Figures]]:
    out: dict[str, list[Figures]] = {"ours": [], "naive": []}
    for _ in range(runs):
        for label, fn in (("ours", ours), ("naive", naive)):
            with virtual_card(build_card(name)):
                out[label].append(fn(reader, name))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--samples", default="")
    args = parser.parse_args()
    names = ensure_pcscd(want_virtual=True)
    reader = next(n for n in names if n.startswith("Virtual PCD 00 00"))
    samples = args.samples.split(",") if args.samples else list_samples()
    header = (f"{'sample':<24} {'strategy':<6} {'id APDU':>7} {'id B':>6} {'id ms':>7} "
              f"{'face APDU':>9} {'face B':>7} {'face ms':>8} {'all APDU':>8}")
    print(header)
    ratios: list[float] = []
    identity: list[int] = []
    for name in samples:
        figures = run(reader, name, args.runs)
        for label in ("ours", "naive"):
            f = figures[label]
            print(f"{name:<24} {label:<6} {f[0].identity_apdus:>7} {f[0].identity_bytes:>6} "
                  f"{statistics.median(x.identity_ms for x in f):>7.0f} {f[0].face_apdus:>9} "
                  f"{f[0].face_bytes:>7} {statistics.median(x.face_ms for x in f):>8.0f} "
                  f"{f[0].total_apdus:>8}")
        ratio = figures["ours"][0].total_apdus / figures["naive"][0].total_apdus
        ratios.append(ratio)
        identity.append(figures["ours"][0].identity_apdus)
        print(f"{name:<24} full read APDUs ours/naive = {ratio:.0%}")
    print(f"\nworst identity APDUs (ours): {max(identity)} (target ≤ 12)")
    print(f"worst full-read APDU ratio ours/naive: {max(ratios):.0%} (target ≤ 40%)")


if __name__ == "__main__":
    main()
