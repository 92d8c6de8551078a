"""The census's stored figures (filled in by the census's services)."""
