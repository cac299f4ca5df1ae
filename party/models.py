"""Models of the party app (issue 24)."""
