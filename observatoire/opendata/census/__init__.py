"""The live census of collectivités on social networks: monthly figures computed from stored
data (services), read by the census page, the API and the dumps (selectors), and drawn as
maps of départements and régions (maps)."""
