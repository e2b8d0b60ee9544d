#!/bin/sh
# Remove a per-user FollowUp install made by install.sh: exactly the files and
# folders listed in its install-manifest.txt (folders only when empty).
#
#   ~/.local/opt/followup/uninstall.sh
#   PREFIX=/some/dir ./uninstall.sh      for an install made with that PREFIX
set -eu

QUIET=
[ "${1:-}" = "--quiet" ] && QUIET=1

HERE=$(cd "$(dirname "$0")" && pwd)
if [ -z "${PREFIX:-}" ]; then
    # Run from inside an install: the prefix is two levels up (PREFIX/opt/followup).
    if [ -f "$HERE/install-manifest.txt" ]; then
        PREFIX=$(dirname "$(dirname "$HERE")")
    else
        PREFIX=${HOME:?HOME is not set}/.local
    fi
fi
case $PREFIX in
    /*) ;;
    *) PREFIX=$(pwd)/$PREFIX ;;
esac
DEST=$PREFIX/opt/followup
MANIFEST=$DEST/install-manifest.txt

if [ ! -f "$MANIFEST" ]; then
    echo "uninstall.sh: no FollowUp install found under $PREFIX ($MANIFEST is missing)" >&2
    exit 1
fi

# Read the manifest before the folder that holds it goes away.
ENTRIES=$(cat "$MANIFEST")

# Files first (only those under the prefix), then the application folder.
printf '%s\n' "$ENTRIES" | while IFS= read -r line; do
    kind=${line%% *}
    path=${line#* }
    case $path in "$PREFIX"/*) ;; *) continue ;; esac
    if [ "$kind" = f ] && { [ -f "$path" ] || [ -L "$path" ]; }; then
        rm -f "$path"
    fi
done
rm -rf "$DEST"

# Then the folders install.sh created, innermost first, if nothing else is in them.
printf '%s\n' "$ENTRIES" | sed -n 's/^d //p' | sort -r | while IFS= read -r dir; do
    case $dir in "$PREFIX"/*) ;; *) continue ;; esac
    [ -d "$dir" ] && rmdir "$dir" 2>/dev/null || true
done

[ -n "$QUIET" ] || echo "FollowUp was removed from $PREFIX."
