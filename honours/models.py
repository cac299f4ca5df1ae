"""Models of the honours app (issue 24)."""
