#!/bin/sh
# Install FollowUp for the current user, without root.
#
#   ./install.sh              installs under ~/.local
#   PREFIX=/some/dir ./install.sh   installs under /some/dir instead
#
# Installs:  $PREFIX/opt/followup/            the application
#            $PREFIX/bin/followup-gui          a launcher
#            $PREFIX/share/applications/org.followup.FollowUp.desktop
#            $PREFIX/share/metainfo/org.followup.FollowUp.metainfo.xml
#            $PREFIX/share/icons/hicolor/*/apps/org.followup.FollowUp.{png,svg}
# and records every file and folder it created in
# $PREFIX/opt/followup/install-manifest.txt, which uninstall.sh reads.
set -eu

APP_ID=org.followup.FollowUp
HERE=$(cd "$(dirname "$0")" && pwd)
PREFIX=${PREFIX:-${HOME:?HOME is not set}/.local}
case $PREFIX in
    /*) ;;
    *) PREFIX=$(pwd)/$PREFIX ;;
esac
# The path goes into the .desktop file's Exec= line: keep it to plain characters.
case $PREFIX in
    *'"'* | *'`'* | *'$'* | *'\'* | *'%'* | *'&'* | *'|'* | *"
"*)
        echo "install.sh: unsupported character in PREFIX: $PREFIX" >&2
        exit 2
        ;;
esac

DEST=$PREFIX/opt/followup
BIN=$PREFIX/bin
SHARE=$PREFIX/share

if [ ! -x "$HERE/followup/followup-gui" ]; then
    echo "install.sh: $HERE/followup/followup-gui is missing; run me from the unpacked archive" >&2
    exit 1
fi

# An earlier install is removed first, so files it had and this one has not go away.
if [ -f "$DEST/install-manifest.txt" ] && [ -x "$DEST/uninstall.sh" ]; then
    PREFIX=$PREFIX "$DEST/uninstall.sh" --quiet
fi
if [ -e "$DEST" ]; then
    echo "install.sh: $DEST exists and was not installed by this script; not touching it" >&2
    exit 1
fi

MANIFEST_TMP=$(mktemp)
trap 'rm -f "$MANIFEST_TMP"' EXIT

# mkdir -p that records the folders it creates, outermost first.
make_dir() {
    if [ ! -d "$1" ]; then
        make_dir "$(dirname "$1")"
        mkdir "$1"
        echo "d $1" >>"$MANIFEST_TMP"
    fi
}

# put_file SRC DEST MODE
put_file() {
    make_dir "$(dirname "$2")"
    cp "$1" "$2"
    chmod "$3" "$2"
    echo "f $2" >>"$MANIFEST_TMP"
}

make_dir "$PREFIX/opt"
cp -R "$HERE/followup" "$DEST"
echo "d $DEST" >>"$MANIFEST_TMP"
cp "$HERE/uninstall.sh" "$DEST/uninstall.sh"
chmod 755 "$DEST/uninstall.sh"

make_dir "$BIN"
cat >"$BIN/followup-gui.tmp" <<LAUNCHER
#!/bin/sh
# FollowUp launcher (per-user install; remove with $DEST/uninstall.sh)
exec "$DEST/followup-gui" "\$@"
LAUNCHER
chmod 755 "$BIN/followup-gui.tmp"
mv -f "$BIN/followup-gui.tmp" "$BIN/followup-gui"
echo "f $BIN/followup-gui" >>"$MANIFEST_TMP"

sed "s|^Exec=.*|Exec=\"$BIN/followup-gui\"|" "$HERE/share/applications/$APP_ID.desktop" \
    >"$MANIFEST_TMP.desktop"
put_file "$MANIFEST_TMP.desktop" "$SHARE/applications/$APP_ID.desktop" 644
rm -f "$MANIFEST_TMP.desktop"
put_file "$HERE/share/metainfo/$APP_ID.metainfo.xml" "$SHARE/metainfo/$APP_ID.metainfo.xml" 644

for icon in "$HERE"/share/icons/hicolor/*/apps/"$APP_ID".*; do
    rel=${icon#"$HERE/share/icons/"}
    put_file "$icon" "$SHARE/icons/$rel" 644
done

cp "$MANIFEST_TMP" "$DEST/install-manifest.txt"
chmod 644 "$DEST/install-manifest.txt"

echo "FollowUp is installed in $DEST."
echo "Start it from your applications menu, or run: $BIN/followup-gui"
case ":${PATH:-}:" in
    *":$BIN:"*) ;;
    *) echo "($BIN is not on your PATH.)" ;;
esac
echo "To remove it: $DEST/uninstall.sh"
