#!/usr/bin/env bash
# Build every installable artifact of the kiosk into one folder (default: dist/):
#
#   kiosk-X.Y.Z.tar.gz                       the sdist (every asset: the wheel is built from it)
#   kiosk-X.Y.Z-py3-none-any.whl             the wheel
#   kiosk-station_X.Y.Z-N_ARCH.deb           the kiosk PC: /opt/kiosk, the session units
#   kiosk-central_X.Y.Z-N_ARCH.deb           the central server: /opt/kiosk-central, its unit
#
#   bash packaging/build.sh [OUT_DIR]
#
# Each Debian package holds a venv built here from the wheel with Debian's own
# /usr/bin/python3 (docs/deploy.md says why /opt and a venv): pip fetches the
# dependencies from the package index now, so installing the .deb needs no network.
# KIOSK_DEB_REVISION (default 1) is the Debian revision; KIOSK_STATION_EXTRAS (default
# "station") may add "cups" for kiosks that print through CUPS (needs libcups2-dev here).
# Needs: python3-venv, dpkg-deb, tar; and to build pyscard where the index has no wheel
# for it: gcc, swig, python3-dev, libpcsclite-dev (packaging/dev.sh installs them all).
# Not root (dpkg-deb --root-owner-group).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=$(mkdir -p "${1:-$ROOT/dist}" && cd "${1:-$ROOT/dist}" && pwd)
PY=/usr/bin/python3
REVISION=${KIOSK_DEB_REVISION:-1}
STATION_EXTRAS=${KIOSK_STATION_EXTRAS:-station}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/kiosk-build.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

say() { echo "==> $*" >&2; }
# A pip cache of the build's own: a wheel pip built from source under another Python
# (pyenv's, a developer's venv) must not land in the package with that Python's RPATH.
export PIP_CACHE_DIR="${KIOSK_BUILD_PIP_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kiosk-build/pip}"
# pip, less this machine's notes about empty local index folders
pip_quiet() { "$@" 2> >(grep -v "^WARNING: Location '" >&2); }

# 1. The sdist, then the wheel built from the sdist (so a file missing from the sdist
#    is missing from the wheel too, and tests/packaging catches it), from a copy of the
#    checkout: the build writes nothing into the checkout.
say "sdist and wheel"
tar -C "$ROOT" -c --exclude=./.git --exclude=./.venv --exclude=./build --exclude=./dist \
    --exclude=./out --exclude='*.egg-info' --exclude=__pycache__ --exclude=.mypy_cache \
    --exclude=.ruff_cache --exclude=.pytest_cache --exclude=.hypothesis \
    --exclude=.import_linter_cache . | (mkdir -p "$WORK/source" && tar -C "$WORK/source" -x)
"$PY" -m venv "$WORK/tools"
pip_quiet "$WORK/tools/bin/pip" install -q build
pip_quiet "$WORK/tools/bin/python" -m build -q --outdir "$WORK/python" "$WORK/source" >&2
cp "$WORK"/python/kiosk-*.tar.gz "$WORK"/python/kiosk-*.whl "$OUT/"
WHEEL=$(ls "$WORK"/python/kiosk-*.whl)
VERSION=$(basename "$WHEEL" | cut -d- -f2)
ARCH=$(dpkg --print-architecture)
PYMINOR=$("$PY" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
PYNEXT=$("$PY" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1] + 1}")')

# A venv at $2 (its final path) built inside the staging folder $1 with the wheel and
# the extras $3; the staging prefix is then taken out of every text file that names it
# (script shebangs, activate, pyvenv.cfg). No .pyc: postinst compiles on the target.
build_venv() {
    local stage=$1 target=$2 extras=$3
    say "venv $target with kiosk[$extras]"
    "$PY" -m venv "$stage$target"
    PIP_NO_COMPILE=1 pip_quiet "$stage$target/bin/pip" install -q --no-compile "$WHEEL[$extras]"
    # pip and setuptools only installed the venv: the shipped one is changed by packages
    "$stage$target/bin/python" -m pip uninstall -q -y pip setuptools
    find "$stage$target" -name __pycache__ -type d -prune -exec rm -rf {} +
    # shared libraries are loaded, never run
    find "$stage$target" -type f -name '*.so*' -exec chmod 0644 {} +
    # the build folder's wheel URL means nothing on the target
    rm -f "$stage$target"/lib/python*/site-packages/kiosk-*.dist-info/direct_url.json
    sed -i '/direct_url.json/d' "$stage$target"/lib/python*/site-packages/kiosk-*.dist-info/RECORD
    grep -rlI --null -F "$stage$target" "$stage$target" \
        | xargs -0 --no-run-if-empty sed -i "s|$stage$target|$target|g"
}

# The files every package has: docs, copyright, changelog, control, maintainer scripts.
package_meta() {
    local stage=$1 name=$2 depends=$3 recommends=$4 description=$5
    local docs="$stage/usr/share/doc/$name"
    install -d "$docs" "$stage/DEBIAN"
    install -m 0644 "$ROOT/docs/deploy.md" "$docs/deploy.md"
    cat > "$docs/copyright" <<EOF
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: kiosk
Comment: The venv under /opt also holds the Python packages the kiosk depends on, each
 under its own license (see its *.dist-info folder).

Files: *
Copyright: 2026 The kiosk project
License: LicenseRef-Proprietary
 Self-service kiosk for Vietnam's Public Administration Service Centers; not for
 redistribution outside the project.
EOF
    printf '%s (%s) stable; urgency=medium\n\n  * Built from kiosk %s by packaging/build.sh.\n\n -- Kiosk project <kiosk@example.invalid>  %s\n' \
        "$name" "$VERSION-$REVISION" "$VERSION" "$(date -R -u)" | gzip -9n > "$docs/changelog.Debian.gz"
    cat > "$stage/DEBIAN/control" <<EOF
Package: $name
Version: $VERSION-$REVISION
Architecture: $ARCH
Maintainer: Kiosk project <kiosk@example.invalid>
Installed-Size: $(du -sk --exclude=DEBIAN "$stage" | cut -f1)
Depends: python3 (>= $PYMINOR), python3 (<< $PYNEXT), libc6, passwd, init-system-helpers (>= 1.54~), $depends
Recommends: $recommends
Section: misc
Priority: optional
Homepage: https://example.invalid/kiosk
Description: $description
EOF
    for script in postinst prerm postrm; do
        install -m 0755 "$ROOT/packaging/debian/$name/$script" "$stage/DEBIAN/$script"
    done
    (cd "$stage" && find etc -type f | sort | sed 's|^|/|') > "$stage/DEBIAN/conffiles"
}

build_deb() {
    local stage=$1 name=$2
    # Installed-Size was measured before; md5sums lets debsums/dpkg --verify check it.
    (cd "$stage" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' \
        | xargs -0 md5sum) > "$stage/DEBIAN/md5sums"
    chmod 0644 "$stage/DEBIAN/md5sums" "$stage/DEBIAN/control" "$stage/DEBIAN/conffiles"
    # zstd: Debian 12's dpkg reads it, and it packs the ~1 GB station venv in seconds
    # where xz takes minutes.
    dpkg-deb --root-owner-group -Zzstd -z3 --build "$stage" \
        "$OUT/${name}_${VERSION}-${REVISION}_${ARCH}.deb" >&2
}

# 2. kiosk-station: the kiosk PC.
say "kiosk-station"
STAGE="$WORK/kiosk-station"
build_venv "$STAGE" /opt/kiosk "$STATION_EXTRAS"
install -D -m 0644 -t "$STAGE/lib/systemd/system" \
    "$ROOT/packaging/systemd/kiosk-session.service" \
    "$ROOT/packaging/systemd/kiosk-out-of-service.service"
install -D -m 0644 "$ROOT/packaging/etc/kiosk.toml" "$STAGE/etc/kiosk/kiosk.toml"
install -D -m 0755 "$ROOT/packaging/bin/kiosk" "$STAGE/usr/bin/kiosk"
# The cage session wrapper(s): every file of packaging/session/ (kiosk-session.service
# starts /usr/lib/kiosk/kiosk-session).
install -d "$STAGE/usr/lib/kiosk"
if [ -d "$ROOT/packaging/session" ]; then
    find "$ROOT/packaging/session" -maxdepth 1 -type f \
        -exec install -m 0755 -t "$STAGE/usr/lib/kiosk" {} +
fi
package_meta "$STAGE" kiosk-station \
    "cage, pcscd, libpcsclite1, espeak-ng, alsa-utils, libgl1, libegl1, libxkbcommon0, libfontconfig1, libdbus-1-3, libwayland-client0, libwayland-cursor0, libwayland-egl1, libegl-mesa0, libgl1-mesa-dri" \
    "xwayland" \
    "Self-service kiosk: the touchscreen app in a locked cage session
 The kiosk PC of a Public Administration Service Center: the kiosk app in a
 venv under /opt/kiosk, started full screen under the cage Wayland compositor on
 tty1 by kiosk-session.service (watchdog, restarts, \"out of service\" screen),
 settings in /etc/kiosk/kiosk.toml, data (identity, outbox) in /var/lib/kiosk."
build_deb "$STAGE" kiosk-station

# 3. kiosk-central: the center's server (no PySide6, no OpenCV).
say "kiosk-central"
STAGE="$WORK/kiosk-central"
build_venv "$STAGE" /opt/kiosk-central central
install -D -m 0644 "$ROOT/packaging/systemd/kiosk-central.service" \
    "$STAGE/lib/systemd/system/kiosk-central.service"
install -D -m 0644 "$ROOT/packaging/systemd/kiosk-connector.service" \
    "$STAGE/lib/systemd/system/kiosk-connector.service"
install -D -m 0644 "$ROOT/packaging/systemd/kiosk-central-interactive.service" \
    "$STAGE/lib/systemd/system/kiosk-central-interactive.service"
install -D -m 0644 -t "$STAGE/etc/kiosk" \
    "$ROOT/packaging/etc/central.toml" "$ROOT/packaging/etc/central.env"
install -D -m 0755 "$ROOT/packaging/bin/kiosk-central" "$STAGE/usr/bin/kiosk-central"
install -D -m 0644 "$ROOT/packaging/proxy/nginx-kiosk-central.conf" \
    "$STAGE/usr/share/doc/kiosk-central/examples/nginx-kiosk-central.conf"
package_meta "$STAGE" kiosk-central "espeak-ng" "postgresql, nginx" \
    "Kiosk central service: uvicorn workers on PostgreSQL
 The server kiosks of a Public Administration Service Center sync to: the
 central service in a venv under /opt/kiosk-central, run by
 kiosk-central.service (bulk), kiosk-central-interactive.service (kiosks' and
 counters' short calls) and the one-gate connector (kiosk-connector.service),
 settings in /etc/kiosk/central.toml and central.env,
 its key file in /var/lib/kiosk-central. Recommends PostgreSQL and nginx (TLS)."
build_deb "$STAGE" kiosk-central

ls -1 "$OUT"/kiosk-*"$VERSION"*
