"""Mail in the window: open a step's email in the mail program, send it, settings, proposals."""
