"""FollowUp's benchmarks (``make bench``): one table, one JSON file.

Every figure is measured against something measured in the same run on the same
machine: start-up and memory against a bare PySide6 ``QMainWindow`` program (the
floor), a card move against one bare durable SQLite commit on the same disk.
See ``bench/README.md``.
"""
