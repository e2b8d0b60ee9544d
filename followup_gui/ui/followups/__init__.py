"""Following up: the agenda, the timeline of a plan and the tray reminders."""
