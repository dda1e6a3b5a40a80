"""The installed kiosk-central serving on PostgreSQL, and a kiosk enrolled through it,
the way docs/deploy.md tells a technician (issue 15, parts 4 and 6).

systemd does not run in CI, so the test starts the unit's ExecStart itself, as systemd
would: as the ``kiosk-central`` user, in /var/lib/kiosk-central, with the unit's
``Environment=`` and ``/etc/kiosk/central.env``, on the database the guide's commands
make for the packaged /etc/kiosk/central.toml (PostgreSQL's socket, peer login). Then
``sudo kiosk-central issue-code`` and ``sudo kiosk enroll`` (the packaged commands)
enrol the installed kiosk; Debian's nginx with the example configuration
(packaging/proxy/) serves the central over TLS and HTTP/2; and a ``pg_dump`` backup is
restored with the guide's commands and the central carries on.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import signal
import ssl
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.support.central_servers import free_port
from tests.support.debian_packages import ROOT, Installed, run

pytestmark = [pytest.mark.slow, pytest.mark.integration]

UNIT = ROOT / "packaging/systemd/kiosk-central.service"


def _unit_command_and_environment(env_file: Path) -> tuple[list[str], dict[str, str]]:
    """ExecStart with ${WORKERS} expanded, and the environment systemd would give it."""
    env: dict[str, str] = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}
    command = ""
    for line in UNIT.read_text().splitlines():
        if line.startswith("Environment="):
            key, _, value = line.removeprefix("Environment=").partition("=")
            env[key] = value
        elif line.startswith("ExecStart="):
            command = line.removeprefix("ExecStart=")
    for line in env_file.read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, _, value = line.partition("=")
            env[key.strip()] = value.strip()
    return shlex.split(command.replace("${WORKERS}", env["WORKERS"])), env


class InstalledCentral:
    """kiosk-central.service's ExecStart, started and stopped as systemd would."""

    def __init__(self, port: int) -> None:
        self.url = f"http://127.0.0.1:{port}"
        self.server: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        """Start the service's command as its user and wait for /v1/ping."""
        command, env = _unit_command_and_environment(Path("/etc/kiosk/central.env"))
        self.server = subprocess.Popen(
            ["runuser", "-u", "kiosk-central", "--", "env", "-i",
             *[f"{k}={v}" for k, v in env.items()], *command],
            cwd="/var/lib/kiosk-central", stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            start_new_session=True)
        _wait_for(self.url, self.server)

    def stop(self) -> None:
        """SIGTERM to runuser, uvicorn and its workers (as ``systemctl stop`` sends)."""
        server, self.server = self.server, None
        if server is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=10)


@pytest.fixture(scope="module")
def central(installed: Installed) -> Iterator[InstalledCentral]:
    """The installed central with the packaged /etc/kiosk/central.toml (PostgreSQL over
    its socket as the kiosk-central user, set up with docs/deploy.md's commands), 2
    workers; only the port is this test's."""
    run(["sh", str(ROOT / "packaging/ci/start-postgres.sh")])  # the cluster runs
    _documented_database()
    env_file = Path("/etc/kiosk/central.env")
    port = free_port()
    env_file.write_text(env_file.read_text().replace("WORKERS=4", "WORKERS=2")
                        + f"KIOSK_CENTRAL_PORT={port}\n")
    service = InstalledCentral(port)
    service.start()
    try:
        yield service
    finally:
        service.stop()


def _postgres(*command: str) -> str:
    return run(["runuser", "-u", "postgres", "--", *command], cwd="/")


def _documented_database() -> None:
    """docs/deploy.md section 3: the role kiosk-central and its database kiosk_central,
    made empty (a purged install's key file is gone, and the central rightly refuses a
    database sealed under another key)."""
    known = _postgres("psql", "-tAc", "SELECT 1 FROM pg_roles WHERE rolname='kiosk-central'")
    if known.strip() != "1":
        _postgres("createuser", "kiosk-central")
    _postgres("dropdb", "--if-exists", "kiosk_central")
    _postgres("createdb", "-O", "kiosk-central", "kiosk_central")


def _wait_for(url: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(f"{url}/v1/ping", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        if server.poll() is not None:
            output = server.stdout.read().decode() if server.stdout else ""
            pytest.fail(f"the central stopped:\n{output}")
        assert time.monotonic() < deadline, "the central did not answer within 60 s"
        time.sleep(0.3)


def test_central_runs_as_its_user_with_workers_and_a_private_key_file(
        central: InstalledCentral) -> None:
    assert httpx.get(f"{central.url}/v1/ping", timeout=5).status_code == 200
    workers = run(["pgrep", "-u", "kiosk-central", "-f", "spawn_main"]).split()
    assert len(workers) == 2  # WORKERS=2 in central.env: uvicorn's worker processes
    info = Path("/var/lib/kiosk-central/central.key").stat()
    assert info.st_mode & 0o777 == 0o600
    assert info.st_uid == int(run(["id", "-u", "kiosk-central"]))


def test_issue_code_and_enroll_with_the_packaged_commands(central: InstalledCentral) -> None:
    code = run(["/usr/bin/kiosk-central", "issue-code", "HCM-01"]).strip().splitlines()[-1]
    said = run(["/usr/bin/kiosk", "enroll", code, "--central", central.url])
    assert "center HCM-01" in said
    written = [p for p in Path("/var/lib/kiosk").rglob("*") if p.is_file()]
    assert written
    kiosk_uid = int(run(["id", "-u", "kiosk"]))
    assert {p.stat().st_uid for p in written} == {kiosk_uid}  # the session's own files
    status = run(["/usr/bin/kiosk", "sync", "status"])
    assert status.strip()


def _nginx_site(folder: Path, upstream: int, https: int, http: int) -> Path:
    """packaging/proxy/nginx-kiosk-central.conf with this test's ports and certificate."""
    run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=central.test", "-addext", "subjectAltName=IP:127.0.0.1",
         "-keyout", str(folder / "privkey.pem"), "-out", str(folder / "fullchain.pem")])
    site = (ROOT / "packaging/proxy/nginx-kiosk-central.conf").read_text()
    for old, new in (("127.0.0.1:8470", f"127.0.0.1:{upstream}"),
                     ("listen 443 ssl http2;", f"listen 127.0.0.1:{https} ssl http2;"),
                     ("listen [::]:443 ssl http2;", ""), ("listen [::]:80;", ""),
                     ("listen 80;", f"listen 127.0.0.1:{http};"),
                     ("/etc/ssl/kiosk-central/", f"{folder}/")):
        assert old in site, old
        site = site.replace(old, new)
    main = folder / "nginx.conf"
    main.write_text(f"daemon off;\npid {folder}/nginx.pid;\nerror_log {folder}/error.log;\n"
                    "events {}\nhttp {\n access_log off;\n"
                    f" client_body_temp_path {folder}/body;\n proxy_temp_path {folder}/proxy;\n"
                    f" include {folder}/site.conf;\n}}\n")
    (folder / "site.conf").write_text(site)
    return main


def test_nginx_example_terminates_tls_for_the_central(central: InstalledCentral,
                                                     tmp_path: Path) -> None:
    if not Path("/usr/sbin/nginx").exists():  # packaging/dev.sh test installs it
        run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", "nginx"],
            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
    https, http = free_port(), free_port()
    main = _nginx_site(tmp_path, int(central.url.rsplit(":", 1)[1]), https, http)
    run(["/usr/sbin/nginx", "-t", "-c", str(main), "-p", str(tmp_path)])
    proxy = subprocess.Popen(["/usr/sbin/nginx", "-c", str(main), "-p", str(tmp_path)])
    try:
        deadline = time.monotonic() + 20
        while not (tmp_path / "nginx.pid").exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(0.3)
        trust = ssl.create_default_context(cafile=str(tmp_path / "fullchain.pem"))
        with httpx.Client(verify=trust, http2=True) as client:
            answer = client.get(f"https://127.0.0.1:{https}/v1/ping", timeout=10)
            assert answer.status_code == 200 and answer.http_version == "HTTP/2"
            moved = client.get(f"http://127.0.0.1:{http}/v1/ping", timeout=10)
            assert moved.status_code == 301
            assert moved.headers["location"] == "https://127.0.0.1/v1/ping"
    finally:
        proxy.terminate()
        proxy.wait(timeout=20)


def _rows() -> dict[str, int]:
    counts = {}
    for table in ("devices", "enroll_codes", "records"):
        counts[table] = int(_postgres("psql", "-d", "kiosk_central", "-tAc",
                                      f"SELECT count(*) FROM {table}").strip())
    return counts


def test_backup_and_restore_as_documented(central: InstalledCentral, tmp_path: Path) -> None:
    run(["/usr/bin/kiosk-central", "issue-code", "HCM-02"])  # at least one row to restore
    before = _rows()
    dump = tmp_path / "kiosk_central.dump"
    with dump.open("wb") as out:  # docs/deploy.md: pg_dump -Fc kiosk_central > FILE
        subprocess.run(["runuser", "-u", "postgres", "--", "pg_dump", "-Fc", "kiosk_central"],
                       stdout=out, check=True, cwd="/")
    central.stop()
    _postgres("dropdb", "--if-exists", "kiosk_central")
    _postgres("createdb", "-O", "kiosk-central", "kiosk_central")
    with dump.open("rb") as backup:  # pg_restore ... < FILE
        subprocess.run(["runuser", "-u", "postgres", "--", "pg_restore", "--no-owner",
                        "--role=kiosk-central", "-d", "kiosk_central"], stdin=backup,
                       check=True, cwd="/")
    assert _rows() == before and before["enroll_codes"] >= 1
    central.start()
    run(["/usr/bin/kiosk-central", "verify-chain"])
    assert run(["/usr/bin/kiosk-central", "issue-code", "HCM-03"]).strip()
