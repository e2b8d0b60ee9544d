"""The window frame: main window, menus, start-up, crash dialog, single instance."""
