"""Calendar and contacts sync (CalDAV/CardDAV): the plan and the people on the phone."""
