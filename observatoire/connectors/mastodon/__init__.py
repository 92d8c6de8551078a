"""Mastodon (no token): account lookup on the profile's own instance and its statuses."""
