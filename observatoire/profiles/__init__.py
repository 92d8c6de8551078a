"""The social profiles each collectivité runs on each network, and their status."""
