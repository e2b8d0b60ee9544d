#!/usr/bin/env bash
# Usage: .ci/gui-session.sh COMMAND [ARG...]
# Runs COMMAND in a private desktop session, for the tests marked `desktop`:
#   * its own D-Bus session bus (dbus-run-session), so nothing reaches the user's desktop;
#   * an Xvfb display, 1280x800;
#   * a StatusNotifier tray host (gtk-sni-tray-standalone --watcher), so
#     QSystemTrayIcon.isSystemTrayAvailable() is true and the icon is really embedded;
#   * dunst as org.freedesktop.Notifications, so QSystemTrayIcon.showMessage() becomes a
#     real Notify call that `dunstctl history` lists.
# Installs the Debian packages only when a program is missing (needs root then).
# Exits with COMMAND's status and stops everything it started.
set -euo pipefail

if [ $# -eq 0 ]; then
  echo "usage: $0 COMMAND [ARG...]" >&2
  exit 2
fi

missing=0
for prog in Xvfb xdpyinfo dbus-run-session gdbus dunst dunstctl gtk-sni-tray-standalone; do
  command -v "$prog" >/dev/null 2>&1 || missing=1
done
if [ "$missing" = 1 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "gui-session: Xvfb, dunst or the tray host is missing and only root can install them" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends xvfb xauth x11-utils dbus dbus-x11 \
    libglib2.0-bin dunst haskell-gtk-sni-tray-utils fonts-dejavu-core libegl1 libgl1 \
    libfontconfig1 libdbus-1-3 libxkbcommon0 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 \
    libxcb-keysyms1 libxcb-shape0 libxcb-randr0 libxcb-render-util0 libxcb-image0 \
    libxcb-xinerama0 >/dev/null
fi

# Re-enter inside a private session bus: the tray watcher and dunst must not
# register on (or be confused by) a bus that already has a desktop on it.
if [ -z "${FOLLOWUP_GUI_SESSION:-}" ]; then
  exec env FOLLOWUP_GUI_SESSION=1 dbus-run-session -- "$0" "$@"
fi

logs=$(mktemp -d "${TMPDIR:-/tmp}/followup-gui-session.XXXXXX")
pids=()
cleanup() {
  # Stop what this script started, newest first, and nothing else.
  for (( i=${#pids[@]}-1; i>=0; i-- )); do kill "${pids[$i]}" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT

# A free display number: Xvfb refuses one whose lock file exists.
display=90
while [ -e "/tmp/.X${display}-lock" ] || [ -e "/tmp/.X11-unix/X${display}" ]; do
  display=$((display + 1))
done
export DISPLAY=":${display}" QT_QPA_PLATFORM=xcb
unset WAYLAND_DISPLAY

Xvfb "$DISPLAY" -screen 0 1280x800x24 -nolisten tcp >"$logs/xvfb.log" 2>&1 &
pids+=($!)
wait_for() { # SECONDS COMMAND...: retry COMMAND every 0.1 s
  local tries=$(( $1 * 10 )); shift
  for _ in $(seq "$tries"); do "$@" >/dev/null 2>&1 && return 0; sleep 0.1; done
  return 1
}
wait_for 10 xdpyinfo || { echo "gui-session: Xvfb did not start ($logs/xvfb.log)" >&2; exit 1; }

gtk-sni-tray-standalone --bottom --end --watcher -s 32 >"$logs/tray.log" 2>&1 &
pids+=($!)
dunst >"$logs/dunst.log" 2>&1 &
pids+=($!)

tray_ready() {
  gdbus call --session -d org.kde.StatusNotifierWatcher -o /StatusNotifierWatcher \
    -m org.freedesktop.DBus.Properties.Get org.kde.StatusNotifierWatcher \
    IsStatusNotifierHostRegistered | grep -q true
}
notifications_ready() {
  gdbus call --session -d org.freedesktop.DBus -o /org/freedesktop/DBus \
    -m org.freedesktop.DBus.NameHasOwner org.freedesktop.Notifications | grep -q true
}
wait_for 10 tray_ready || echo "gui-session: no tray host ($logs/tray.log)" >&2
wait_for 10 notifications_ready || echo "gui-session: no notification service ($logs/dunst.log)" >&2

set +e
"$@"
rc=$?
set -e
exit "$rc"
