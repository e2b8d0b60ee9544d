"""The user's own details and settings kept in the database."""
