"""Card read benchmark, issue 19: extended length detected per card family, and what a
known card family saves (EF.CardAccess and the SOD's certificate remembered).

Reads each sample card through the real pcscd + vsmartcard-vpcd + the emulator, with
BAC and with PACE, in these modes (all measured in the same run on the same cards):

- ``short``          — extended length off, nothing remembered: the reads before issue 19;
- ``auto ext 1st``   — ``[reader] extended_length = auto``, a card and reader that take
                       extended APDUs, first card of its family (the probe runs);
- ``auto ext known`` — the next card of that family;
- ``auto short 1st`` — auto on a card that refuses extended APDUs (6700), first card;
- ``auto short known`` — the next card of that family.

For each: identity APDUs (unlock + EF.SOD + DG1 + DG13, checked against the SOD), face
APDUs (DG2), whole-read APDUs, and the modelled contactless time of the identity and
of the whole read with the face (APDUs x 15 ms + bytes at 424 kbit/s,
``kiosk.simulated.field_timing``). Targets: whole read with the face modelled
<= 600 ms where extended length works; never more APDUs than ``short`` once the family
is known; PACE identity <= 16 APDUs with short APDUs.

    PYTHONPATH=. .venv/bin/python benchmarks/card_read_modes.py [--samples a,b]

Needs pcscd with vsmartcard-vpcd (root starts it; see packaging/dev.sh).
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass

from kiosk.devices.card.pcsc_service import ensure_pcscd
from kiosk.devices.card.reader import connect_card
from kiosk.devices.card.service import AccessInputs, access_plan
from kiosk.devices.chip.card_family import CardFamilies
from kiosk.devices.chip.card_session import CardReadResult, ReadOptions, read_card
from kiosk.simulated.field_timing import modelled_ms
from kiosk.simulated.samples import build_card, list_samples, load_sample
from kiosk.simulated.vpcd_slot import virtual_card

MODES = ("short", "auto ext 1st", "auto ext known", "auto short 1st", "auto short known")


@dataclass
class Row:
    mode: str
    identity_apdus: int
    identity_ms: float
    face_apdus: int
    total_apdus: int
    total_ms: float


def _read(reader: str, name: str, protocol: str, card_extended: bool,
          options: ReadOptions) -> CardReadResult:
    plan = access_plan(AccessInputs(qr_text=load_sample(name).qr_text), (protocol, "BAC"))
    with virtual_card(build_card(name, pace=protocol == "PACE",
                                 extended_length=card_extended)), \
            connect_card(reader, timeout=5.0, extended=options.extended_auto) as transport:
        result = read_card(transport, plan, options)
    assert str(result.access) == protocol, (result.access, result.warnings)
    return result


def _row(mode: str, result: CardReadResult) -> Row:
    ia, ib, _ = result.identity_stats
    return Row(mode, ia, modelled_ms(ia, ib), result.face_stats[0], result.stats.apdus,
               modelled_ms(result.stats.apdus, result.stats.bytes))


def measure(reader: str, name: str, protocol: str) -> list[Row]:
    """One read per mode; the "known" modes reuse the family memory of the "1st" ones."""
    rows = [_row("short", _read(reader, name, protocol, False, ReadOptions()))]
    for card_extended, label in ((True, "ext"), (False, "short")):
        families = CardFamilies()
        options = ReadOptions(extended_auto=True, families=families)
        for when in ("1st", "known"):
            result = _read(reader, name, protocol, card_extended, options)
            rows.append(_row(f"auto {label} {when}", result))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--samples", default="")
    args = parser.parse_args()
    names = ensure_pcscd(want_virtual=True)
    reader = next(n for n in names if n.startswith("Virtual PCD 00 00"))
    samples = args.samples.split(",") if args.samples else list_samples()
    _read(reader, samples[0], "BAC", False, ReadOptions())  # imports, decoder set-up
    print(f"{'sample':<22} {'proto':<5} {'mode':<17} {'id APDU':>7} {'id model':>8} "
          f"{'face APDU':>9} {'all APDU':>8} {'all model':>9}")
    worst: dict[tuple[str, str], list[Row]] = {}
    for protocol in ("BAC", "PACE"):
        for name in samples:
            rows = measure(reader, name, protocol)
            for row in rows:
                worst.setdefault((protocol, row.mode), []).append(row)
                print(f"{name:<22} {protocol:<5} {row.mode:<17} {row.identity_apdus:>7} "
                      f"{row.identity_ms:>8.0f} {row.face_apdus:>9} {row.total_apdus:>8} "
                      f"{row.total_ms:>9.0f}")
            short = rows[0]
            slower = [r.mode for r in rows[1:] if "known" in r.mode
                      and r.total_apdus > short.total_apdus]
            if slower:
                print(f"  ! slower than short once known: {', '.join(slower)}")
    print()
    for (protocol, mode), rows in worst.items():
        print(f"{protocol} {mode:<17}: identity {min(r.identity_apdus for r in rows)}-"
              f"{max(r.identity_apdus for r in rows)} APDUs, <= "
              f"{max(r.identity_ms for r in rows):.0f} ms modelled; whole read with the "
              f"face {min(r.total_apdus for r in rows)}-{max(r.total_apdus for r in rows)} "
              f"APDUs, <= {max(r.total_ms for r in rows):.0f} ms modelled")


if __name__ == "__main__":
    main()
