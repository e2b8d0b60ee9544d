"""Tests of the pure follow-up planner (followup_gui.scheduling)."""
