#!/usr/bin/env bash
# Set up a fresh Debian/Ubuntu machine for the kiosk and run it or its tests.
#
#   bash packaging/dev.sh demo   # install what is missing, start the kiosk on simulated devices
#   bash packaging/dev.sh test   # install what is missing, run lint, types and the whole test suite
#
# Needs root (or sudo) only to install Debian packages and to start pcscd.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
VENV="$ROOT/.venv"
MODE=${1:-demo}
shift || true

SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi

APT_PACKAGES=(pcscd vsmartcard-vpcd libpcsclite-dev swig gcc python3-venv python3-dev libcups2-dev
              libpulse0 libgl1 libegl1 libxkbcommon0 libfontconfig1 libdbus-1-3
              # Qt's xcb platform plugin (a real window): without libxcb-cursor0 Qt >= 6.5
              # aborts with "no Qt platform plugin could be initialized".
              libxcb-cursor0 libxkbcommon-x11-0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1
              libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1
              # Mesa's EGL and OpenGL (llvmpipe without a GPU): the kiosk draws with
              # OpenGL as a Wayland client in its cage session (kiosk/ui/qt/application.py).
              libegl-mesa0 libgl1-mesa-dri)
if [ "$MODE" = "test" ]; then
    # PostgreSQL for the central service's second backend; Chromium for the call-display
    # browser tests (Playwright drives Debian's binary, never its own download).
    APT_PACKAGES+=(postgresql chromium cups cups-bsd)
    # The real-window smoke (tests/app/test_real_window.py): an X server without a window
    # manager, a person's keys and clicks through it, and a screenshot of the ticket.
    APT_PACKAGES+=(xvfb xdotool imagemagick)
    # The kiosk session tests (tests/session): cage, its Xwayland, grim for screenshots,
    # xwininfo (x11-utils) to find cage's window when it is nested in Xvfb. No
    # wlr-randr: Debian 12's cage 0.1.4 has no output-management protocol for it.
    APT_PACKAGES+=(cage grim xwayland x11-utils)
    # The screen-reader test (tests/app/test_atspi.py): a private D-Bus session and the
    # accessibility bus, read with pyatspi (issue 21).
    APT_PACKAGES+=(at-spi2-core python3-pyatspi dbus-x11)
fi
APT_PACKAGES+=(espeak-ng)  # Vietnamese voice announcements and the kiosk's spoken guidance
APT_PACKAGES+=(alsa-utils)  # aplay: the default player of the spoken guidance
if [ "$MODE" = "test" ]; then
    # The Debian packages' checks (tests/packaging): lintian, and nginx for the example
    # TLS proxy in front of the installed central (packaging/proxy/). dpkg -i installs
    # what the packages depend on first (tests/support/debian_packages.py reads Depends).
    APT_PACKAGES+=(lintian nginx)
fi

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "==> installing Debian packages: ${missing[*]}"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

PY=${PYTHON:-python3}
if ! "$PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    echo "kiosk needs Python 3.11 or newer; $($PY --version) found" >&2
    exit 1
fi
if [ ! -x "$VENV/bin/python" ]; then
    echo "==> creating $VENV"
    "$PY" -m venv "$VENV"
fi
stamp="$VENV/.installed-$(sha1sum pyproject.toml | cut -c1-12)-$MODE"
if [ ! -f "$stamp" ]; then
    echo "==> installing Python packages"
    "$VENV/bin/pip" install -q --upgrade pip
    if [ "$MODE" = "test" ]; then
        "$VENV/bin/pip" install -q -e ".[dev,test]"
    else
        "$VENV/bin/pip" install -q -e ".[station]"  # the touchscreen app and its devices
    fi
    touch "$stamp"
fi

# pcscd: started here when no service manager runs it (CI containers, fresh machines).
if ! pgrep -x pcscd >/dev/null; then
    $SUDO mkdir -p /run/pcscd
    $SUDO pcscd
    sleep 0.5
fi

case "$MODE" in
    demo)
        if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
            # The touchscreen app on simulated devices: F1-F4 lay a sample card on the
            # reader, F5-F8 show its QR to the camera, F9-F12 lay a paper under the
            # document camera; it starts its own central service.
            export KIOSK_DOCUMENTS_CAMERA=${KIOSK_DOCUMENTS_CAMERA:-sim:desk}
            exec "$VENV/bin/kiosk" run --windowed "$@"
        fi
        echo "==> no display here: reading a simulated ID card on the command line instead"
        exec "$VENV/bin/kiosk" card read --sim "$@"
        ;;
    test)
        if [ -x packaging/ci/start-postgres.sh ] || [ -f packaging/ci/start-postgres.sh ]; then
            KIOSK_TEST_POSTGRES_URL=$(bash packaging/ci/start-postgres.sh | tail -n 1)
            export KIOSK_TEST_POSTGRES_URL
        fi
        export QT_QPA_PLATFORM=offscreen
        echo "==> ruff"
        "$VENV/bin/ruff" check kiosk tests benchmarks
        echo "==> mypy"
        "$VENV/bin/mypy"
        echo "==> import contracts (lint-imports)"
        "$VENV/bin/lint-imports" --no-cache
        echo "==> pytest"
        status=0
        selected=0
        for arg in "$@"; do case "$arg" in -*) ;; *) selected=1 ;; esac; done
        if [ "$selected" = 1 ]; then  # tests named: one run, as asked
            "$VENV/bin/python" -m pytest -q "$@" || status=$?
        else
            # The whole suite in two runs side by side: the packages, the wheels and the
            # kiosk session build and start their own programs, and the suites of pure
            # parts (chip crypto and parsers, QR, documents, printer, forms, catalog,
            # addresses, the visit's state machine) need no shared service. Nothing in
            # this second run touches the virtual card reader (a kiosk under test in the
            # other run would see a card laid on it). Most tests
            # wait on servers, devices and the UI, so two runs fit on 2 cores and keep CI
            # inside its time.
            # The central's and the files' suites go with it, on a PostgreSQL database of
            # their own (a database apart has its own tables, advisory locks and LISTEN
            # channels), so the main run's display and sync tests never see their resets.
            builds=(tests/packaging tests/session tests/foundation tests/documents tests/qr
                    tests/printer tests/visit tests/procedures tests/forms tests/addresses
                    tests/chip_crypto tests/chip_parsers tests/chip_auth tests/central
                    tests/files)
            side_pg="${KIOSK_TEST_POSTGRES_URL:-}"
            if [ -n "$side_pg" ]; then
                side_pg=$(KIOSK_PG_DB=kiosk_test_side bash packaging/ci/start-postgres.sh \
                          | tail -n 1)
            fi
            log=$(mktemp)
            KIOSK_TEST_POSTGRES_URL="$side_pg" \
                "$VENV/bin/python" -m pytest -q -p no:cacheprovider "${builds[@]}" "$@" \
                >"$log" 2>&1 &
            builds_pid=$!
            "$VENV/bin/python" -m pytest -q "${builds[@]/#/--ignore=}" "$@" || status=$?
            builds_status=0
            wait "$builds_pid" || builds_status=$?
            echo "==> pytest: ${builds[*]}"
            cat "$log"
            rm -f "$log"
            if [ "$status" = 0 ] || [ "$builds_status" = 5 ]; then status=$builds_status; fi
        fi
        if [ "$status" = 5 ]; then
            # pytest found no test to run: a broken selection or collection, never a pass.
            echo "pytest collected no tests (exit 5): the test command selects nothing" >&2
        fi
        exit "$status"
        ;;
    *)
        echo "usage: bash packaging/dev.sh demo|test [args]" >&2
        exit 2
        ;;
esac
