"""The official registry of collectivités (INSEE COG via Etalab) and their ranking categories."""
