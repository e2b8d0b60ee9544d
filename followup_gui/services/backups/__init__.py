"""Backups and the start-up check of the database file, for the window and the CLI."""
