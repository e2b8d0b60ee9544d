"""Files in and out: JSON, CSV, vCard, iCalendar and PDF."""
