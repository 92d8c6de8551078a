"""Daily snapshots and posts of every profile, and the services that write them
(imports, collection)."""
