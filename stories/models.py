"""Models of the stories app (issue 24)."""
