"""Facebook Pages: page followers and recent posts with reactions, comments and shares."""
