"""Connects the analysis of posts to the signals of metrics.services (filled in by services)."""
