"""Short-Weierstrass elliptic-curve arithmetic over prime fields, in pure Python.

PACE generic mapping computes on a generator that only exists for one session, which
``cryptography`` cannot do, so the kiosk carries its own arithmetic: Jacobian
coordinates internally, affine ``(x, y)`` tuples outside, ``None`` for the point at
infinity, width-5 NAF scalar multiplication.

Python integers are not constant-time. The keys handled here are ephemeral (one
PACE session) and the computation runs on the kiosk, not on the card; that trade-off
is accepted and documented.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.core.errors import CardError

Point = tuple[int, int] | None
_Jacobian = tuple[int, int, int]  # Z == 0 means infinity

_WINDOW = 5


class InvalidPointError(CardError):
    """A public key received from the card is not a valid point of the curve."""


@dataclass(frozen=True)
class Curve:
    """y² = x³ + a·x + b over GF(p), base point (gx, gy) of prime order n, cofactor h."""

    name: str
    crypto_name: str
    p: int
    a: int
    b: int
    gx: int
    gy: int
    n: int
    h: int

    @property
    def size(self) -> int:
        """Bytes of one field element (coordinate) in encodings."""
        return (self.p.bit_length() + 7) // 8

    @property
    def generator(self) -> tuple[int, int]:
        """The standard base point G."""
        return (self.gx, self.gy)

    def contains(self, point: Point) -> bool:
        """True when ``point`` is infinity or satisfies the curve equation."""
        if point is None:
            return True
        x, y = point
        if not (0 <= x < self.p and 0 <= y < self.p):
            return False
        return (y * y - (x * x * x + self.a * x + self.b)) % self.p == 0

    # -- encodings --------------------------------------------------------------------

    def encode(self, point: Point) -> bytes:
        """Uncompressed SEC 1 encoding 04 || X || Y (infinity is not encodable)."""
        if point is None:
            raise ValueError("the point at infinity has no uncompressed encoding")
        return b"\x04" + point[0].to_bytes(self.size, "big") + point[1].to_bytes(self.size, "big")

    def decode(self, data: bytes) -> tuple[int, int]:
        """Decode 04 || X || Y and check the point lies on the curve.

        Raises InvalidPointError for any other form, a wrong length, or a point off the
        curve (accepting those would open invalid-curve attacks).
        """
        if len(data) != 1 + 2 * self.size or data[0] != 0x04:
            raise InvalidPointError(
                f"The card's public key is not an uncompressed {self.name} point."
            )
        point = (
            int.from_bytes(data[1 : 1 + self.size], "big"),
            int.from_bytes(data[1 + self.size :], "big"),
        )
        if not self.contains(point):
            raise InvalidPointError(f"The card's public key is not on the curve {self.name}.")
        return point

    # -- group operations -------------------------------------------------------------

    def add(self, p1: Point, p2: Point) -> Point:
        """P1 + P2."""
        if p1 is None:
            return p2
        if p2 is None:
            return p1
        return self._to_affine(self._add_mixed((p1[0], p1[1], 1), p2))

    def negate(self, point: Point) -> Point:
        """-P."""
        return None if point is None else (point[0], (-point[1]) % self.p)

    def multiply(self, k: int, point: Point) -> Point:
        """k·P for any integer k (reduced modulo n, so P must lie in the order-n group)."""
        k %= self.n
        if k == 0 or point is None:
            return None
        table = self._odd_multiples(point)
        acc: _Jacobian = (1, 1, 0)
        for digit in _naf(k, _WINDOW):
            acc = self._double(acc)
            if digit > 0:
                acc = self._add_mixed(acc, table[digit >> 1])
            elif digit < 0:
                x, y = table[(-digit) >> 1]
                acc = self._add_mixed(acc, (x, self.p - y))
        return self._to_affine(acc)

    # -- internals --------------------------------------------------------------------

    def _odd_multiples(self, point: tuple[int, int]) -> list[tuple[int, int]]:
        """[P, 3P, 5P, ..., (2^(w-1)-1)P] in affine form."""
        jac: _Jacobian = (point[0], point[1], 1)
        twice = self._to_affine(self._double(jac))
        out = [point]
        for _ in range((1 << (_WINDOW - 2)) - 1):
            nxt = self.add(out[-1], twice) if twice is not None else None
            if nxt is None:  # only for points of tiny order, which valid keys never have
                raise InvalidPointError(f"A point of small order was met on {self.name}.")
            out.append(nxt)
        return out

    def _double(self, q: _Jacobian) -> _Jacobian:
        x, y, z = q
        p = self.p
        if z == 0 or y == 0:
            return (1, 1, 0)
        yy = y * y % p
        s = 4 * x * yy % p
        zz = z * z % p
        m = (3 * x * x + self.a * zz * zz) % p
        x3 = (m * m - 2 * s) % p
        y3 = (m * (s - x3) - 8 * yy * yy) % p
        z3 = 2 * y * z % p
        return (x3, y3, z3)

    def _add_mixed(self, q: _Jacobian, r: tuple[int, int]) -> _Jacobian:
        x1, y1, z1 = q
        if z1 == 0:
            return (r[0], r[1], 1)
        p = self.p
        z1z1 = z1 * z1 % p
        u2 = r[0] * z1z1 % p
        s2 = r[1] * z1 * z1z1 % p
        h = (u2 - x1) % p
        rr = (s2 - y1) % p
        if h == 0:
            return self._double(q) if rr == 0 else (1, 1, 0)
        hh = h * h % p
        hhh = h * hh % p
        v = x1 * hh % p
        x3 = (rr * rr - hhh - 2 * v) % p
        y3 = (rr * (v - x3) - y1 * hhh) % p
        z3 = z1 * h % p
        return (x3, y3, z3)

    def _to_affine(self, q: _Jacobian) -> Point:
        x, y, z = q
        if z == 0:
            return None
        p = self.p
        zi = pow(z, -1, p)
        zi2 = zi * zi % p
        return (x * zi2 % p, y * zi2 * zi % p)


def _naf(k: int, width: int) -> list[int]:
    """Width-w non-adjacent form of k > 0, most significant digit first."""
    digits: list[int] = []
    modulus = 1 << width
    half = modulus >> 1
    while k:
        if k & 1:
            d = k & (modulus - 1)
            if d >= half:
                d -= modulus
            k -= d
        else:
            d = 0
        digits.append(d)
        k >>= 1
    digits.reverse()
    return digits
