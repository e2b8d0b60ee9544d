"""Start at login on Linux: an XDG autostart entry in $XDG_CONFIG_HOME/autostart."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from followup_gui.platform.autostart import (
    MacLaunchAgent,
    XdgAutostart,
    for_platform,
    launch_command,
)


@pytest.fixture
def config_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "config"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home))
    return home


def test_enable_writes_a_valid_entry_and_disable_removes_it(config_home: Path) -> None:
    autostart = for_platform("linux")
    assert isinstance(autostart, XdgAutostart)
    assert autostart.path == config_home / "autostart" / "org.followup.FollowUp.desktop"
    assert not autostart.is_enabled()
    autostart.enable(["/opt/FollowUp/followup-gui"])
    assert autostart.is_enabled()
    text = autostart.path.read_text(encoding="utf-8")
    assert "Exec=/opt/FollowUp/followup-gui\n" in text
    assert "Type=Application\n" in text and "Icon=org.followup.FollowUp\n" in text
    validator = shutil.which("desktop-file-validate")
    if validator:
        out = subprocess.run([validator, str(autostart.path)], capture_output=True, text=True)
        assert out.returncode == 0, out.stdout + out.stderr
    autostart.disable()
    assert not autostart.is_enabled()
    assert not autostart.path.exists()
    autostart.disable()  # twice is harmless


def test_exec_line_quotes_awkward_paths(config_home: Path) -> None:
    autostart = XdgAutostart()
    autostart.enable(["/home/zoë/my apps/python", "-m", "followup_gui", "100%$"])
    line = next(
        x for x in autostart.path.read_text(encoding="utf-8").splitlines() if x.startswith("Exec=")
    )
    assert line == 'Exec="/home/zoë/my apps/python" -m followup_gui "100%%\\\\$"'


def test_an_entry_the_desktop_switched_off_reads_as_disabled(config_home: Path) -> None:
    autostart = XdgAutostart()
    autostart.enable(["followup-gui"])
    autostart.path.write_text(
        autostart.path.read_text(encoding="utf-8") + "Hidden=true\n", encoding="utf-8"
    )
    assert not autostart.is_enabled()


def test_default_config_home_is_dot_config(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert (
        XdgAutostart().path == tmp_path / ".config" / "autostart" / "org.followup.FollowUp.desktop"
    )


def test_launch_command_starts_this_python() -> None:
    assert launch_command() == [sys.executable, "-m", "followup_gui"]


def test_mac_launch_agent_plist(tmp_path: Path) -> None:
    # The file format only: launchd itself is not available here.
    import plistlib

    agent = MacLaunchAgent(home=tmp_path)
    agent.enable(["/Applications/FollowUp.app/Contents/MacOS/FollowUp"])
    data = plistlib.loads(agent.path.read_bytes())
    assert data == {
        "Label": "org.followup.FollowUp",
        "ProgramArguments": ["/Applications/FollowUp.app/Contents/MacOS/FollowUp"],
        "RunAtLoad": True,
    }
    assert agent.is_enabled()
    agent.disable()
    assert not agent.is_enabled()
