"""``settings list|get KEY|set KEY VALUE``: the settings file the window uses."""

from __future__ import annotations

import argparse
from datetime import datetime

from followup_gui.cli.output import emit, table
from followup_gui.domain.errors import ImportFileError
from followup_gui.settings import USER_OPTIONS, Settings, parse_setting


def settings_command(args: argparse.Namespace, _now: datetime) -> None:
    """List, read or change a setting (checked like the Settings dialog checks it)."""
    settings = Settings()
    if args.action == "list":
        values = {key: settings.get(option) for key, option in USER_OPTIONS.items()}
        rows = [(key, str(value)) for key, value in values.items()]
        emit(args.json, {"file": settings.path, "settings": values}, table(("Key", "Value"), rows))
        return
    if not args.key:
        raise ImportFileError("KEY", f"say which setting ({', '.join(USER_OPTIONS)})")
    if args.key not in USER_OPTIONS:
        raise ImportFileError(args.key, f"no such setting; one of {', '.join(USER_OPTIONS)}")
    option = USER_OPTIONS[args.key]
    if args.action == "get":
        value = settings.get(option)
        emit(args.json, {args.key: value}, str(value))
        return
    if args.value is None:
        raise ImportFileError("VALUE", f"say the new value of {args.key}")
    try:
        value = parse_setting(args.key, args.value)
    except ValueError as exc:
        raise ImportFileError(args.key, str(exc)) from None
    settings.set(option, value)
    emit(args.json, {args.key: value}, f"{args.key} = {value}")
