from . import accounts, filing, organisations, people, territory  # noqa: F401  (registers the admins)
from .mixins import ScopedAdmin, ScopedAdminMixin, ScopedExportAdmin, ScopedRelatedFieldListFilter
from .personal import PersonalDataAdminMixin

__all__ = [
    "PersonalDataAdminMixin",
    "ScopedAdmin",
    "ScopedAdminMixin",
    "ScopedExportAdmin",
    "ScopedRelatedFieldListFilter",
]
