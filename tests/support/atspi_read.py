"""Read one application's accessibility tree over AT-SPI and print it as JSON.

Run by Debian's own Python (``/usr/bin/python3``, with ``python3-pyatspi``), not the
kiosk's virtualenv: ``python3 atspi_read.py APP_NAME``. Prints a list of
``[role, name, showing]`` for every node under the application, depth first; exit code
2 when the application is not on the accessibility bus (yet).
"""

from __future__ import annotations

import json
import sys

import pyatspi  # type: ignore[import-not-found]

MAX_NODES = 5000


def main(app_name: str) -> int:
    """Print the tree of the application called ``app_name``."""
    desktop = pyatspi.Registry.getDesktop(0)
    app = next((a for a in desktop if a is not None and a.name == app_name), None)
    if app is None:
        print(json.dumps([a.name for a in desktop if a is not None]), file=sys.stderr)
        return 2
    nodes: list[list[object]] = []
    pending = [app]
    while pending and len(nodes) < MAX_NODES:
        node = pending.pop()
        try:
            showing = node.getState().contains(pyatspi.STATE_SHOWING)
            nodes.append([node.getRoleName(), node.name or "", showing])
            pending.extend(child for child in node if child is not None)
        except Exception as exc:  # a node that went away while being read
            nodes.append(["gone", type(exc).__name__, False])
    print(json.dumps(nodes, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
