"""CSV import (from spreadsheets and other trackers) and export."""
