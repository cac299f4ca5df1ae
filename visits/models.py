"""Models of the visits app (issue 24)."""
