"""The monthly dumps: after each publication, the month's rankings, KPIs, profiles,
territories and census as CSV and Parquet files with a Frictionless `datapackage.json`,
generated atomically under settings.DUMPS_ROOT and served at /donnees/<AAAA-MM>/
(docs/open-data.md).

- `schema.py`: what a field and a dataset are, and how they read as Table Schema and Arrow;
- `datasets.py`: the datasets, declared once (fields, French descriptions, keys);
- `rows.py`: their rows, read from the database in chunks;
- `files.py`: writing CSV and Parquet by chunks, hashing;
- `datapackage.py`: the month's descriptor;
- `services.py`: building a month atomically; `selectors.py`: reading what was built;
- `tasks.py`: the Celery task queued after a publication commits.
"""
