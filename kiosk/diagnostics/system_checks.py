"""Disk, memory and versions: the machine under the kiosk."""

from __future__ import annotations

import importlib.metadata
import platform
import shutil
from pathlib import Path

from kiosk import __version__
from kiosk.diagnostics.context import DiagOptions
from kiosk.diagnostics.result import Check, failed, ok, warning

DISK_FAILED_MB = 200
DISK_WARNING_MB = 1024
MEMORY_FAILED_MB = 100
MEMORY_WARNING_MB = 300
PACKAGES = ("PySide6", "pyscard", "opencv-python-headless", "zxing-cpp", "python-escpos",
            "httpx", "cryptography", "starlette")


def check_disk(options: DiagOptions) -> Check:
    """Free space where the outbox lives."""
    folder = Path(options.config.sync.data_dir).expanduser()
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    usage = shutil.disk_usage(folder)
    free_mb = usage.free // (1024 * 1024)
    facts = {"path": str(folder), "free_mb": free_mb, "total_mb": usage.total // (1024 * 1024)}
    if free_mb < DISK_FAILED_MB:
        return failed("system.disk", f"only {free_mb} MB free on the data disk",
                      ("Ổ đĩa gần đầy: hãy gọi kỹ thuật viên để giải phóng dung lượng ngay.",
                       "The disk is nearly full: free space now, or records cannot be kept."),
                      **facts)
    if free_mb < DISK_WARNING_MB:
        return warning("system.disk", f"{free_mb} MB free on the data disk",
                       ("Dung lượng đĩa còn ít: hãy dọn bớt tệp nhật ký cũ.",
                        "Disk space is low: remove old log files soon."), **facts)
    return ok("system.disk", f"{free_mb} MB free on the data disk", **facts)


def _meminfo(path: Path = Path("/proc/meminfo")) -> dict[str, int]:
    values: dict[str, int] = {}
    try:
        for line in path.read_text().splitlines():
            key, _, rest = line.partition(":")
            parts = rest.split()
            if parts and parts[0].isdigit():
                values[key] = int(parts[0]) // 1024  # kB → MB
    except OSError:
        return {}
    return values


def check_memory(options: DiagOptions) -> Check:
    """Available memory (Linux ``/proc/meminfo``)."""
    info = _meminfo()
    if "MemAvailable" not in info:
        return warning("system.memory", "available memory is unknown on this system",
                       ("Không đọc được bộ nhớ; hãy báo kỹ thuật viên.",
                        "Memory could not be read; tell a technician."))
    available, total = info["MemAvailable"], info.get("MemTotal", 0)
    facts = {"available_mb": available, "total_mb": total}
    if available < MEMORY_FAILED_MB:
        return failed("system.memory", f"only {available} MB of memory available",
                      ("Bộ nhớ gần hết: hãy khởi động lại ki-ốt.",
                       "Memory is nearly exhausted: restart the kiosk."), **facts)
    if available < MEMORY_WARNING_MB:
        return warning("system.memory", f"{available} MB of memory available",
                       ("Bộ nhớ còn ít: hãy khởi động lại ki-ốt ngoài giờ phục vụ.",
                        "Memory is low: restart the kiosk outside opening hours."), **facts)
    return ok("system.memory", f"{available} MB of {total} MB memory available", **facts)


def check_versions(options: DiagOptions) -> Check:
    """The kiosk, Python, the OS and the libraries that talk to devices."""
    versions: dict[str, str] = {"kiosk": __version__, "python": platform.python_version(),
                                "os": platform.platform()}
    missing = []
    for package in PACKAGES:
        try:
            versions[package] = importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            missing.append(package)
    if missing:
        return warning("system.versions", "missing: " + ", ".join(missing),
                       ("Thiếu thư viện: hãy cài lại phần mềm ki-ốt.",
                        "Libraries are missing: reinstall the kiosk software."), **versions)
    return ok("system.versions", f"kiosk {__version__} on Python {versions['python']}",
              **versions)


def system_checks(options: DiagOptions) -> list[Check]:
    """Disk, memory and versions."""
    return [check_disk(options), check_memory(options), check_versions(options)]
