from . import checklists, funds, platforms, reviews  # noqa: F401  (registers the admins)
