#!/usr/bin/env bash
# Build FollowUp's Linux packages (what `make package` runs):
#   dist/followup/                                  PyInstaller one-folder bundle
#   dist/followup_<version>_<arch>.deb              installs under /opt/followup
#   dist/followup-<version>-linux-<machine>.tar.gz  per-user install (install.sh)
#   dist/SHA256SUMS
#
# Environment:
#   PYTHON   the project's Python (default: .venv/bin/python); PyInstaller is
#            installed into it if missing
#   DIST     output folder (default: dist)
#   FOLLOWUP_NO_APT=1  never apt-get the validators (fail instead)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PKG="$ROOT/packaging"
LINUX="$PKG/linux"
PY="${PYTHON:-$ROOT/.venv/bin/python}"
DIST="${DIST:-$ROOT/dist}"
WORK="$ROOT/build/packaging"
APP_ID=org.followup.FollowUp
BUNDLE=followup
EXE=followup-gui

START=$SECONDS
log() { printf '[build %3ds] %s\n' "$((SECONDS - START))" "$*"; }
die() {
    printf 'build.sh: %s\n' "$*" >&2
    exit 1
}

# --- tools ------------------------------------------------------------------
[ "$(uname -s)" = Linux ] || die "this script builds the Linux packages; see packaging/README.md"
[ -x "$PY" ] || die "no Python at $PY (run 'make' first, or set PYTHON)"

missing=()
command -v dpkg-deb >/dev/null || missing+=(dpkg)
command -v desktop-file-validate >/dev/null || missing+=(desktop-file-utils)
command -v appstreamcli >/dev/null || missing+=(appstream)
if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null && [ -z "${FOLLOWUP_NO_APT:-}" ]; then
        log "installing ${missing[*]} with apt-get"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
            "${missing[@]}" >/dev/null
    else
        die "missing tools; install the Debian packages: ${missing[*]}"
    fi
fi

if ! "$PY" -c 'import PyInstaller' 2>/dev/null; then
    log "installing PyInstaller into $("$PY" -c 'import sys; print(sys.prefix)')"
    "$PY" -m pip install --quiet 'pyinstaller>=6,<7'
fi

VERSION="$(sed -n 's/^__version__ = "\(.*\)"$/\1/p' "$ROOT/followup_gui/__init__.py")"
[ -n "$VERSION" ] || die "no __version__ in followup_gui/__init__.py"
DEB_ARCH="$(dpkg --print-architecture 2>/dev/null || echo amd64)"
MACHINE="$(uname -m)"
log "FollowUp $VERSION for $DEB_ARCH ($MACHINE), Python $("$PY" -c 'import sys; print(sys.version.split()[0])')"

rm -rf "$WORK"
mkdir -p "$WORK" "$DIST"

# --- icons and metadata -----------------------------------------------------
log "rendering icons"
QT_QPA_PLATFORM=offscreen "$PY" "$PKG/render_icons.py" \
    "$ROOT/resources/icons/$APP_ID.svg" "$WORK/icons" >/dev/null

log "validating the .desktop and AppStream files"
desktop-file-validate "$LINUX/$APP_ID.desktop"
appstreamcli validate --no-net "$LINUX/$APP_ID.metainfo.xml" >"$WORK/appstream.log" 2>&1 ||
    {
        cat "$WORK/appstream.log" >&2
        die "appstreamcli validate failed"
    }

# --- the bundle -------------------------------------------------------------
log "running PyInstaller"
"$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath "$DIST" --workpath "$WORK/pyinstaller" "$PKG/followup.spec"
[ -x "$DIST/$BUNDLE/$EXE" ] || die "PyInstaller made no $DIST/$BUNDLE/$EXE"
# Nothing from the build machine's user or checkout may leak in.
find "$DIST/$BUNDLE" -name '__pycache__' -prune -exec rm -rf {} +

log "checking the bundle starts: $EXE --version"
env -i PATH=/usr/bin:/bin HOME="$WORK" QT_QPA_PLATFORM=offscreen \
    "$DIST/$BUNDLE/$EXE" --version || die "the bundle does not start"

# The oldest glibc the bundle runs on: the newest symbol version any file in it
# uses (objdump is in binutils); without objdump, the build machine's own glibc.
if command -v objdump >/dev/null; then
    GLIBC_MIN="$(find "$DIST/$BUNDLE" -type f \( -name '*.so*' -o -name "$EXE" \) \
        -exec objdump -T {} + 2>/dev/null | grep -o 'GLIBC_[0-9][0-9.]*' |
        sed 's/^GLIBC_//' | sort -Vu | tail -n 1)"
fi
[ -n "${GLIBC_MIN:-}" ] || GLIBC_MIN="$(ldd --version | sed -n '1s/.* \([0-9][0-9.]*\)$/\1/p')"
log "the bundle needs glibc >= $GLIBC_MIN"

# Files are world-readable, folders and executables world-executable, nothing
# group/world-writable, whatever the builder's umask was.
normalise_modes() {
    chmod -R u+rwX,go+rX,go-w "$1"
}

# stage_share ROOT: the .desktop entry, metainfo and icons under ROOT/share.
stage_share() {
    install -D -m 644 "$LINUX/$APP_ID.desktop" "$1/share/applications/$APP_ID.desktop"
    install -D -m 644 "$LINUX/$APP_ID.metainfo.xml" "$1/share/metainfo/$APP_ID.metainfo.xml"
    mkdir -p "$1/share/icons"
    cp -R "$WORK/icons/hicolor" "$1/share/icons/"
}

# --- the .deb ---------------------------------------------------------------
log "staging the .deb"
DEB_ROOT="$WORK/deb"
mkdir -p "$DEB_ROOT/opt" "$DEB_ROOT/usr/bin" "$DEB_ROOT/DEBIAN"
cp -R "$DIST/$BUNDLE" "$DEB_ROOT/opt/followup"
install -m 755 "$LINUX/deb/followup-gui" "$DEB_ROOT/usr/bin/$EXE"
stage_share "$DEB_ROOT/usr"
install -D -m 644 "$LINUX/deb/copyright" "$DEB_ROOT/usr/share/doc/followup/copyright"
install -m 755 "$LINUX/deb/postinst" "$LINUX/deb/postrm" "$DEB_ROOT/DEBIAN/"
INSTALLED_SIZE="$(du -sk --exclude=DEBIAN "$DEB_ROOT" | cut -f1)"
sed -e "s/@VERSION@/$VERSION/" -e "s/@ARCH@/$DEB_ARCH/" -e "s/@INSTALLED_SIZE@/$INSTALLED_SIZE/" \
    -e "s/@GLIBC_MIN@/$GLIBC_MIN/" "$LINUX/deb/control.in" >"$DEB_ROOT/DEBIAN/control"
normalise_modes "$DEB_ROOT"
DEB="$DIST/followup_${VERSION}_${DEB_ARCH}.deb"
rm -f "$DIST"/followup_*.deb
log "building $(basename "$DEB")"
dpkg-deb --build --root-owner-group -Zxz -z6 "$DEB_ROOT" "$DEB" >/dev/null

# --- the .tar.gz ------------------------------------------------------------
log "staging the .tar.gz"
NAME="followup-$VERSION-linux-$MACHINE"
TAR_ROOT="$WORK/tar/$NAME"
mkdir -p "$TAR_ROOT"
cp -R "$DIST/$BUNDLE" "$TAR_ROOT/$BUNDLE"
stage_share "$TAR_ROOT"
install -m 755 "$LINUX/install.sh" "$LINUX/uninstall.sh" "$TAR_ROOT/"
sed "s/@GLIBC_MIN@/$GLIBC_MIN/" "$LINUX/README-tarball.txt" >"$TAR_ROOT/README.txt"
normalise_modes "$TAR_ROOT"
TGZ="$DIST/$NAME.tar.gz"
rm -f "$DIST"/followup-*-linux-*.tar.gz
log "building $(basename "$TGZ")"
tar -C "$WORK/tar" --owner=0 --group=0 --numeric-owner --sort=name -czf "$TGZ" "$NAME"

(cd "$DIST" && sha256sum "$(basename "$DEB")" "$(basename "$TGZ")" >SHA256SUMS)

log "done:"
du -sh "$DIST/$BUNDLE" "$DEB" "$TGZ" | sed 's/^/    /'
