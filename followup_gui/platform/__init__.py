"""Operating-system integration (start at login) behind small platform-neutral interfaces."""
