"""The demonstration dataset: realistic, deterministic, always labelled as demo data."""
