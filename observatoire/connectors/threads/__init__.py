"""Threads: profile discovery (profile and recent threads, as far as the API allows)."""
