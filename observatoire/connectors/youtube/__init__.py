"""YouTube Data API v3: channel statistics and recent uploads with their statistics."""
