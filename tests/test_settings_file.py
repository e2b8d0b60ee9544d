"""One settings file: the window and every command read and write the same one."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

WHERE = """
import sys
from PySide6.QtCore import QCoreApplication
if sys.argv[1] == "window":  # the window names the application before it reads settings
    app = QCoreApplication([])
    app.setOrganizationName("FollowUp")
    app.setApplicationName("FollowUp")
from followup_gui.settings import settings_file
print(settings_file())
"""


def _where(role: str, home: Path, **extra: str) -> Path:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FOLLOWUP_CONFIG")}
    env.update(XDG_CONFIG_HOME=str(home / "config"), HOME=str(home), **extra)
    out = subprocess.run(
        [sys.executable, "-c", WHERE, role], env=env, capture_output=True, text=True, check=True
    )
    return Path(out.stdout.strip())


def test_the_window_and_the_command_line_use_the_file_the_readme_names(tmp_path: Path) -> None:
    window = _where("window", tmp_path)
    command = _where("cli", tmp_path)
    assert window == command == tmp_path / "config" / "FollowUp" / "followup.ini"
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    assert "~/.config/FollowUp/followup.ini" in readme


def test_settings_an_older_window_wrote_are_taken_over(tmp_path: Path) -> None:
    older = tmp_path / "config" / "FollowUp" / "FollowUp" / "followup.ini"
    older.parent.mkdir(parents=True)
    older.write_text("[planner]\nholidays_country=DE\n", encoding="utf-8")
    path = _where("cli", tmp_path)
    assert "holidays_country=DE" in path.read_text(encoding="utf-8")
    assert older.exists()  # left where it was


def test_config_names_another_file(tmp_path: Path) -> None:
    other = tmp_path / "profile-b.ini"
    assert _where("cli", tmp_path, FOLLOWUP_CONFIG=str(other)) == other
