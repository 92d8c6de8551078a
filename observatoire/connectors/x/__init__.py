"""X (API v2): user lookup with public metrics and the user Posts timeline."""
