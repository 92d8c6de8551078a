"""Shared base pieces every app may use, depending on no other app: the job-run log, the
command-line entry point, CSV reading and writing."""
