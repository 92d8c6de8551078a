"""The monthly PDF report of a collectivité, the one forwarded to elected officials."""
