"""Calendar and contacts sync in the window: the settings page and the background sync."""
