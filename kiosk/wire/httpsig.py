"""HTTP Message Signatures (RFC 9421) with Ed25519, and Content-Digest (RFC 9530).

Only the subset the kiosk needs: one signature per request, labelled ``kiosk``,
covering ``"@method" "@path" "@query" "content-digest"``, with the parameters
``created``, ``keyid`` (the device id), ``alg="ed25519"`` and a random ``nonce``.
The central service rejects a signature older than a few minutes and a nonce it has
already seen, so a captured request cannot be replayed. The signature base is built
exactly as RFC 9421 §2.5 describes, so the published test vector (Appendix B.2.6)
can be reproduced byte for byte.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from kiosk.wire.errors import SignatureError

LABEL = "kiosk"
COMPONENTS: tuple[str, ...] = ("@method", "@path", "@query", "content-digest")
MAX_SKEW_S = 300


def content_digest(body: bytes) -> str:
    """The RFC 9530 ``Content-Digest`` value for ``body`` (SHA-256)."""
    return "sha-256=:" + base64.b64encode(hashlib.sha256(body).digest()).decode("ascii") + ":"


def serialize_params(
    components: Sequence[str],
    created: int,
    keyid: str,
    alg: str | None = None,
    nonce: str | None = None,
) -> str:
    """The ``@signature-params`` value: the inner list then its parameters, in this order."""
    inner = "(" + " ".join(f'"{name}"' for name in components) + ")"
    params = f";created={created};keyid=\"{keyid}\""
    if alg is not None:
        params += f';alg="{alg}"'
    if nonce is not None:
        params += f';nonce="{nonce}"'
    return inner + params


def _component_value(
    name: str, method: str, authority: str, path: str, query: str, headers: Mapping[str, str]
) -> str:
    if name == "@method":
        return method.upper()
    if name == "@path":
        return path or "/"
    if name == "@query":
        return "?" + query
    if name == "@authority":
        return authority.lower()
    if name.startswith("@"):
        raise SignatureError(f"signature covers an unsupported component {name}")
    value = headers.get(name)
    if value is None:
        raise SignatureError(f"signature covers the header {name}, which is missing")
    return value.strip()


def signature_base(
    components: Sequence[str],
    params: str,
    *,
    method: str,
    path: str,
    headers: Mapping[str, str],
    query: str = "",
    authority: str = "",
) -> bytes:
    """Build the RFC 9421 §2.5 signature base; ``headers`` keys must be lower case."""
    lines = [
        f'"{name}": {_component_value(name, method, authority, path, query, headers)}'
        for name in components
    ]
    lines.append(f'"@signature-params": {params}')
    return "\n".join(lines).encode("utf-8")


def sign_request(
    key: Ed25519PrivateKey,
    keyid: str,
    *,
    method: str,
    path: str,
    query: str,
    body: bytes,
    created: int | None = None,
    nonce: str | None = None,
) -> dict[str, str]:
    """Return the ``Content-Digest``, ``Signature-Input`` and ``Signature`` headers."""
    created = int(time.time()) if created is None else created
    nonce = base64.urlsafe_b64encode(os.urandom(12)).decode("ascii") if nonce is None else nonce
    digest = content_digest(body)
    params = serialize_params(COMPONENTS, created, keyid, "ed25519", nonce)
    base = signature_base(
        COMPONENTS, params, method=method, path=path, query=query,
        headers={"content-digest": digest},
    )
    signature = base64.b64encode(key.sign(base)).decode("ascii")
    return {
        "Content-Digest": digest,
        "Signature-Input": f"{LABEL}={params}",
        "Signature": f"{LABEL}=:{signature}:",
    }


@dataclass(frozen=True)
class SignedBy:
    """Who signed a verified request, when, and with which nonce."""

    keyid: str
    created: int
    nonce: str


_INPUT = re.compile(
    r'^(?P<label>[a-z*][a-z0-9_.*-]{0,63})=(?P<params>\((?P<inner>(?:"[^"\\]{1,64}" ?){0,16})\)'
    r'(?P<rest>(?:;[a-z][a-z0-9_-]{0,31}=(?:-?\d{1,15}|"[^"\\]{0,128}"))*))$'
)
_PARAM = re.compile(r';([a-z][a-z0-9_-]*)=(-?\d+|"[^"\\]*")')
_SIG = re.compile(r"^(?P<label>[a-z*][a-z0-9_.*-]{0,63})=:(?P<b64>[A-Za-z0-9+/=]{1,200}):$")


def verify_request(
    lookup_key: Callable[[str], Ed25519PublicKey | None],
    *,
    method: str,
    path: str,
    query: str,
    headers: Mapping[str, str],
    body: bytes,
    now: float | None = None,
) -> SignedBy:
    """Verify a kiosk request signature; ``headers`` keys must be lower case.

    ``lookup_key`` maps a ``keyid`` to the device's public key (None: unknown device).
    Raises :class:`SignatureError` naming what is wrong.
    """
    raw_input = headers.get("signature-input")
    raw_sig = headers.get("signature")
    if not raw_input or not raw_sig:
        raise SignatureError("request is not signed (Signature-Input and Signature required)")
    match = _INPUT.match(raw_input.strip())
    sig_match = _SIG.match(raw_sig.strip())
    if match is None or sig_match is None:
        raise SignatureError("request signature headers are malformed")
    if match["label"] != LABEL or sig_match["label"] != LABEL:
        raise SignatureError(f"request signature must be labelled {LABEL}")
    components = tuple(re.findall(r'"([^"]+)"', match["inner"]))
    if components != COMPONENTS:
        raise SignatureError("request signature does not cover the required components")
    params = {k: v.strip('"') for k, v in _PARAM.findall(match["rest"])}
    if params.get("alg") != "ed25519" or not params.get("keyid") or not params.get("nonce"):
        raise SignatureError("request signature needs alg ed25519, a keyid and a nonce")
    try:
        created = int(params.get("created", ""))
    except ValueError:
        raise SignatureError("request signature lacks its created time") from None
    moment = time.time() if now is None else now
    if abs(moment - created) > MAX_SKEW_S:
        raise SignatureError("request signature is too old or from the future")
    if headers.get("content-digest", "").strip() != content_digest(body):
        raise SignatureError("Content-Digest does not match the request body")
    key = lookup_key(params["keyid"])
    if key is None:
        raise SignatureError("request is signed by an unknown device")
    base = signature_base(
        components, match["params"], method=method, path=path, query=query, headers=headers
    )
    try:
        key.verify(base64.b64decode(sig_match["b64"], validate=True), base)
    except (ValueError, InvalidSignature):
        raise SignatureError("request signature does not verify") from None
    return SignedBy(params["keyid"], created, params["nonce"])
