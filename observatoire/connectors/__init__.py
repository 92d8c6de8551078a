"""One sub-package per network turning its official API into normalised dataclasses (no models)."""
