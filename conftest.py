"""Shared pytest fixtures."""

# `make_database`, for the tests that run the real command in other processes.
pytest_plugins = ["observatoire.core.tests.processes"]
