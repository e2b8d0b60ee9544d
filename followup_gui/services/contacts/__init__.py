"""Contacts: list, save, delete, duplicates, merges and their history."""
