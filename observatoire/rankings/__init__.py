"""Methodology versions, monthly KPIs, scores and the published Top-50 rankings."""
