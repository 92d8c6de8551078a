"""Admin of the awards: editions."""
