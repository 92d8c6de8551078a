"""Admin of the awards: nominations."""
