"""Staff accounts (the real CLI) and sign-in at a counter (real HTTP, signed requests)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from kiosk.central.staff import (
    StaffDirectory,
    StaffError,
    check_pin,
    hash_pin,
    parse_services,
)
from kiosk.central.storage import Database
from kiosk.central.vault import Vault
from tests.central.desk import Kiosk, raw_store
from tests.support.central_servers import ROOT, CentralProcess, key_file_of

pytestmark = [pytest.mark.integration]  # a central service process (uvicorn) on 127.0.0.1

NAME = "Nguyễn Văn Thử"  # a synthetic staff member


def cli(server: CentralProcess, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """``kiosk central staff …`` on the server's database and key file."""
    env = {**os.environ, "KIOSK_CONFIG": "", "KIOSK_CENTRAL_DATABASE_URL": server.database_url,
           "KIOSK_CENTRAL_KEY_FILE": str(key_file_of(server)), "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "kiosk", "central", "staff", *args],
                          input=stdin, capture_output=True, text=True, env=env, cwd=ROOT,
                          timeout=60, check=False)


def directory(server: CentralProcess) -> tuple[StaffDirectory, Database]:
    """The server's staff accounts, in this process (what the CLI does, without start-up)."""
    db = Database(server.database_url, pool_size=1)
    return StaffDirectory(db, Vault.load(key_file_of(server), create=False)), db


@pytest.fixture(scope="module")
def accounts(server: CentralProcess) -> CentralProcess:
    staff, db = directory(server)
    for user, services in (("locked", ("A",)), ("gone", ("HT",))):
        staff.add(user, NAME, services, "482913", center="HCM-01")
    db.close()
    done = cli(server, "add", "thu", "--center", "HCM-01", "--name", NAME, "--services", "A,b",
               "--pin-stdin", stdin="482913\n")
    assert done.returncode == 0, done.stderr
    return server


@pytest.mark.slow  # the staff command run as a process, many times
def test_staff_cli_adds_lists_disables_and_refuses_bad_input(accounts: CentralProcess) -> None:
    server = accounts
    if not server.database_url.startswith("sqlite"):
        pytest.skip("the CLI is the same on every database; sign-in runs on both")
    listing = cli(server, "list")
    assert listing.returncode == 0
    assert f"thu\tHCM-01\t{NAME}\tA,B\tactive" in listing.stdout.splitlines()
    assert f"gone\tHCM-01\t{NAME}\tHT\tactive" in listing.stdout.splitlines()
    again = cli(server, "add", "thu", "--center", "HCM-01", "--name", "X", "--services", "A",
                "--pin-stdin", stdin="1234\n")
    assert again.returncode != 0 and "already exists" in again.stderr
    staff, db = directory(server)  # the checks behind the CLI's other refusals
    try:
        for args, reason in (((("A",), "12"), "4 to 12 digits"), ((("a b",), "1234"), "codes"),
                             ((("A",), "12ab"), "4 to 12 digits")):
            with pytest.raises(StaffError, match=reason):
                staff.add("new", "X", *args, center="HCM-01")
        with pytest.raises(StaffError, match="user name"):
            staff.add("Bad Name", "X", ("A",), "1234", center="HCM-01")
        with pytest.raises(StaffError, match="center"):
            staff.add("new", "X", ("A",), "1234", center="../x")
        with pytest.raises(StaffError, match="there is no user"):
            staff.disable("nobody")
        with pytest.raises(StaffError, match="comma-separated"):
            parse_services("A, b c")
    finally:
        db.close()
    assert cli(server, "disable", "gone").returncode == 0
    assert f"gone\tHCM-01\t{NAME}\tHT\tdisabled" in cli(server, "list").stdout.splitlines()
    assert NAME.encode() not in raw_store(server)  # staff names are sealed too
    assert b"482913" not in raw_store(server)


def test_sign_in_answers(accounts: CentralProcess, tmp_path: Path) -> None:
    counter = Kiosk(accounts, tmp_path / "counter", role="counter")
    good = counter.post("/v1/staff/sign-in", {"user": "thu", "pin": "482913", "counter": "3"})
    assert good.status_code == 200
    answer = good.json()
    session, lasts = answer.pop("session"), answer.pop("session_s")
    assert answer == {"user": "thu", "name": NAME, "services": ["A", "B"], "counter": "3"}
    assert len(session) >= 40 and lasts == 12 * 3600  # a working day at this counter
    wrong = counter.post("/v1/staff/sign-in", {"user": "thu", "pin": "000000", "counter": "3"})
    unknown = counter.post("/v1/staff/sign-in", {"user": "ghost", "pin": "482913",
                                                 "counter": "3"})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()  # nothing tells which user names exist
    assert counter.post("/v1/staff/sign-in", {"user": "thu", "pin": "482913"}).status_code == 400
    assert counter.post("/v1/staff/sign-in", {"user": "thu", "pin": "482913",
                                              "counter": "../x"}).status_code == 400
    unsigned = httpx.post(accounts.url + "/v1/staff/sign-in",
                          json={"user": "thu", "pin": "482913", "counter": "3"})
    assert unsigned.status_code == 401 and "name" not in unsigned.json()
    staff, db = directory(accounts)
    staff.disable("gone")
    assert [m.disabled for m in staff.members() if m.user == "gone"] == [True]
    db.close()
    disabled = counter.post("/v1/staff/sign-in", {"user": "gone", "pin": "482913",
                                                  "counter": "3"})
    assert disabled.status_code == 403 and "disabled" in disabled.json()["error"]
    assert counter.post("/v1/staff/sign-in", {"user": "gone", "pin": "1111",
                                              "counter": "3"}).status_code == 401
    counter.close()


def test_five_failures_in_five_minutes_block_the_user(accounts: CentralProcess,
                                                      tmp_path: Path) -> None:
    counter = Kiosk(accounts, tmp_path / "counter", role="counter")
    answers = [counter.post("/v1/staff/sign-in", {"user": "locked", "pin": f"99{n}0",
                                                  "counter": "1"}).status_code
               for n in range(5)]
    assert answers == [401] * 5
    blocked = counter.post("/v1/staff/sign-in", {"user": "locked", "pin": "482913",
                                                 "counter": "1"})
    assert blocked.status_code == 429 and "wait" in blocked.json()["error"]
    assert 0 < int(blocked.headers["Retry-After"]) <= 300
    # other users are not affected
    assert counter.post("/v1/staff/sign-in", {"user": "thu", "pin": "482913",
                                              "counter": "1"}).status_code == 200
    counter.close()


def test_failures_age_out_and_a_success_clears_them(tmp_path: Path) -> None:
    from kiosk.central.pin_lockout import WINDOW_S as FAILURE_WINDOW_S
    from kiosk.central.service import RefusedError
    from kiosk.central.staff import StaffDirectory
    from kiosk.central.storage import Database
    from kiosk.central.vault import Vault

    db = Database(f"sqlite:///{tmp_path}/c.db", pool_size=1)
    staff = StaffDirectory(db, Vault.generate())
    staff.add("an", "Trần An", ("A",), "2468", center="HCM-01")
    body = {"user": "an", "pin": "1357", "counter": "2"}
    for n in range(5):
        with pytest.raises(RefusedError) as failure:
            staff.sign_in(body, "k-1", "HCM-01", now=1000.0 + n)
        assert failure.value.status == 401
    with pytest.raises(RefusedError) as blocked:
        staff.sign_in({**body, "pin": "2468"}, "k-1", "HCM-01", now=1010.0)
    assert blocked.value.status == 429 and blocked.value.retry_after == 290
    later = 1004.0 + FAILURE_WINDOW_S + 1
    assert staff.sign_in({**body, "pin": "2468"}, "k-1", "HCM-01", now=later)["name"] == "Trần An"
    for n in range(4):
        with pytest.raises(RefusedError):
            staff.sign_in(body, "k-1", "HCM-01", now=later + n)
    assert staff.sign_in({**body, "pin": "2468"}, "k-1", "HCM-01", now=later + 5)["user"] == "an"
    with pytest.raises(RefusedError) as after_success:
        staff.sign_in(body, "k-1", "HCM-01", now=later + 6)
    assert after_success.value.status == 401  # the count restarted after the success
    db.close()


def test_pin_hashes_are_salted_scrypt() -> None:
    first, second = hash_pin("2468"), hash_pin("2468")
    assert first.startswith("scrypt$16384$8$1$") and first != second
    assert check_pin("2468", first) and check_pin("2468", second)
    assert not check_pin("2469", first) and not check_pin("2468", "md5$x")


@pytest.mark.parametrize("user, pin", [
    ("demo\x00", "2468"),          # PostgreSQL stores no NUL: it was a 500 there
    ("\ud93edemo", "2468"),        # a lone surrogate cannot be encoded
    ("demo", "24\x1f68"),
    ("demo", "\ud812"),            # scrypt would fail to encode the PIN
])
def test_a_sign_in_with_control_characters_is_refused_before_the_database(
        user: str, pin: str) -> None:
    from kiosk.central.service import RefusedError
    from kiosk.central.staff import parse_sign_in

    with pytest.raises(RefusedError) as refused:
        parse_sign_in({"user": user, "pin": pin, "counter": "5"})
    assert refused.value.status == 400
