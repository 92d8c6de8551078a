"""Observatoire: an open observatory of French collectivités on social networks."""
