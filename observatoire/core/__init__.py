"""Shared base pieces: the job-run log, the command-line entry point, demo-data labelling."""
