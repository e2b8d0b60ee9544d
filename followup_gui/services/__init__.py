"""Use cases: each combines storage and the planner and returns what changed."""
