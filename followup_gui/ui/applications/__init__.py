"""The application dialog: details, interviews, people and attachments."""
