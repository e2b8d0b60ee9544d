"""The JSON interchange format: parse, validate, write and export."""
