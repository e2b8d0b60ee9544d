r"""'Start FollowUp when I log in': one interface over each desktop's own mechanism.

* Linux and other XDG desktops: a ``.desktop`` entry in
  ``$XDG_CONFIG_HOME/autostart`` (the XDG Autostart specification). Tested.
* Windows: a value under ``HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run``
  (what the Startup folder does, without needing a ``.lnk`` writer). Not tested here.
* macOS: a LaunchAgent property list in ``~/Library/LaunchAgents``. Not tested here.

The operating system's entry is the truth: the settings show whether it exists
rather than keeping a copy that could disagree with it.
"""

from __future__ import annotations

import os
import plistlib
import sys
from pathlib import Path
from typing import Protocol

from followup_gui import APP_ID, APP_NAME
from followup_gui.private_files import private_dir, write_private

RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"


class Autostart(Protocol):
    """Start-at-login for one platform."""

    def is_enabled(self) -> bool:
        """Whether FollowUp starts when the user logs in."""
        ...

    def enable(self, command: list[str]) -> None:
        """Start ``command`` at login from now on.

        Raises:
            OSError: the entry could not be written.
        """
        ...

    def disable(self) -> None:
        """Stop starting at login (nothing happens when it was not enabled).

        Raises:
            OSError: the entry could not be removed.
        """
        ...


def launch_command() -> list[str]:
    """How to start this very FollowUp: the bundle's executable, else this Python."""
    if getattr(sys, "frozen", False):
        return [sys.executable]
    return [sys.executable, "-m", "followup_gui"]


def _desktop_quote(arg: str) -> str:
    """Quote one ``Exec=`` argument as the Desktop Entry specification asks."""
    if arg and not any(c in arg for c in " \t\n\"'\\><~|&;$*?#()`="):
        return arg
    escaped = "".join("\\" + c if c in '"`$\\' else c for c in arg)
    # In a .desktop value a backslash itself is escaped once more.
    return '"' + escaped.replace("\\", "\\\\") + '"'


class XdgAutostart:
    """An XDG autostart entry (GNOME, KDE, Xfce, and most Linux desktops)."""

    def __init__(self, config_home: Path | None = None) -> None:
        env = os.environ.get("XDG_CONFIG_HOME", "")
        base = config_home or (Path(env) if env else Path.home() / ".config")
        self.path = base / "autostart" / f"{APP_ID}.desktop"

    def is_enabled(self) -> bool:
        """Whether our entry exists and is not switched off by the desktop."""
        if not self.path.is_file():
            return False
        text = self.path.read_text(encoding="utf-8", errors="replace")
        return "Hidden=true" not in text and "X-GNOME-Autostart-enabled=false" not in text

    def enable(self, command: list[str]) -> None:
        """Write the entry (mode 0644, the folder is created when missing)."""
        exec_line = " ".join(_desktop_quote(a) for a in command).replace("%", "%%")
        text = (
            "[Desktop Entry]\n"
            "Type=Application\n"
            "Version=1.4\n"
            f"Name={APP_NAME}\n"
            "Comment=Reminds you of your job-search follow-ups\n"
            f"Exec={exec_line}\n"
            f"Icon={APP_ID}\n"
            "Terminal=false\n"
            "X-GNOME-Autostart-enabled=true\n"
        )
        # 0600 in a 0700 folder whatever the umask: another user who could rewrite
        # Exec= would run a command as this user at the next login.
        private_dir(self.path.parent)
        write_private(self.path, text.encode("utf-8"))

    def disable(self) -> None:
        """Remove the entry."""
        self.path.unlink(missing_ok=True)


class WindowsRunKey:
    """A value in the user's Run key (not tested on this project's machines)."""

    def is_enabled(self) -> bool:
        """Whether our value exists."""
        if sys.platform != "win32":
            return False
        import winreg

        try:
            with winreg.OpenKey(winreg.HKEY_CURRENT_USER, RUN_KEY) as key:
                winreg.QueryValueEx(key, APP_NAME)
        except OSError:
            return False
        return True

    def enable(self, command: list[str]) -> None:
        """Write our value."""
        if sys.platform != "win32":
            raise OSError("The Run key exists only on Windows.")
        import subprocess
        import winreg

        with winreg.CreateKey(winreg.HKEY_CURRENT_USER, RUN_KEY) as key:
            winreg.SetValueEx(key, APP_NAME, 0, winreg.REG_SZ, subprocess.list2cmdline(command))

    def disable(self) -> None:
        """Delete our value."""
        if sys.platform != "win32":
            return
        import winreg

        try:
            with winreg.OpenKey(winreg.HKEY_CURRENT_USER, RUN_KEY, 0, winreg.KEY_SET_VALUE) as key:
                winreg.DeleteValue(key, APP_NAME)
        except FileNotFoundError:
            pass


class MacLaunchAgent:
    """A LaunchAgent that runs at load (not tested on this project's machines)."""

    def __init__(self, home: Path | None = None) -> None:
        self.path = (home or Path.home()) / "Library" / "LaunchAgents" / f"{APP_ID}.plist"

    def is_enabled(self) -> bool:
        """Whether our property list exists."""
        return self.path.is_file()

    def enable(self, command: list[str]) -> None:
        """Write our property list; launchd reads it at the next login."""
        private_dir(self.path.parent)
        plist = {"Label": APP_ID, "ProgramArguments": command, "RunAtLoad": True}
        write_private(self.path, plistlib.dumps(plist))

    def disable(self) -> None:
        """Remove our property list."""
        self.path.unlink(missing_ok=True)


def for_platform(platform: str | None = None) -> Autostart:
    """The start-at-login mechanism of ``platform`` (default: this machine's)."""
    platform = platform or sys.platform
    if platform == "win32":
        return WindowsRunKey()
    if platform == "darwin":
        return MacLaunchAgent()
    return XdgAutostart()
