"""Bluesky (public AppView, no token): profile and author feed."""
