"""Pieces every feature's views share: background tasks, refresh on show, change watcher."""
