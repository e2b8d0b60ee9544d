"""Applications: create, edit, delete (with undo snapshots) and their attachments."""
