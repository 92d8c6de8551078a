"""Tools for development, tests and benchmarks, never used by the running site: the loopback
HTTP server and the local fake of every network's API served from the database."""
