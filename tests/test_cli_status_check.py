"""The status email before an interview can be switched off from the command line too."""

from __future__ import annotations

from pathlib import Path

from followup_gui.settings import Settings
from tests.test_cli_plan import run


def test_status_check_setting_from_the_command_line(tmp_path: Path, capsys) -> None:
    config = tmp_path / "profile.ini"
    assert run("--config", str(config), "settings", "get", "planner/plan_status_check") == 0
    assert capsys.readouterr().out.strip().lower() == "true"  # on by default
    assert run("--config", str(config), "settings", "set", "planner/plan_status_check", "off") == 0
    assert not Settings(config).planner_settings().plan_status_check
