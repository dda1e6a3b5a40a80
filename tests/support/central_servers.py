"""Test helpers: a real central service process on 127.0.0.1, TLS material, enrolled kiosks."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import socket
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import httpx
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from kiosk.central.service import CentralService
from kiosk.central.storage import Database
from kiosk.sync.enrollment import enroll
from kiosk.sync.keys import DeviceIdentity

from .waiting import wait_until

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Tls:
    ca: Path
    cert: Path
    key: Path


def make_tls(folder: Path) -> Tls:
    """A throwaway CA and a server certificate for 127.0.0.1 / localhost."""
    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Kiosk test CA")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name).issuer_name(ca_name).public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(hours=1)).not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False),
                       critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    import ipaddress

    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")]))
        .issuer_name(ca_name).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(hours=1)).not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([
            x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False)
        .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]),
                       critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    tls = Tls(folder / "ca.pem", folder / "server.pem", folder / "server.key")
    tls.ca.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    tls.cert.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    tls.key.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                          serialization.PrivateFormat.PKCS8,
                                          serialization.NoEncryption()))
    return tls


def session_priority(nice: int) -> None:
    """Give the calling process (the leader of a session of its own) ``nice`` steps of CPU
    priority against every other process of the machine.

    With autogroup scheduling (``/proc/sys/kernel/sched_autogroup_enabled``, on by
    default in most kernels) a nice value only ranks threads inside their own session:
    the CPU is shared between sessions first, each weighted by its autogroup's nice. So
    both are set: the process's nice and, where the kernel has it, the session's
    (``/proc/self/autogroup``). A systemd service gets the same effect from its cgroup's
    ``CPUWeight=``.
    """
    os.nice(nice)
    with contextlib.suppress(OSError):  # no autogroup here: the nice alone counts
        Path("/proc/self/autogroup").write_text(str(nice))


class CentralProcess:
    """``uvicorn kiosk.central.app:app_from_env`` in its own process."""

    def __init__(self, database_url: str, folder: Path, *, tls: Tls | None = None,
                 faults: str = "", workers: int = 1, server: str = "uvicorn",
                 nice: int = 0, cores: set[int] | None = None) -> None:
        self.database_url = database_url
        self.port = free_port()
        self.tls = tls
        scheme = "https" if tls else "http"
        self.url = f"{scheme}://127.0.0.1:{self.port}"
        env = {**os.environ, "KIOSK_CENTRAL_DATABASE_URL": database_url,
               "KIOSK_CENTRAL_FAULTS": faults, "KIOSK_CONFIG": ""}
        if not database_url.startswith("sqlite:"):
            # PostgreSQL's default key file is in the home folder: keep the test's own
            # (a SQLite database keeps its keys next to its file, in the test's folder)
            env.setdefault("KIOSK_CENTRAL_KEY_FILE", str(folder / "central.key"))
        env["PYTHONPATH"] = str(ROOT)
        args = [PYTHON, "-m", "uvicorn", "kiosk.central.app:app_from_env", "--factory",
                "--host", "127.0.0.1", "--port", str(self.port), "--workers", str(workers),
                "--log-level", "warning", "--no-access-log", "--timeout-graceful-shutdown", "1"]
        if tls:
            args += ["--ssl-certfile", str(tls.cert), "--ssl-keyfile", str(tls.key)]
        if server == "hypercorn":  # offers HTTP/2 (ALPN h2) over TLS
            args = [PYTHON, "-m", "hypercorn", "kiosk.central.app:app_from_env()",
                    "--bind", f"127.0.0.1:{self.port}", "--workers", str(workers),
                    "--graceful-timeout", "1"]
            if tls:
                args += ["--certfile", str(tls.cert), "--keyfile", str(tls.key)]
        self.log = (folder / f"central-{self.port}.log").open("wb")
        # own session, so stop() can end the server's worker processes with it
        # ``nice``: the CPU priority steps of every process and thread of the server
        # (negative: better; needs root), as a systemd unit's Nice=/CPUWeight= set it;
        # ``cores``: the CPUs it may run on, as CPUAffinity= sets them

        def prepare() -> None:
            if nice:
                session_priority(nice)
            if cores:
                os.sched_setaffinity(0, cores)

        self.proc = subprocess.Popen(args, env=env, cwd=ROOT, stdout=self.log, stderr=self.log,
                                     start_new_session=True,
                                     preexec_fn=prepare if nice or cores else None)
        self._wait()

    def _wait(self) -> None:
        import ssl

        verify: ssl.SSLContext | bool = (
            ssl.create_default_context(cafile=str(self.tls.ca)) if self.tls else True)

        def answers() -> bool:
            if self.proc.poll() is not None:
                raise RuntimeError(f"central service exited; see {self.log.name}")
            try:
                return httpx.get(self.url + "/v1/ping", verify=verify, timeout=1
                                 ).status_code == 200
            except httpx.HTTPError:
                return False

        wait_until(answers, 30, 0.1, f"the central service to start (see {self.log.name})")

    def stop(self) -> None:
        import signal

        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(3)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)  # any worker left behind
        self.log.close()


def issue_code(database_url: str, center: str = "HCM-01", role: str = "kiosk") -> str:
    """A one-time enrolment code for a ``role`` device of ``center``."""
    db = Database(database_url, pool_size=1)
    try:
        return CentralService(db).issue_code(center, role=role)
    finally:
        db.close()


def enrolled_kiosk(central: CentralProcess, folder: Path, center: str = "HCM-01",
                   role: str = "kiosk") -> DeviceIdentity:
    """A device enrolled the production way as a ``role`` device of ``center``."""
    folder.mkdir(parents=True, exist_ok=True)
    code = issue_code(central.database_url, center, role)
    return enroll(code, central.url, folder, str(central.tls.ca) if central.tls else "")


def add_staff(server: CentralProcess, user: str, center: str, pin: str = "482913",
              services: tuple[str, ...] = ("A",)) -> None:
    """A staff account of ``center`` in the server's database (kept when it exists)."""
    from kiosk.central.staff import StaffDirectory, StaffError
    from kiosk.central.vault import Vault

    db = Database(server.database_url, pool_size=1)
    try:
        StaffDirectory(db, Vault.load(key_file_of(server), create=False)).add(
            user, "Nhân Viên Thử", services, pin, center=center)
    except StaffError:
        pass  # made by an earlier test on this server
    finally:
        db.close()


def key_file_of(server: CentralProcess) -> Path:
    """Where the server under test keeps its data and index keys."""
    if server.database_url.startswith("sqlite:///"):
        return Path(server.database_url[len("sqlite:///"):] + ".key")
    return Path(server.log.name).parent / "central.key"
