"""The central service: enrollment, reachability, TLS, and the clock against its ``Date``.

Clock skew matters because the service refuses request signatures more than
``MAX_SKEW_S`` seconds off; the kiosk corrects for it when syncing, but a clock that
far off also stamps records with a wrong time.
"""

from __future__ import annotations

import email.utils
import ssl
import time
from pathlib import Path

import httpx

from kiosk.core.errors import KioskError
from kiosk.diagnostics.context import DiagOptions
from kiosk.diagnostics.result import Check, failed, ok, warning
from kiosk.sync.client import DeviceSignatureAuth
from kiosk.sync.embedded_central import embedded_central_state
from kiosk.sync.keys import DeviceIdentity, KeyStore
from kiosk.wire.httpsig import MAX_SKEW_S

SKEW_WARNING_S = 30.0
NOT_ENROLLED = ("Ki-ốt chưa đăng ký: chạy 'kiosk enroll MÃ --central URL' với mã từ trung tâm.",
                "The kiosk is not enrolled: run 'kiosk enroll CODE --central URL' with a code "
                "from the center.")
UNKNOWN_DEVICE = ("Trung tâm không biết ki-ốt này: đăng ký lại với mã mới.",
                  "The central service does not know this kiosk: enroll it again with a new "
                  "code.")
UNREACHABLE = ("Không kết nối được máy chủ trung tâm: kiểm tra cáp mạng, Wi-Fi và địa chỉ URL.",
               "The central service cannot be reached: check the network cable, Wi-Fi and "
               "the URL.")
NO_URL = ("Chưa cấu hình địa chỉ máy chủ trung tâm: đặt [sync] central_url.",
          "No central service is configured: set [sync] central_url.")
DEMO_STOPPED = ("Máy chủ trung tâm thử nghiệm chỉ chạy cùng 'kiosk run': mở ki-ốt rồi kiểm tra "
                "lại, hoặc đặt [sync] central_url là máy chủ của trung tâm.",
                "The demo's central service runs only inside 'kiosk run': start the kiosk and "
                "check again, or set [sync] central_url to the center's central service.")
TLS_FAILED = ("Chứng chỉ máy chủ không hợp lệ: kiểm tra ngày giờ ki-ốt và tệp CA trong cấu hình.",
              "The server certificate is not trusted: check the kiosk's date and the CA bundle "
              "in the configuration.")
PLAIN_HTTP = ("Kết nối không mã hóa: dùng địa chỉ https:// cho máy chủ trung tâm.",
              "The connection is not encrypted: use an https:// URL for the central service.")
CLOCK = ("Đồng hồ ki-ốt lệch: bật đồng bộ giờ (NTP) hoặc thay pin đồng hồ.",
         "The kiosk clock is off: turn on time sync (NTP) or replace the clock battery.")
SERVER_ERROR = ("Máy chủ trung tâm đang lỗi: báo cho bộ phận quản trị trung tâm.",
                "The central service reports an error: tell the center's administrators.")


def _identity(options: DiagOptions) -> DeviceIdentity | None:
    store = KeyStore.in_data_dir(Path(options.config.sync.data_dir).expanduser())
    if not store.exists():
        return None
    try:
        return store.load()
    except KioskError:
        return None


def _central_url(options: DiagOptions, identity: DeviceIdentity | None) -> tuple[str, str]:
    """The central service this kiosk uses now, and where that address comes from.

    The configuration wins. Without one, ``kiosk run`` uses the demo's embedded central
    (its address changes every run, so the one saved at enrollment is stale): its
    current address while it runs, else ``("", "demo-stopped")``. A kiosk enrolled by
    ``kiosk enroll --central URL`` with no configuration syncs to that URL.
    """
    if options.config.sync.central_url:
        return options.config.sync.central_url, "config"
    folder = Path(options.config.sync.data_dir).expanduser()
    demo = embedded_central_state(folder, identity.central_url if identity else "")
    if demo.running:
        return demo.url, "demo"
    if demo.used:
        return "", "demo-stopped"
    if identity is not None:
        return identity.central_url, "enrollment"
    return "", "none"


def _verify(options: DiagOptions) -> ssl.SSLContext | bool:
    bundle = options.config.sync.ca_bundle
    if not bundle:
        return True
    try:
        return ssl.create_default_context(cafile=bundle)
    except (OSError, ssl.SSLError):
        return False


def central_checks(options: DiagOptions) -> list[Check]:
    """Enrollment, reachability, TLS, clock skew, and whether the service knows us."""
    identity = _identity(options)
    checks: list[Check] = []
    if identity is None:
        checks.append(failed("central.enrollment", "this kiosk has no device identity",
                             NOT_ENROLLED))
    url, source = _central_url(options, identity)
    if source == "demo-stopped":
        checks.append(warning(
            "central.reachable", "the demo's embedded central service is not running "
            "(it runs inside 'kiosk run', on a new port each time)", DEMO_STOPPED,
            source=source))
        return checks
    if not url:
        checks.append(failed("central.reachable", "no central service URL", NO_URL))
        return checks
    verify = _verify(options)
    if verify is False:
        checks.append(failed("central.tls", "the CA bundle cannot be read", TLS_FAILED,
                             ca_bundle=options.config.sync.ca_bundle))
        return checks
    try:
        with httpx.Client(base_url=url.rstrip("/"), verify=verify,
                          timeout=options.central_timeout_s) as client:
            sent = time.time()
            response = client.get("/v1/ping")
            received = time.time()
            chain = _own_chain(client, identity)
    except httpx.ConnectError as exc:
        if isinstance(exc.__context__, ssl.SSLError) or "CERTIFICATE" in str(exc).upper():
            checks.append(failed("central.tls", "the server certificate was refused",
                                 TLS_FAILED, url=url))
        else:
            checks.append(failed("central.reachable", f"{url} cannot be reached", UNREACHABLE,
                                 url=url))
        return checks
    except httpx.HTTPError as exc:
        checks.append(failed("central.reachable", f"{url}: {type(exc).__name__}", UNREACHABLE,
                             url=url))
        return checks
    round_trip = (received - sent) * 1000
    if response.status_code != 200:
        checks.append(failed("central.reachable", f"the service answered {response.status_code}",
                             SERVER_ERROR, url=url, status=response.status_code))
        return checks
    checks.append(ok("central.reachable", f"{url} answers in {round_trip:.0f} ms", url=url,
                     round_trip_ms=round(round_trip, 1), http=response.http_version,
                     source=source))
    if url.startswith("https://"):
        checks.append(ok("central.tls", "certificate verified", url=url))
    else:
        checks.append(warning("central.tls", "plain HTTP: traffic is not encrypted", PLAIN_HTTP,
                              url=url))
    checks.append(_clock(response, (sent + received) / 2))
    if identity is not None and chain is not None:
        checks.append(_enrollment(identity, chain))
    return checks


def _own_chain(client: httpx.Client, identity: DeviceIdentity | None) -> httpx.Response | None:
    """The kiosk's chain report: a signed read (its own, or its center's staff's)."""
    if identity is None:
        return None
    return client.get(f"/v1/devices/{identity.device_id}/chain",
                      auth=DeviceSignatureAuth(identity))


def _clock(response: httpx.Response, local: float) -> Check:
    try:
        server = email.utils.parsedate_to_datetime(response.headers["Date"]).timestamp()
    except (KeyError, TypeError, ValueError):
        return warning("central.clock", "the service sent no Date header", CLOCK)
    skew = local - server
    facts = {"skew_s": round(skew, 1)}
    # the Date header has one-second resolution: up to a second is no skew at all
    summary = f"kiosk clock is {abs(skew):.0f} s {'ahead of' if skew > 0 else 'behind'} the service"
    if abs(skew) > MAX_SKEW_S:
        return failed("central.clock", summary, CLOCK, **facts)
    if abs(skew) > SKEW_WARNING_S:
        return warning("central.clock", summary, CLOCK, **facts)
    return ok("central.clock", summary, **facts)


def _enrollment(identity: DeviceIdentity, chain: httpx.Response) -> Check:
    facts = {"device_id": identity.device_id, "center": identity.center}
    # the signed read names an unknown signer (401) before it could say "no such device"
    if chain.status_code == 404 or (chain.status_code == 401 and "unknown device" in chain.text):
        return failed("central.enrollment", "the service does not know this device",
                      UNKNOWN_DEVICE, **facts)
    if chain.status_code != 200:
        return warning("central.enrollment", f"chain look-up answered {chain.status_code}",
                       SERVER_ERROR, **facts)
    report = chain.json()
    facts["records_received"] = report.get("records", 0)
    if not report.get("intact", True):
        return warning("central.enrollment", "the service sees a gap in this kiosk's records",
                       ("Chạy 'kiosk sync flush' rồi kiểm tra lại; nếu vẫn thiếu, gửi báo cáo "
                        "này cho trung tâm.",
                        "Run 'kiosk sync flush' and check again; if records are still missing, "
                        "send this report to the center."), **facts,
                       missing=len(report.get("missing", [])))
    return ok("central.enrollment", f"enrolled as {identity.device_id} ({identity.center})",
              **facts)
