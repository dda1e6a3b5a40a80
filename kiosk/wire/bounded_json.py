"""JSON from the network, parsed with a bound on nesting and without NaN or Infinity.

``json.loads`` recurses once per nesting level: a body of 5,000 ``[`` raises
``RecursionError``, which no handler expected (a 500), and a body just under the
interpreter's limit parses into a value that later recursive code (canonical
encoding, hashing) chokes on. Nothing the kiosks send nests deeper than a handful of
levels, so anything deeper than :data:`MAX_DEPTH` is refused as malformed.
The standard library parser stays (it is C and fast); the depth is checked with an
explicit stack, stopping at the first level too deep.
"""

from __future__ import annotations

import json
from typing import Any

from kiosk.wire.errors import ProtocolError

MAX_DEPTH = 64


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def nesting_exceeds(value: Any, limit: int = MAX_DEPTH) -> bool:
    """Whether ``value`` nests lists/objects more than ``limit`` levels deep."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        children = item.values() if isinstance(item, dict) else item if isinstance(
            item, list) else None
        if children is None:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children
                     if isinstance(child, dict | list))
    return False


def loads_bounded(body: bytes | str, what: str = "request body") -> Any:
    """Parse ``body`` as JSON; ProtocolError when it is not JSON or nests too deeply."""
    try:
        data = json.loads(body, parse_constant=_no_constant)
    except RecursionError:
        raise ProtocolError(f"{what} nests more than {MAX_DEPTH} levels deep") from None
    except (ValueError, UnicodeDecodeError):
        raise ProtocolError(f"{what} is not valid JSON") from None
    if nesting_exceeds(data):
        raise ProtocolError(f"{what} nests more than {MAX_DEPTH} levels deep")
    return data
