"""Models of the claims app (issue 24)."""
