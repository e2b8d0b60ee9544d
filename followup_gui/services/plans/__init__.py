"""Re-planning: the planner's steps written against the stored follow-ups."""
