"""Card read benchmark: our read strategy vs a naive one, BAC and PACE, through pcscd.

Reads each sample card through the real pcscd + vsmartcard-vpcd + the emulator and
prints, for the identity (unlock + SOD + DG1 + DG13, checked) and for the face (DG2)
separately: APDUs, bytes on the wire, wall time here, and a modelled real-card time
(APDUs x 15 ms round trip + bytes at 424 kbit/s). The naive strategy (SELECT before
every read, 160-byte blocks, DG2 first, EF.COM for the file list) is measured in the
same run on the same cards. Also: reader-side CPU per APDU (CPU time of the reading
thread only; the emulator answers on its own thread) and the CPU time of the reader's
side of the PACE key agreement.

    .venv/bin/python benchmarks/card_read.py [--runs N] [--samples a,b] [--extended]

The modes of issue 19 (extended length probed per card family, a known family):
benchmarks/card_read_modes.py.

Needs pcscd with vsmartcard-vpcd (root starts it; see packaging/dev.sh).
"""

from __future__ import annotations

import argparse
import statistics
import time
from dataclasses import dataclass

from kiosk.devices.card.pcsc_service import ensure_pcscd
from kiosk.devices.card.reader import connect_card
from kiosk.devices.card.service import AccessInputs, access_plan
from kiosk.devices.chip.access import AccessPlan, unlock
from kiosk.devices.chip.apdu import CountingTransport
from kiosk.devices.chip.card_session import ReadOptions, read_card
from kiosk.devices.chip.files import DG1, DG2, DG13, DG14, DG15, EF_COM, EF_SOD
from kiosk.devices.chip.reading import FileReader, ReadStrategy
from kiosk.simulated.field_timing import modelled_ms
from kiosk.simulated.samples import build_card, list_samples, load_sample
from kiosk.simulated.vpcd_slot import virtual_card


@dataclass
class Figures:
    identity_apdus: int
    identity_bytes: int
    identity_ms: float
    face_apdus: int
    face_bytes: int
    face_ms: float
    total_apdus: int  # the whole read, authentication exchanges included
    total_bytes: int
    cpu_ms: float = 0.0  # reading thread CPU for the whole read
    unlock_cpu_ms: float = 0.0


def plan_for(name: str, protocol: str) -> AccessPlan:
    return access_plan(AccessInputs(qr_text=load_sample(name).qr_text), (protocol, "BAC"))


def ours(reader: str, name: str, protocol: str, extended: bool) -> Figures:
    options = ReadOptions(strategy=ReadStrategy(extended=extended))
    with connect_card(reader, timeout=5.0, extended=extended) as transport:
        cpu = time.thread_time()
        result = read_card(transport, plan_for(name, protocol), options)
        cpu = time.thread_time() - cpu
    assert str(result.access) == protocol, (result.access, result.warnings)
    ia, ib, ims = result.identity_stats
    fa, fb, fms = result.face_stats
    return Figures(ia, ib, ims, fa, fb, fms, result.stats.apdus, result.stats.bytes,
                   cpu * 1000)


def naive(reader: str, name: str, protocol: str, extended: bool) -> Figures:
    """SELECT per read, 160-byte blocks, DG2 first, then the same files as ours."""
    with connect_card(reader, timeout=5.0) as raw:
        counting = CountingTransport(raw)
        started = time.perf_counter()
        secure = unlock(counting, plan_for(name, protocol)).transport
        setup = (counting.stats.apdus, counting.stats.bytes)
        files = FileReader(secure, ReadStrategy.naive())
        files.read(DG2)
        face = (counting.stats.apdus - setup[0], counting.stats.bytes - setup[1],
                (time.perf_counter() - started) * 1000)
        for ef in (EF_COM, EF_SOD, DG1, DG13, DG14, DG15):
            files.read(ef)
        total_ms = (time.perf_counter() - started) * 1000
    return Figures(counting.stats.apdus - face[0], counting.stats.bytes - face[1],
                   total_ms - face[2], face[0], face[1], face[2], counting.stats.apdus,
                   counting.stats.bytes)


def unlock_cpu(reader: str, name: str, protocol: str) -> float:
    """Reader-side CPU milliseconds of unlocking (PACE: the key agreement)."""
    with connect_card(reader, timeout=5.0) as transport:
        cpu = time.thread_time()
        unlocked = unlock(transport, plan_for(name, protocol))
        cpu = time.thread_time() - cpu
    assert str(unlocked.protocol) == protocol
    return cpu * 1000


def measure(reader: str, name: str, protocol: str, runs: int, extended: bool
            ) -> dict[str, list[Figures]]:
    out: dict[str, list[Figures]] = {"ours": [], "naive": []}
    pace = protocol == "PACE"
    for _ in range(runs):
        for label, fn in (("ours", ours), ("naive", naive)):
            with virtual_card(build_card(name, pace=pace, extended_length=extended)):
                out[label].append(fn(reader, name, protocol, extended))
        with virtual_card(build_card(name, pace=pace, extended_length=extended)):
            out["ours"][-1].unlock_cpu_ms = unlock_cpu(reader, name, protocol)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--samples", default="")
    parser.add_argument("--extended", action="store_true",
                        help="reader and card both allow extended-length APDUs")
    args = parser.parse_args()
    names = ensure_pcscd(want_virtual=True)
    reader = next(n for n in names if n.startswith("Virtual PCD 00 00"))
    samples = args.samples.split(",") if args.samples else list_samples()
    # One untimed read first: module imports and decoder set-up happen once per process
    # (at start-up in the app), not per card, and must not count as per-APDU CPU.
    with virtual_card(build_card(samples[0], extended_length=args.extended)):
        ours(reader, samples[0], "BAC", args.extended)
    print(f"extended-length APDUs: {'yes' if args.extended else 'no'}; runs: {args.runs}")
    print(f"{'sample':<22} {'proto':<5} {'strategy':<6} {'id APDU':>7} {'id B':>6} "
          f"{'id ms':>6} {'id model':>8} {'face APDU':>9} {'face B':>7} {'face ms':>7} "
          f"{'face model':>10} {'all APDU':>8}")
    summary: dict[str, dict[str, list[float]]] = {}
    for protocol in ("BAC", "PACE"):
        agg = summary.setdefault(protocol, {"id_apdus": [], "id_model": [], "ratio": [],
                                            "cpu_per_apdu": [], "unlock_cpu": [],
                                            "cpu_per_kb": []})
        for name in samples:
            figures = measure(reader, name, protocol, args.runs, args.extended)
            for label in ("ours", "naive"):
                runs = figures[label]
                f = runs[0]
                id_ms = statistics.median(x.identity_ms for x in runs)
                face_ms = statistics.median(x.face_ms for x in runs)
                print(f"{name:<22} {protocol:<5} {label:<6} {f.identity_apdus:>7} "
                      f"{f.identity_bytes:>6} {id_ms:>6.0f} "
                      f"{modelled_ms(f.identity_apdus, f.identity_bytes):>8.0f} "
                      f"{f.face_apdus:>9} {f.face_bytes:>7} {face_ms:>7.0f} "
                      f"{modelled_ms(f.face_apdus, f.face_bytes):>10.0f} {f.total_apdus:>8}")
            mine, theirs = figures["ours"][0], figures["naive"][0]
            agg["id_apdus"].append(mine.identity_apdus)
            agg["id_model"].append(modelled_ms(mine.identity_apdus, mine.identity_bytes))
            agg["ratio"].append(mine.total_apdus / theirs.total_apdus)
            agg["cpu_per_apdu"].append(statistics.median(
                x.cpu_ms / x.total_apdus for x in figures["ours"]))
            agg["cpu_per_kb"].append(statistics.median(
                x.cpu_ms * 1024 / x.total_bytes for x in figures["ours"]))
            agg["unlock_cpu"].append(statistics.median(
                x.unlock_cpu_ms for x in figures["ours"]))
    print()
    for protocol, agg in summary.items():
        print(f"{protocol}: identity incl. SOD {min(agg['id_apdus']):.0f}-"
              f"{max(agg['id_apdus']):.0f} APDUs (target ≤ 16); modelled identity "
              f"≤ {max(agg['id_model']):.0f} ms (target ≤ 500); full read ours/naive APDUs "
              f"≤ {max(agg['ratio']):.0%}; reader CPU per APDU ≤ "
              f"{max(agg['cpu_per_apdu']):.2f} ms (target ≤ 1), per KB ≤ "
              f"{max(agg['cpu_per_kb']):.2f} ms; unlock CPU ≤ "
              f"{max(agg['unlock_cpu']):.0f} ms"
              + (" (PACE key agreement, target ≤ 150)" if protocol == "PACE" else ""))


if __name__ == "__main__":
    main()
