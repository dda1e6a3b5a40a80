"""Speed of the pure-Python curve arithmetic and of whole BAC / PACE handshakes.

Peer in the same run: ``cryptography`` (OpenSSL, C) computing the same public key, to
show what the pure-Python generic-mapping arithmetic costs. Run:
    .venv/bin/python benchmarks/chip_crypto_pace.py
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cryptography.hazmat.primitives.asymmetric import ec

from kiosk.devices.chip.apdu import CommandApdu, ResponseApdu
from kiosk.devices.chip.bac import BacCardSide, BacKey, perform_bac
from kiosk.devices.chip.ecc_curves import CURVES
from kiosk.devices.chip.pace import PaceCardSide, perform_pace
from kiosk.devices.chip.pace_crypto import PacePassword
from kiosk.devices.chip.pace_info import PaceInfo

PEERS: dict[str, ec.EllipticCurve] = {
    "secp192r1": ec.SECP192R1(),
    "secp224r1": ec.SECP224R1(),
    "secp256r1": ec.SECP256R1(),
    "brainpoolP384r1": ec.BrainpoolP384R1(),
    "brainpoolP256r1": ec.BrainpoolP256R1(),
    "secp384r1": ec.SECP384R1(),
    "brainpoolP512r1": ec.BrainpoolP512R1(),
    "secp521r1": ec.SECP521R1(),
}


def median_ms(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


class Chip:
    supports_extended = True

    def __init__(self, pace: PaceCardSide | None = None, bac: BacCardSide | None = None) -> None:
        self.pace, self.bac = pace, bac

    def transmit(self, cmd: CommandApdu) -> ResponseApdu:
        if self.bac is not None:
            if cmd.ins == 0x84:
                return ResponseApdu.status(0x9000, self.bac.get_challenge())
            return ResponseApdu.status(0x9000, self.bac.external_authenticate(cmd.data)[0])
        assert self.pace is not None
        if cmd.ins == 0x22:
            self.pace.mse_set_at(cmd.data)
            return ResponseApdu.status(0x9000)
        return ResponseApdu.status(0x9000, self.pace.general_authenticate(cmd.data))


def main() -> None:
    print("scalar multiplication k*G, median ms (pure Python vs cryptography/OpenSSL)")
    for pid, curve in sorted(CURVES.items()):
        k = curve.n - 0x1234567
        ours = median_ms(lambda c=curve, k=k: c.multiply(k, c.generator), 30)
        peer = PEERS.get(curve.crypto_name)
        if peer is not None:
            theirs = median_ms(lambda p=peer, k=k: ec.derive_private_key(k, p), 30)
            print(f"  {pid:2d} {curve.name:16s} {ours:7.2f} ms   peer {theirs:6.3f} ms")
        else:
            print(f"  {pid:2d} {curve.name:16s} {ours:7.2f} ms   (no peer in cryptography)")

    key = BacKey("L898902C<", "690806", "940623")
    bac_ms = median_ms(lambda: perform_bac(Chip(bac=BacCardSide(key)), key), 50)
    print(f"BAC handshake, reader + card in process: {bac_ms:.2f} ms")
    can = PacePassword.from_can("123456")
    for pid, suite in [(12, 2), (13, 2), (16, 3), (17, 4)]:
        info = PaceInfo(f"0.4.0.127.0.7.2.2.4.2.{suite}", 2, pid)
        ms = median_ms(lambda i=info: perform_pace(Chip(pace=PaceCardSide(can, i)), can, i), 15)
        print(
            f"PACE-ECDH-GM {CURVES[pid].name:16s} {info.algorithm.name:22s}"
            f" reader + card in process: {ms:.1f} ms"
        )


if __name__ == "__main__":
    main()
