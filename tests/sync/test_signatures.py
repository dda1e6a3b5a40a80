from __future__ import annotations

import base64
import contextlib

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.wire.errors import SignatureError
from kiosk.wire.httpsig import (
    content_digest,
    serialize_params,
    sign_request,
    signature_base,
    verify_request,
)

# RFC 9421 appendix B.1.4 test key (JWK "d", base64url) and B.2.6 expected values.
RFC_SEED = base64.urlsafe_b64decode("n4Ni-HpISpVObnQMW0wOhCKROaIKqKtW_2ZYb2p9KcU=")
RFC_PUBLIC = base64.urlsafe_b64decode("JrQLj5P_89iXES9-vFgrIy29clF9CC_oPPsw3c5D0bs=")
B26_COMPONENTS = ("date", "@method", "@path", "@authority", "content-type", "content-length")
B26_BASE = (
    '"date": Tue, 20 Apr 2021 02:07:55 GMT\n'
    '"@method": POST\n'
    '"@path": /foo\n'
    '"@authority": example.com\n'
    '"content-type": application/json\n'
    '"content-length": 18\n'
    '"@signature-params": ("date" "@method" "@path" "@authority" "content-type" '
    '"content-length");created=1618884473;keyid="test-key-ed25519"'
)
B26_SIGNATURE = ("wqcAqbmYJ2ji2glfAMaRy4gruYYnx2nEFN2HN6jrnDnQCK1u02Gb04v9EDgwUPiu4A0w6vuQv5lIp5WPp"
                 "BKRCw==")


def test_content_digest_matches_rfc_9530_example() -> None:
    assert content_digest(b'{"hello": "world"}') == (
        "sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:"
    )


def test_signature_base_and_signature_match_rfc_9421_b_2_6() -> None:
    key = Ed25519PrivateKey.from_private_bytes(RFC_SEED)
    assert key.public_key().public_bytes_raw() == RFC_PUBLIC
    params = serialize_params(B26_COMPONENTS, 1618884473, "test-key-ed25519")
    base = signature_base(
        B26_COMPONENTS, params, method="POST", path="/foo", query="param=Value&Pet=dog",
        authority="example.com",
        headers={"date": "Tue, 20 Apr 2021 02:07:55 GMT", "content-type": "application/json",
                 "content-length": "18"},
    )
    assert base.decode() == B26_BASE
    assert base64.b64encode(key.sign(base)).decode() == B26_SIGNATURE


KEY = Ed25519PrivateKey.generate()
OTHER = Ed25519PrivateKey.generate()


def _signed(body: bytes = b'{"records":[]}', **kw: object) -> dict[str, str]:
    headers = sign_request(KEY, "k-1", method="POST", path="/v1/records", query="", body=body,
                           **kw)  # type: ignore[arg-type]
    return {k.lower(): v for k, v in headers.items()}


def _verify(headers: dict[str, str], body: bytes = b'{"records":[]}', path: str = "/v1/records",
            now: float | None = None) -> str:
    return verify_request(
        lambda keyid: KEY.public_key() if keyid == "k-1" else None,
        method="POST", path=path, query="", headers=headers, body=body, now=now,
    ).keyid


def test_sign_then_verify() -> None:
    assert _verify(_signed()) == "k-1"


@pytest.mark.parametrize("mutate", [
    lambda h: h.pop("signature"),
    lambda h: h.update({"signature-input": h["signature-input"].replace("k-1", "k-2")}),
    lambda h: h.update({"signature-input": h["signature-input"].replace('"@query" ', "")}),
    lambda h: h.update({"signature": "kiosk=:" + base64.b64encode(b"x" * 64).decode() + ":"}),
    lambda h: h.update({"signature": "kiosk=:abc"}),
    lambda h: h.update({"content-digest": content_digest(b"other")}),
])
def test_tampered_signatures_are_refused(mutate: object) -> None:
    headers = _signed()
    mutate(headers)  # type: ignore[operator]
    with pytest.raises(SignatureError):
        _verify(headers)


def test_signature_binds_body_path_time_and_key() -> None:
    with pytest.raises(SignatureError):
        _verify(_signed(), body=b'{"records":[1]}')
    with pytest.raises(SignatureError):
        _verify(_signed(), path="/v1/tickets/leases")
    with pytest.raises(SignatureError):
        _verify(_signed(created=1_000_000))
    forged = {k.lower(): v for k, v in sign_request(
        OTHER, "k-1", method="POST", path="/v1/records", query="", body=b"{}").items()}
    with pytest.raises(SignatureError):
        _verify(forged, body=b"{}")


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(["signature", "signature-input", "content-digest"]),
                       st.text(max_size=200)))
def test_fuzz_verify_raises_only_signature_errors(headers: dict[str, str]) -> None:
    merged = {**_signed(), **headers}
    with contextlib.suppress(SignatureError):
        _verify(merged)
