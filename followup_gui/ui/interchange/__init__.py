"""File import and export dialogs (CSV, calendar)."""
