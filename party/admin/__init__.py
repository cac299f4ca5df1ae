from . import households, registrations  # noqa: F401  (registers the admins)
