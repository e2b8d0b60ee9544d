"""Disconnecting the sync account from the window: the background sync waits meanwhile.

Forgetting the account is quick; removing FollowUp's items from the server (a
DELETE per item) runs in a worker thread with a progress dialog, and the
background sync is held so no pass puts items back while they go.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from followup_gui.domain.errors import FollowUpError
from followup_gui.services.changes import Changes
from followup_gui.services.sync.disconnect import Disconnected, disconnect
from followup_gui.settings import Settings
from followup_gui.ui.common.counts import counted

if TYPE_CHECKING:
    from followup_gui.ui.common.background import Progress
    from followup_gui.ui.context import AppContext


def _tr(text: str) -> str:
    return QCoreApplication.translate("Disconnecting", text)


def disconnect_in_background(
    context: AppContext, parent: QWidget | None, *, remove_items: bool
) -> None:
    """Forget the account (and with ``remove_items`` its items on the server); say what happened."""
    from followup_gui.ui.sync.scheduler import start_sync

    scheduler = start_sync(context)
    scheduler.held = True
    scheduler.loader.wait()  # a pass under way ends first
    path = context.settings.path

    def job(_progress: Progress) -> Disconnected:
        return disconnect(context.db, Settings(path), remove_items=remove_items)

    def done(result: object) -> None:
        assert isinstance(result, Disconnected)
        scheduler.held = False
        text = _tr("Calendar and contacts disconnected; the items on the server stay there.")
        if remove_items:
            items = counted(result.removed_items, _tr("1 follow-up"), _tr("{n} follow-ups"))
            cards = counted(result.removed_cards, _tr("1 card"), _tr("{n} cards"))
            text = _tr(
                "Calendar and contacts disconnected; removed from the server: {items} and {cards}."
            ).format(items=items, cards=cards)
        context.post(text)
        context.notify(Changes(settings=True))

    def failed(exc: BaseException) -> None:
        scheduler.held = False
        if not isinstance(exc, FollowUpError):
            raise exc
        context.post(_tr("Not disconnected: {why}").format(why=exc))

    if not remove_items:  # quick: no server is asked
        try:
            result = disconnect(context.db, context.settings)
        except FollowUpError as exc:
            failed(exc)
            return
        done(result)
        return
    scheduler.task = context.run_in_background(
        parent,
        _tr("Disconnecting"),
        _tr("Removing FollowUp's items from the server…"),
        job,
        on_done=done,
        on_error=failed,
    )
