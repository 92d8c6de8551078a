"""Accounts of staff and community managers, and which collectivités each one belongs to."""
