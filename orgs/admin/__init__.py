from . import accounts, filing, organisations, people, territory  # noqa: F401  (registers the admins)
from .mixins import (
    DocumentLinesMixin,
    ScopedAdmin,
    ScopedAdminMixin,
    ScopedExportAdmin,
    ScopedRelatedFieldListFilter,
)
from .personal import PersonalDataAdminMixin

__all__ = [
    "DocumentLinesMixin",
    "PersonalDataAdminMixin",
    "ScopedAdmin",
    "ScopedAdminMixin",
    "ScopedExportAdmin",
    "ScopedRelatedFieldListFilter",
]
