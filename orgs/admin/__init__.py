from . import accounts, organisations, territory  # noqa: F401  (registers the admins)
from .mixins import ScopedAdmin, ScopedAdminMixin, ScopedExportAdmin, ScopedRelatedFieldListFilter

__all__ = [
    "ScopedAdmin",
    "ScopedAdminMixin",
    "ScopedExportAdmin",
    "ScopedRelatedFieldListFilter",
]
