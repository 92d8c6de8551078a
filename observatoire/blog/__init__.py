"""The observatory's blog: staff-written Markdown articles and their feeds."""
