"""Pure-Python curve arithmetic against cryptography and OpenSSL, and point validation."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.devices.chip.ecc_curves import CURVES
from kiosk.devices.chip.ecc_point import InvalidPointError

_CRYPTO_CURVES: dict[str, ec.EllipticCurve] = {
    "secp192r1": ec.SECP192R1(),
    "secp224r1": ec.SECP224R1(),
    "secp256r1": ec.SECP256R1(),
    "secp384r1": ec.SECP384R1(),
    "secp521r1": ec.SECP521R1(),
    "brainpoolP256r1": ec.BrainpoolP256R1(),
    "brainpoolP384r1": ec.BrainpoolP384R1(),
    "brainpoolP512r1": ec.BrainpoolP512R1(),
}
_OPENSSL_ONLY = ["brainpoolP192r1", "brainpoolP224r1", "brainpoolP320r1"]


@pytest.mark.parametrize("parameter_id", sorted(CURVES))
def test_generator_is_on_curve_with_prime_order(parameter_id: int) -> None:
    curve = CURVES[parameter_id]
    assert curve.contains(curve.generator)
    assert curve.multiply(curve.n, curve.generator) is None
    assert curve.multiply(curve.n - 1, curve.generator) == curve.negate(curve.generator)


@pytest.mark.parametrize(
    "parameter_id", [i for i in sorted(CURVES) if CURVES[i].crypto_name in _CRYPTO_CURVES]
)
def test_public_keys_match_cryptography(parameter_id: int) -> None:
    curve = CURVES[parameter_id]
    for _ in range(3):
        key = ec.generate_private_key(_CRYPTO_CURVES[curve.crypto_name])
        public = key.public_key().public_numbers()
        point = curve.multiply(key.private_numbers().private_value, curve.generator)
        assert point == (public.x, public.y)


@pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl CLI not installed")
@pytest.mark.parametrize("name", _OPENSSL_ONLY)
def test_public_keys_match_openssl(name: str) -> None:
    from asn1crypto import keys

    curve = next(c for c in CURVES.values() if c.crypto_name == name)
    der = subprocess.run(
        ["openssl", "ecparam", "-name", name, "-genkey", "-noout", "-outform", "DER"],
        capture_output=True,
        check=True,
    ).stdout
    parsed = keys.ECPrivateKey.load(der)
    d = parsed["private_key"].native
    public = parsed["public_key"].native
    assert curve.encode(curve.multiply(d, curve.generator)) == public


@given(st.integers(1, CURVES[13].n - 1), st.integers(1, CURVES[13].n - 1))
@settings(max_examples=40, deadline=None)
def test_group_laws_brainpool256(a: int, b: int) -> None:
    curve = CURVES[13]
    g = curve.generator
    pa, pb = curve.multiply(a, g), curve.multiply(b, g)
    assert curve.add(pa, pb) == curve.multiply(a + b, g)
    assert curve.multiply(b, pa) == curve.multiply(a, pb)
    assert curve.add(pa, curve.negate(pa)) is None
    assert curve.add(pa, pa) == curve.multiply(2 * a, g)


def test_encoding_round_trip_and_rejections() -> None:
    curve = CURVES[12]
    g = curve.generator
    assert curve.decode(curve.encode(g)) == g
    with pytest.raises(InvalidPointError, match="not on the curve"):
        curve.decode(b"\x04" + (g[0] + 1).to_bytes(32, "big") + g[1].to_bytes(32, "big"))
    with pytest.raises(InvalidPointError, match="uncompressed"):
        curve.decode(b"\x02" + g[0].to_bytes(32, "big"))
    with pytest.raises(InvalidPointError):
        curve.decode(b"\x04" + bytes(64))
    too_big = curve.p.to_bytes(32, "big")
    with pytest.raises(InvalidPointError):
        curve.decode(b"\x04" + too_big + too_big)
    with pytest.raises(ValueError):
        curve.encode(None)


@given(st.binary(max_size=140))
@settings(max_examples=300)
def test_decode_random_bytes_only_invalid_point(data: bytes) -> None:
    curve = CURVES[13]
    try:
        point = curve.decode(data)
    except InvalidPointError:
        return
    assert curve.contains(point)
