"""Staff sign-in under attack (issue 14, findings 2, 4 and 7), against a live central.

- 50 truly parallel wrong PINs are mostly refused before scrypt runs: at most 5 are
  evaluated (401), the rest are told to wait (429), the right PIN is refused while the
  lock holds, and the server's peak memory barely moves (2 scrypt checks at a time);
- wrong PINs from another center's counter never lock the user at their own center,
  and that counter cannot sign the user in even with the right PIN (same 401);
- the lock is per user and device, with a ceiling per user across the center;
- sign-out ends the session, and a session works only at the device that opened it.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from kiosk.central.pin_lockout import PER_DEVICE, PER_USER
from tests.central.desk import Kiosk, signed_in
from tests.support.central_servers import CentralProcess, add_staff

pytestmark = [pytest.mark.integration]  # a central service process (uvicorn) on 127.0.0.1

SIGN_IN = "/v1/staff/sign-in"
PIN = "482913"


def _memory_kib(server: CentralProcess) -> dict[str, int]:
    """VmRSS and VmHWM of the server process (uvicorn with one worker is one process)."""
    fields = {}
    with open(f"/proc/{server.proc.pid}/status", encoding="ascii") as status:
        for line in status:
            name, _, value = line.partition(":")
            if name in ("VmRSS", "VmHWM"):
                fields[name] = int(value.split()[0])
    return fields


def _try(counter: Kiosk, user: str, pin: str) -> int:
    return counter.post(SIGN_IN, {"user": user, "pin": pin, "counter": "3"}).status_code


def test_fifty_parallel_wrong_pins_evaluate_at_most_five(server: CentralProcess,
                                                         tmp_path: Path) -> None:
    add_staff(server, "song-song", "HCM-01", PIN)
    counter = Kiosk(server, tmp_path / "counter", role="counter")
    assert _try(counter, "song-song", PIN) == 200  # warm: the server has run scrypt once
    before = _memory_kib(server)
    guesses = [f"{n:06d}" for n in range(50)]
    with ThreadPoolExecutor(max_workers=50) as pool:
        answers = list(pool.map(lambda pin: _try(counter, "song-song", pin), guesses))
    after = _memory_kib(server)
    assert answers.count(401) <= PER_DEVICE, answers
    assert answers.count(401) + answers.count(429) + answers.count(503) == 50, answers
    assert answers.count(401) >= 1  # the first guesses were really checked
    assert _try(counter, "song-song", PIN) == 429  # locked: the right PIN waits too
    # 16 MiB per scrypt check, at most 2 at once: the peak grows far less than 50 × 16 MiB
    assert after["VmHWM"] - before["VmHWM"] < 64 * 1024, (before, after)
    assert after["VmRSS"] - before["VmRSS"] < 64 * 1024, (before, after)
    counter.close()


def test_wrong_pins_at_another_centers_counter_never_lock_the_user_out(
        server: CentralProcess, tmp_path: Path) -> None:
    add_staff(server, "o-nha", "HCM-01", PIN)
    home = Kiosk(server, tmp_path / "home", role="counter")
    stranger = Kiosk(server, tmp_path / "stranger", center="HN-02", role="counter")
    answers = [stranger.post(SIGN_IN, {"user": "o-nha", "pin": f"11{n}1", "counter": "1"})
               for n in range(PER_DEVICE + 2)]
    assert [a.status_code for a in answers] == [401] * (PER_DEVICE + 2)
    wrong = home.post(SIGN_IN, {"user": "o-nha", "pin": "0000", "counter": "3"})
    right_elsewhere = stranger.post(SIGN_IN, {"user": "o-nha", "pin": PIN, "counter": "1"})
    # another center's account reads exactly like a wrong PIN: nothing tells it apart
    assert right_elsewhere.status_code == 401 and right_elsewhere.json() == wrong.json()
    assert _try(home, "o-nha", PIN) == 200  # not locked at the user's own center
    home.close()
    stranger.close()


def test_the_lock_is_per_device_with_a_ceiling_per_user(server: CentralProcess,
                                                        tmp_path: Path) -> None:
    add_staff(server, "tran-tran", "HCM-01", PIN)
    desks = [Kiosk(server, tmp_path / f"desk{n}", role="counter")
             for n in range(PER_USER // PER_DEVICE + 1)]
    for desk in desks[:-1]:
        assert [_try(desk, "tran-tran", "0000") for _ in range(PER_DEVICE)] == [401] * PER_DEVICE
        assert _try(desk, "tran-tran", PIN) == 429  # this desk is locked for this user
    # the user's ceiling across the center is reached: a fresh desk is refused too
    assert _try(desks[-1], "tran-tran", PIN) == 429
    for desk in desks:
        desk.close()


def test_a_success_clears_that_devices_failures(server: CentralProcess, tmp_path: Path) -> None:
    add_staff(server, "xoa-loi", "HCM-01", PIN)
    desk = Kiosk(server, tmp_path / "desk", role="counter")
    assert [_try(desk, "xoa-loi", "0000") for _ in range(PER_DEVICE - 1)] == [401] * 4
    assert _try(desk, "xoa-loi", PIN) == 200
    assert [_try(desk, "xoa-loi", "0000") for _ in range(PER_DEVICE)] == [401] * PER_DEVICE
    desk.close()


def test_sign_out_ends_the_session_and_sessions_stay_at_their_device(
        server: CentralProcess, tmp_path: Path) -> None:
    counter = Kiosk(server, tmp_path / "counter", role="counter")
    neighbour = Kiosk(server, tmp_path / "neighbour", role="counter")
    lobby = Kiosk(server, tmp_path / "lobby")
    session = signed_in(server, counter, "ra-ve")
    look_up = {"id_number": "079058004321", "session": session}
    assert counter.post("/v1/counters/lookup", look_up).status_code == 200
    assert neighbour.post("/v1/counters/lookup", look_up).status_code == 401  # not its session
    assert neighbour.post("/v1/staff/sign-out", {"session": session}).json() == {
        "signed_out": False}  # another device cannot end it either
    assert lobby.post("/v1/staff/sign-out", {"session": session}).status_code == 403
    assert counter.post("/v1/counters/lookup", look_up).status_code == 200
    assert counter.post("/v1/staff/sign-out", {"session": session}).json() == {
        "signed_out": True}
    assert counter.post("/v1/counters/lookup", look_up).status_code == 401
    assert counter.post("/v1/staff/sign-out", {"session": session}).json() == {
        "signed_out": False}
    assert counter.post("/v1/staff/sign-out", {"token": session}).status_code == 400
    for device in (counter, neighbour, lobby):
        device.close()

