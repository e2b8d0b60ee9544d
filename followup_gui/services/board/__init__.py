"""The board: its columns, the cards they hold, moving cards and managing stages."""
