"""LinkedIn (Community Management API): organization follower count, posts and their statistics."""
