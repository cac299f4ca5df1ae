"""Models of the venues app (issue 24)."""
