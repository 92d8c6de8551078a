"""Admin of the awards: jury."""
