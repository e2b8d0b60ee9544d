"""Following up: the agenda, reminders, outcomes and the timeline."""
